"""reference/dialogue-series.yaml, loaded and checked, and the names of its fields."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from scripts.lib.errors import BuildError
from scripts.lib.project import Project
from scripts.lib.yamlio import load_yaml

FILE = "reference/dialogue-series.yaml"
EVIDENCE_STATUSES = ("confirmed", "secondary", "conflict", "inferred")
# The reference file's field names -> the meetings columns they are about.
FIELD_COLUMNS = {
    "name_ja": ("dialogue_name_ja",), "name_en": ("dialogue_name_en_as_written",),
    "start_date": ("start_date", "status"), "end_date": ("end_date",),
    "us_time_start_date": ("us_start_date",), "us_time_end_date": ("us_end_date",),
    "city_ja": ("city_ja",), "city_en": ("city_en",), "venue_ja": ("venue_ja",),
    "host_country": ("host_country",), "format": ("format",),
    "sessions": ("public_private_session", "government_session"),
    "status": ("status",), "planned_period": ("fiscal_year_jp",),
}


@dataclass(frozen=True)
class Series:
    document: dict
    meetings: dict[int, dict]

    @property
    def names(self) -> list[dict]:
        return [n for n in self.document["series"]["names"] if n["language"] == "ja"]

    def abbreviation(self, number: int) -> str | None:
        """IED for meetings 1-13, DDE from 14: the numbering the file's `series.names` give."""
        for name in self.names:
            last = name["meetings"]["to"]
            if name["meetings"]["from"] <= number and (last is None or number <= last):
                return name["abbreviation"]
        return None


def load_series(project: Project, document=None) -> Series:
    """The series of reference/dialogue-series.yaml (`document`: its data, when the caller has
    read and checked it already)."""
    path = project.root / FILE
    document = load_yaml(path) if document is None else document
    if not isinstance(document, dict) or not isinstance(document.get("meetings"), list):
        raise BuildError(path, "top level", "expected `series:` and a list under `meetings:`",
                         "restore the file from git")
    meetings: dict[int, dict] = {}
    for index, meeting in enumerate(document["meetings"], start=1):
        number = meeting.get("number")
        if not isinstance(number, int) or number in meetings:
            raise BuildError(path, f"meetings entry {index}", f"number {number!r} is missing or "
                             "repeated", "give each meeting its number, once")
        announced = [key for key in ("planned_period", "planned_fiscal_year_jp")
                     if meeting.get(key) is not None]
        if meeting.get("status") == "held" and announced:
            raise BuildError(path, f"meeting {number}", f"is held, but still has "
                             f"{' and '.join(announced)} (what was announced before it was "
                             "held)", "remove them: a held meeting's fiscal year comes from its "
                             "dates (MAINTAINING.md, step 5)")
        for evidence in meeting.get("evidence") or []:
            if evidence.get("status") not in EVIDENCE_STATUSES or not evidence.get("url"):
                raise BuildError(path, f"meeting {number}, evidence {evidence.get('field')!r}",
                                 f"status {evidence.get('status')!r} or url missing",
                                 f"give a url and one of {', '.join(EVIDENCE_STATUSES)}")
        meetings[number] = meeting
    if sorted(meetings) != list(range(1, len(meetings) + 1)):
        raise BuildError(path, "meetings", f"numbers {sorted(meetings)} are not 1..N",
                         "list every meeting of the series, numbered from 1")
    return Series(document, meetings)


def field_names(field: str) -> list[str]:
    """'start_date, end_date (year), name_en' -> ['start_date', 'end_date', 'name_en']."""
    return [name.strip() for name in re.sub(r"\s*\([^)]*\)", "", field).split(",")]


def columns_of(field: str) -> list[str]:
    """The meetings columns an evidence's fields are about."""
    columns: list[str] = []
    for name in field_names(field):
        columns += [c for c in FIELD_COLUMNS.get(name, ()) if c not in columns]
    return columns


def date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)
