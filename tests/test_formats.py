"""The workbook and the SQLite database hold exactly what the CSV files hold.

The CSVs are read here with the csv module and the other files with openpyxl and sqlite3,
independently of the code that wrote them (scripts/write_workbook.py, write_database.py) and
of scripts/validate/.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from scripts.lib.errors import BuildError
from tests.conftest import MODEL, PROJECT, ROOT, validate

DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
NAME = DESCRIPTOR["name"]
XLSX = ROOT / "data" / f"{NAME}.xlsx"
SQLITE = ROOT / "data" / f"{NAME}.sqlite"
TABLES = {r["name"]: r["schema"] for r in DESCRIPTOR["resources"] if r.get("format") == "csv"}
DESCRIPTOR_TITLE = {r["name"]: r["title"] for r in DESCRIPTOR["resources"]
                    if r.get("format") == "csv"}


def csv_rows(name: str) -> tuple[list[str], list[list[str]]]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def as_csv_text(value, field_type: str) -> str:
    """A workbook or database value written as the CSV writes it."""
    if value is None:
        return ""
    if field_type == "boolean":
        assert value in (True, False, 0, 1), value
        return "true" if value else "false"
    return str(value)


@pytest.fixture(scope="module")
def workbook():
    book = load_workbook(XLSX)  # not read-only: cell types and formats are needed
    yield book
    book.close()


@pytest.fixture(scope="module")
def database():
    connection = sqlite3.connect(f"{SQLITE.resolve().as_uri()}?mode=ro", uri=True)
    yield connection
    connection.close()


def test_both_files_are_described_as_file_resources():
    by_path = {r["path"]: r for r in DESCRIPTOR["resources"]}
    for path, fmt in ((XLSX, "xlsx"), (SQLITE, "sqlite")):
        entry = by_path[path.relative_to(ROOT).as_posix()]
        assert (entry["type"], entry["format"]) == ("file", fmt)
        data = path.read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


# --- the workbook ------------------------------------------------------------------------------
def test_workbook_sheets_equal_the_csvs(workbook):
    assert workbook.sheetnames == ["about", *TABLES]
    for name, schema in TABLES.items():
        header, rows = csv_rows(name)
        sheet = workbook[name]
        cells = [list(row) for row in sheet.iter_rows()]
        assert [c.value for c in cells[0]] == header, name
        assert len(cells) - 1 == len(rows), name
        types = [f["type"] for f in schema["fields"]]
        for line, (expected, got) in enumerate(zip(rows, cells[1:], strict=True), start=2):
            padded = got + [None] * (len(header) - len(got))
            values = [as_csv_text(None if c is None else c.value, t)
                      for c, t in zip(padded, types, strict=True)]
            assert values == expected, (name, line)


def test_ids_dates_and_text_are_text_cells(workbook):
    wanted = {"string": "s", "date": "s", "integer": "n", "boolean": "b"}
    checked = set()
    for name, schema in TABLES.items():
        types = [f["type"] for f in schema["fields"]]
        for row in workbook[name].iter_rows(min_row=2):
            for cell, field_type in zip(row, types, strict=False):
                if cell.value is None:
                    continue
                assert cell.data_type == wanted[field_type], (name, cell.coordinate)
                if field_type in ("string", "date"):
                    assert isinstance(cell.value, str) and cell.number_format == "@"
                checked.add(field_type)
    assert checked == {"string", "date", "integer", "boolean"}
    meetings = workbook["meetings"]
    header = [c.value for c in meetings[1]]
    fourteenth = next(r for r in meetings.iter_rows(min_row=2, values_only=True)
                      if r[0] == "meeting-014")
    assert fourteenth[header.index("start_date")] == "2024-02-06"  # text, not a date serial
    assert fourteenth[header.index("city_ja")] == "東京"
    contacts = workbook["contacts"]
    header = [c.value for c in contacts[1]]
    phones = {r[header.index("phone_as_published")]
              for r in contacts.iter_rows(min_row=2, values_only=True)}
    assert phones == {"03-5253-5928"}  # leading zero kept


def test_about_sheet_describes_the_dataset_and_every_field(workbook):
    rows = [tuple(c for c in row) for row in workbook["about"].iter_rows(values_only=True)]
    assert rows[0][0] == DESCRIPTOR["title"]
    facts = {row[0]: row[1] for row in rows if row and row[0] and len(row) > 1 and row[1]}
    assert facts["version"] == DESCRIPTOR["version"]
    assert facts["name"] == NAME
    described = {(row[0], row[1]): row for row in rows if len(row) >= 5}
    for name, schema in TABLES.items():
        for field in schema["fields"]:
            row = described[(name, field["name"])]
            assert row[2] == field["type"]
            assert row[4] == field["description"]
        _, rows_of_table = csv_rows(name)
        assert described[(name, DESCRIPTOR_TITLE[name])][5] == len(rows_of_table)


def test_workbook_carries_no_clock_time():
    created = DESCRIPTOR["created"]  # e.g. 2026-11-27T00:00:00Z
    stamp = tuple(int(p) for p in created[:10].split("-")) + (0, 0, 0)
    with zipfile.ZipFile(XLSX) as archive:
        assert {info.date_time for info in archive.infolist()} == {stamp}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert f"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created>" in core
    assert f"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:modified>" in core


def test_text_is_never_a_formula_and_bad_text_is_refused():
    from scripts.write_workbook import put

    sheet = Workbook().active
    cell = put(sheet, 1, 1, "=HYPERLINK(\"http://example.org\")")
    assert cell.data_type == "s"
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    reread = load_workbook(io.BytesIO(buffer.getvalue()))
    assert reread.active["A1"].data_type == "s"
    with pytest.raises(BuildError, match="control character"):
        put(sheet, 2, 1, "bell\x07", where="data/commitments (text_ja)")
    with pytest.raises(BuildError, match="over Excel's cell limit"):
        put(sheet, 3, 1, "あ" * 32768, where="data/source_passages (text_ja)")


# --- the database ------------------------------------------------------------------------------
def test_database_tables_equal_the_csvs(database):
    names = [r[0] for r in database.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
    assert names == list(TABLES)
    for name, schema in TABLES.items():
        header, rows = csv_rows(name)
        cursor = database.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
        assert [d[0] for d in cursor.description] == header
        types = [f["type"] for f in schema["fields"]]
        got = [[as_csv_text(v, t) for v, t in zip(row, types, strict=True)] for row in cursor]
        assert sorted(got) == sorted(rows), name


def test_database_declares_the_keys_and_indexes_them(database):
    for name, schema in TABLES.items():
        columns = database.execute(f'PRAGMA table_info("{name}")').fetchall()
        key = [c[1] for c in sorted((c for c in columns if c[5]), key=lambda c: c[5])]
        assert key == schema["primaryKey"], name
        required = {f["name"] for f in schema["fields"]
                    if f.get("constraints", {}).get("required")}
        assert {c[1] for c in columns if c[3]} == required, name  # NOT NULL
        declared = sorted((r[3], r[2], r[4]) for r in
                          database.execute(f'PRAGMA foreign_key_list("{name}")'))
        expected = sorted((k["fields"][0], k["reference"].get("resource", name),  # self
                           k["reference"]["fields"][0]) for k in schema.get("foreignKeys", []))
        assert declared == expected, name
        leading = set()
        for index in database.execute(f'PRAGMA index_list("{name}")').fetchall():
            leading.add(database.execute(f'PRAGMA index_info("{index[1]}")').fetchall()[0][2])
        for column, _, _ in expected:
            assert column in leading, f"{name}.{column} has no index"
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_database_schema_says_what_each_field_means(database):
    for name, schema in TABLES.items():
        (sql,) = database.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                                  (name,)).fetchone()
        for field in schema["fields"]:
            line = next(ln for ln in sql.splitlines() if ln.strip().startswith(
                f'"{field["name"]}" '))
            assert " ".join(field["description"].split()) in line, (name, field["name"])


def test_database_enforces_the_schema_constraints(database, tmp_path):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(SQLITE, copy)
    connection = sqlite3.connect(copy)
    connection.execute("PRAGMA foreign_keys = ON")
    bad = [
        "UPDATE meetings SET status = 'cancelled' WHERE meeting_id = 'meeting-014'",
        "UPDATE meetings SET start_date = '2024-02-30' WHERE meeting_id = 'meeting-014'",
        "UPDATE meetings SET public_private_session = 2 WHERE meeting_id = 'meeting-014'",
        "UPDATE commitments SET text_ja = NULL WHERE position = 1",
        "UPDATE commitments SET meeting_id = 'meeting-999' WHERE position = 1",
        "INSERT INTO meetings (meeting_id, number, status, source_id) "
        "SELECT meeting_id, number, status, source_id FROM meetings LIMIT 1",
    ]
    for statement in bad:
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(statement)
    connection.close()


# --- determinism and validation --------------------------------------------------------------
@pytest.fixture(scope="module")
def built_rows():
    from scripts.build import build_tables

    rows, sources = build_tables(PROJECT, ROOT / "sources")
    return rows, sources


def test_two_builds_give_identical_bytes(built_rows):
    from scripts.build import published_model
    from scripts.write_database import sqlite_bytes
    from scripts.write_workbook import workbook_bytes

    rows, sources = built_rows
    assert sqlite_bytes(rows, MODEL) == sqlite_bytes(rows, MODEL) == SQLITE.read_bytes()
    assert workbook_bytes(rows, published_model(MODEL, rows), sources) == XLSX.read_bytes()


def republished(tmp_path: Path, path: str) -> Path:
    """A copy of the package in which `path` may be changed; its hash is then updated."""
    for name in ("datapackage.json", "data", "schemas", "sources"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    return tmp_path / path


def rehash(directory: Path, path: str) -> None:
    descriptor = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    data = (directory / path).read_bytes()
    for resource in descriptor["resources"]:
        if resource["path"] == path:
            resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
            resource["bytes"] = len(data)
    (directory / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


def test_validation_finds_a_database_that_differs_from_the_csv(tmp_path):
    path = f"data/{NAME}.sqlite"
    copy = republished(tmp_path, path)
    connection = sqlite3.connect(copy)
    connection.execute("UPDATE meetings SET city_ja = '大阪' WHERE meeting_id = 'meeting-014'")
    connection.commit()
    connection.close()
    rehash(tmp_path, path)
    problems = validate(tmp_path, frictionless=False).problems
    assert problems == [f"{path}: table meetings: rows differ from data/meetings.csv "
                        "(rebuild with `make build`)"]


def test_validation_finds_a_workbook_that_differs_from_the_csv(tmp_path):
    path = f"data/{NAME}.xlsx"
    copy = republished(tmp_path, path)
    book = load_workbook(copy)
    book["meetings"]["B2"].value = "13"  # the number as text: Excel's classic mix-up
    book.save(copy)
    rehash(tmp_path, path)
    problems = validate(tmp_path, frictionless=False).problems
    assert problems == [f"{path}: sheet meetings: rows differ from data/meetings.csv "
                        "(rebuild with `make build`)"]


def test_frictionless_checks_the_files_hash(tmp_path):
    from frictionless import Package, system

    copy = republished(tmp_path, f"data/{NAME}.xlsx")
    with system.use_context(trusted=True):
        package = Package(str(tmp_path / "datapackage.json"))
        assert package.get_resource("workbook").validate().valid
        copy.write_bytes(copy.read_bytes() + b"\0")
        report = Package(str(tmp_path / "datapackage.json")).get_resource("workbook").validate()
    assert not report.valid
    assert {error.type for task in report.tasks for error in task.errors} == {
        "hash-count", "byte-count"}
