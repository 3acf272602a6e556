"""A package to compare, read from a folder, a datapackage.json or a release zip."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scripts.lib.errors import BuildError
from scripts.lib.files import (
    MAX_PACKAGE_FILE_BYTES,
    megabytes,
    read_limited,
    regular_size,
)
from scripts.lib.jsonio import parse_object
from scripts.lib.project import CODE_ROOT
from scripts.lib.schemacheck import FORMATS, InputErrors, Validator, inline_refs, schema_problems
from scripts.lib.yamlio import Document

MAX_PACKAGE_BYTES = 1024 * 1024 * 1024  # all files of one package (a zip's members), 1 GiB
DESCRIPTOR_SCHEMA = "model/inputs/packages/datapackage.schema.json"
FIX = "give a package built by `make build`"


@dataclass
class Table:
    name: str
    schema: dict
    header: list[str]
    rows: list[dict]
    where: str  # the CSV file, for messages


@dataclass
class Package:
    label: str
    descriptor: dict
    tables: dict[str, Table]

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))


class Source:
    """A folder or a zip, read by relative paths that must stay inside the package.

    A path is refused when it is absolute, climbs out (`..`), or (in a folder) leads outside
    through a link; a zip member whose name does so is refused when the zip is opened. Every
    file read is bounded: a member or file over MAX_PACKAGE_FILE_BYTES, a zip whose members
    add up to more than MAX_PACKAGE_BYTES (a zip bomb declares them), a device or a FIFO is
    refused with a message, before its bytes are read."""

    def __init__(self, path: Path):
        self.path = path
        self.archive: zipfile.ZipFile | None = None
        self.prefix = ""
        if not path.exists():
            raise BuildError(path, "path", "does not exist",
                             "give a folder holding datapackage.json, or a release zip")
        if path.is_file() and path.suffix == ".zip":
            self.open_zip(path)
        elif path.is_file():
            self.path = path.parent
            if path.name != "datapackage.json":
                raise BuildError(path, "file", "is neither a datapackage.json nor a .zip",
                                 "give a folder holding datapackage.json, or a release zip")
        elif not (path / "datapackage.json").is_file():
            raise BuildError(path, "folder", "holds no datapackage.json",
                             "give the package's top folder (where datapackage.json is)")

    def open_zip(self, path: Path) -> None:
        regular_size(path, MAX_PACKAGE_BYTES, "a release zip")
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError):
            raise BuildError(path, "file", "is not a readable zip", "download the release "
                             "again and check it against SHA256SUMS") from None
        check_members(path, self.archive.infolist())
        names = [n for n in self.archive.namelist()  # (not macOS's __MACOSX/._datapackage.json)
                 if n.rsplit("/", 1)[-1] == "datapackage.json" and n.count("/") <= 1
                 and not n.startswith("__MACOSX/")]
        if not names:
            raise BuildError(path, "zip", "holds no datapackage.json at its top or in "
                             "one top folder", "give a release zip made by `make release`")
        if len(names) > 1:
            raise BuildError(path, "zip", f"holds {len(names)} packages ({', '.join(names)}): "
                             "which one is meant?", "give a release zip made by `make "
                             "release` (one package)")
        self.prefix = names[0].removesuffix("datapackage.json")

    def read(self, relative) -> bytes:
        relative = inside(self.where(str(relative)), relative)
        if self.archive is not None:
            return self.read_member(relative)
        target = (self.path / relative).resolve()
        if not target.is_relative_to(self.path.resolve()):
            raise BuildError(self.where(relative), "path", "leads outside the package (a "
                             "link)", "give a package whose files are inside its folder")
        if not target.exists():
            raise BuildError(self.where(relative), "file", "is missing",
                             "give a complete package (datapackage.json lists it)")
        return read_limited(target, MAX_PACKAGE_FILE_BYTES, "a file of a package")

    def read_member(self, relative: str) -> bytes:
        try:
            info = self.archive.getinfo(self.prefix + relative)
            with self.archive.open(info) as member:
                data = member.read(MAX_PACKAGE_FILE_BYTES + 1)
        except KeyError:
            raise BuildError(self.where(relative), "file", "is missing",
                             "give a complete package (datapackage.json lists it)") from None
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
            raise BuildError(self.where(relative), "file", f"cannot be read from the zip: "
                             f"{error}", "download the release again") from None
        if len(data) > MAX_PACKAGE_FILE_BYTES:
            raise BuildError(self.where(relative), "file", "is over the bound of "
                             f"{megabytes(MAX_PACKAGE_FILE_BYTES)}", "give a package built by "
                             "`make build`")
        return data

    def where(self, relative: str) -> str:
        if self.archive is not None:
            return f"{self.path}:{self.prefix}{relative}"
        return str(self.path / relative)


def inside(where: str, relative) -> str:
    """`relative` if it is a relative path that stays inside the package."""
    if not isinstance(relative, str) or not relative or "\0" in relative:
        raise BuildError(where, "path", f"{relative!r} is not a path",
                         "give a package built by `make build`")
    parts = PurePosixPath(relative).parts
    if relative.startswith(("/", "\\")) or "\\" in relative or ".." in parts or \
            re.match(r"^[A-Za-z]:", relative):
        raise BuildError(where, "path", f"{relative!r} leads outside the package",
                         "give a package whose resource paths are relative, inside it")
    return relative


def check_members(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """No member outside the zip's folder, none twice, none too large, not too much in all."""
    total, seen = 0, set()
    for info in members:
        inside(f"{path}:{info.filename}", info.filename)
        if info.filename in seen:
            raise BuildError(f"{path}:{info.filename}", "member", "is in the zip twice (a "
                             "reader takes one copy or the other)", "give a release zip made "
                             "by `make release`")
        seen.add(info.filename)
        if info.file_size > MAX_PACKAGE_FILE_BYTES:
            raise BuildError(f"{path}:{info.filename}", "member", f"declares "
                             f"{info.file_size} bytes, over the bound of "
                             f"{megabytes(MAX_PACKAGE_FILE_BYTES)}", "give a release zip made "
                             "by `make release`")
        total += info.file_size
    if total > MAX_PACKAGE_BYTES:
        raise BuildError(path, "zip", f"its members add up to {total} bytes, over the bound "
                         f"of {megabytes(MAX_PACKAGE_BYTES)}", "give a release zip made by "
                         "`make release`")


