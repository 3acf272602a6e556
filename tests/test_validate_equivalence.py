"""The checks of scripts/validate report exactly what plain row-by-row ones find.

Field checks (vectorised, pyarrow) against the published JSON Schemas, row by row through
jsonschema; span checks (one pass over the typed columns) against a slice of the source text
written separately here, one row at a time.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from scripts.validate import checks, semantics, tables
from scripts.validate.report import Report
from tests.conftest import MODEL


def edit_csv(root: Path, name: str, edits) -> None:
    path = root / "data" / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row, column, value in edits:
        rows[row + 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def json_value(text: str, kind: str):
    """A CSV cell as the JSON value a row-by-row reader would give its JSON Schema."""
    if text == "":
        return None
    if kind == "integer" and re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    return text


def row_by_row(root: Path, name: str) -> set[tuple[int, str]]:
    """(row, field) of every JSON Schema error, each row validated on its own."""
    schema = json.loads((root / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    kinds = {f["name"]: f["type"] for f in MODEL.table(name).fields}
    with (root / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        found = set()
        for number, row in enumerate(reader, start=2):
            values = {k: json_value(v, kinds[k]) for k, v in row.items()}
            found |= {(number, str(e.absolute_path[0])) for e in validator.iter_errors(values)}
    return found


def vectorised(root: Path) -> dict[str, set[tuple[int, str]]]:
    """{table: (row, field) of every value check that fails} (unique and keys aside, which
    a row-level JSON Schema cannot see)."""
    report = Report()
    read = tables.read_tables(root, MODEL, report)
    checks.check_fields(read, MODEL, report)
    found = {table.name: set() for table in MODEL.tables}
    for f in report.findings:
        if "unique" not in f.message and "primary key" not in f.message:
            found[f.file.removeprefix("data/").removesuffix(".csv")].add((f.row, f.field))
    return found


def test_published_package(repo):
    found = vectorised(repo)
    for table in MODEL.tables:
        assert found[table.name] == row_by_row(repo, table.name) == set()


CELLS = {
    "commitments": [(0, "commitment_id", "Meeting-14"), (3, "kind", "promise"),
                    (3, "actor", ""), (5, "position", "zero"), (5, "char_start", "-1"),
                    (7, "is_commitment", "yes"), (8, "text_ja", ""), (9, "kind", "promise"),
                    (11, "section_number", "1.5")],
    "meetings": [(0, "start_date", "2024-02-30"), (1, "fiscal_year_jp", "1999"),
                 (2, "public_private_session", "maybe"), (2, "number", ""),
                 (3, "end_date", "2024-2-7"), (4, "country", "jp")],
    "sources": [(0, "url", "ftp://x"), (0, "sha256", "ABC"), (1, "bytes", "0"),
                (2, "url", "https://example.org/a\u3000b"), (3, "language", "fr")],
    "contacts": [(0, "phone", "03-5253-5928"), (1, "phone", "tel:+81 3")],
}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_broken_cells(repo, name):
    edit_csv(repo, name, CELLS[name])
    found = vectorised(repo)[name]
    assert found == row_by_row(repo, name)
    assert {(row + 2, column) for row, column, _ in CELLS[name]} <= found


def spans_that_do_not_hold(directory: Path, rows: dict) -> set[tuple[str, str]]:
    """(table, key) of every row whose span does not hold, found one row at a time: the
    source's text sliced in Python and compared with the row's text as the model's `span`
    describes it."""
    texts = {row["source_id"]: (directory / row["path"]).read_text(encoding="utf-8")
             for row in rows["sources"] if row["path"]}
    bad = set()
    for table in MODEL.tables:
        span = table.span
        if span is None:
            continue
        sources = {}
        if span.via is not None:
            target = table.reference_of(span.via)
            sources = {row[target["fields"][0]]: row[span.source]
                       for row in rows[target["resource"]]}
        for row in rows[table.name]:
            if row["char_start"] is None:
                continue
            source = row[span.source] if span.via is None else sources.get(row[span.via])
            expected = next(("".join(row[c] or "" for c in columns) for columns in span.text
                             if any(row[c] is not None for c in columns)), None)
            text, start, end = texts.get(source), row["char_start"], row["char_end"]
            holds = (text is not None and expected is not None and end is not None
                     and 0 <= start <= end <= len(text) and text[start:end] == expected)
            if not holds:
                bad.add((table.name, "/".join(str(row[k]) for k in table.primary_key)))
    return bad


SPANS = {
    "commitments": [(0, "char_start", "1"), (1, "char_end", "999999"), (2, "char_start", "-5"),
                    (3, "text_ja", "違う。"), (4, "source_id", "soumu-unknown"),
                    (5, "char_end", "0")],
    "participants": [(0, "title_ja", "総務省"), (1, "char_end", "0"), (1, "char_start", "0"),
                     (2, "char_start", "20000"), (3, "person_name_ja", "")],
    "contacts": [(0, "position_ja", ""), (1, "person_name_ja", ""), (2, "char_end", "1")],
    "sources": [(1, "char_start", "0"), (2, "title_ja", "x")],
    "source_passages": [(0, "text_ja", ""), (1, "char_end", "")],
    "commitment_forums": [(0, "name_as_written", "ITU"), (1, "char_start", "3")],
}


def span_findings(root: Path) -> tuple[set, dict]:
    report = Report()
    read = tables.read_tables(root, MODEL, report)
    typed = tables.typed_tables(read, MODEL)
    semantics.check_spans(root, typed, MODEL, report)
    reported = {(f.file.removeprefix("data/").removesuffix(".csv"), f.message.split(":")[0])
                for f in report.findings}
    return reported, {name: tables.rows(table) for name, table in typed.items()}


@pytest.mark.parametrize("name", sorted(SPANS))
def test_broken_spans(repo, name):
    edit_csv(repo, name, SPANS[name])
    reported, rows = span_findings(repo)
    assert reported == spans_that_do_not_hold(repo, rows)
    assert reported


def test_published_spans_hold(repo):
    reported, rows = span_findings(repo)
    assert reported == set() and spans_that_do_not_hold(repo, rows) == set()


# Beyond what a row-level JSON Schema sees: integers must fit 64 bits (SQLite and Parquet hold
# them so), and a bound applies to every integer that does, however long it is written.
BIG = [(0, "number", "9223372036854775808"), (1, "number", "9223372036854775807"),
       (2, "fiscal_year_jp", "-9223372036854775808"), (3, "fiscal_year_jp", "00002024"),
       (4, "number", "-0000000000000000000001")]


def test_integers_at_64_bits(repo):
    edit_csv(repo, "meetings", BIG)
    report = Report()
    checks.check_fields(tables.read_tables(repo, MODEL, report), MODEL, report)
    assert [(f.row, f.field, f.message) for f in report.findings] == [
        (2, "number", "'9223372036854775808' is not an integer"),
        (4, "fiscal_year_jp", "'-9223372036854775808' is less than 2000"),
        (6, "number", "'-0000000000000000000001' is less than 1")]


def test_typed_values_are_the_texts_read_one_by_one(repo):
    """The typed tables the checks across tables, the workbook and the database comparison
    read: each cell as Python reads its text; a text that is not of its type (or an integer
    beyond 64 bits) is no value."""
    edit_csv(repo, "meetings", BIG + [(5, "number", "12a"), (6, "number", "+7")])
    edit_csv(repo, "participants", [(0, "list_is_partial", "True"), (1, "list_is_partial", "")])
    typed = tables.read_rows(repo, MODEL)
    for name in ("meetings", "participants"):
        kinds = {f["name"]: f["type"] for f in MODEL.table(name).fields}
        with (repo / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            expected = [{k: one_by_one(v, kinds[k]) for k, v in row.items()}
                        for row in csv.DictReader(handle)]
        assert typed[name] == expected


def one_by_one(text: str, kind: str):
    value = json_value(text, kind)
    if kind == "integer":
        return value if isinstance(value, int) and -2**63 <= value < 2**63 else None
    if kind == "boolean":
        return value if isinstance(value, bool) else None
    return value
