"""The CSVs as published, read once: every value as text (empty = no value), each row numbered
as frictionless numbers it (the header is row 1), then typed by the model.

Read with pyarrow's CSV reader (RFC 4180, UTF-8 checked). The field and key checks read these
text columns (scripts/validate/checks.py); the checks across tables (scripts/validate/
semantics.py), the workbook and the database are compared with their typed forms (integers,
booleans; dates stay ISO text, as in the CSV; a value not of its type is no value there, and
the field checks report it).
"""

from __future__ import annotations

import array
import csv
import io
import itertools
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from scripts.lib.model import Model, Table, example_keys
from scripts.validate.report import Report
from scripts.write_tables import csv_text_bytes, read_csv_arrow

ROW = "_row"  # the row-number column added to every table


def first_difference(got, wanted) -> int | None:
    """The first position (0-based) where two sequences (lists, bytes) differ, or None."""
    for index, (a, b) in enumerate(zip(got, wanted, strict=False)):
        if a != b:
            return index
    return None if len(got) == len(wanted) else min(len(got), len(wanted))


def read_tables(directory: Path, model: Model, report: Report) -> dict[str, pa.Table]:
    """Each table's CSV as text columns plus `_row`; a table that cannot be read is reported."""
    tables = {}
    for table in model.tables:
        name = f"data/{table.name}.csv"
        try:
            data = (directory / name).read_bytes()
            text = read_csv_arrow(io.BytesIO(data), table, typed=False)
        except (OSError, pa.ArrowInvalid) as error:
            report.add(name, csv_problem(directory / name) or f"cannot be read as CSV: {error}")
            continue
        if text.column_names != table.field_names:
            report.add(name, f"columns {text.column_names} are not the schema's "
                       f"{table.field_names}")
            continue
        written = csv_text_bytes(table.field_names, [
            ["" if v is None else v for v in text.column(n).to_pylist()]
            for n in table.field_names])
        if written != data:
            # a BOM, CR line ends, blank lines, other quoting: what readers take otherwise
            at = first_difference(data, written) or 0
            report.add(name, f"holds its rows but not as the package writes them (UTF-8 "
                       f"without BOM, LF line ends, minimal quoting; byte {at + 1} differs): "
                       "restore it from the release zip or git, or rebuild with `make build`")
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
    """2, 3, … as an int64 array (frictionless's row numbers: the header is row 1)."""
    return int_array(range(2, count + 2))


def int_array(numbers) -> pa.Array:
    """Integers as an int64 array, built from a buffer: pa.array() would import pandas."""
    values = array.array("q", numbers)
    return pa.Array.from_buffers(pa.int64(), len(values), [None, pa.py_buffer(values)])


def string_array(values: list[str]) -> pa.Array:
    """Texts as a large_string array, built from buffers: pa.array() would import pandas."""
    data = [value.encode("utf-8") for value in values]
    offsets = array.array("q", itertools.accumulate(map(len, data), initial=0))
    return pa.Array.from_buffers(pa.large_string(), len(data),
                                 [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(data))])


def typed_integers(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Integers where the text is one (-?[0-9]+ within 64 bits), else no value (the field
    checks report those)."""
    from scripts.validate.checks import (  # here: checks.py imports this module
        BIGINT,
        INTEGER,
        bool_scalar,
        null_scalar,
        positions,
        unmatched,
    )

    whole = pc.if_else(pc.fill_null(unmatched(column, INTEGER), bool_scalar(True)),
                       null_scalar(column.type), column)
    try:
        return pc.cast(whole, pa.int64())
    except pa.ArrowInvalid:  # beyond 64 bits: those become no value
        values = whole.to_pylist()
        beyond = [i for i in positions(pc.is_valid(whole)) if int(values[i]) not in BIGINT]
        mask = pc.is_in(row_numbers(len(values)), value_set=int_array([i + 2 for i in beyond]))
        return pc.cast(pc.if_else(mask, null_scalar(column.type), whole), pa.int64())


def typed_booleans(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """true and false as booleans, anything else no value."""
    given = pc.is_in(column, value_set=string_array(["true", "false"]).cast(column.type))
    return pc.if_else(given, pc.equal(column, string_array(["true"]).cast(column.type)[0]),
                      pa.nulls(1, pa.bool_())[0])


def typed_table(text: pa.Table, table: Table) -> pa.Table:
    """The table with the model's types: integers, booleans; dates stay ISO text."""
    converters = {"integer": typed_integers, "boolean": typed_booleans}
    columns = [converters.get(field["type"], lambda column: column)(text.column(field["name"]))
               for field in table.fields]
    return pa.Table.from_arrays([*columns, text.column(ROW)], names=[*table.field_names, ROW])


def typed_tables(tables: dict[str, pa.Table], model: Model) -> dict[str, pa.Table]:
    """The typed form of each text table that could be read, by name."""
    return {table.name: typed_table(tables[table.name], table) for table in model.tables
            if table.name in tables}


def rows_of(data: pa.Table, names) -> list[tuple]:
    """The rows of some columns, as tuples."""
    return list(zip(*(data.column(name).to_pylist() for name in names), strict=True))


def columns(typed: pa.Table, table: Table) -> list[list]:
    """A typed table's columns (the model's, without `_row`) as lists of Python values."""
    return [typed.column(name).to_pylist() for name in table.field_names]


def rows(typed: pa.Table) -> list[dict]:
    """A typed table's rows as JSON values (None for no value), without `_row`."""
    return typed.drop_columns([ROW]).to_pylist()


def read_rows(directory: Path, model: Model) -> dict[str, list[dict]]:
    """Every table's typed rows (for tests and tools): {table: [row, …]}."""
    typed = typed_tables(read_tables(directory, model, Report()), model)
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
