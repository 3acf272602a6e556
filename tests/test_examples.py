"""The README's examples (docs/examples/) run and give what the CSVs say.

Expected results are computed here from the CSVs with the csv module.
"""

from __future__ import annotations

import csv
import json
import re
import runpy
import sqlite3
from collections import Counter

import duckdb

from tests.conftest import ROOT

EXAMPLES = ROOT / "docs" / "examples"
DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))


def rows(name: str) -> list[dict]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run_example(name: str, monkeypatch, capsys) -> list[str]:
    monkeypatch.chdir(ROOT)
    runpy.run_path(str(EXAMPLES / name), run_name="__main__")
    return capsys.readouterr().out.splitlines()


def sql_statements(name: str) -> list[str]:
    text = "\n".join(line for line in (EXAMPLES / name).read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("--"))
    return [s.strip() for s in text.split(";") if s.strip()]


def pandas_output() -> list[str]:
    """What docs/examples/with-pandas.py prints, computed from the CSVs."""
    sentences = rows("commitments")
    pledges = [r for r in sentences if r["is_commitment"] == "true"]
    counts = Counter(r["section_title_en"] for r in pledges)
    meeting = next(m for m in rows("meetings") if m["meeting_id"] == pledges[0]["meeting_id"])
    return [f"{counts[t]:3}  {t}" for t in sorted(counts)] + [
        f"{len(pledges)} commitments among {len(sentences)} sentences; "
        f"meeting {meeting['number']} began {meeting['start_date']}",
        "workbook sheets: about, " + ", ".join(
            r["name"] for r in json_resources() if r.get("format") == "csv")]


def test_pandas_example(monkeypatch, capsys):
    out = run_example("with-pandas.py", monkeypatch, capsys)
    assert out == pandas_output()
    assert out[-2] == "16 commitments among 29 sentences; meeting 14 began 2024-02-06"


def json_resources() -> list[dict]:
    return DESCRIPTOR["resources"]


def polars_output() -> list[str]:
    """What docs/examples/with-polars.py prints, computed from the CSVs."""
    sentences = rows("commitments")
    counts = Counter(r["kind"] for r in sentences)
    stated = {s["meeting_id"] for s in sentences}
    held = sorted(m["start_date"] for m in rows("meetings")
                  if m["status"] == "held" and m["start_date"] and m["meeting_id"] in stated)
    return [f"{counts[k]:3}  {k}" for k in sorted(counts)] + [
        f"{len(sentences)} sentences; earliest meeting with sentences: {held[0]}"]


def test_polars_example(monkeypatch, capsys):
    assert run_example("with-polars.py", monkeypatch, capsys) == polars_output()


def r_output() -> list[str]:
    """What docs/examples/with-r.R prints, computed from the CSVs."""
    meetings = rows("meetings")
    last = [m for m in meetings if m["status"] == "held"][-1]
    return polars_output()[:-1] + frictionless_output() + [
        f"workbook: {len(meetings)} meetings; {last['meeting_id']} began {last['start_date']} "
        "(character)"]


def frictionless_output() -> list[str]:
    """What docs/examples/with-frictionless.py prints, computed from the CSVs."""
    held = sorted(m["start_date"] for m in rows("meetings") if m["status"] == "held")
    return [f"{len(held)} meetings held, the first on {held[0]}"]


def test_frictionless_example(monkeypatch, capsys):
    assert run_example("with-frictionless.py", monkeypatch, capsys) == frictionless_output()


def duckdb_results() -> list[list[tuple]]:
    """The rows of each statement of docs/examples/with-duckdb.sql, computed from the CSVs."""
    pledges = [r for r in rows("commitments") if r["is_commitment"] == "true"]
    by_section = Counter((int(r["section_number"]), r["section_title_en"]) for r in pledges)
    forums = {f["forum_id"]: f for f in rows("forums")}
    mentions = Counter(r["forum_id"] for r in rows("commitment_forums"))
    return [[(n, t, c) for (n, t), c in sorted(by_section.items())],
            sorted(((fid, forums[fid]["abbreviation"] or None, forums[fid]["name_en"] or None, n)
                    for fid, n in mentions.items()), key=lambda t: (-t[3], t[0]))]


def test_duckdb_example(monkeypatch):
    monkeypatch.chdir(ROOT)
    statements = sql_statements("with-duckdb.sql")
    assert len(statements) == 2
    connection = duckdb.connect()
    assert [connection.sql(s).fetchall() for s in statements] == duckdb_results()


def test_sqlite_example():
    (statement,) = sql_statements("with-sqlite.sql")
    database = ROOT / "data" / f"{DESCRIPTOR['name']}.sqlite"
    connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    got = connection.execute(statement).fetchall()
    connection.close()
    organizations = {o["organization_id"]: o for o in rows("organizations")}
    expected = [(p["participant_id"], p["delegation"] or None, p["role"],
                 organizations[p["organization_id"]]["name_ja"] or None,
                 organizations[p["organization_id"]]["name_en"] or None,
                 p["person_name_ja"] or None)
                for p in rows("participants") if p["meeting_id"] == "meeting-014"]
    assert got == sorted(expected)
    assert len(got) == 20


def test_examples_name_only_files_that_exist():
    named = set()
    for example in sorted(EXAMPLES.iterdir()):
        text = example.read_text(encoding="utf-8")
        named |= set(re.findall(r"(?:data|docs/examples)/[\w.-]+\.\w+", text))
    assert named, "no file named in the examples"
    for path in sorted(named):
        assert (ROOT / path).is_file(), f"an example names {path}, which does not exist"


MARKER = re.compile(r"<!-- example: (docs/examples/[\w.-]+) -->\n+```[\w-]*\n(.*?)```", re.S)


def test_examples_quoted_in_the_readme_are_the_files():
    """README quotes an example after `<!-- example: docs/examples/… -->`: it must be the file."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path, block in MARKER.findall(readme):
        assert (ROOT / path).is_file(), f"README quotes {path}, which does not exist"
        assert block == (ROOT / path).read_text(encoding="utf-8"), (
            f"README's copy of {path} differs from the file: paste the file into the README")
    if MARKER.search(readme):  # once the README quotes examples, it quotes all that run
        quoted = {path for path, _ in MARKER.findall(readme)}
        assert {f"docs/examples/{p.name}" for p in EXAMPLES.iterdir()} <= quoted
