"""A package to compare, read from a folder, a datapackage.json or a release zip."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from scripts.lib.errors import BuildError


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
    """A folder or a zip, read by relative paths."""

    def __init__(self, path: Path):
        self.path = path
        self.archive: zipfile.ZipFile | None = None
        self.prefix = ""
        if not path.exists():
            raise BuildError(path, "path", "does not exist",
                             "give a folder holding datapackage.json, or a release zip")
        if path.is_file() and path.suffix == ".zip":
            try:
                self.archive = zipfile.ZipFile(path)
            except zipfile.BadZipFile:
                raise BuildError(path, "file", "is not a readable zip",
                                 "download the release again and check it against "
                                 "SHA256SUMS") from None
            names = [n for n in self.archive.namelist()
                     if n.endswith("datapackage.json") and n.count("/") <= 1]
            if not names:
                raise BuildError(path, "zip", "holds no datapackage.json at its top or in "
                                 "one top folder", "give a release zip made by `make release`")
            self.prefix = min(names, key=len).removesuffix("datapackage.json")
        elif path.is_file():
            self.path = path.parent
            if path.name != "datapackage.json":
                raise BuildError(path, "file", "is neither a datapackage.json nor a .zip",
                                 "give a folder holding datapackage.json, or a release zip")
        elif not (path / "datapackage.json").is_file():
            raise BuildError(path, "folder", "holds no datapackage.json",
                             "give the package's top folder (where datapackage.json is)")

    def read(self, relative: str) -> bytes:
        try:
            if self.archive is not None:
                return self.archive.read(self.prefix + relative)
            return (self.path / relative).read_bytes()
        except (KeyError, OSError):
            raise BuildError(self.where(relative), "file", "is missing",
                             "give a complete package (datapackage.json lists it)") from None

    def where(self, relative: str) -> str:
        if self.archive is not None:
            return f"{self.path}:{self.prefix}{relative}"
        return str(self.path / relative)


def load(path: Path) -> Package:
    source = Source(path)
    try:
        descriptor = json.loads(source.read("datapackage.json").decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BuildError(source.where("datapackage.json"), "file",
                         f"is not valid JSON: {error}", "give a package built by "
                         "`make build`") from None
    if not isinstance(descriptor, dict):
        raise BuildError(source.where("datapackage.json"), "top level", "is not a JSON object",
                         "give a package built by `make build`")
    tables = {}
    for resource in descriptor.get("resources", []):
        if resource.get("format") != "csv" or "schema" not in resource:
            continue  # Parquet, the workbook and the database repeat the CSV tables
        text = source.read(resource["path"]).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if not rows:
            raise BuildError(source.where(resource["path"]), "file", "is empty",
                             "give a package built by `make build`")
        header = rows[0]
        tables[resource["name"]] = Table(resource["name"], resource["schema"], header,
                                         [dict(zip(header, r, strict=False)) for r in rows[1:]],
                                         source.where(resource["path"]))
    if not tables:
        raise BuildError(source.where("datapackage.json"), "resources", "lists no CSV table",
                         "give a package built by `make build`")
    return Package(f"{descriptor.get('name', '?')} {descriptor.get('version', '?')} ({path})",
                   descriptor, tables)
