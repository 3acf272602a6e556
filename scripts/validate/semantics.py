"""What the schemas cannot say: dates in order, spans that hold, no orphan organizations."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from scripts.lib.model import Model, Span, Table
from scripts.validate.report import Report


def check_semantics(directory: Path, frames: dict, model: Model, report: Report) -> None:
    meetings, sources = frames["meetings"], frames["sources"]
    dated = meetings.dropna(subset=["start_date", "end_date"])
    for row in dated[dated["end_date"] < dated["start_date"]].itertuples():
        report.add("data/meetings.csv", f"{row.meeting_id} ends before it starts")
    joined = meetings.merge(sources[["source_id", "published"]], on="source_id", how="left")
    late = joined.dropna(subset=["end_date", "published"])
    for row in late[late["end_date"] > late["published"]].itertuples():
        report.add("data/meetings.csv", f"{row.meeting_id} ends after its source is published")
    check_spans(directory, frames, model, report)
    check_orphans(frames, model, report)


# --- spans ---------------------------------------------------------------------------------
def held_texts(directory: Path, frames: dict, report: Report) -> dict[str, str]:
    """The text of every held source, read from the package folder being validated."""
    texts = {}
    for row in frames["sources"].dropna(subset=["path"]).itertuples():
        path = directory / row.path
        if path.is_file():
            texts[row.source_id] = path.read_text(encoding="utf-8")
        else:
            report.add(row.path, f"the held text of {row.source_id} is not in the package")
    return texts


def check_spans(directory: Path, frames: dict, model: Model, report: Report) -> None:
    """Every span of every table with a `span` equals the text it claims (model/tables.yaml)."""
    texts = held_texts(directory, frames, report)
    with duckdb.connect() as connection:
        connection.register("texts", pd.DataFrame({"source_id": list(texts),
                                                   "text": list(texts.values())}))
        for table in model.tables:
            if table.span is not None:
                check_table_spans(connection, texts, frames, table, report)


def located(frames: dict, table: Table) -> pd.DataFrame:
    """The table's rows that carry a span, with their source id in column `_source`."""
    span = table.span
    frame = frames[table.name].dropna(subset=[span.start])
    if span.via is None:
        return frame.assign(_source=frame[span.source])
    reference = table.reference_of(span.via)
    target = frames[reference["resource"]][[reference["fields"][0], span.source]]
    target = target.rename(columns={reference["fields"][0]: span.via, span.source: "_source"})
    return frame.merge(target, on=span.via, how="left")


def expected_text(frame: pd.DataFrame, span: Span) -> pd.Series:
    """For each row, its first alternative whose columns are not all empty, joined."""
    expected = pd.Series(pd.NA, index=frame.index, dtype="string")
    for columns in reversed(span.text):
        present = frame[list(columns)].notna().any(axis=1)
        joined = frame[columns[0]].fillna("").astype("string")
        for column in columns[1:]:
            joined = joined + frame[column].fillna("").astype("string")
        expected = joined.where(present, expected)
    return expected


def check_table_spans(connection, texts: dict, frames: dict, table: Table,
                      report: Report) -> None:
    """One query finds the rows whose span may not hold; only those are reported one by one."""
    frame = located(frames, table)
    expected = expected_text(frame, table.span)
    bad = span_suspects(connection, frame, expected)
    key = table.primary_key
    for index in bad:
        row = frame.iloc[index]
        where = "/".join(str(row[k]) for k in key)
        source = row["_source"]
        if source not in texts:
            report.add(f"data/{table.name}.csv", f"{where}: source {source!r} is not held")
            continue
        start, end = row[table.span.start], row[table.span.end]
        piece = texts[source][start:end] if pd.notna(end) else None
        report.add(f"data/{table.name}.csv", f"{where}: span {start}-{end} of {source} is "
                   f"{piece!r}, not {expected.iloc[index]!r}")


def span_suspects(connection, frame: pd.DataFrame, expected: pd.Series) -> list[int]:
    """Positions of the rows whose span does not hold: source held, offsets within the text,
    the expected text there (DuckDB counts code points, as Python does)."""
    spans = pd.DataFrame({"pos": range(len(frame)),
                          "source_id": frame["_source"].astype("string").values,
                          "s": frame["char_start"].values, "e": frame["char_end"].values,
                          "expected": expected.values})
    connection.register("spans", spans)
    bad = connection.execute("""
        SELECT pos FROM spans LEFT JOIN texts USING (source_id)
        WHERE NOT coalesce(text IS NOT NULL AND s >= 0 AND e >= s AND e <= length(text)
                           AND substring(text, s + 1, e - s) = expected, false)
        ORDER BY pos""").fetchnumpy()["pos"]
    connection.unregister("spans")
    return [int(pos) for pos in bad]


# --- orphans -------------------------------------------------------------------------------
def check_orphans(frames: dict, model: Model, report: Report) -> None:
    """Every organization and forum is referred to by a row of another table, or is the
    parent of one that is."""
    for target in ("organizations", "forums"):
        table = model.table(target)
        used = set()
        for other in model.tables:
            for column in other.columns_referring_to(target):
                used |= set(frames[other.name][column].dropna())
        id_column = table.primary_key[0]
        parent_column = table.columns_referring_to_self()[0]
        parents = set(frames[target][parent_column].dropna())
        for entity in sorted(set(frames[target][id_column]) - used - parents):
            report.add(f"data/{target}.csv", f"{entity} is referenced by no row")
