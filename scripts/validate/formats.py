"""The Parquet files and the SQLite database hold the CSVs' rows, as the model says.

Parquet: the model's columns, types and nullability in schema order, column for column the
same values as the CSV, a footer a reader acts on only as scripts/write_tables.py writes it
(no key-value metadata: pandas' `index_columns` would make meeting_id the index; the writer's
format version, no sorting claim, page index or bloom filter, statistics that are the values'
own), each named by what it is; and then every byte what the writer writes of the CSV's rows
(a converted type beside the logical one, which pyarrow ignores and DuckDB reads).

SQLite: the schema is exactly the model's (sqlite_master holds the statements
scripts/write_database.py writes, as this SQLite library records them: no other table, view,
trigger or index), the database is sound (integrity_check: its indexes too) and its foreign
keys hold, it is in rollback-journal mode with no free pages, and every table has the CSV's
rows in their order, stored as the writer stores them (integers as integers: 1.0 == 1 in
Python). The schema is compared as SQL text, not as bytes, so that a user's different SQLite
version does not make a valid database look changed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from scripts.lib.model import Model, Table
from scripts.validate.report import Report
from scripts.validate.tables import first_difference
from scripts.write_database import schema_sql
from scripts.write_tables import ARROW_TYPES, PARQUET_OPTIONS, parquet_bytes, read_csv_arrow

STORED = {"string": "text", "integer": "integer", "boolean": "integer", "date": "text"}


def check_parquet(directory: Path, tables: dict[str, pa.Table], model: Model,
                  report: Report, made: dict[str, bytes] | None = None) -> None:
    """`tables`: the CSVs that could be read (as text); each is read again with its types.
    `made`: the bytes the writer made of these CSVs, if the caller has them."""
    for table in model.tables:
        name = f"data/{table.name}.parquet"
        try:
            file = pq.ParquetFile(directory / name)
            arrow = file.read()
        except Exception as error:  # pyarrow raises several types for a damaged file
            report.add(name, f"cannot be read: {error}")
            continue
        expected = [(f["name"], ARROW_TYPES[f["type"]],
                     not f.get("constraints", {}).get("required", False)) for f in table.fields]
        actual = [(f.name, f.type, f.nullable) for f in arrow.schema]
        if actual != expected:
            report.add(name, f"columns (name, type, nullable) {actual} are not the schema's "
                       f"{expected}")
            continue
        footer_problem = parquet_footer_problem(file.metadata, arrow)
        if footer_problem:
            report.add(name, f"{footer_problem}, which scripts/write_tables.py does not write "
                       "and a reader acts on (rebuild with `make build`)")
            continue
        if table.name in tables:
            try:
                csv = read_csv_arrow(directory / "data" / f"{table.name}.csv", table, True)
            except pa.ArrowInvalid:
                continue  # a value not of its type: reported by the field checks
            if compare_columns(name, arrow, csv, table, report):
                wanted = (made or {}).get(table.name) or parquet_bytes(table, csv)
                compare_bytes(directory / name, name, wanted, report)


def compare_bytes(path: Path, name: str, wanted: bytes, report: Report) -> None:
    """The file is every byte what the writer writes of the same rows: what a reader may act
    on and the checks above do not look at (a converted type beside the logical one, which
    pyarrow ignores and DuckDB reads) is then the writer's too."""
    data = path.read_bytes()
    if data != wanted:
        at = first_difference(data, wanted) or 0
        report.add(name, f"holds the CSV's rows but not as scripts/write_tables.py writes them "
                   f"(byte {at + 1} differs; {len(data)} bytes, the writer's {len(wanted)}): "
                   "rebuild with `make build`")


def parquet_footer_problem(metadata: pq.FileMetaData, arrow: pa.Table) -> str | None:
    """What of the footer differs from what write_parquet writes, in a way a reader acts on."""
    if metadata.metadata:
        keys = ", ".join(sorted(k.decode("utf-8", "replace") for k in metadata.metadata))
        return f"the footer holds key-value metadata ({keys})"
    fields = [f.name for f in arrow.schema if f.metadata]
    if fields:
        return f"column {fields[0]} holds metadata (a field id)"
    if metadata.format_version != PARQUET_OPTIONS["version"]:
        return f"format version is {metadata.format_version}, not {PARQUET_OPTIONS['version']}"
    start = 0
    for index in range(metadata.num_row_groups):
        group = metadata.row_group(index)
        if group.sorting_columns:
            return f"row group {index} claims a sort order"
        rows = arrow.slice(start, group.num_rows)
        start += group.num_rows
        for position in range(group.num_columns):
            problem = chunk_problem(group.column(position), rows.column(position))
            if problem:
                return f"row group {index}, column {arrow.schema[position].name}: {problem}"
    return None


def chunk_problem(chunk, values: pa.ChunkedArray) -> str | None:
    if chunk.metadata:
        return "holds key-value metadata"
    if chunk.has_column_index or chunk.has_offset_index:
        return "has a page index"
    if chunk.bloom_filter_offset is not None:
        return "has a bloom filter"
    statistics = chunk.statistics if chunk.is_stats_set else None
    if statistics is None:
        return None  # nothing a reader could skip rows on (the bytes are compared below)
    if statistics.distinct_count is not None:
        return f"states a distinct count ({statistics.distinct_count})"
    if statistics.null_count != values.null_count:
        return (f"its statistics count {statistics.null_count} empty values, not "
                f"{values.null_count}")
    if not statistics.has_min_max:  # pyarrow leaves them out for a value over 4 KiB
        return None
    bounds = pc.min_max(values).as_py() if values.null_count < len(values) else None
    stated = {"min": statistics.min, "max": statistics.max}
    if stated != bounds:
        return f"its statistics state min and max {stated}, not the values' {bounds}"
    return None


