"""The workbook is, part for part, what scripts/write_workbook.py makes of the CSVs.

Every part of the zip (each sheet, the about sheet with its attribution, the shared texts, the
styles, the print settings) is compared, decompressed, with the part the writer gives for the
package's rows: a different zlib on the user's machine compresses differently, but the parts
are the same. Where a table's sheet differs, python-calamine reads it to name the first row
whose values differ from the CSV.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from scripts.lib.errors import BuildError
from scripts.lib.model import Model
from scripts.validate.report import Report
from scripts.write_tables import package_sources
from scripts.write_workbook import attribution_statements, workbook_parts

MAX_PART = 1 << 30  # no part of a valid workbook is near this; a bigger one is not read


def expected_parts(columns: dict, sources_rows: list[dict], model: Model,
                   publishers: dict, path: str, report: Report) -> list[tuple[str, bytes]]:
    try:
        statements = attribution_statements(sources_rows, publishers)
        return workbook_parts(columns, model, package_sources(sources_rows), statements)
    except BuildError as error:
        report.add(path, f"the writer cannot make it from these rows: {error}")
        return []


def check_workbook(directory: Path, path: str, columns: dict, sources_rows: list[dict],
                   model: Model, publishers: dict, report: Report,
                   expected: list[tuple[str, bytes]] | None = None) -> None:
    """`expected`: the parts the writer made of these CSVs, if the caller has them."""
    expected = expected or expected_parts(columns, sources_rows, model, publishers, path,
                                          report)
    if not expected:
        return
    try:
        with zipfile.ZipFile(directory / path) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            if names != [name for name, _ in expected]:
                report.add(path, f"parts {names} are not the writer's "
                           f"{[name for name, _ in expected]}")
                return
            differing = [name for (name, data), info in zip(expected, infos, strict=True)
                         if info.file_size != len(data) or info.file_size > MAX_PART
                         or archive.read(info) != data]
            container = container_problem(archive, directory / path)
            if container:
                report.add(path, f"{container}, which the writer does not write and readers "
                           "may not open (python-calamine, readxl); rebuild with `make build`")
    except (OSError, zipfile.BadZipFile, ValueError) as error:
        report.add(path, f"cannot be read: {error}")
        return
    sheets = {f"xl/worksheets/sheet{n}.xml": name
              for n, name in enumerate(["about", *model.names], start=1)}
    for part in differing:
        sheet = sheets.get(part)
        if sheet in columns:
            row = first_row_that_differs(directory / path, sheet, model, columns[sheet])
            report.add(path, f"sheet {sheet}: differs from data/{sheet}.csv as the writer "
                       "makes it (rebuild with `make build`)", row)
        else:
            report.add(path, f"{f'sheet {sheet}' if sheet else part} differs from what the "
                       "writer makes of the package (rebuild with `make build`)")


def container_problem(archive: zipfile.ZipFile, path: Path) -> str | None:
    """What of the zip around the parts differs from scripts/lib/zipfiles.py's: another
    compression than deflate, a comment, bytes before the first part or after the end."""
    methods = {info.compress_type for info in archive.infolist()} - {zipfile.ZIP_DEFLATED}
    if methods:
        return f"compresses parts with method {sorted(methods)[0]}, not deflate"
    if archive.comment:
        return "carries a zip comment"
    infos = archive.infolist()
    if infos and infos[0].header_offset != 0:
        return f"holds {infos[0].header_offset} bytes before its first part"
    with open(path, "rb") as handle:
        handle.seek(-22, 2)
        if handle.read(4) != b"PK\x05\x06":
            return "holds bytes after its end of central directory"
    return None


def shown(value, kind: str):
    """A CSV value as python-calamine reads its cell: text, a float, a bool; "" for none."""
    if value is None:
        return ""
    if kind == "integer":
        return float(value)
    return value


def first_row_that_differs(path: Path, sheet: str, model: Model, columns: list[list]):
    """The sheet's first row (the header is row 1) whose values are not the CSV's, read with
    python-calamine; None when every value is the CSV's (the cells' form differs)."""
    from python_calamine import CalamineWorkbook

    table = model.table(sheet)
    kinds = [f["type"] for f in table.fields]
    try:
        cells = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    except Exception:  # calamine raises its own types for a damaged sheet
        return None
    wanted = [table.field_names] + [[shown(v, k) for v, k in zip(row, kinds, strict=True)]
                                    for row in zip(*columns, strict=True)]
    for number, (got, expected) in enumerate(zip(cells, wanted, strict=False), start=1):
        if list(got) + [""] * (len(expected) - len(got)) != expected:
            return number
    return None if len(cells) == len(wanted) else min(len(cells), len(wanted)) + 1
