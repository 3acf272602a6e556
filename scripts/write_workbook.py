"""Stage 7b, tables -> data/<name>.xlsx: every table in one Excel workbook, byte-stable.

A first sheet `about` describing the dataset (its attribution statement included), every table
and every field, then one sheet per table in model order, header row frozen, filtered and
repeated on every printed page; every sheet prints landscape, fitted to the page's width. Text
and date fields are text cells (number format `@`), so Excel never turns an ID, a date or a
phone number into a number, a date or a formula; integers are numbers, booleans TRUE/FALSE.

The sheets' XML is written here directly, row by row (SpreadsheetML, ECMA-376): a cell is a
few characters of text, so the workbook costs what its bytes cost. Nothing comes from the
clock: the document's dates are the package's `created` (model/package.yaml). `workbook_parts`
gives the workbook's parts, which scripts/validate compares with the published file's, part
by part (so a different zlib cannot make a valid workbook look changed).
"""

from __future__ import annotations

import datetime as dt
import re

from scripts.lib.errors import BuildError
from scripts.lib.model import Model, Table, constraint_text
from scripts.lib.zipfiles import Deflater, created_datetime, deterministic_zip

XLSX_MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXCEL_CELL_LIMIT = 32767  # characters in one cell
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Characters XML 1.0 cannot hold, and Excel's own escape _xHHHH_ (which a text holding it
# literally must escape itself, as _x005F_xHHHH_).
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXCEL_ESCAPE = re.compile("(_x[0-9A-Fa-f]{4}_)")
# Cell styles (cellXfs in styles.xml): 1 text (format @, wrapped within its column, so that
# no text runs over into the next columns and a printed page fits the columns), 2 number or
# boolean, 3 bold text.
TEXT, OTHER, BOLD = 1, 2, 3


def plain(text: str) -> str:
    """Text of model/ without its Markdown code marks (`…`), for a spreadsheet cell."""
    return text.replace("`", "")


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class SharedStrings:
    """The workbook's table of texts: each distinct text once, checked once, in first use."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def get(self, text: str, where: str) -> int:
        return self.numbers([text], where)[0]

    def numbers(self, texts: list[str | None], where: str) -> list[int | None]:
        """Each text's number in the table (None for no text), new texts checked and added."""
        index = self.index
        new = set(texts).difference(index)
        new.discard(None)
        for text in new:
            check_text(text, where)
        add = index.setdefault  # a new text gets the next number: len() before the insert
        numbers = [None if text is None else add(text, len(index)) for text in texts]
        self.count += len(numbers) - numbers.count(None)
        return numbers

    def xml(self) -> bytes:
        items = "".join(f"<si>{text_element(text)}</si>" for text in self.index)
        return (f'{XML_HEAD}<sst xmlns="{MAIN}" count="{self.count}" '
                f'uniqueCount="{len(self.index)}">{items}</sst>').encode()


def check_text(text: str, where: str) -> None:
    if len(text) > EXCEL_CELL_LIMIT:
        raise BuildError(where, "a cell", f"text of {len(text)} characters is over Excel's "
                         f"cell limit of {EXCEL_CELL_LIMIT}", "shorten the value or split the "
                         "passage")
    if ILLEGAL.search(text):
        raise BuildError(where, "a cell", f"text holds a control character Excel cannot "
                         f"store: {text[:60]!r}", "remove the control character from the input")


