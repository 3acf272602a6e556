"""Our checks and frictionless find the same errors, in the same table and row.

Each kind of error frictionless checks on this package is seeded into a copy of the published
package, each in its own table and row (cells edited with the csv module, the descriptor's
hash and size then updated, as a careless maintainer would). Our validation
(scripts/validate) and frictionless each run once on the copy; for every seeded error both
must report that table and row, and every row frictionless reports, ours reports too. A
changed byte (no hash updated) is seeded in a second copy. Because this holds, the other tests
run our checks alone.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, validate

# kind: (table, data row (0-based), {column: new value}, or "copy N" to copy data row N)
SEEDED = {
    "integer type": ("meetings", 4, {"number": "fourteen"}),
    "date type": ("meetings", 6, {"start_date": "2024-02-30"}),
    "boolean type": ("commitments", 2, {"is_commitment": "yes"}),
    "enum": ("commitments", 5, {"kind": "promise"}),
    "pattern": ("sources", 0, {"url": "ftp://example.org/release"}),
    "required": ("meeting_sources", 3, {"status": ""}),
    "minimum": ("meetings", 8, {"fiscal_year_jp": "1999"}),
    "unique": ("meetings", 10, {"number": "1"}),
    "duplicate primary key": ("participants", 6, "copy 5"),
    "dangling foreign key": ("commitments", 9, {"meeting_id": "meeting-099"}),
    "foreign key to a parent": ("organizations", 2, {"parent_organization_id": "jp-nowhere"}),
}


def edit_csv(path: Path, row: int, change) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, data = rows[0], rows[1:]
    if isinstance(change, str):
        data[row] = list(data[int(change.split()[1])])
    else:
        for column, value in change.items():
            data[row][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *data])


def rehash(directory: Path, paths: set[str]) -> None:
    descriptor_path = directory / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["path"] in paths:
            data = (directory / resource["path"]).read_bytes()
            resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
            resource["bytes"] = len(data)
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                               encoding="utf-8")


def package_copy(target: Path) -> Path:
    """The published package with its held texts, without docs/."""
    target.mkdir()
    for name in ("datapackage.json", "data", "schemas", "sources"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / name)
    return target


def frictionless_findings(directory: Path, names: set[str]) -> set[tuple[str, int | None]]:
    """(resource, row) of every error frictionless reports on the named resources, each
    validated within the package (so that foreign keys are looked up)."""
    from frictionless import Package, system

    found = set()
    with system.use_context(trusted=True):
        package = Package(str(directory / "datapackage.json"))
        for name in sorted(names):
            for task in package.get_resource(name).validate().tasks:
                found |= {(task.name, getattr(e, "row_number", None)) for e in task.errors}
    return found


def ours(directory: Path) -> set[tuple[str, int | None]]:
    return {(f.file.removeprefix("data/").removesuffix(".csv"), f.row)
            for f in validate(directory).findings}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> tuple[set, set]:
    directory = package_copy(tmp_path_factory.mktemp("seeded") / "package")
    for table, row, change in SEEDED.values():
        edit_csv(directory / "data" / f"{table}.csv", row, change)
    rehash(directory, {f"data/{table}.csv" for table, _, _ in SEEDED.values()})
    names = {table for table, _, _ in SEEDED.values()}
    return ours(directory), frictionless_findings(directory, names)


@pytest.mark.parametrize("kind", list(SEEDED))
def test_both_report_the_seeded_error_at_its_row(kind, seeded):
    our_findings, theirs = seeded
    table, row, _ = SEEDED[kind]
    assert (table, row + 2) in theirs, f"frictionless does not see the {kind} error"
    assert (table, row + 2) in our_findings, f"our checks miss the {kind} error"


def test_every_row_frictionless_reports_ours_report(seeded):
    our_findings, theirs = seeded
    assert theirs
    assert {finding for finding in theirs if finding[1] is not None} <= our_findings


def test_a_changed_byte_is_reported_by_both(tmp_path):
    directory = package_copy(tmp_path / "package")
    path = directory / "data" / "contacts.csv"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))
    problems = validate(directory).problems
    assert any(p.startswith("data/contacts.csv: sha256 differs") for p in problems), problems
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(directory / "datapackage.json")).get_resource("contacts").validate()
    assert "hash-count" in {error.type for task in report.tasks for error in task.errors}
