"""Tables -> the formats people open: an Excel workbook and a SQLite database, byte-stable.

Workbook (data/<name>.xlsx): a first sheet `about` describing the dataset, every table and
every field, then one sheet per table in model order, header row frozen and filtered. Text and
date fields are text cells (number format `@`), so Excel never turns an ID, a date or a phone
number into a number, a date or a formula; integers are numbers, booleans are TRUE/FALSE.
openpyxl stamps the save time into docProps/core.xml and every zip entry; both are replaced by
the package's `created` date (model/package.yaml), so the same rows give the same bytes.

Database (data/<name>.sqlite): the same tables and columns, primary and foreign keys declared,
NOT NULL for required fields, CHECK constraints for enums, minimums, booleans (0/1) and dates
(YYYY-MM-DD), an index on every foreign key that the primary key does not already lead with,
and each field's description as a comment in the CREATE TABLE statement (`.schema` in the
sqlite3 shell shows them). Built in memory with rows inserted in key order, then written with
VACUUM INTO: the bytes depend only on the rows and the SQLite library version.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from scripts.dictionary import constraint_text as dictionary_constraint_text
from scripts.errors import BuildError
from scripts.model import Table, tables

XLSX_MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SQLITE_MEDIATYPE = "application/vnd.sqlite3"
EXCEL_CELL_LIMIT = 32767  # characters in one cell
CONVENTIONS = (
    "An empty cell means the sources do not state the value, unless a field says otherwise.",
    "Fields ending in _ja are verbatim Japanese from the source; fields marked UNOFFICIAL are "
    "English renderings by the dataset maintainers.",
    "char_start/char_end are code-point offsets into the source text (sources.path).",
    "IDs and dates are text cells: sort and filter them as text. Dates are YYYY-MM-DD.",
)


def created_datetime(meta: dict) -> dt.datetime:
    """The package's `created` (model/package.yaml) as a naive UTC datetime."""
    value = meta["created"]
    try:
        stamp = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise BuildError("model/package.yaml", "created", f"{value!r} is not an ISO date-time",
                         "write it as 'YYYY-MM-DDT00:00:00Z'") from None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    if stamp.year < 1980:
        raise BuildError("model/package.yaml", "created", f"{value!r} is before 1980",
                         "zip files cannot record earlier dates; give the release date")
    return stamp