def escape(text: str) -> str:
    """&, < and > as XML entities (xml.sax.saxutils would import urllib.request)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_element(text: str) -> str:
    body = escape(EXCEL_ESCAPE.sub(r"_x005F\1", text) if "_x" in text else text)
    if "\r" in body:
        body = body.replace("\r", "&#13;")
    keep = text[:1].isspace() or text[-1:].isspace() or "\n" in text or "\t" in text
    return f'<t xml:space="preserve">{body}</t>' if keep else f"<t>{body}</t>"


def cell_text(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def cell_xml(ref: str, value, kind: str, strings: SharedStrings, where: str,
             style: int | None = None) -> tuple[str, int]:
    """One cell's XML and the width of what it shows: text as a shared string (never a
    formula), integers as numbers, booleans as TRUE/FALSE."""
    if kind in ("string", "date"):
        text = cell_text(value)
        number = strings.get(text, where)
        return f'<c r="{ref}" s="{style or TEXT}" t="s"><v>{number}</v></c>', len(text)
    if kind == "boolean":
        return f'<c r="{ref}" s="{style or OTHER}" t="b"><v>{int(bool(value))}</v></c>', 5
    text = str(int(value))
    return f'<c r="{ref}" s="{style or OTHER}"><v>{text}</v></c>', len(text)


def column_cells(letter: str, values: list, kind: str, strings: SharedStrings,
                 where: str) -> tuple[list[str], int]:
    """A column's cells from row 2 on ("" for no value), and its widest value: the loop of
    cell_xml, written out per kind (it runs once per cell of the package)."""
    if kind == "boolean":
        cells = ["" if v is None or v == "" else f'<c r="{letter}{row}" s="{OTHER}" t="b">'
                 f'<v>{1 if v else 0}</v></c>' for row, v in enumerate(values, start=2)]
        return cells, 5 if any(cells) else 0
    if kind in ("string", "date"):
        texts = [None if v is None or v == "" else v if v.__class__ is str else cell_text(v)
                 for v in values]
        numbers = strings.numbers(texts, where)
        cells = ["" if n is None else f'<c r="{letter}{row}" s="{TEXT}" t="s"><v>{n}</v></c>'
                 for row, n in enumerate(numbers, start=2)]
    else:
        texts = [None if v is None or v == "" else str(int(v)) for v in values]
        cells = ["" if t is None else f'<c r="{letter}{row}" s="{OTHER}"><v>{t}</v></c>'
                 for row, t in enumerate(texts, start=2)]
    return cells, max(map(len, filter(None, set(texts))), default=0)


def table_sheet(table: Table, columns: list[list],
                strings: SharedStrings) -> tuple[bytes, tuple[str, int]]:
    """The sheet of a table given as columns of values; and its last column and row."""
    letters = [column_letter(i) for i in range(len(table.fields))]
    header = "".join(cell_xml(f"{letter}1", name, "string", strings, "the header", BOLD)[0]
                     for letter, name in zip(letters, table.field_names, strict=True))
    cells, widths = [], []
    for letter, field, values in zip(letters, table.fields, columns, strict=True):
        column, widest = column_cells(letter, values, field["type"], strings,
                                      f"data/{table.name} ({field['name']})")
        cells.append(column)
        widths.append(max(widest, len(field["name"])))
    count = len(columns[0]) if columns else 0
    rows = [f'<row r="1">{header}</row>']
    rows += [f'<row r="{number}">{"".join(row)}</row>'
             for number, row in enumerate(zip(*cells, strict=True), start=2)]
    return sheet_xml(rows, f"A1:{letters[-1]}{count + 1}", widths, frozen=True), (
        letters[-1], count + 1)


def sheet_xml(rows: list[str], area: str, widths: list[int], frozen: bool) -> bytes:
    cols = "".join(f'<col min="{n}" max="{n}" width="{min(max(w, 6) + 2, 60)}" '
                   f'customWidth="1"/>' for n, w in enumerate(widths, start=1))
    pane = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>') if frozen else ""
    view = f'<sheetView workbookViewId="0">{pane}</sheetView>'
    return (f'{XML_HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="{area}"/><sheetViews>{view}</sheetViews>'
            f'<cols>{cols}</cols>'
            f'<sheetData>{"".join(rows)}</sheetData>'
            + (f'<autoFilter ref="{area}"/>' if frozen else "")
            + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/><pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            '</worksheet>').encode("utf-8")


def about_sheet(lines: list[tuple[bool, tuple]], strings: SharedStrings) -> bytes:
    rows = []
    for number, (heading, line) in enumerate(lines, start=1):
        cells = []
        for index, value in enumerate(line):
            if value is None or value == "":
                continue
            kind = "integer" if isinstance(value, int) else "string"
            style = BOLD if heading else None
            cells.append(cell_xml(f"{column_letter(index)}{number}", value, kind, strings,
                                  "the about sheet", style)[0])
        rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    widest = max((len(line) for _, line in lines), default=1)
    return sheet_xml(rows, f"A1:{column_letter(widest - 1)}{len(lines)}",
                     [20, 38, 58, 28, 38, 10][:widest], frozen=False)


def workbook_parts(columns_by_table: dict[str, list[list]], model: Model, sources: list[dict],
                   attributions: list[str],
                   deflater: Deflater | None = None) -> list[tuple[str, bytes]]:
    """Every part of the workbook, in zip order, from each table's columns of values; each
    sheet handed to `deflater` as soon as it is made (compressed while the next is made)."""
    strings = SharedStrings()
    counts = {name: len(columns[0]) if columns else 0
              for name, columns in columns_by_table.items()}
    lines = (about_facts(model, sources, attributions) + [(False, ())]
             + about_tables(model, counts) + [(False, ())] + about_fields(model))
    sheets, areas = [about_sheet(lines, strings)], [None]
    for table in model.tables:
        sheet, area = table_sheet(table, columns_by_table[table.name], strings)
        if deflater is not None:
            deflater.start(sheet)
        sheets.append(sheet)
        areas.append(area)
    names = ["about", *model.names]
    parts = [("[Content_Types].xml", content_types(len(sheets))),
             ("_rels/.rels", package_rels()), ("docProps/core.xml", core_xml(model)),
             ("xl/workbook.xml", workbook_xml(names, areas)),
             ("xl/_rels/workbook.xml.rels", workbook_rels(len(sheets))),
             ("xl/styles.xml", STYLES.encode("utf-8"))]
    parts += [(f"xl/worksheets/sheet{n}.xml", sheet) for n, sheet in enumerate(sheets, 1)]
    return parts + [("xl/sharedStrings.xml", strings.xml())]


def as_columns(table: Table, rows: list[dict]) -> list[list]:
    return [[row[name] for row in rows] for name in table.field_names]


def workbook_bytes(rows_by_table: dict[str, list[dict]], model: Model, sources: list[dict],
                   attributions: list[str]) -> bytes:
    columns = {t.name: as_columns(t, rows_by_table[t.name]) for t in model.tables}
    parts = workbook_parts(columns, model, sources, attributions)
    return deterministic_zip(parts, created_datetime(model.package))


def attribution_statements(sources_rows: list[dict], publishers: dict[str, dict]) -> list[str]:
    """The attribution each held source's publisher asks for (reference/publishers.yaml
    `attribution_ja`, the form the README's licence section writes): 「…」を加工して作成."""
    statements = []
    for row in sources_rows:
        if not row.get("path"):
            continue
        publisher = publishers.get(row.get("publisher_organization_id"))
        if publisher is None or not publisher.get("attribution_ja"):
            raise BuildError("reference/publishers.yaml", f"publisher of {row['source_id']}",
                             "no attribution_ja for the held source's publisher",
                             "add the publisher with its attribution statement")
        statements.append(f"「{publisher['attribution_ja'].format(url=row['url'])}」を加工して作成")
    return statements


