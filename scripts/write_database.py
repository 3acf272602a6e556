"""Stage 7c, tables -> data/<name>.sqlite: every table in one SQLite database, byte-stable.

The same tables and columns as the CSVs, primary and foreign keys declared, NOT NULL for
required fields, CHECK constraints for enums, minimums, booleans (0/1) and dates (YYYY-MM-DD),
an index on every foreign key that the primary key does not already lead with, and each field's
description as a comment in the CREATE TABLE statement (`.schema` in the sqlite3 shell shows
them). Built in memory with rows inserted in key order, then written with VACUUM INTO: the bytes
depend only on the rows and the SQLite library version.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from pathlib import Path

from scripts.lib.errors import BuildError
from scripts.lib.model import Model, Table

SQLITE_MEDIATYPE = "application/vnd.sqlite3"
SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "date": "TEXT"}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def comment(text: str) -> str:
    return " ".join(str(text).split())


def column_sql(field: dict, primary_key: list[str]) -> tuple[str, list[str]]:
    name, constraints = quote(field["name"]), field.get("constraints", {})
    sql = f"{name} {SQL_TYPES[field['type']]}"
    if constraints.get("required"):
        sql += " NOT NULL"
    if constraints.get("unique") and primary_key != [field["name"]]:
        sql += " UNIQUE"
    checks = []
    if field["type"] == "boolean":
        checks.append(f"{name} IN (0, 1)")
    if field["type"] == "date":
        checks.append(f"date({name}, '+0 days') IS {name}")  # rejects 2024-02-30
    if "enum" in constraints:
        checks.append(f"{name} IN ({', '.join(literal(v) for v in constraints['enum'])})")
    if "minimum" in constraints:
        checks.append(f"{name} >= {literal(constraints['minimum'])}")
    return sql, checks


def create_table_sql(table: Table) -> str:
    lines = [f"  -- {comment(table.definition['title'])}: "
             f"{comment(table.definition['description'])} NULL: no value."]
    items: list[tuple[str, str]] = []
    for field in table.fields:
        sql, checks = column_sql(field, table.primary_key)
        note = f"{field['type']}; {comment(field.get('description', ''))}"
        if field["type"] == "boolean":
            note = f"boolean, 1 = true, 0 = false; {comment(field.get('description', ''))}"
        items.append((sql + "".join(f" CHECK ({c})" for c in checks), note))
    items.append((f"PRIMARY KEY ({', '.join(quote(k) for k in table.primary_key)})", ""))
    for foreign in table.foreign_keys:
        reference = foreign["reference"]
        items.append((f"FOREIGN KEY ({', '.join(quote(f) for f in foreign['fields'])}) "
                      f"REFERENCES {quote(reference['resource'])} "
                      f"({', '.join(quote(f) for f in reference['fields'])})", ""))
    for number, (sql, note) in enumerate(items, start=1):
        separator = "," if number < len(items) else ""
        lines.append(f"  {sql}{separator}" + (f" -- {note}" if note else ""))
    return f"CREATE TABLE {quote(table.name)} (\n" + "\n".join(lines) + "\n)"


def index_sql(table: Table) -> list[str]:
    statements = []
    for foreign in table.foreign_keys:
        fields = foreign["fields"]
        if table.primary_key[:len(fields)] == fields:
            continue  # the primary key's index already leads with these columns
        statements.append(f"CREATE INDEX {quote(table.name + '__' + '__'.join(fields))} ON "
                          f"{quote(table.name)} ({', '.join(quote(f) for f in fields)})")
    return statements


def sql_value(value, field_type: str):
    if value is None or value == "":
        return None
    if field_type == "boolean":
        return 1 if value else 0
    if field_type == "date":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if field_type == "integer":
        return int(value)
    return str(value)


def schema_sql(model: Model) -> list[str]:
    """Every CREATE TABLE and CREATE INDEX statement of the database, in order."""
    statements = []
    for table in model.tables:
        statements.append(create_table_sql(table))
        statements += index_sql(table)
    return statements


def insert_rows(connection, table: Table, rows: list[dict]) -> None:
    types = [f["type"] for f in table.fields]
    insert = (f"INSERT INTO {quote(table.name)} VALUES "
              f"({', '.join('?' for _ in table.fields)})")
    ordered = sorted(rows, key=lambda r: tuple(r[k] for k in table.primary_key))
    columns = [[row[name] for row in ordered] for name in table.field_names]
    columns = [[None if v is None or v == "" else v if v.__class__ is str else str(v)
                for v in column] if kind == "string" else [sql_value(v, kind) for v in column]
               for column, kind in zip(columns, types, strict=True)]
    values = list(zip(*columns, strict=True))
    connection.execute("SAVEPOINT rows")
    try:
        connection.executemany(insert, values)
        connection.execute("RELEASE rows")
        return
    except sqlite3.IntegrityError:
        connection.execute("ROLLBACK TO rows")
    for row, row_values in zip(ordered, values, strict=True):  # which row SQLite refuses
        try:
            connection.execute(insert, row_values)
        except sqlite3.IntegrityError as error:
            key = {k: row[k] for k in table.primary_key}
            raise BuildError(f"data/{table.name}", f"row {key}", f"SQLite rejects it: {error}",
                             "fix the input the row is built from") from None


def sqlite_bytes(rows_by_table: dict[str, list[dict]], model: Model) -> bytes:
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("PRAGMA page_size = 1024")  # a small database: less padding
        connection.execute("PRAGMA encoding = 'UTF-8'")
        for statement in schema_sql(model):
            connection.execute(statement)
        for table in model.tables:
            insert_rows(connection, table, rows_by_table[table.name])
        connection.commit()
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise BuildError("data (SQLite)", "foreign keys",
                             f"{len(broken)} row(s) refer to missing rows, first: {broken[0]}",
                             "fix the input the row is built from")
        return vacuumed(connection)
    finally:
        connection.close()


def vacuumed(connection) -> bytes:
    """The database's bytes, written compactly into a temporary file (VACUUM INTO)."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "package.sqlite"
        try:
            connection.execute("VACUUM INTO ?", (str(target),))
        except sqlite3.OperationalError as error:  # a full disk, a file-size limit
            raise BuildError("data/*.sqlite (written first in the temporary folder)", "file",
                             f"SQLite could not write the database: {error}",
                             "free disk space in the temporary folder (TMPDIR) or raise the "
                             "file-size limit (ulimit -f), and build again") from None
        return target.read_bytes()
