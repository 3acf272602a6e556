"""What the schemas cannot say: dates in order (a U.S. day the Japanese day or the day
before), an evidence's status fitting its source's kind, spans that hold, no orphan
organizations.

Each check reads the typed tables' columns (scripts/validate/tables.py) once; the spans are
checked against the held source texts read from the package folder being validated, each
first held to the sha256 and size its row of sources.csv gives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pyarrow as pa

from scripts.lib.errors import BuildError
from scripts.lib.files import MAX_PACKAGE_FILE_BYTES, read_limited
from scripts.lib.model import Model, Table
from scripts.validate.report import Report
from scripts.validate.tables import ROW, rows_of


def check_semantics(directory: Path, typed: dict, model: Model, report: Report) -> None:
    if {"meetings", "sources"} <= set(typed):
        check_dates(typed, report)
    if "meetings" in typed:
        check_time_zones(typed["meetings"], report)
    if {"meeting_sources", "sources"} <= set(typed):
        check_statuses(typed, report)
    if "sources" in typed:
        check_spans(directory, typed, model, report)
    check_orphans(typed, model, report)


def grouped(pairs) -> dict:
    """{key: [value, …]} of (key, value) pairs: every row of a key, as a join finds them."""
    groups: dict = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups


def check_dates(typed: dict, report: Report) -> None:
    meetings = rows_of(typed["meetings"], [ROW, "meeting_id", "start_date", "end_date",
                                           "source_id"])
    for row, meeting, start, end, _ in meetings:
        if start is not None and end is not None and end < start:
            report.add("data/meetings.csv", f"{meeting} ends before it starts", row)
    published = grouped(rows_of(typed["sources"], ["source_id", "published"]))
    for row, meeting, _, end, source in meetings:
        for day in published.get(source, []) if source is not None else []:
            if end is not None and day is not None and end > day:
                report.add("data/meetings.csv", f"{meeting} ends after its source is "
                           "published", row)


def day(value) -> dt.date | None:
    """A typed table's date (text where the CSV's is no date: the type check reports it)."""
    if isinstance(value, dt.date) or value is None:
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check_time_zones(meetings: pa.Table, report: Report) -> None:
    """A day in the United States is the same day in Japan or the day before: Japan's time is
    13 to 14 hours ahead of Washington's."""
    for row, meeting, *days in rows_of(meetings, [ROW, "meeting_id", "start_date", "end_date",
                                                  "us_start_date", "us_end_date"]):
        for japan, us, name in zip(map(day, days[:2]), map(day, days[2:]), ("start", "end"),
                                   strict=True):
            if japan is not None and us is not None and not (
                    us <= japan <= us + dt.timedelta(days=1)):
                report.add("data/meetings.csv", f"{meeting}: us_{name}_date {us} is not "
                           f"{name}_date {japan} or the day before (Japan is ahead of the "
                           "United States): correct reference/dialogue-series.yaml", row)


GOVERNMENT_KINDS = {"press_release", "joint_statement", "white_paper"}


def check_statuses(typed: dict, report: Report) -> None:
    """`confirmed` means a government page states it, `secondary` that only another page
    does (model/tables.yaml, meeting_sources.status): a source's kind says which it is."""
    kinds = dict(rows_of(typed["sources"], ["source_id", "kind"]))
    for row, meeting, source, status in rows_of(typed["meeting_sources"],
                                                [ROW, "meeting_id", "source_id", "status"]):
        government = kinds.get(source) in GOVERNMENT_KINDS
        if (status == "confirmed" and not government) or (status == "secondary"
                                                          and government):
            report.add("data/meeting_sources.csv", f"{meeting}/{source}: status {status}, but "
                       f"the source is a {kinds.get(source)} (confirmed: a government page, "
                       "a press release, joint statement or white paper; secondary: any other "
                       "page): correct the status in reference/dialogue-series.yaml", row)


# --- spans ---------------------------------------------------------------------------------
def held_texts(directory: Path, sources: pa.Table, report: Report) -> dict[str, str | None]:
    """The text of every held source, read from the package folder being validated: the
    bytes that its row of sources.csv describes (sha256 and size), or it is reported (and
    None: its spans are not read against another text)."""
    texts: dict[str, str | None] = {}
    for row, source_id, path, digest, size, url in rows_of(sources, [ROW, "source_id", "path",
                                                                      "sha256", "bytes", "url"]):
        if path is None:
            continue
        file = directory / path
        texts[source_id] = None
        if not (file.resolve().is_relative_to(directory.resolve()) and file.is_file()):
            report.add(path, f"the held text of {source_id} is not in the package")
            continue
        try:
            data = read_limited(file, MAX_PACKAGE_FILE_BYTES, "a held source text")
        except BuildError as error:
            report.add(path, error.problem)
            continue
        found = hashlib.sha256(data).hexdigest()
        if found != digest or len(data) != size:
            report.add(path, f"is not the text data/sources.csv describes for {source_id} "
                       f"(row {row}: sha256 {digest}, {size} bytes; the file: sha256 {found}, "
                       f"{len(data)} bytes): restore it from the release zip or git")
            continue
        texts[source_id] = data.decode("utf-8", errors="replace")
        check_record(directory, path, source_id, {"source_id": source_id, "file": Path(path).name,
                                                  "sha256": digest, "bytes": size, "url": url},
                     report)
    return texts


