"""meeting_sources: which source supports which facts of which meeting; every value cited."""

from __future__ import annotations

from collections import defaultdict

from scripts.lib.errors import BuildError
from scripts.lib.ids import meeting_id, source_id_from_url
from scripts.merge_series.meetings import CITED_COLUMNS, DERIVED_FROM
from scripts.merge_series.series import FILE, Series, columns_of, field_names


def reference_evidence(series: Series, held: dict[str, str]) -> list[dict]:
    """One row per evidence entry of the file; quotes found in a held source get their span."""
    rows = []
    for number, meeting in series.meetings.items():
        for evidence in meeting.get("evidence") or []:
            source_id = source_id_from_url(evidence["url"])
            quote = evidence.get("quote")
            start = end = None
            if quote and source_id in held:
                start = held[source_id].find(quote)
                if start < 0:
                    raise BuildError(FILE, f"meeting {number}, evidence {evidence['field']!r}",
                                     f"the quote is not in the held text of {source_id}",
                                     "quote the source verbatim")
                end = start + len(quote)
            rows.append({"meeting_id": meeting_id(number), "source_id": source_id,
                         "fields": evidence["field"], "quote": quote,
                         "status": evidence["status"], "note": evidence.get("note"),
                         "char_start": start, "char_end": end})
    return rows


def merge_evidence(rows: list[dict], meetings: list[dict]) -> list[dict]:
    """Rows with one key (meeting, source, fields) are one: the file's and the parsed one."""
    merged: dict[tuple, dict] = {}
    for row in rows:
        key = (row["meeting_id"], row["source_id"], row["fields"])
        current = merged.setdefault(key, dict(row))
        for column, value in row.items():
            if current.get(column) is None:
                current[column] = value
            elif value is not None and value != current[column]:
                raise BuildError(FILE, f"{key[0]}, evidence {key[2]!r} from {key[1]}",
                                 f"given twice with different {column}: {current[column]!r} "
                                 f"and {value!r}", "cite each fact from a source once")
    values = {m["meeting_id"]: m for m in meetings}
    for row in merged.values():
        meeting = values[row["meeting_id"]]
        columns = [c for c in columns_of(row["fields"]) if meeting.get(c) is not None]
        if meeting.get("start_date") is not None:
            # A held meeting's fiscal year is derived from its dates, and an announcement of
            # it (planned_period) does not support its status `held`.
            columns = [c for c in columns if c != "fiscal_year_jp" and not (
                c == "status" and "planned_period" in field_names(row["fields"]))]
        row["meeting_columns"] = " ".join(columns) or None
    return list(merged.values())


def check_cited(meetings: list[dict], evidence: list[dict]) -> None:
    """Every stated value has evidence; a value only secondary pages support needs a note."""
    by_meeting = defaultdict(list)
    for row in evidence:
        by_meeting[row["meeting_id"]].append(row)
    for meeting in meetings:
        supports = by_meeting[meeting["meeting_id"]]
        columns = list(CITED_COLUMNS)
        if meeting.get("start_date") is None:
            columns.append("fiscal_year_jp")  # a planned meeting's fiscal year is stated
        unconfirmed = (meeting.get("unconfirmed_fields") or "").split()  # derived, set earlier
        for column in columns:
            if meeting.get(column) is None:
                continue
            statuses = {e["status"] for e in supports
                        if column in (e["meeting_columns"] or "").split()}
            if not statuses:
                raise BuildError(FILE, f"meeting {meeting['number']}", f"{column} "
                                 f"{meeting[column]!r} is not supported by any evidence",
                                 "add evidence (url, quote, status) for it, or leave it null")
            if statuses == {"secondary"} and not meeting.get("note"):
                raise BuildError(FILE, f"meeting {meeting['number']}", f"{column} rests only "
                                 "on secondary (non-government) pages and no note explains it",
                                 "set it to null, or explain it in the meeting's note")
            if "confirmed" not in statuses:
                unconfirmed.append(column)
        for column in list(unconfirmed):  # a value derived from one is no surer than it
            unconfirmed += [d for d in DERIVED_FROM.get(column, ()) if meeting.get(d) is not None]
        meeting["unconfirmed_fields"] = " ".join(unconfirmed) or None
