"""The whole series of meetings: reference/dialogue-series.yaml merged with the parsed releases.

reference/dialogue-series.yaml holds curated, cited facts about every meeting (1-15). This
module turns it into rows of `meetings`, `meeting_sources`, `sources`, `participants` and
`related_events`, and merges them with what the releases in sources/ give:

- A meeting's row starts from the reference file's values. The file already applies its own
  rules (a fact only a non-government page states is null unless the meeting's note explains
  otherwise; a conflict leaves the value null and the note says who says what), and the build
  checks them: every non-empty value must be supported by the file's evidence (or by the
  release it was read from), and a value only `secondary` evidence supports needs a note.
- Facts a meeting's own release states come from the parsed release; where the reference
  file states them too, the two must agree, or the build stops. A meeting whose own release
  is in sources/ must be `held` in the reference file.
- Meetings a release only names (the previous meeting in its related releases, the next one
  in its 次回会合 notice) fill values nobody else gives: a name, a status, a fiscal year.
- The participants and organizations the file lists are mapped to reference/organizations.yaml
  by their names exactly as written; for a meeting whose release is held, the release's
  lists are used and must name the same bodies as the file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from scripts.errors import BuildError
from scripts.japanese_dates import fiscal_year
from scripts.link import meeting_id
from scripts.registry import Registry, find_names
from scripts.snapshot import source_id_from_url
from scripts.yamlio import load_yaml

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
# Columns that a source states; every non-empty value needs evidence. The others are derived:
# meeting_id and number, dialogue_abbr and dialogue_name_en (reference/dialogues.yaml, by the
# series' numbering), city_en and country (reference/places.yaml, from city_ja), fiscal_year_jp
# of a held meeting (from start_date), source_id, note and unconfirmed_fields.
CITED_COLUMNS = ("dialogue_name_ja", "dialogue_name_en_as_written", "status", "start_date",
                 "end_date", "us_start_date", "us_end_date", "city_ja", "venue_ja",
                 "host_country", "format", "public_private_session", "government_session")
# Columns compared between the reference file and a meeting's own release.
AGREEING_COLUMNS = ("dialogue_name_ja", "status", "start_date", "end_date", "us_start_date",
                    "us_end_date", "city_ja", "venue_ja", "host_country", "format",
                    "public_private_session", "government_session")
FISCAL_YEAR_RE = re.compile(r"fiscal year (?P<year>\d{4})")


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


def load_series(root: Path) -> Series:
    path = root / FILE
    document = load_yaml(path)
    if not isinstance(document, dict) or not isinstance(document.get("meetings"), list):
        raise BuildError(path, "top level", "expected `series:` and a list under `meetings:`",
                         "restore the file from git")
    meetings: dict[int, dict] = {}
    for index, meeting in enumerate(document["meetings"], start=1):
        number = meeting.get("number")
        if not isinstance(number, int) or number in meetings:
            raise BuildError(path, f"meetings entry {index}", f"number {number!r} is missing or "
                             "repeated", "give each meeting its number, once")
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


# -- meetings ----------------------------------------------------------------------------------
def reference_row(series: Series, number: int, registry: Registry) -> dict:
    meeting = series.meetings[number]
    where = f"{FILE}: meeting {number}"
    sessions = meeting.get("sessions") or []
    fiscal = None
    if meeting.get("planned_period"):
        match = FISCAL_YEAR_RE.search(meeting["planned_period"])
        fiscal = int(match["year"]) if match else None
    city = meeting.get("city_ja")
    if city is not None:
        place, venue = registry.split_place(city, where)
        if venue is not None or (meeting.get("city_en") not in (None, place["name_en"])):
            raise BuildError(FILE, f"meeting {number}", f"city {city!r} / "
                             f"{meeting.get('city_en')!r} is not a city of "
                             "reference/places.yaml", "correct the city or add it there")
    return {
        "meeting_id": meeting_id(number), "number": number,
        "dialogue_name_ja": meeting.get("name_ja"),
        "dialogue_name_en_as_written": meeting.get("name_en"),
        "status": meeting["status"], "start_date": date(meeting.get("start_date")),
        "end_date": date(meeting.get("end_date")),
        "us_start_date": date(meeting.get("us_time_start_date")),
        "us_end_date": date(meeting.get("us_time_end_date")),
        "fiscal_year_jp": fiscal, "city_ja": city, "venue_ja": meeting.get("venue_ja"),
        "host_country": meeting.get("host_country"), "format": meeting.get("format"),
        "public_private_session": True if "public_private" in sessions else None,
        "government_session": True if "government" in sessions else None,
        "note": meeting.get("note"), "source_id": principal_source(meeting),
    }


def principal_source(meeting: dict) -> str:
    """The meeting's own release if the file lists one (a government's), else its first
    confirmed evidence."""
    releases = [r for r in meeting.get("press_releases") or [] if r.get("status") != "secondary"]
    if releases:
        return source_id_from_url(releases[0]["url"])
    evidence = meeting.get("evidence") or []
    confirmed = [e for e in evidence if e["status"] == "confirmed"] or evidence
    return source_id_from_url(confirmed[0]["url"])


def merge_meetings(series: Series, own: list[dict], mentions: list[dict],
                   registry: Registry) -> list[dict]:
    """One row per meeting: reference values, then the own release's, then mentions' gaps."""
    by_number: dict[int, dict] = {}
    for row in own:
        if row["number"] in by_number:
            raise BuildError("sources/", f"meeting {row['number']}", "two releases in sources/ "
                             f"report this meeting ({by_number[row['number']]['source_id']}, "
                             f"{row['source_id']})", "keep one release per meeting")
        by_number[row["number"]] = row
    numbers = sorted(set(series.meetings) | set(by_number) | {m["number"] for m in mentions})
    rows = []
    for number in numbers:
        row = reference_row(series, number, registry) if number in series.meetings else {
            "meeting_id": meeting_id(number), "number": number}
        if number in by_number:
            release_row = by_number[number]
            if number in series.meetings:
                check_agreement(row, release_row)
            row.update({k: v for k, v in release_row.items() if v is not None})
        for mention in (m for m in mentions if m["number"] == number):
            row.update({k: v for k, v in mention.items() if row.get(k) is None})
        rows.append(complete(row, series, registry))
    return rows


def check_agreement(reference: dict, release: dict) -> None:
    number = reference["number"]
    if reference["status"] != "held":
        raise BuildError(FILE, f"meeting {number}", f"status is {reference['status']!r}, but "
                         f"sources/ holds the meeting's own release ({release['source_id']})",
                         "update the meeting's entry: status held, the release under "
                         "press_releases, a note (MAINTAINING.md, step 5)")
    for column in AGREEING_COLUMNS:
        ours, theirs = reference.get(column), release.get(column)
        if ours is not None and theirs is not None and ours != theirs:
            raise BuildError(FILE, f"meeting {number}", f"{column} is {ours} here but "
                             f"{theirs} in its release ({release['source_id']})",
                             "the release is the source for what it states: correct the "
                             "reference file's value, or the release text if it was mis-saved")


def complete(row: dict, series: Series, registry: Registry) -> dict:
    """The derived columns: dialogue, country and city in English, fiscal year."""
    abbreviation = series.abbreviation(row["number"])
    if row.get("dialogue_name_ja"):
        named = registry.dialogue(row["dialogue_name_ja"], f"{FILE}: meeting {row['number']}")
        if named["abbreviation"] != abbreviation:
            raise BuildError(FILE, f"meeting {row['number']}", f"is named "
                             f"{row['dialogue_name_ja']!r} ({named['abbreviation']}) but numbered "
                             f"as a meeting of {abbreviation}", "correct the name or the "
                             "series' numbering (series.names)")
    dialogue = registry.dialogue_by_abbreviation(abbreviation) if abbreviation else {}
    city = None
    if row.get("city_ja"):
        city, _ = registry.split_place(row["city_ja"], f"{FILE}: meeting {row['number']}")
    start = row.get("start_date")
    return {**row, "dialogue_abbr": abbreviation, "dialogue_name_en": dialogue.get("name_en"),
            "city_en": city["name_en"] if city else None,
            "country": city["country"] if city else None,
            "fiscal_year_jp": fiscal_year(start) if start else row.get("fiscal_year_jp")}


# Columns the build derives from a cited one (reference/places.yaml gives a city's English name
# and country; the fiscal year follows from the start date).
DERIVED_FROM = {"city_ja": ("city_en", "country"), "start_date": ("fiscal_year_jp",)}


# -- evidence (meeting_sources) ----------------------------------------------------------------
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
    for meeting in meetings:
        supports = [e for e in evidence if e["meeting_id"] == meeting["meeting_id"]]
        columns = list(CITED_COLUMNS)
        if meeting.get("start_date") is None:
            columns.append("fiscal_year_jp")  # a planned meeting's fiscal year is stated
        unconfirmed = []
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


# -- sources -----------------------------------------------------------------------------------
def reference_sources(series: Series, registry: Registry) -> list[dict]:
    """A sources row for every url the file cites: not held, described as the file and
    reference/sites.yaml describe it."""
    releases, urls = {}, []
    for meeting in series.meetings.values():
        for release in meeting.get("press_releases") or []:
            releases[release["url"]] = release
        for url in cited_urls(meeting):
            if url not in urls:
                urls.append(url)
    sites = registry.sites
    rows = []
    for url in urls:
        release = releases.get(url)
        bare = re.sub(r"^https?://", "", url)
        site = next((s for s in sites if bare.startswith(s["prefix"])), {})
        row = {"source_id": source_id_from_url(url), "url": url, "kind": "web_page",
               "publisher_organization_id": site.get("publisher_organization_id"),
               "language": site.get("language"), "published": None, "publisher_name": None,
               "note": None}
        if site:
            row["kind"] = site["kind"]
        if release is not None:
            row.update(release_description(release, registry))
        rows.append(row)
    return rows


def cited_urls(meeting: dict) -> list[str]:
    organizations = meeting.get("participating_organizations") or {}
    return [*(r["url"] for r in meeting.get("press_releases") or []),
            *(e["url"] for e in meeting.get("evidence") or []),
            *(organizations[k] for k in ("source", "private_source") if organizations.get(k)),
            *(e["url"] for e in meeting.get("related_events") or [])]


def release_description(release: dict, registry: Registry) -> dict:
    """kind, publisher, language, date and note of a meeting's press_releases entry.

    kind: a copy on a third-party site (status secondary) is a web_page; an entry whose note
    says it is a joint (press) statement is a joint_statement; otherwise a press_release.
    """
    note = release.get("note") or ""
    if release.get("status") == "secondary":
        kind = "web_page"
    elif re.search(r"joint (press )?statement", note, re.IGNORECASE):
        kind = "joint_statement"
    else:
        kind = "press_release"
    try:
        publisher = registry.organization_id_en(release["publisher"], FILE)
    except BuildError:
        publisher = None  # a publisher the registry does not hold (an embassy, a website)
    return {"kind": kind, "publisher_organization_id": publisher,
            "publisher_name": release["publisher"], "language": release.get("language"),
            "published": date(release.get("date")), "note": release.get("note")}


# -- participants ------------------------------------------------------------------------------
SIDES = {"jp": "JP", "us": "US"}


def reference_participants(series: Series, numbers: set[int], registry: Registry) -> list[dict]:
    """Heads of delegation and bodies the file lists, for meetings not in `numbers`."""
    rows: list[dict] = []
    for number, meeting in series.meetings.items():
        if number not in numbers and meeting.get("participating_organizations"):
            rows += meeting_participants(number, meeting, registry)
    return rows


def meeting_participants(number: int, meeting: dict, registry: Registry) -> list[dict]:
    """In the order of the 14th release: each side's head, then its bodies; private sector."""
    organizations = meeting["participating_organizations"]
    mid, where = meeting_id(number), f"{FILE}: meeting {number}"
    heads = meeting.get("heads_of_delegation") or {}
    listed = []
    for side, delegation in SIDES.items():
        head = heads.get(side)
        if head:
            listed.append({
                "organization_id": head_body(head, registry), "delegation": delegation,
                "role": "head_of_delegation", "person_name_ja": head.get("name_ja"),
                "person_name_en": head.get("name_en"), "title_ja": head.get("title_ja"),
                "title_en": head.get("title_en"), "source_id": head_source(meeting, side, where)})
        listed += [{"organization_id": body_id(name, registry, where), "delegation": delegation,
                    "role": "member", "name_as_written": name,
                    "source_id": source_id_from_url(organizations["source"])}
                   for name in organizations.get(side) or []]
    private_source = organizations.get("private_source") or organizations["source"]
    listed += [{"organization_id": body_id(name, registry, where), "delegation": None,
                "role": "private_sector", "name_as_written": name,
                "source_id": source_id_from_url(private_source)}
               for name in organizations.get("private") or []]
    empty = {"person_name_ja": None, "person_name_en": None, "title_ja": None,
             "title_en": None, "name_as_written": None, "char_start": None, "char_end": None}
    return [{**empty, "participant_id": f"{mid}-p{index:02d}", "meeting_id": mid,
             "list_is_partial": bool(organizations.get("list_is_partial")), **row}
            for index, row in enumerate(listed, start=1)]


