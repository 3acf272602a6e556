"""What the schemas cannot say: dates in order, spans that hold, no orphan organizations.

Each is one DuckDB query over the typed tables (scripts/validate/tables.py); the spans are
checked against the held source texts read from the package folder being validated.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from scripts.lib.model import Model, Table
from scripts.validate.report import Report
from scripts.validate.tables import ROW, quoted, string_array


def check_semantics(connection, directory: Path, typed: dict, model: Model,
                    report: Report) -> None:
    if {"meetings", "sources"} <= set(typed):
        check_dates(connection, report)
    if "sources" in typed:
        check_spans(connection, directory, typed, model, report)
    check_orphans(connection, typed, model, report)


def check_dates(connection, report: Report) -> None:
    for row, meeting in connection.sql(
            f"SELECT {ROW}, meeting_id FROM meetings__typed WHERE end_date < start_date "
            f"ORDER BY {ROW}").fetchall():
        report.add("data/meetings.csv", f"{meeting} ends before it starts", row)
    for row, meeting in connection.sql(
            f"SELECT m.{ROW}, m.meeting_id FROM meetings__typed AS m JOIN sources__typed AS s "
            f"USING (source_id) WHERE m.end_date > s.published ORDER BY m.{ROW}").fetchall():
        report.add("data/meetings.csv", f"{meeting} ends after its source is published", row)


# --- spans ---------------------------------------------------------------------------------
def held_texts(directory: Path, sources: pa.Table, report: Report) -> dict[str, str]:
    """The text of every held source, read from the package folder being validated."""
    texts = {}
    for source_id, path in zip(sources.column("source_id").to_pylist(),
                               sources.column("path").to_pylist(), strict=True):
        if path is None:
            continue
        file = directory / path
        if file.resolve().is_relative_to(directory.resolve()) and file.is_file():
            texts[source_id] = file.read_text(encoding="utf-8", errors="replace")
        else:
            report.add(path, f"the held text of {source_id} is not in the package")
    return texts


def check_spans(connection, directory: Path, typed: dict, model: Model,
                report: Report) -> None:
    """Every span of every table with a `span` equals the text it claims (model/tables.yaml)."""
    texts = held_texts(directory, typed["sources"], report)
    connection.register("texts", pa.Table.from_arrays(
        [string_array(list(texts)), string_array(list(texts.values()))],
        names=["source_id", "text"]))
    for table in model.tables:
        if table.span is not None and table.name in typed:
            check_table_spans(connection, texts, table, report)
    connection.unregister("texts")


def expected_sql(table: Table) -> str:
    """For each row, its first alternative whose columns are not all empty, joined."""
    cases = []
    for columns in table.span.text:
        given = " OR ".join(f"t.{quoted(c)} IS NOT NULL" for c in columns)
        joined = " || ".join(f"coalesce(t.{quoted(c)}, '')" for c in columns)
        cases.append(f"WHEN {given} THEN {joined}")
    return f"CASE {' '.join(cases)} END"


def spans_sql(table: Table) -> str:
    """The rows whose span does not hold: source held, offsets within the text, the expected
    text there (DuckDB counts code points, as Python does)."""
    span = table.span
    source, join = f"t.{quoted(span.source)}", ""
    if span.via is not None:
        reference = table.reference_of(span.via)
        join = (f"LEFT JOIN {quoted(reference['resource'] + '__typed')} AS r ON "
                f"r.{quoted(reference['fields'][0])} = t.{quoted(span.via)}")
        source = f"r.{quoted(span.source)}"
    key = ", ".join(f"CAST(t.{quoted(k)} AS VARCHAR)" for k in table.primary_key)
    start, end = f"t.{quoted(span.start)}", f"t.{quoted(span.end)}"
    located = (f"SELECT t.{ROW} AS row_number, [{key}] AS key, {source} AS source_id, "
               f"{start} AS s, {end} AS e, {expected_sql(table)} AS expected "
               f"FROM {quoted(table.name + '__typed')} AS t {join} WHERE {start} IS NOT NULL")
    return (f"SELECT row_number, key, source_id, s, e, expected, text IS NOT NULL AS held, "
            f"CASE WHEN e IS NOT NULL AND s >= 0 AND e >= s THEN substring(text, s + 1, e - s) "
            f"END AS piece FROM ({located}) LEFT JOIN texts USING (source_id) "
            f"WHERE NOT coalesce(text IS NOT NULL AND s >= 0 AND e >= s "
            f"AND e <= length(text) AND substring(text, s + 1, e - s) = expected, false) "
            f"ORDER BY row_number")


def check_table_spans(connection, texts: dict, table: Table, report: Report) -> None:
    name = f"data/{table.name}.csv"
    for row, key, source, start, end, expected, held, piece in connection.sql(
            spans_sql(table)).fetchall():
        where = "/".join(str(k) for k in key)
        if not held:
            report.add(name, f"{where}: source {source!r} is not held", row)
            continue
        report.add(name, f"{where}: span {start}-{end} of {source} is {piece!r}, not "
                   f"{expected!r}", row)


# --- orphans -------------------------------------------------------------------------------
def check_orphans(connection, typed: dict, model: Model, report: Report) -> None:
    """Every organization and forum is referred to by a row of another table, or is the
    parent of one that is."""
    for target in ("organizations", "forums"):
        if target not in typed:
            continue
        table = model.table(target)
        used = [f"SELECT {quoted(column)} AS id FROM {quoted(other.name + '__typed')}"
                for other in model.tables if other.name in typed
                for column in other.columns_referring_to(target)]
        used += [f"SELECT {quoted(column)} AS id FROM {quoted(target + '__typed')}"
                 for column in table.columns_referring_to_self()]
        id_column = quoted(table.primary_key[0])
        query = (f"SELECT {ROW}, {id_column} FROM {quoted(target + '__typed')} WHERE "
                 f"{id_column} NOT IN (SELECT id FROM ({' UNION ALL '.join(used)}) "
                 f"WHERE id IS NOT NULL) ORDER BY {id_column}")
        for row, entity in connection.sql(query).fetchall():
            report.add(f"data/{target}.csv", f"{entity} is referenced by no row", row)