def read_csv(source: Source, relative: str) -> list[list[str]]:
    """The rows of a CSV resource, header first; each row has the header's number of cells."""
    data = source.read(relative)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BuildError(source.where(relative), f"byte {error.start + 1}", "is not UTF-8 text",
                         FIX) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise BuildError(source.where(relative), f"line {reader.line_num}", f"is not a CSV "
                         f"that can be read: {error}", FIX) from None
    if not rows:
        raise BuildError(source.where(relative), "file", "is empty", FIX)
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(rows[0]):
            raise BuildError(source.where(relative), f"row {number}", f"has {len(row)} cells, "
                             f"the header {len(rows[0])}: the rows would pair values with the "
                             "wrong columns", FIX)
    return rows


def descriptor_of(data: bytes, where: str) -> dict:
    """datapackage.json's object, once it has the form the readers take from it
    (model/inputs/packages/datapackage.schema.json); every problem reported together."""
    descriptor = parse_object(data, where, FIX)
    digest = hashlib.sha256(data).hexdigest()  # bytes found valid once are valid (tests)
    if digest in _VALID_DESCRIPTORS:
        return descriptor
    problems = schema_problems(Document(Path(where), descriptor, {}), descriptor_validator(),
                               where, DESCRIPTOR_SCHEMA)
    if problems:
        raise InputErrors(problems, "the package's datapackage.json")
    _VALID_DESCRIPTORS.add(digest)
    return descriptor


_VALID_DESCRIPTORS: set[str] = set()


@functools.cache
def descriptor_validator():
    path = CODE_ROOT / DESCRIPTOR_SCHEMA
    schema = json.loads(path.read_text(encoding="utf-8"))
    return Validator(inline_refs(schema, {"own": schema}, "own"), format_checker=FORMATS)


def load(path: Path) -> Package:
    source = Source(path)
    descriptor = descriptor_of(source.read("datapackage.json"), source.where("datapackage.json"))
    tables = {}
    for resource in descriptor["resources"]:
        if resource.get("format") != "csv":
            continue  # Parquet, the workbook and the database repeat the CSV tables
        rows = read_csv(source, resource["path"])
        header = rows[0]
        fields = [field.get("name") for field in resource["schema"].get("fields", [])]
        if header != fields:
            raise BuildError(source.where(resource["path"]), "header", f"columns {header} are "
                             f"not those its schema in datapackage.json lists, {fields}",
                             FIX)
        tables[resource["name"]] = Table(resource["name"], resource["schema"], header,
                                         [dict(zip(header, r, strict=True)) for r in rows[1:]],
                                         source.where(resource["path"]))
    if not tables:
        raise BuildError(source.where("datapackage.json"), "resources", "lists no CSV table",
                         FIX)
    return Package(f"{descriptor.get('name', '?')} {descriptor.get('version', '?')} ({path})",
                   descriptor, tables)