def is_japanese(name: str) -> bool:
    return re.search(r"[\u3040-\u30ff\u3400-\u9fff]", name) is not None


def body_id(name: str, registry: Registry, where: str) -> str:
    if is_japanese(name):
        return registry.organization_id(name, where)
    return registry.organization_id_en(name, where)


def head_body(head: dict, registry: Registry) -> str | None:
    """The most specific body the head's title names; None when it names none ('Ambassador')."""
    found = []
    if head.get("title_ja"):
        found = [m.entity_id for m in find_names(head["title_ja"], registry.organizations)]
    elif head.get("title_en"):
        found = registry.organizations_in_en(head["title_en"])
    return max(found, key=registry.depth) if found else None


def head_source(meeting: dict, side: str, where: str) -> str:
    for evidence in meeting.get("evidence") or []:
        if (evidence["status"] == "confirmed"
                and f"heads_of_delegation.{side}" in field_names(evidence["field"])):
            return source_id_from_url(evidence["url"])
    raise BuildError(where.split(":")[0], where.split(":", 1)[1].strip(),
                     f"no confirmed evidence for heads_of_delegation.{side}",
                     "cite the source that names the head of delegation")


def check_release_participants(series: Series, number: int, rows: list[dict]) -> None:
    """The file's lists for a meeting whose release is held must name the release's bodies."""
    organizations = (series.meetings.get(number) or {}).get("participating_organizations")
    if not organizations:
        return
    ours = {(SIDES.get(side), name) for side in ("jp", "us", "private")
            for name in organizations.get(side) or []}
    theirs = {(row["delegation"], row["name_as_written"]) for row in rows
              if row["role"] != "head_of_delegation"}
    if ours != theirs:
        raise BuildError(FILE, f"meeting {number}, participating_organizations",
                         f"differs from the meeting's release: only in the file "
                         f"{sorted(ours - theirs, key=str)}, only in the release "
                         f"{sorted(theirs - ours, key=str)}",
                         "copy the release's lists into the file exactly as written")


