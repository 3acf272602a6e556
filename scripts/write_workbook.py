"""Stage 7b, tables -> data/<name>.xlsx: every table in one Excel workbook, byte-stable.

A first sheet `about` describing the dataset, every table and every field, then one sheet per
table in model order, header row frozen and filtered. Text and date fields are text cells
(number format `@`), so Excel never turns an ID, a date or a phone number into a number, a date
or a formula; integers are numbers, booleans are TRUE/FALSE. openpyxl stamps the save time into
docProps/core.xml and every zip entry; both are replaced by the package's `created` date
(model/package.yaml), so the same rows give the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile

from scripts.lib.errors import BuildError
from scripts.lib.model import Model, Table, constraint_text
from scripts.lib.zipfiles import created_datetime, deterministic_zip

XLSX_MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXCEL_CELL_LIMIT = 32767  # characters in one cell


def plain(text: str) -> str:
    """Text of model/ without its Markdown code marks (`…`), for a spreadsheet cell."""
    return text.replace("`", "")


def workbook_bytes(rows_by_table: dict[str, list[dict]], model: Model,
                   sources: list[dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.writer.excel import ExcelWriter

    meta = model.package
    stamp = created_datetime(meta)
    workbook = Workbook()
    about = workbook.active
    about.title = "about"
    write_about(about, rows_by_table, model, sources, Font(bold=True))
    for table in model.tables:
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


def write_about(sheet, rows_by_table: dict, model: Model, sources: list[dict], bold) -> None:
    lines = (about_facts(model, sources) + [(False, ())] + about_tables(model, rows_by_table)
             + [(False, ())] + about_fields(model))
    for row_number, (heading, line) in enumerate(lines, start=1):
        for column, value in enumerate(line, start=1):
            kind = "integer" if isinstance(value, int) else "string"
            cell = put(sheet, row_number, column, value, kind, "the about sheet")
            if cell is not None and heading:
                cell.font = bold
    set_widths(sheet, [22, 40, 60, 30, 40, 12])


def about_facts(model: Model, sources: list[dict]) -> list[tuple[bool, tuple]]:
    """The about sheet's first lines: (is a heading, cells) for the dataset's facts."""
    meta = model.package
    facts = [("name", meta["name"]), ("version", meta["version"]), ("created", meta["created"]),
             ("description", meta["description"])]
    for licence in meta.get("licenses", []):
        facts.append(("licence", f"{licence.get('title', licence['name'])}: "
                                 f"{licence.get('path', '')}".rstrip(": ")))
    for source in sources:
        facts.append(("source", f"{source['title']} ({source['version']}) {source['path']}"))
    facts += [("conventions", plain(text)) for text in meta["conventions"]]
    return [(True, (meta["title"],)), (False, ())] + [(False, fact) for fact in facts]


def about_tables(model: Model, rows_by_table: dict) -> list[tuple[bool, tuple]]:
    lines = [(True, ("Tables",)),
             (True, ("sheet", "title", "description", "primary key", "foreign keys", "rows"))]
    for table in model.tables:
        foreign = "; ".join(f"{', '.join(k['fields'])} → {k['reference']['resource']}."
                            f"{', '.join(k['reference']['fields'])}" for k in table.foreign_keys)
        lines.append((False, (table.name, table.definition["title"],
                              table.definition["description"], ", ".join(table.primary_key),
                              foreign, len(rows_by_table[table.name]))))
    return lines


def about_fields(model: Model) -> list[tuple[bool, tuple]]:
    lines = [(True, ("Fields",)),
             (True, ("sheet", "field", "type", "constraints", "description", "example"))]
    for table in model.tables:
        for field in table.fields:
            lines.append((False, (table.name, field["name"], field["type"],
                                  plain(constraint_text(field)), field.get("description", ""),
                                  example_text(field.get("example")))))
    return lines
