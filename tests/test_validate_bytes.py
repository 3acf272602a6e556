"""Validation covers every published byte: an edit anywhere is reported, even when the
descriptor's hashes and sizes were updated to match (as a careless maintainer would)."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, validate

NAME = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["name"]


def edit_descriptor(directory: Path, edit) -> None:
    path = directory / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    edit(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")


def rehash(directory: Path, path: str) -> None:
    data = (directory / path).read_bytes()

    def update(descriptor: dict) -> None:
        for resource in descriptor["resources"]:
            if resource["path"] == path:
                resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
                resource["bytes"] = len(data)
    edit_descriptor(directory, update)


def problems(directory: Path) -> list[str]:
    report = validate(directory)
    assert not report.ok
    return report.problems


def test_the_package_as_released_is_valid(package):
    shutil.copytree(ROOT / "docs", package / "docs")
    assert validate(package).ok


def test_a_changed_licence(package):
    edit_descriptor(package, lambda d: d["licenses"][0].update(name="CC0-1.0"))
    assert problems(package) == ["datapackage.json: differs from the descriptor model/ "
                                 "generates for these files (licenses); rebuild with "
                                 "`make build`"]


def test_a_changed_description_or_formatting(package):
    path = package / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"name"', ' "name"', 1),
                    encoding="utf-8")
    assert "(formatting)" in problems(package)[0]


def test_an_extra_file_in_schemas_or_data(package):
    (package / "schemas" / "notes.json").write_text("{}\n", encoding="utf-8")
    (package / "data" / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    found = problems(package)
    assert "schemas/notes.json: is not a file of the package (remove it, or rebuild with " \
           "`make build`)" in found
    assert any(p.startswith("data/extra.csv: is not a file of the package") for p in found)


def test_an_edited_json_schema(package):
    path = package / "schemas" / "meetings.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"minimum": 1', '"minimum": 0'),
                    encoding="utf-8")
    assert problems(package) == ["schemas/meetings.json: differs from the JSON Schema "
                                 "model/tables.yaml generates (rebuild with `make build`)"]


def test_additions_to_the_database(package):
    path = f"data/{NAME}.sqlite"
    connection = sqlite3.connect(package / path)
    for statement in ("CREATE TRIGGER keep AFTER INSERT ON meetings BEGIN SELECT 1; END",
                      "CREATE VIEW held AS SELECT * FROM meetings",
                      "CREATE INDEX extra ON commitments (kind)",
                      "CREATE TABLE notes (text TEXT)"):
        connection.execute(statement)
    connection.commit()
    connection.close()
    rehash(package, path)
    assert problems(package) == [f"{path}: {kind} is not in the model (remove it; rebuild "
                                 "with `make build`)" for kind in ("index extra", "table notes",
                                                                  "trigger keep", "view held")]


def test_an_edited_about_sheet(package):
    path = f"data/{NAME}.xlsx"
    with zipfile.ZipFile(package / path) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(package / path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:  # the about sheet loses its last line
            if name == "xl/worksheets/sheet1.xml":
                data = data[:data.rindex(b"<row ")] + data[data.index(b"</sheetData>"):]
            archive.writestr(name, data)
    rehash(package, path)
    assert problems(package) == [f"{path}: sheet about differs from what the writer makes of "
                                 "the package (rebuild with `make build`)"]


def test_a_workbook_recompressed_by_another_zlib_is_valid(package):
    """The parts are compared, not the zip's bytes: another compression level (as another
    zlib would give) leaves a valid workbook valid."""
    path = f"data/{NAME}.xlsx"
    with zipfile.ZipFile(package / path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(package / path, "w") as archive:
        for info, data in parts:
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    rehash(package, path)
    assert validate(package).ok


def test_stale_generated_documents(package):
    shutil.copytree(ROOT / "docs", package / "docs")
    path = package / "docs" / "data-dictionary.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert problems(package) == ["docs/data-dictionary.md: differs from a fresh rendering of "
                                 "the package (restore it, or run `make docs` in the "
                                 "repository)"]


def test_a_figure_the_build_does_not_write(package):
    shutil.copytree(ROOT / "docs", package / "docs")
    (package / "docs" / "figures" / "extra.svg").write_text("<svg/>", encoding="utf-8")
    assert problems(package) == ["docs/figures/extra.svg: is not a document the build writes "
                                 "(remove it)"]


def test_a_missing_generated_document(package):
    shutil.copytree(ROOT / "docs", package / "docs")
    (package / "docs" / "dataset.jsonld").unlink()
    assert problems(package) == ["docs/dataset.jsonld: is missing (restore it from the release "
                                 "zip or git, or run `make docs` in the repository)"]


def test_held_texts_are_read_from_the_package_folder(package):
    (package / "sources" / "soumu-01tsushin08_02000172.txt").unlink()
    assert "sources/soumu-01tsushin08_02000172.txt: the held text of " \
           "soumu-01tsushin08-02000172 is not in the package" in problems(package)


def test_a_text_that_a_resource_declares_missing(package):
    """No text may be one that a resource of its table declares missing (datapackage.json
    declares only the empty cell today; a descriptor that declared "n/a" would make a reader
    take that text for no value)."""
    from scripts.validate import checks, tables
    from scripts.validate.report import Report
    from tests.conftest import MODEL

    path = package / "data" / "meetings.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[3][rows[0].index("note")] = "n/a"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    descriptor = {"resources": [{"path": "data/meetings.csv",
                                 "schema": {"missingValues": ["", "n/a"]}}]}
    report = Report()
    read = tables.read_tables(package, MODEL, report)
    checks.check_missing_values(read, descriptor, MODEL, report)
    assert report.problems == ["data/meetings.csv: row 4, note: the text 'n/a' is declared "
                               "missing for data/meetings.csv"]


@pytest.mark.parametrize("table, column, value", [
    ("meetings", "number", "1.0"), ("meetings", "start_date", "2024-02-30"),
    ("meetings", "end_date", "2010/11/01"), ("sources", "published", "2024-13-01")])
def test_a_damaged_cell_the_documents_are_drawn_from_is_reported_not_a_crash(package, table,
                                                                             column, value):
    """The documents are rendered from the rows: a cell they read that is not of its type is
    reported by the field checks, and the rendering is not attempted on it."""
    shutil.copytree(ROOT / "docs", package / "docs")
    path = package / "data" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index(column)
    row = next(n for n, cells in enumerate(rows) if n and cells[at])  # a cell the figures draw
    rows[row][at] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    rehash(package, f"data/{table}.csv")
    found = problems(package)
    assert any(f"row {row + 1}, {column}" in problem for problem in found), found


@pytest.mark.parametrize("edit", [
    lambda data: data + b"x\n",  # after the last span: no span sees it
    lambda data: data.replace(b"\n", b"\r\n", 1),
    lambda data: data[:-1],
])
def test_a_held_text_that_is_not_the_one_sources_csv_describes_is_reported(package, edit):
    """A held source text is the bytes its row of sources.csv gives (sha256, size), even
    where no span reads the edit."""
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        held = [row for row in csv.DictReader(handle) if row["path"]]
    path = package / held[0]["path"]
    path.write_bytes(edit(path.read_bytes()))
    found = problems(package)
    assert any(problem.startswith(held[0]["path"]) and held[0]["sha256"] in problem
               for problem in found), found


def edited_table(directory: Path, name: str, change) -> None:
    """data/<name>.csv with `change` applied to its rows (dicts), its hash and size updated
    in datapackage.json (a careless maintainer's edit)."""
    path = directory / "data" / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    for row in rows:
        change(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    rehash(directory, f"data/{name}.csv")


def test_a_us_date_that_is_not_the_japanese_day_or_the_one_before_is_reported(package):
    with (ROOT / "data" / "meetings.csv").open(encoding="utf-8", newline="") as handle:
        meeting = next(row for row in csv.DictReader(handle) if row["us_start_date"])

    def later(row: dict) -> None:
        if row["meeting_id"] == meeting["meeting_id"]:
            row["us_start_date"] = "2099-01-01"
    edited_table(package, "meetings", later)
    assert any(f"{meeting['meeting_id']}: us_start_date 2099-01-01 is not start_date" in p
               for p in problems(package))


@pytest.mark.parametrize("status, kind", [("secondary", "confirmed"), ("confirmed", "secondary")])
def test_an_evidence_status_that_its_source_kind_contradicts_is_reported(package, status, kind):
    """confirmed: a government page states it; secondary: only another page does."""
    with (ROOT / "data" / "meeting_sources.csv").open(encoding="utf-8", newline="") as handle:
        evidence = next(row for row in csv.DictReader(handle) if row["status"] == status)

    def relabel(row: dict) -> None:
        if row == evidence:
            row["status"] = kind
    edited_table(package, "meeting_sources", relabel)
    assert any(f"{evidence['meeting_id']}/{evidence['source_id']}: status {kind}, but" in p
               for p in problems(package))


def test_a_package_of_another_version_is_named_so(package):
    """A release validated from a clone at another version: one problem that says so, not a
    list of every file that differs from what this model generates."""
    def bump(descriptor: dict) -> None:
        descriptor["version"] = "9.9.9"
    edit_descriptor(package, bump)
    found = problems(package)
    assert len(found) == 1 and "is version 9.9.9, but this repository's model is version" in \
        found[0], found


def test_an_altered_held_text_is_reported_once_not_at_every_span(package):
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        held = [row for row in csv.DictReader(handle) if row["path"]]
    path = package / held[0]["path"]
    path.write_bytes(path.read_bytes() + b"x")
    found = problems(package)
    assert [p for p in found if p.startswith(held[0]["path"])] and not [
        p for p in found if "is not held" in p], found


@pytest.mark.parametrize("shift, refused", [(0, False), (-1, False), (1, True), (-2, True)])
def test_a_us_date_is_the_japanese_day_or_the_day_before(package, shift, refused):
    """Washington is 13 to 14 hours behind Tokyo: a U.S. day is the Japanese day or the one
    before, never after it or two days before."""
    import datetime as dt

    with (ROOT / "data" / "meetings.csv").open(encoding="utf-8", newline="") as handle:
        meeting = next(row for row in csv.DictReader(handle) if row["us_start_date"])
    us = dt.date.fromisoformat(meeting["start_date"]) + dt.timedelta(days=shift)

    def shifted(row: dict) -> None:
        if row["meeting_id"] == meeting["meeting_id"]:
            row["us_start_date"] = us.isoformat()
    edited_table(package, "meetings", shifted)
    found = validate(package).problems
    message = f"{meeting['meeting_id']}: us_start_date {us.isoformat()} is not start_date"
    assert any(message in problem for problem in found) is refused, found


@pytest.mark.parametrize("key, value", [("file", "another.txt"), ("source_id", "another-id"),
                                        ("bytes", "1")])
def test_a_provenance_record_that_is_not_its_texts_is_reported(package, key, value):
    """A held text's record says what its sources.csv row says: its id, file, hash, size."""
    record = next((package / "sources").glob("*.source.yaml"))
    lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line
             for line in record.read_text(encoding="utf-8").splitlines()]
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert any(problem.startswith(f"sources/{record.name}: {key} ") for problem in
               problems(package))


CSV_FORMS = {
    "a byte-order mark": lambda data: b"\xef\xbb\xbf" + data,
    "CRLF line ends": lambda data: data.replace(b"\n", b"\r\n"),
    "CR line ends (polars reads no row)": lambda data: data.replace(b"\n", b"\r"),
    "two blank lines at the end (frictionless: blank rows)": lambda data: data + b"\n\n",
    "every cell quoted": lambda data: b"\n".join(
        b",".join(b'"' + cell + b'"' for cell in line.split(b","))
        for line in data.split(b"\n")[:2]) + b"\n" + b"\n".join(data.split(b"\n")[2:]),
}


@pytest.mark.parametrize("form", list(CSV_FORMS))
def test_a_csv_with_the_same_rows_written_otherwise(package, form):
    """What readers take differently (a BOM in the first column's name, no rows, blank rows)
    or not at all: the file is held to the writer's bytes, which its rows give."""
    path = package / "data" / "meetings.csv"
    path.write_bytes(CSV_FORMS[form](path.read_bytes()))
    rehash(package, "data/meetings.csv")
    found = [p for p in problems(package) if p.startswith("data/meetings.csv")]
    assert found, problems(package)
    assert "Traceback" not in " ".join(found)


def rezipped(path: Path, method: int = zipfile.ZIP_DEFLATED, comment: bytes = b"",
             prefix: bytes = b"") -> None:
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    path.write_bytes(b"")
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in parts:
            info.compress_type = method
            archive.writestr(info, data)
        archive.comment = comment
    path.write_bytes(prefix + path.read_bytes())


@pytest.mark.parametrize(("change", "words"), [
    ({"method": zipfile.ZIP_LZMA}, "compresses parts with method 14, not deflate"),
    ({"method": zipfile.ZIP_BZIP2}, "compresses parts with method 12, not deflate"),
    ({"comment": b"hello"}, "carries a zip comment"),
    ({"prefix": b"<html></html>"}, "bytes before its first part"),
])
def test_the_workbook_re_zipped_with_the_same_parts(package, change, words):
    """python-calamine (pandas' fast reader) and unzip refuse LZMA and BZIP2; the parts are
    the same, so only the container tells."""
    path = f"data/{NAME}.xlsx"
    rezipped(package / path, **change)
    rehash(package, path)
    assert any(p.startswith(path) and words in p for p in problems(package)), problems(package)
