"""The vectorised checks of scripts/validate report exactly what plain row-by-row ones find."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from scripts.validate.frictionless import check_frictionless
from scripts.validate.report import Report
from scripts.validate.semantics import check_spans
from scripts.validate.tables import check_json_schemas, read_csvs, records
from tests.conftest import MODEL


def row_by_row(directory: Path, frames: dict, model, report: Report) -> None:
    """check_json_schemas as it was: every row through jsonschema, every cell looked up."""
    for table in MODEL.tables:
        schema = json.loads((directory / "schemas" / f"{table.name}.json").read_text("utf-8"))
        if schema != table.json_schema():
            report.add(f"schemas/{table.name}.json", "differs from model/tables.yaml")
        validator = Draft202012Validator(schema, format_checker=FormatChecker())
        raw = pd.read_csv(directory / "data" / f"{table.name}.csv", dtype=str,
                          keep_default_na=False)
        for line, row in enumerate(records(frames[table.name]), start=2):
            for error in validator.iter_errors(row):
                where = "/".join(str(p) for p in error.absolute_path) or "row"
                report.add(f"data/{table.name}.csv", f"line {line}, {where}: {error.message}")
            original = raw.iloc[line - 2]
            for field in table.fields:
                value = original[field["name"]]
                if field["type"] in ("integer", "boolean") and value and row[field["name"]] is None:
                    report.add(f"data/{table.name}.csv", f"line {line}, {field['name']}: "
                               f"{value!r} is not a {field['type']}")


def both(directory: Path) -> tuple[list[str], list[str]]:
    reports = []
    for check in (check_json_schemas, row_by_row):
        report = Report()
        frames = read_csvs(directory, MODEL, report)
        check(directory, frames, MODEL, report)
        reports.append(report.problems)
    return reports[0], reports[1]


def edit_csv(root: Path, name: str, edit) -> None:
    path = root / "data" / f"{name}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(frame)
    frame.to_csv(path, index=False, lineterminator="\n")


def edit_schema(root: Path, name: str, edit) -> None:
    path = root / "schemas" / f"{name}.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    edit(schema)
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def test_published_package(repo):
    new, old = both(repo)
    assert new == old == []


def break_cells(frame_edits):
    def edit(frame: pd.DataFrame) -> None:
        for row, column, value in frame_edits:
            frame.loc[row, column] = value
    return edit


CELLS = {
    "commitments": [(0, "commitment_id", "Meeting-14"), (3, "kind", "promise"),
                    (3, "actor", ""), (5, "position", "zero"), (5, "char_start", "-1"),
                    (7, "is_commitment", "yes"), (8, "text_ja", ""), (9, "kind", "promise")],
    "meetings": [(0, "start_date", "2024-02-30"), (1, "fiscal_year_jp", "1999"),
                 (2, "public_private_session", "maybe"), (2, "number", "")],
    "sources": [(0, "url", "ftp://x"), (0, "sha256", "ABC"), (1, "bytes", "0")],
}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_broken_cells(repo, name):
    edit_csv(repo, name, break_cells(CELLS[name]))
    new, old = both(repo)
    assert new == old
    assert len(new) >= len(CELLS[name])


@pytest.mark.parametrize("edit", [
    lambda s: s["properties"]["kind"].update(enum=["commitment"]),
    lambda s: s["properties"]["text_ja"].update(maxLength=20),
    lambda s: s.update(minProperties=100),  # a row-level keyword: validated row by row
    lambda s: s["properties"].pop("text_en"),  # a column the schema does not allow
    lambda s: s["properties"]["actor"].update(allOf=[{"const": "both"}]),
    lambda s: s["required"].append("extra"),
])
def test_edited_schemas(repo, edit):
    edit_schema(repo, "commitments", edit)
    new, old = both(repo)
    assert new == old
    assert any(p.startswith("data/commitments.csv") for p in new)


def spans_that_do_not_hold(directory: Path, frames: dict) -> set[tuple[str, str]]:
    """(table, key) of every row whose span does not hold, found one row at a time: the
    source's text sliced in Python and compared with the row's text as the model's `span`
    describes it."""
    texts = {row["source_id"]: (directory / row["path"]).read_text(encoding="utf-8")
             for row in records(frames["sources"]) if row["path"]}
    bad = set()
    for table in MODEL.tables:
        span = table.span
        if span is None:
            continue
        sources = {}
        if span.via is not None:
            target = table.reference_of(span.via)
            sources = {row[target["fields"][0]]: row[span.source]
                       for row in records(frames[target["resource"]])}
        for row in records(frames[table.name]):
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


@pytest.mark.parametrize("name", sorted(SPANS))
def test_broken_spans(repo, name):
    edit_csv(repo, name, break_cells(SPANS[name]))
    report = Report()
    frames = read_csvs(repo, MODEL, report)
    check_spans(repo, frames, MODEL, report)
    reported = {(problem.split(":")[0].removeprefix("data/").removesuffix(".csv"),
                 problem.split(": ")[1]) for problem in report.problems}
    assert reported == spans_that_do_not_hold(repo, frames)
    assert reported


def test_published_spans_hold(repo):
    report = Report()
    frames = read_csvs(repo, MODEL, report)
    check_spans(repo, frames, MODEL, report)
    assert report.problems == [] and spans_that_do_not_hold(repo, frames) == set()


def frictionless_both(directory: Path) -> tuple[list[str], list[str]]:
    reports = []
    for workers in (1, 2):
        report = Report()
        check_frictionless(directory, report, workers=workers)
        reports.append(report.problems)
    return reports[0], reports[1]


def test_frictionless_in_workers_reports_as_in_one_process(repo):
    edit_csv(repo, "commitments", break_cells([(0, "kind", "promise"),
                                               (1, "meeting_id", "meeting-099")]))
    edit_csv(repo, "contacts", break_cells([(0, "phone", "03-5253-5928")]))
    sequential, parallel = frictionless_both(repo)
    assert sequential == parallel
    assert any(p.startswith("commitments:") for p in sequential)
    assert any(p.startswith("contacts:") for p in sequential)


def test_frictionless_broken_references_in_workers(repo):
    path = repo / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["name"] = "renamed"  # every key to `sources` now fails
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    sequential, parallel = frictionless_both(repo)
    assert sequential == parallel
    assert any("foreign key" in p for p in sequential)
