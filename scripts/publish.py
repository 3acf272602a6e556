"""Replace the published files with a validated build: all of them, or none; one build at a time.

The published set is datapackage.json, data/, schemas/ and the documentation generated from
them (docs/data-dictionary.md, docs/dataset.jsonld, docs/figures/, README.md with its table of
tables, .zenodo.json). The swap is a journal of
renames on one file system, in .build/:

1. before anything moves, `preflight` checks that every target and its folder can be written,
   that the staged set, the targets and .build/ are on one file system (a rename cannot cross
   file systems, nor move a mount point), and that the disk has room;
2. the old set is moved into .build/previous/ (its marker .moving-aside is then renamed
   .complete: the old set is wholly aside), the new set is moved into place, and
   .build/previous/ is renamed .build/trash-*/ and removed (the new set is wholly in place).

Signals that stop a process politely (Ctrl-C, SIGTERM, SIGHUP) wait until the swap is done.
A failure during the swap (a full disk, a folder that turned read-only) restores the old set
before the build exits. A process killed outright leaves the journal, and the next build
(`recover`) puts the old set back before anything else, so a reader sees the old files or the
new ones,
never a mix. `build_lock` serialises builds of one folder (fcntl.flock on .build/build.lock).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

from scripts.lib import parallel
from scripts.lib.errors import BuildError
from scripts.lib.files import desktop_file

# README.md's table of tables and .zenodo.json are generated too (scripts/docs): published with
# the package they describe, or they would describe the last one.
PROJECT_DOCUMENTS = ("README.md", ".zenodo.json")
PUBLISHED = ("datapackage.json", "data", "schemas", "docs/data-dictionary.md",
             "docs/dataset.jsonld", "docs/figures", *PROJECT_DOCUMENTS)
# The names a journal covers are written in it (NAMES): a journal left by a build whose set
# was smaller (before README.md and .zenodo.json joined it, LEGACY_PUBLISHED) is undone for its
# own names only, so that files it never moved aside are not taken for new ones.
LEGACY_PUBLISHED = PUBLISHED[:6]
NAMES = ".names"
BACKUP, TRASH, STAGING = "previous", "trash-", "staging-"
MOVING_ASIDE, COMPLETE = ".moving-aside", ".complete"  # markers in .build/previous/
LOCK = "build.lock"
LOCK_TIMEOUT = 600.0  # seconds a second build waits for the first
MIN_FREE_BYTES = 256 * 1024  # room for the journal's folders (a few blocks), with a margin
STOPPING_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


class SimulatedKill(KeyboardInterrupt):
    """Raised by `publish(fail_after=k)` (tests only): the process dies after step k, and
    nothing is restored (as after SIGKILL)."""


def journal(root: Path) -> Path:
    return root / ".build"


def backup_dir(root: Path) -> Path:
    return journal(root) / BACKUP


# -- one build at a time ---------------------------------------------------------------------
@contextlib.contextmanager
def build_lock(root: Path, timeout: float | None = None):
    """Hold .build/build.lock for the duration; a second build waits, then stops."""
    folder = journal(root)
    try:
        folder.mkdir(exist_ok=True)
        descriptor = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise BuildError(".build/", "folder", f"cannot hold the build lock: {error.strerror}",
                         "make .build/ a writable folder of the repository (or remove it: "
                         "the build recreates it)") from None
    try:
        wait_for_lock(descriptor, LOCK_TIMEOUT if timeout is None else timeout)
        parallel.INHERITED.add(descriptor)  # a worker process must not hold the lock
        yield
    finally:
        parallel.INHERITED.discard(descriptor)
        os.close(descriptor)  # releases the lock


def wait_for_lock(descriptor: int, timeout: float) -> None:
    deadline, told = time.monotonic() + timeout, False
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise BuildError(".build/build.lock", "lock", "another build of this folder "
                                 f"is running (waited {timeout:g} s)", "wait for it to finish "
                                 "and build again") from None
            if not told:
                print("waiting: another build of this folder is running (.build/build.lock)",
                      file=sys.stderr)
                told = True
            time.sleep(0.1)


def remove_leftovers(root: Path) -> None:
    """Staging folders and finished journals left by builds that were killed (under the lock,
    so no running build owns them)."""
    folder = journal(root)
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_dir() and path.name.startswith((STAGING, TRASH)):
                shutil.rmtree(path, ignore_errors=True)


# -- before anything moves -------------------------------------------------------------------
def is_mount_point(path: Path) -> bool:
    if os.path.ismount(path):
        return True
    try:  # a bind mount of a folder of the same file system is not seen by ismount
        mounts = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return False
    resolved = str(path.resolve())
    return any(line.split()[4] == resolved for line in mounts if len(line.split()) > 4)


def refuse(path: Path, root: Path, problem: str, fix: str) -> BuildError:
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    name = "the repository folder" if name == "." else name + ("/" if path.is_dir() else "")
    return BuildError(name, "publish", problem + "; nothing was moved", fix)


def preflight(staging: Path, root: Path) -> None:
    """Stop before the first move unless every move can succeed."""
    journal(root).mkdir(exist_ok=True)
    device = os.stat(root).st_dev
    for folder in (journal(root), staging):
        if os.stat(folder).st_dev != device:
            raise refuse(folder, root, "is on another file system than the published files",
                         "make .build/ a plain folder of the repository (unmount it, or "
                         "replace the link by a folder)")
    for name in PUBLISHED:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        for path in (target.parent, target):
            if not os.path.lexists(path):
                continue
            if path != root and is_mount_point(path):
                raise refuse(path, root, "is a mount point, which cannot be replaced",
                             "unmount it: the published files must be ordinary files and "
                             "folders of the repository")
            if os.lstat(path).st_dev != device:
                raise refuse(path, root, "is on another file system", "move it back into "
                             "the repository's file system")
            if not os.access(path, os.W_OK, follow_symlinks=False):
                raise refuse(path, root, "is not writable (read-only, or immutable)",
                             "make it writable (chmod u+w, chattr -i, or remount read-write) "
                             "and build again")
    free = shutil.disk_usage(root).free
    if free < MIN_FREE_BYTES:
        raise refuse(root, root, f"the disk has {free} bytes free, under the "
                     f"{MIN_FREE_BYTES} the swap needs", "free disk space and build again")


# -- the swap --------------------------------------------------------------------------------
def built_names(root: Path) -> set[str]:
    """The files the published datapackage.json names (its resources, and the JSON Schema of
    each table): what an earlier build made, which a new one may drop."""
    try:
        descriptor = json.loads((root / "datapackage.json").read_bytes())
        resources = [r for r in descriptor["resources"] if isinstance(r, dict)]
        return ({r["path"] for r in resources if isinstance(r.get("path"), str)}
                | {f"schemas/{r['name']}.json" for r in resources
                   if r.get("type") == "table" and isinstance(r.get("name"), str)})
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def strangers(staging: Path, root: Path) -> list[str]:
    """What the swap would delete that no build made: files of the published folders that
    are neither in the new set nor named by the old datapackage.json (a note saved in data/;
    not an empty folder, nor a figure of docs/figures/, which only builds draw)."""
    known = built_names(root)
    found = []
    for name in PUBLISHED:
        folder = root / name
        if os.path.islink(folder) or not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(root).as_posix()
            if os.path.lexists(staging / relative) or relative in known or (
                    path.is_dir() and not path.is_symlink()):  # (its files are looked at)
                continue
            if name == "docs/figures" and path.suffix == ".svg" and not path.is_symlink():
                continue  # a figure an earlier build drew under another name
            if desktop_file(path):
                continue  # .DS_Store, an open workbook's ~$ lock file: nothing of anyone's
            found.append(relative)
    return found


def publish(staging: Path, root: Path, fail_after: int | None = None) -> None:
    """Move the staged set into place. `fail_after` (tests only) kills it after that step."""
    preflight(staging, root)
    unknown = strangers(staging, root)
    if unknown:
        folders = sorted({name.split("/")[0] if not name.startswith("docs/") else
                          "docs/figures" for name in unknown})
        raise BuildError(unknown[0], "publish", "is not a file of the package: the build "
                         f"replaces {', '.join(f + '/' for f in folders)} whole and would "
                         "delete it (" + ", ".join(unknown[:5])
                         + (", …" if len(unknown) > 5 else "") + "); nothing was moved",
                         "move it out of that folder (data/, schemas/ and docs/figures/ hold "
                         "only what the build makes), or delete it, and build again")
    steps = [0]

    def step() -> None:
        steps[0] += 1
        if fail_after is not None and steps[0] >= fail_after:
            raise SimulatedKill(f"simulated kill after step {steps[0]}")

    with signals_deferred():
        try:
            swap(staging, root, step)
        except SimulatedKill:
            raise
        except BaseException as error:
            recover(root)  # the old set back before the build exits
            if isinstance(error, OSError):
                raise BuildError(error.filename or "publish", "publish", f"{error.strerror}; "
                                 "the old set was put back", fix_for(error)) from None
            raise


@contextlib.contextmanager
def signals_deferred():
    """Ctrl-C, SIGTERM and SIGHUP received during the swap take effect after it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {sig: signal.signal(sig, lambda number, frame: received.append(number))
                for sig in STOPPING_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in received:
            signal.raise_signal(sig)


def swap(staging: Path, root: Path, step) -> None:
    backup = backup_dir(root)
    if os.path.lexists(backup):
        recover(root)
    (backup / "docs").mkdir(parents=True)
    (backup / NAMES).write_text("\n".join(PUBLISHED) + "\n", encoding="utf-8")
    (backup / MOVING_ASIDE).mkdir()
    step()
    for name in PUBLISHED:  # 1. the old set aside
        if os.path.lexists(root / name):
            os.rename(root / name, backup / name)
        step()
    os.rename(backup / MOVING_ASIDE, backup / COMPLETE)  # the old set is wholly aside
    step()
    for name in PUBLISHED:  # 2. the new set in
        if os.path.lexists(staging / name):
            os.rename(staging / name, root / name)
        step()
    finished = journal(root) / f"{TRASH}{os.getpid()}"
    os.rename(backup, finished)  # the new set is wholly in place
    step()
    shutil.rmtree(finished, ignore_errors=True)


def fix_for(error: OSError) -> str:
    return {
        errno.ENOSPC: "free disk space and build again",
        errno.EDQUOT: "free disk space (quota) and build again",
        errno.EROFS: "remount the file system read-write and build again",
        errno.EACCES: "make the folder writable and build again",
        errno.EPERM: "make the folder writable (chattr -i?) and build again",
        errno.EXDEV: "keep .build/ and the published files on one file system",
        errno.EBUSY: "unmount what is mounted on the published files and build again",
    }.get(error.errno, "check the file system and build again")


def remove(path: Path) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def journal_names(backup: Path) -> tuple[str, ...]:
    """The names the journal in `backup` covers (LEGACY_PUBLISHED for one without NAMES)."""
    try:
        written = (backup / NAMES).read_text(encoding="utf-8").split()
    except (FileNotFoundError, NotADirectoryError):
        return LEGACY_PUBLISHED
    return tuple(name for name in written if name in PUBLISHED)


def recover(root: Path) -> bool:
    """Undo an interrupted publish; True if something was restored. Safe to interrupt: each
    step can be repeated, so a kill during recovery is repaired by the next one."""
    backup = backup_dir(root)
    if not os.path.lexists(backup):
        return False
    names = journal_names(backup)
    if os.path.lexists(backup / COMPLETE):
        # The old set is wholly aside: whatever stands at a target is new. Once it is gone,
        # the backup is a partly moved-aside set like any other (renames need no disk space).
        for name in names:
            remove(root / name)
        os.rename(backup / COMPLETE, backup / MOVING_ASIDE)
    for name in names:
        if os.path.lexists(backup / name):
            remove(root / name)
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            os.rename(backup / name, root / name)
    shutil.rmtree(backup)
    return True
