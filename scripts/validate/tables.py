"""The CSVs as published, read once: every value as text (empty = no value), each row numbered
as frictionless numbers it (the header is row 1), then typed by the model.

Read with pyarrow's CSV reader (RFC 4180, UTF-8 checked). The field and key checks read these
text columns (scripts/validate/checks.py); the checks across tables (scripts/validate/
semantics.py) query them in one DuckDB connection, under the table's name (text) and
`<name>__typed` (integers, booleans; dates stay ISO text, as in the CSV).
"""

from __future__ import annotations

import array
import csv
import io
import itertools
from pathlib import Path

import pyarrow as pa

from scripts.lib.model import Model, Table, example_keys
from scripts.validate.report import Report
from scripts.write_tables import read_csv_arrow

ROW = "_row"  # the row-number column added to every table


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_tables(directory: Path, model: Model, report: Report) -> dict[str, pa.Table]:
    """Each table's CSV as text columns plus `_row`; a table that cannot be read is reported."""
    tables = {}
    for table in model.tables:
        name = f"data/{table.name}.csv"
        try:
            text = read_csv_arrow(directory / name, table, typed=False)
        except (OSError, pa.ArrowInvalid) as error:
            report.add(name, csv_problem(directory / name) or f"cannot be read as CSV: {error}")
            continue
        if text.column_names != table.field_names:
            report.add(name, f"columns {text.column_names} are not the schema's "
                       f"{table.field_names}")
            continue
        tables[table.name] = text.append_column(ROW, row_numbers(text.num_rows))
    return tables


def csv_problem(path: Path) -> str | None:
    """Where a CSV that pyarrow cannot read goes wrong: its first byte that is not UTF-8, or
    its first row whose cells are not the header's number; None if neither."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return f"byte {error.start + 1}: is not UTF-8 text"
    except OSError:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        for row in reader:
            if len(row) != len(header):
                return (f"line {reader.line_num}: has {len(row)} cells, the header "
                        f"{len(header)}")
    except csv.Error as error:
        return f"line {reader.line_num}: is not a CSV that can be read: {error}"
    return None


def row_numbers(count: int) -> pa.Array:
    """2, 3, … as an int64 array, built from a buffer: pa.array() would import pandas."""
    values = array.array("q", range(2, count + 2))
    return pa.Array.from_buffers(pa.int64(), count, [None, pa.py_buffer(values)])


def string_array(values: list[str]) -> pa.Array:
    """Texts as a large_string array, built from buffers: pa.array() would import pandas."""
    data = [value.encode("utf-8") for value in values]
    offsets = array.array("q", itertools.accumulate(map(len, data), initial=0))
    return pa.Array.from_buffers(pa.large_string(), len(data),
                                 [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(data))])


def typed_sql(table: Table) -> str:
    """The table's rows in CSV order with the model's types: integers, booleans; a value that
    is not of its type becomes NULL here (the field checks report it)."""
    columns = []
    for field in table.fields:
        column = quoted(field["name"])
        if field["type"] == "integer":
            columns.append(f"TRY_CAST({column} AS BIGINT) AS {column}")
        elif field["type"] == "boolean":
            columns.append(f"CASE {column} WHEN 'true' THEN true WHEN 'false' THEN false END "
                           f"AS {column}")
        else:
            columns.append(column)
    return f"SELECT {', '.join(columns)}, {ROW} FROM {quoted(table.name)} ORDER BY {ROW}"


def load(connection, tables: dict[str, pa.Table]) -> None:
    """The text tables as DuckDB's own tables (queries on them run about twice as fast as on
    registered Arrow tables)."""
    for name, table in tables.items():
        connection.register("arrow_input", table)
        connection.execute(f"CREATE TABLE {quoted(name)} AS SELECT * FROM arrow_input")
        connection.unregister("arrow_input")


def register(connection, tables: dict[str, pa.Table], model: Model) -> dict[str, pa.Table]:
    """Load the text tables and register their typed forms; the typed tables, by name."""
    load(connection, tables)
    typed = {}
    for table in model.tables:
        if table.name not in tables:
            continue
        typed[table.name] = connection.sql(typed_sql(table)).to_arrow_table()
        connection.register(f"{table.name}__typed", typed[table.name])
    return typed


def columns(typed: pa.Table, table: Table) -> list[list]:
    """A typed table's columns (the model's, without `_row`) as lists of Python values."""
    return [typed.column(name).to_pylist() for name in table.field_names]


def rows(typed: pa.Table) -> list[dict]:
    """A typed table's rows as JSON values (None for no value), without `_row`."""
    return typed.drop_columns([ROW]).to_pylist()


def read_rows(directory: Path, model: Model) -> dict[str, list[dict]]:
    """Every table's typed rows (for tests and tools): {table: [row, …]}."""
    import duckdb

    report = Report()
    tables = read_tables(directory, model, report)
    with duckdb.connect() as connection:
        typed = register(connection, tables, model)
    return {name: rows(table) for name, table in typed.items()}


def published_model(model: Model, tables: dict[str, pa.Table]) -> Model:
    """The model as the build published it: each field's example taken from the rows
    (Model.with_examples), given only the rows an example names."""
    cells = {}
    for table in model.tables:
        keys = [{c: str(v) for c, v in key.items()} for key in example_keys(table)]
        text = tables.get(table.name)
        cells[table.name] = [] if text is None else example_rows(text, keys)
    return model.with_examples(cells)


def example_rows(text: pa.Table, keys: list[dict[str, str]]) -> list[dict[str, str]]:
    """The first row matching each key, as CSV text ("" for no value)."""
    values = {column: text.column(column).to_pylist() for key in keys for column in key}
    found = set()
    for key in keys:
        found |= {next((i for i in range(text.num_rows)
                        if all(values[c][i] == v for c, v in key.items())), -1)}
    found.discard(-1)
    return [{name: "" if value is None else value
             for name, value in text.slice(i, 1).to_pylist()[0].items() if name != ROW}
            for i in sorted(found)]