def check_record(directory: Path, path: str, source_id: str, row: dict,
                 report: Report) -> None:
    """The held text's provenance record (sources/<name>.source.yaml, beside it) says what its
    row of sources.csv says: its source_id, file, sha256, size and url."""
    from scripts.lib.yamlio import read_document

    name = Path(path).with_suffix(".source.yaml").as_posix()
    try:
        record = read_document(directory / name).data
    except (BuildError, OSError) as error:
        reason = error.problem if isinstance(error, BuildError) else error.strerror
        report.add(name, f"the provenance record of {source_id} cannot be read: {reason} "
                   "(restore it from the release zip or git)")
        return
    for key, value in row.items():
        given = record.get(key) if isinstance(record, dict) else None
        if given != value:
            report.add(name, f"{key} {given!r} is not data/sources.csv's {value!r} for "
                       f"{source_id} (restore it from the release zip or git)")


def check_spans(directory: Path, typed: dict, model: Model, report: Report) -> None:
    """Every span of every table with a `span` equals the text it claims (model/tables.yaml)."""
    texts = held_texts(directory, typed["sources"], report)
    for table in model.tables:
        if table.span is not None and table.name in typed:
            check_table_spans(typed, texts, table, report)


def expected_texts(alternatives: list[list[str]], values: dict, count: int) -> list:
    """Each row's text: its first alternative whose columns are not all empty, joined (None
    if none is)."""
    expected: list = [None] * count
    for names in reversed(alternatives):  # the first alternative that applies is written last
        columns = [values[name] for name in names]
        for index, given in enumerate(zip(*columns, strict=True)):
            if any(value is not None for value in given):
                expected[index] = "".join(value or "" for value in given)
    return expected


def span_sources(typed: dict, table: Table) -> list[list]:
    """Each row's source ids: its own column's, or those of the row its `via` column refers
    to (every such row; none when it refers to no row)."""
    span = table.span
    if span.via is None:
        return [[source] for source in typed[table.name].column(span.source).to_pylist()]
    reference = table.reference_of(span.via)
    target = typed.get(reference["resource"])
    found = grouped(rows_of(target, [reference["fields"][0], span.source])) if target else {}
    return [found.get(key, [None]) if key is not None else [None]
            for key in typed[table.name].column(span.via).to_pylist()]


def check_table_spans(typed: dict, texts: dict, table: Table, report: Report) -> None:
    """The rows whose span does not hold: source held, offsets within the text, the expected
    text there (offsets count code points, as Python's str does)."""
    name, span, data = f"data/{table.name}.csv", table.span, typed[table.name]
    values = {column: data.column(column).to_pylist()
              for column in {c for alternative in span.text for c in alternative}}
    expected = expected_texts(span.text, values, data.num_rows)
    starts, ends = data.column(span.start).to_pylist(), data.column(span.end).to_pylist()
    rows = data.column(ROW).to_pylist()
    for index, sources in enumerate(span_sources(typed, table)):
        start, end = starts[index], ends[index]
        if start is None:
            continue
        for source in sources:
            text = texts.get(source)
            if text is None and source in texts:
                continue  # held, but not as sources.csv describes it: reported once, above
            if (text is not None and end is not None and expected[index] is not None
                    and 0 <= start <= end <= len(text) and text[start:end] == expected[index]):
                continue
            where = "/".join(str(data.column(k)[index].as_py()) for k in table.primary_key)
            if text is None:
                report.add(name, f"{where}: source {source!r} is not held", rows[index])
                continue
            piece = text[start:end] if end is not None and 0 <= start <= end else None
            report.add(name, f"{where}: span {start}-{end} of {source} is {piece!r}, not "
                       f"{expected[index]!r}", rows[index])


# --- orphans -------------------------------------------------------------------------------
def check_orphans(typed: dict, model: Model, report: Report) -> None:
    """Every organization and forum is referred to by a row of another table, or is the
    parent of one that is."""
    for target in ("organizations", "forums"):
        if target not in typed:
            continue
        table = model.table(target)
        used = {value for other in model.tables if other.name in typed
                for column in other.columns_referring_to(target)
                for value in typed[other.name].column(column).to_pylist()}
        used |= {value for column in table.columns_referring_to_self()
                 for value in typed[target].column(column).to_pylist()}
        entities = rows_of(typed[target], [table.primary_key[0], ROW])
        for entity, row in sorted((e for e in entities if e[0] is not None),
                                  key=lambda e: e[0]):
            if entity not in used:
                report.add(f"data/{target}.csv", f"{entity} is referenced by no row", row)