# -- related events ----------------------------------------------------------------------------
def related_events(series: Series, meetings: list[dict]) -> list[dict]:
    """GDCP working groups, the 2010 preparatory meeting and other events around a meeting.

    They are not meetings of the series (they have no number), so they get their own table and
    point to the meeting they were held for. A series-level event (the preparatory meeting of
    2010) belongs to the first meeting held after it.
    """
    rows = []
    held = sorted((m["start_date"], m["meeting_id"]) for m in meetings if m.get("start_date"))
    for event in series.document["series"].get("related_events") or []:
        day = date(event.get("date"))
        following = next(mid for start, mid in held if start >= day)
        evidence = event.get("evidence") or []
        rows.append(event_row(following, event, evidence[0]["url"],
                              next((e.get("quote") for e in evidence if e.get("quote")), None)))
    for number, meeting in series.meetings.items():
        for event in meeting.get("related_events") or []:
            quote = next((e.get("quote") for e in meeting.get("evidence") or []
                          if e["field"].startswith("related_events") and e["url"] == event["url"]
                          and e.get("quote")), None)
            rows.append(event_row(meeting_id(number), event, event["url"], quote))
    counters: dict[str, int] = {}
    for row in rows:
        counters[row["meeting_id"]] = counters.get(row["meeting_id"], 0) + 1
        row["event_id"] = f"{row['meeting_id']}-r{counters[row['meeting_id']]:02d}"
    return rows