def load_publishers(project) -> dict[str, dict]:
    """reference/publishers.yaml's publishers by organization id (the registry checks the
    file; validation reads it here, without loading the whole registry)."""
    from scripts.lib.yamlio import load_yaml

    document = load_yaml(project.reference("publishers.yaml"))
    return {entry["organization_id"]: entry for entry in document["publishers"]}


def example_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def about_facts(model: Model, sources: list[dict],
                attributions: list[str]) -> list[tuple[bool, tuple]]:
    """The about sheet's first lines: (is a heading, cells) for the dataset's facts."""
    meta = model.package
    facts = [("name", meta["name"]), ("version", meta["version"]), ("created", meta["created"]),
             ("description", meta["description"])]
    for licence in meta.get("licenses", []):
        facts.append(("licence", f"{licence.get('title', licence['name'])}: "
                                 f"{licence.get('path', '')}".rstrip(": ")))
    facts += [("attribution", statement) for statement in attributions]
    for source in sources:
        facts.append(("source", f"{source['title']} ({source['version']}) {source['path']}"))
    facts += [("conventions", plain(text)) for text in meta["conventions"]]
    return [(True, (meta["title"],)), (False, ())] + [(False, fact) for fact in facts]


def about_tables(model: Model, counts: dict[str, int]) -> list[tuple[bool, tuple]]:
    lines = [(True, ("Tables",)),
             (True, ("sheet", "title", "description", "primary key", "foreign keys", "rows"))]
    for table in model.tables:
        foreign = "; ".join(f"{', '.join(k['fields'])} → {k['reference']['resource']}."
                            f"{', '.join(k['reference']['fields'])}" for k in table.foreign_keys)
        lines.append((False, (table.name, table.definition["title"],
                              table.definition["description"], ", ".join(table.primary_key),
                              foreign, counts[table.name])))
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


