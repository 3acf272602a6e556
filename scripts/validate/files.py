"""Every file of data/ is described, and every resource has the descriptor's hash and size."""

from __future__ import annotations

import hashlib
from pathlib import Path

from scripts.lib.model import Model
from scripts.validate.report import Report


def extra_formats(descriptor: dict) -> dict[str, str]:
    """The whole-package files: {format: path}, named after the package."""
    name = descriptor.get("name", "")
    return {"xlsx": f"data/{name}.xlsx", "sqlite": f"data/{name}.sqlite"}


def check_files_described(directory: Path, descriptor: dict, model: Model,
                          report: Report) -> None:
    described = {r["path"] for r in descriptor.get("resources", [])}
    for table in model.tables:
        for path in (f"data/{table.name}.csv", f"data/{table.name}.parquet"):
            if path not in described:
                report.add("datapackage.json", f"no resource for {path}")
    for fmt, path in extra_formats(descriptor).items():
        entry = next((r for r in descriptor.get("resources", []) if r["path"] == path), None)
        if entry is None:
            report.add("datapackage.json", f"no resource for {path}")
        elif entry.get("type") != "file" or entry.get("format") != fmt or "bytes" not in entry:
            report.add("datapackage.json", f"{path} must be a file resource (type \"file\", "
                       f"format \"{fmt}\", with bytes and hash), not read as a table")
    for path in sorted((directory / "data").glob("*")):
        if path.relative_to(directory).as_posix() not in described:
            report.add(path.relative_to(directory).as_posix(), "not described in datapackage.json")


def check_hashes(directory: Path, descriptor: dict, report: Report) -> None:
    for resource in descriptor.get("resources", []):
        path = directory / resource["path"]
        if not path.is_file():
            report.add(resource["path"], "missing")
            continue
        data = path.read_bytes()
        expected = resource.get("hash", "").removeprefix("sha256:")
        if hashlib.sha256(data).hexdigest() != expected:
            report.add(resource["path"], "sha256 differs from datapackage.json (file changed "
                       "after the build; rebuild with `make build` or restore the file)")
        size = resource.get("bytes", resource.get("x-bytes"))
        if size != len(data):
            report.add(resource["path"], f"size {len(data)} differs from datapackage.json "
                       f"({size})")