def event_row(mid: str, event: dict, url: str, quote: str | None) -> dict:
    return {"meeting_id": mid, "date": date(event.get("date")), "name_ja": event.get("name_ja"),
            "name_en": event.get("name"), "description": event.get("description"),
            "source_id": source_id_from_url(url), "quote": quote}


# -- everything ----------------------------------------------------------------------------------
def series_records(series: Series, record_sets: list[dict[str, list]], registry: Registry,
                   held: dict[str, str]) -> dict[str, list]:
    """The series' rows of every table, merged with the releases' records."""
    own = [row for records in record_sets for row in records["meetings"]]
    mentions = [row for records in record_sets for row in records["meeting_mentions"]]
    meetings = merge_meetings(series, own, mentions, registry)
    evidence = merge_evidence(
        reference_evidence(series, held)
        + [row for records in record_sets for row in records["meeting_sources"]], meetings)
    check_cited(meetings, evidence)
    numbers = {row["number"] for row in own}
    for number in numbers:
        check_release_participants(series, number, [
            row for records in record_sets for row in records["participants"]
            if row["meeting_id"] == meeting_id(number)])
    return {
        "meetings": meetings,
        "meeting_sources": evidence,
        "sources": reference_sources(series, registry),
        "participants": reference_participants(series, numbers, registry),
        "related_events": related_events(series, meetings),
    }