# --- the package's fixed parts ---------------------------------------------------------------
STYLES = (
    f'{XML_HEAD}<styleSheet xmlns="{MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="4">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
    'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top"/></xf>'
    '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
    'applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')


def content_types(sheets: int) -> bytes:
    kind = "application/vnd.openxmlformats-officedocument"
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{kind}'
                        f'.spreadsheetml.worksheet+xml"/>' for n in range(1, sheets + 1))
    return (f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.spreadsheetml.sheet.'
            f'main+xml"/>{overrides}'
            f'<Override PartName="/xl/styles.xml" ContentType="{kind}.spreadsheetml.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}.spreadsheetml.'
            'sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="'
            'application/vnd.openxmlformats-package.core-properties+xml"/></Types>'
            ).encode()


def package_rels() -> bytes:
    base = "http://schemas.openxmlformats.org"
    return (f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{base}/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/></Relationships>').encode()


def core_xml(model: Model) -> bytes:
    meta = model.package
    created = created_datetime(meta).strftime("%Y-%m-%dT%H:%M:%SZ")
    creator = ", ".join(c["title"] for c in meta.get("contributors", [])
                        if "creator" in c.get("roles", []))
    return (f'{XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
            'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
            f'XMLSchema-instance"><dc:title>{escape(meta["title"])}</dc:title>'
            f'<dc:creator>{escape(creator)}</dc:creator>'
            f'<dc:description>version {escape(str(meta["version"]))}</dc:description>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified>'
            '</cp:coreProperties>').encode()


def workbook_xml(names: list[str], areas: list[tuple[str, int] | None]) -> bytes:
    """The sheets, and for each table sheet its filter's range and its print titles (the
    header row, repeated on every printed page)."""
    sheets = "".join(f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
                     for n, name in enumerate(names, start=1))
    defined = []
    for kind in ("_xlnm._FilterDatabase", "_xlnm.Print_Titles"):
        for index, (name, area) in enumerate(zip(names, areas, strict=True)):
            if area is None:
                continue
            target = (f"'{name}'!$A$1:${area[0]}${area[1]}" if kind.endswith("Database")
                      else f"'{name}'!$1:$1")
            hidden = ' hidden="1"' if kind.endswith("Database") else ""
            defined.append(f'<definedName name="{kind}" localSheetId="{index}"{hidden}>'
                           f'{escape(target)}</definedName>')
    return (f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><bookViews><workbookView '
            f'activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
            f'<definedNames>{"".join(defined)}</definedNames></workbook>').encode()


def workbook_rels(sheets: int) -> bytes:
    items = [f'<Relationship Id="rId{n}" Type="{RELS}/worksheet" '
             f'Target="worksheets/sheet{n}.xml"/>' for n in range(1, sheets + 1)]
    items.append(f'<Relationship Id="rId{sheets + 1}" Type="{RELS}/styles" '
                 'Target="styles.xml"/>')
    items.append(f'<Relationship Id="rId{sheets + 2}" Type="{RELS}/sharedStrings" '
                 'Target="sharedStrings.xml"/>')
    return (f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELS}">{"".join(items)}'
            '</Relationships>').encode()
