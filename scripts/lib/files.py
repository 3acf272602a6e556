"""Reading an input file safely: a regular file, not larger than a stated bound; and writing
a file whole or not at all (`replace_file`).

A path may name a FIFO (reading blocks for ever), a device such as /dev/zero (endless), or a
file far larger than any input of this project; each is refused with a message before a byte
is read, instead of hanging or exhausting memory.

An input of the build (`read_input`: a curated file, a record, a release text, a model file or
schema) must moreover be the file itself, not a symbolic link: a link may point outside the
repository, at a device, nowhere, or at itself. It is refused under the path as given.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from scripts.lib.errors import BuildError

# What a desktop writes beside the files a user opens (Finder's, Explorer's, Office's lock file
# of an open workbook): no file of the package, and nothing of anyone's.
DESKTOP_FILES = (".DS_Store", "Thumbs.db", "desktop.ini")


def desktop_file(path: Path) -> bool:
    return path.name in DESKTOP_FILES or path.name.startswith("~$")

# The bounds, stated in the README ("Trust"): a curated YAML file or a provenance record, a
# release's page text, and any one file of a package read by `diff` (a member of a zip too).
MAX_YAML_BYTES = 16 * 1024 * 1024
MAX_RELEASE_BYTES = 1024 * 1024
MAX_PACKAGE_FILE_BYTES = 256 * 1024 * 1024


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"


def regular_size(path: Path, limit: int, what: str) -> int:
    """The size of `path`, once it is known to be a regular file of at most `limit` bytes."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise BuildError(path, "file", "does not exist", f"give the path of {what}") from None
    except OSError as error:
        raise BuildError(path, "file", f"cannot be read: {error.strerror}",
                         f"give the path of {what}") from None
    if stat.S_ISDIR(info.st_mode):
        raise BuildError(path, "file", "is a folder, not a file", f"give the path of {what}")
    if not stat.S_ISREG(info.st_mode):
        raise BuildError(path, "file", "is not a regular file (a device, FIFO or socket)",
                         f"give the path of {what}, saved as an ordinary file")
    if info.st_size > limit:
        raise BuildError(path, "file", f"is {info.st_size} bytes, over the bound of "
                         f"{megabytes(limit)} for {what}", f"give the path of {what}; no input "
                         "of this project is that large")
    return info.st_size


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (BuildError otherwise)."""
    regular_size(path, limit, what)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat
    except OSError as error:
        raise BuildError(path, "file", f"cannot be read: {error.strerror}",
                         "make it readable") from None
    if len(data) > limit:
        raise BuildError(path, "file", f"is over the bound of {megabytes(limit)} for {what}",
                         f"give the path of {what}")
    return data


def refuse_link(path: Path, what: str) -> None:
    """BuildError if `path` is a symbolic link (whatever it points at, itself included)."""
    if os.path.islink(path):
        raise BuildError(path, "file", "is a symbolic link: an input of the build is a regular "
                         "file inside the repository, not a link",
                         f"put {what} itself there (copy the file in place of the link)")


def read_input(path: Path, limit: int, what: str) -> bytes:
    """`read_limited`, for an input of the build: refused if it is a symbolic link."""
    refuse_link(path, what)
    return read_limited(path, limit, what)


def replace_file(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all: the bytes go to a file beside it, which then takes
    its name in one rename (a reader, or a kill, never meets half a file)."""
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        partial.write_bytes(data)
        with contextlib.suppress(FileNotFoundError):  # the file's permissions, kept
            os.chmod(partial, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(partial, path)
    finally:
        if os.path.lexists(partial):
            os.unlink(partial)