def compare_columns(name: str, arrow: pa.Table, csv: pa.Table, table: Table,
                    report: Report) -> bool:
    """Whether the file's columns are the CSV's (each difference reported)."""
    if arrow.num_rows != csv.num_rows:
        report.add(name, f"{arrow.num_rows} rows, but data/{table.name}.csv has {csv.num_rows}")
        return False
    same = True
    for field in table.fields:
        column = arrow.column(field["name"]).combine_chunks()
        wanted = csv.column(field["name"]).combine_chunks()
        if not column.equals(wanted):
            index = first_difference(column.to_pylist(), wanted.to_pylist())
            report.add(name, f"differs from data/{table.name}.csv", (index or 0) + 2,
                       field["name"])
            same = False
    return same


def check_sqlite(directory: Path, path: str, columns: dict[str, list[list]], model: Model,
                 report: Report) -> None:
    location = (directory / path).resolve()
    with open(location, "rb") as handle:
        header = handle.read(100)
    if header[18:20] != b"\x01\x01":  # the file format's read and write versions: 2 is WAL
        report.add(path, "is in WAL mode, which a reader on read-only media cannot open (the "
                   "writer leaves the rollback journal mode); rebuild with `make build`")
        return
    try:
        connection = sqlite3.connect(f"{location.as_uri()}?mode=ro&immutable=1", uri=True)
        schema = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"
                                    ).fetchall()
    except sqlite3.Error as error:
        report.add(path, f"cannot be read: {error}")
        return
    try:
        if not schema_holds(connection, schema, model, path, report):
            return
        for table in model.tables:
            if table.name in columns:
                compare_rows(connection, table, columns[table.name], path, report)
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            report.add(path, f"{len(broken)} row(s) break a foreign key, first: {broken[0]}")
        if connection.execute("PRAGMA freelist_count").fetchone() != (0,):
            report.add(path, "holds free pages (what was deleted may still be read there); "
                       "the writer leaves none")
    except sqlite3.Error as error:  # a text that is not UTF-8, a page that cannot be read
        report.add(path, f"cannot be read: {error}")
    finally:
        connection.close()


def schema_holds(connection, schema: list[tuple], model: Model, path: str,
                 report: Report) -> bool:
    """sqlite_master and the database's settings are what the model's statements give."""
    reference = sqlite3.connect(":memory:")
    try:
        for statement in schema_sql(model):
            reference.execute(statement)
        wanted = reference.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"
                                   ).fetchall()
        settings = [f"PRAGMA {p}" for p in ("encoding", "user_version", "application_id")]
        wanted_settings = [reference.execute(p).fetchall() for p in settings]
    finally:
        reference.close()
    found = {(kind, name): row for kind, name, *row in schema}
    expected = {(kind, name): row for kind, name, *row in wanted}
    for kind, name in sorted(set(found) | set(expected), key=str):
        if (kind, name) not in expected:
            report.add(path, f"{kind} {name} is not in the model (remove it; rebuild with "
                       "`make build`)")
        elif (kind, name) not in found:
            report.add(path, f"{kind} {name} is missing")
        elif found[(kind, name)] != expected[(kind, name)]:
            report.add(path, f"{kind} {name} is not defined as the model defines it")
    for setting, value in zip(settings, wanted_settings, strict=True):
        if connection.execute(setting).fetchall() != value:
            report.add(path, f"{setting.removeprefix('PRAGMA ')} is not {value[0][0]!r}")
    # integrity_check, not quick_check: it also holds each index to its table (an index that
    # lost rows answers the README's queries wrongly)
    if connection.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
        report.add(path, "is damaged (PRAGMA integrity_check)")
    return report.ok or not any(f.file == path for f in report.findings)


def compare_rows(connection, table: Table, columns: list[list], path: str,
                 report: Report) -> None:
    """The table's rows in primary-key order are the CSV's rows (which are in that order)."""
    names = ", ".join(f'"{n}"' for n in table.field_names)
    # in the order the writer inserts them (the CSV's), which a reader without ORDER BY sees
    got = connection.execute(f'SELECT {names} FROM "{table.name}" ORDER BY rowid').fetchall()
    wanted = list(zip(*columns, strict=True)) if columns else []
    if got != wanted:
        index = first_difference(got, wanted)
        report.add(path, f"table {table.name}: rows differ from data/{table.name}.csv "
                   "(rebuild with `make build`)", (index or 0) + 2)
        return
    # stored as the writer stores them: 1 == 1.0 == True in Python, not for a reader's types
    kinds = [STORED[f["type"]] for f in table.fields]
    wrong = connection.execute("SELECT " + ", ".join(
        f"sum(typeof(\"{n}\") NOT IN ('{k}', 'null'))" for n, k in
        zip(table.field_names, kinds, strict=True)) + f' FROM "{table.name}"').fetchone()
    for name, kind, count in zip(table.field_names, kinds, wrong, strict=True):
        if count:
            report.add(path, f"table {table.name}: {count} value(s) of {name} are not stored as "
                       f"{kind} (rebuild with `make build`)")
