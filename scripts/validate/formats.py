"""The Parquet files, the workbook and the database hold the CSVs' rows, as the model says."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from scripts.lib.model import Model, Table
from scripts.validate.files import extra_formats
from scripts.validate.report import Report
from scripts.write_tables import ARROW_TYPES


def check_parquet(directory: Path, frames: dict, model: Model, report: Report) -> None:
    for table in model.tables:
        name = f"data/{table.name}.parquet"
        try:
            arrow = pq.read_table(directory / name)
        except Exception as error:  # pyarrow raises several types for a damaged file
            report.add(name, f"cannot be read: {error}")
            continue
        expected = [(f["name"], ARROW_TYPES[f["type"]]) for f in table.fields]
        actual = [(f.name, f.type) for f in arrow.schema]
        if actual != expected:
            report.add(name, f"columns/types {actual} are not the schema's {expected}")
            continue
        csv = frames[table.name].reset_index(drop=True)
        if not as_frame(arrow, table).equals(csv):
            report.add(name, "rows differ from the CSV")


def as_frame(arrow, table) -> pd.DataFrame:
    """A Parquet table in the same pandas types as `typed` gives for the CSV."""
    mapping = {pa.string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype(),
               pa.bool_(): pd.BooleanDtype()}
    frame = arrow.to_pandas(types_mapper=mapping.get, date_as_object=True)
    for field in table.fields:
        if field["type"] == "date":
            column = frame[field["name"]]
            frame[field["name"]] = column.map(
                lambda v: None if v is None or v is pd.NaT else v.isoformat()).astype("string")
    return frame


def plain(value):
    if value is None or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value


def frame_values(frame: pd.DataFrame) -> list[tuple]:
    """Typed CSV rows as plain Python values (None for no value)."""
    return [tuple(plain(v) for v in row)
            for row in frame.astype(object).itertuples(index=False, name=None)]


def check_workbook(directory: Path, descriptor: dict, frames: dict, model: Model,
                   report: Report) -> None:
    from openpyxl import load_workbook

    name = extra_formats(descriptor)["xlsx"]
    try:
        workbook = load_workbook(directory / name, read_only=True)
    except Exception as error:  # openpyxl raises several types for a damaged file
        report.add(name, f"cannot be read: {error}")
        return
    try:
        expected_sheets = ["about"] + model.names
        if workbook.sheetnames != expected_sheets:
            report.add(name, f"sheets {workbook.sheetnames} are not {expected_sheets}")
            return
        for table in model.tables:
            rows = list(workbook[table.name].iter_rows(values_only=True))
            if not rows or list(rows[0]) != table.field_names:
                report.add(name, f"sheet {table.name}: header is not {table.field_names}")
                continue
            if [tuple(row) for row in rows[1:]] != frame_values(frames[table.name]):
                report.add(name, f"sheet {table.name}: rows differ from "
                           f"data/{table.name}.csv (rebuild with `make build`)")
        fields = {(row[0], row[1]) for row in workbook["about"].iter_rows(values_only=True)
                  if len(row) > 1}
        for table in model.tables:
            for field in table.field_names:
                if (table.name, field) not in fields:
                    report.add(name, f"sheet about does not describe {table.name}.{field}")
    finally:
        workbook.close()


def check_sqlite(directory: Path, descriptor: dict, frames: dict, model: Model,
                 report: Report) -> None:
    name = extra_formats(descriptor)["sqlite"]
    path = (directory / name).resolve()
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlite3.Error as error:
        report.add(name, f"cannot be read: {error}")
        return
    try:
        for table in model.tables:
            problems = sqlite_schema_problems(connection, table)
            if not problems and sqlite_rows(connection, table) != frame_values(
                    frames[table.name]):
                problems.append(f"rows differ from data/{table.name}.csv (rebuild with "
                                "`make build`)")
            for problem in problems:
                report.add(name, f"table {table.name}: {problem}")
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            report.add(name, f"{len(broken)} row(s) break a foreign key, first: {broken[0]}")
    finally:
        connection.close()


def sqlite_schema_problems(connection, table: Table) -> list[str]:
    """How the database's table differs from the model: columns, keys, indexes."""
    columns = connection.execute(f'PRAGMA table_info("{table.name}")').fetchall()
    if [c[1] for c in columns] != table.field_names:
        return [f"columns are not {table.field_names}"]
    problems = []
    key = sorted((c[5], c[1]) for c in columns if c[5])
    if [c for _, c in key] != table.primary_key:
        problems.append(f"primary key is not {table.primary_key}")
    declared = connection.execute(f'PRAGMA foreign_key_list("{table.name}")').fetchall()
    found = sorted((row[2], row[3], row[4]) for row in declared)
    wanted = sorted((k["reference"]["resource"], k["fields"][0], k["reference"]["fields"][0])
                    for k in table.foreign_keys)
    if found != wanted:
        problems.append(f"foreign keys {found} are not {wanted}")
    indexed = {connection.execute(f'PRAGMA index_info("{index[1]}")').fetchall()[0][2]
               for index in connection.execute(f'PRAGMA index_list("{table.name}")').fetchall()}
    problems += [f"no index on {foreign['fields']}" for foreign in table.foreign_keys
                 if foreign["fields"][0] not in indexed]
    return problems


def sqlite_rows(connection, table: Table) -> list[tuple]:
    """The table's rows in key order, booleans as True/False."""
    order = ", ".join(f'"{k}"' for k in table.primary_key)
    rows = connection.execute(f'SELECT * FROM "{table.name}" ORDER BY {order}').fetchall()
    booleans = [f["type"] == "boolean" for f in table.fields]
    return [tuple(None if v is None else bool(v) if is_bool else v
                  for v, is_bool in zip(row, booleans, strict=True)) for row in rows]