def deterministic_zip(entries: list[tuple[str, bytes]], stamp: dt.datetime) -> bytes:
    """A zip of `entries` (in the order given) whose bytes depend only on names and contents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever system builds it
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


# --- the workbook -----------------------------------------------------------------------------
def constraint_text(field: dict) -> str:
    return dictionary_constraint_text(field).replace("`", "")


def workbook_bytes(rows_by_table: dict[str, list[dict]], meta: dict,
                   sources: list[dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.writer.excel import ExcelWriter

    stamp = created_datetime(meta)
    workbook = Workbook()
    about = workbook.active
    about.title = "about"
    write_about(about, rows_by_table, meta, sources, Font(bold=True))
    for table in tables():
        sheet = workbook.create_sheet(table.name)
        write_table_sheet(sheet, table, rows_by_table[table.name], Font(bold=True),
                          Alignment(vertical="top"))
    properties = workbook.properties
    properties.title = meta["title"]
    properties.creator = ", ".join(c["title"] for c in meta.get("contributors", [])
                                   if "creator" in c.get("roles", []))
    properties.description = f"version {meta['version']}"
    properties.created = properties.modified = stamp
    properties.lastModifiedBy = None
    # openpyxl's save() would stamp `modified` with the clock: write through ExcelWriter.
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as written:
        entries = [(info.filename, written.read(info)) for info in written.infolist()]
    return deterministic_zip(entries, stamp)


def put(sheet, row: int, column: int, value, field_type: str = "string", where: str = "",
        styles: dict | None = None):
    """One cell: text as a text cell (never a formula), integers as numbers, booleans.

    `styles` (a table sheet's cache) gives each cell the style of the first cell of its kind:
    copying openpyxl's style array is far cheaper than setting a style on every cell.
    """
    from openpyxl.utils.exceptions import IllegalCharacterError

    if value is None or value == "":
        return None
    cell = sheet.cell(row=row, column=column)
    if field_type in ("string", "date"):
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        if len(text) > EXCEL_CELL_LIMIT:
            raise BuildError(where or sheet.title, f"row {row}, column {column}",
                             f"text of {len(text)} characters is over Excel's cell limit of "
                             f"{EXCEL_CELL_LIMIT}", "shorten the value or split the passage")
        try:
            cell.value = text
        except IllegalCharacterError:
            raise BuildError(where or sheet.title, f"row {row}, column {column}",
                             f"text holds a control character Excel cannot store: {text[:60]!r}",
                             "remove the control character from the input") from None
        cell.data_type = "s"  # openpyxl would read a leading "=" as a formula
    elif field_type == "boolean":
        cell.value = bool(value)
    else:
        cell.value = int(value)
    kind = "text" if field_type in ("string", "date") else "other"
    if styles is not None and kind in styles:
        cell._style = copy.copy(styles[kind])
        return cell
    if kind == "text":
        cell.number_format = "@"
    if styles is not None:
        cell.alignment = styles["alignment"]
        styles[kind] = copy.copy(cell._style)
    return cell


def write_table_sheet(sheet, table: Table, rows: list[dict], bold, top) -> None:
    types = [f["type"] for f in table.fields]
    widths = [len(name) for name in table.field_names]
    for column, name in enumerate(table.field_names, start=1):
        put(sheet, 1, column, name).font = bold
    styles = {"alignment": top}
    for row_number, row in enumerate(rows, start=2):
        for column, (name, kind) in enumerate(zip(table.field_names, types, strict=True),
                                              start=1):
            cell = put(sheet, row_number, column, row[name], kind,
                       f"data/{table.name} ({name})", styles)
            if cell is not None:
                widths[column - 1] = max(widths[column - 1], len(str(cell.value)))
    set_widths(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def set_widths(sheet, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width, 6) + 2, 60)


def example_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_about(sheet, rows_by_table: dict, meta: dict, sources: list[dict], bold) -> None:
    lines: list[tuple[bool, tuple]] = [(True, (meta["title"],)), (False, ())]
    facts = [("name", meta["name"]), ("version", meta["version"]), ("created", meta["created"]),
             ("description", meta["description"])]
    for licence in meta.get("licenses", []):
        facts.append(("licence", f"{licence.get('title', licence['name'])}: "
                                 f"{licence.get('path', '')}".rstrip(": ")))
    for source in sources:
        facts.append(("source", f"{source['title']} ({source['version']}) {source['path']}"))
    facts += [("conventions", text) for text in CONVENTIONS]
    lines += [(False, fact) for fact in facts]
    lines += [(False, ()), (True, ("Tables",)),
              (True, ("sheet", "title", "description", "primary key", "foreign keys", "rows"))]
    for table in tables():
        foreign = "; ".join(f"{', '.join(k['fields'])} → {k['reference']['resource']}."
                            f"{', '.join(k['reference']['fields'])}" for k in table.foreign_keys)
        lines.append((False, (table.name, table.definition["title"],
                              table.definition["description"], ", ".join(table.primary_key),
                              foreign, len(rows_by_table[table.name]))))
    lines += [(False, ()), (True, ("Fields",)),
              (True, ("sheet", "field", "type", "constraints", "description", "example"))]
    for table in tables():
        for field in table.fields:
            lines.append((False, (table.name, field["name"], field["type"],
                                  constraint_text(field), field.get("description", ""),
                                  example_text(field.get("example")))))
    for row_number, (heading, line) in enumerate(lines, start=1):
        for column, value in enumerate(line, start=1):
            kind = "integer" if isinstance(value, int) else "string"
            cell = put(sheet, row_number, column, value, kind, "the about sheet")
            if cell is not None and heading:
                cell.font = bold
    set_widths(sheet, [22, 40, 60, 30, 40, 12])


# --- the database -----------------------------------------------------------------------------
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


def sqlite_bytes(rows_by_table: dict[str, list[dict]]) -> bytes:
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("PRAGMA page_size = 1024")  # a small database: less padding
        connection.execute("PRAGMA encoding = 'UTF-8'")
        for table in tables():
            connection.execute(create_table_sql(table))
            for statement in index_sql(table):
                connection.execute(statement)
        for table in tables():
            types = [f["type"] for f in table.fields]
            insert = (f"INSERT INTO {quote(table.name)} VALUES "
                      f"({', '.join('?' for _ in table.fields)})")
            for row in sorted(rows_by_table[table.name],
                              key=lambda r: tuple(r[k] for k in table.primary_key)):
                values = [sql_value(row[name], kind)
                          for name, kind in zip(table.field_names, types, strict=True)]
                try:
                    connection.execute(insert, values)
                except sqlite3.IntegrityError as error:
                    key = {k: row[k] for k in table.primary_key}
                    raise BuildError(f"data/{table.name}", f"row {key}",
                                     f"SQLite rejects it: {error}",
                                     "fix the input the row is built from") from None
        connection.commit()
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise BuildError("data (SQLite)", "foreign keys",
                             f"{len(broken)} row(s) refer to missing rows, first: {broken[0]}",
                             "fix the input the row is built from")
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "package.sqlite"
            connection.execute("VACUUM INTO ?", (str(target),))
            return target.read_bytes()
    finally:
        connection.close()
