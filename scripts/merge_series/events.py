"""Related events: held for or around a meeting, not meetings of the series."""

from __future__ import annotations

from scripts.lib.errors import BuildError
from scripts.lib.ids import event_id, meeting_id, source_id_from_url
from scripts.merge_series.series import FILE, Series, date, field_names

EVENT_KINDS = ("preparatory_meeting", "gdcp_working_group", "private_sector_meeting",
               "side_event")
STATED_COLUMNS = {"date": "date", "name_ja": "name_ja", "name": "name_en"}


def related_events(series: Series, meetings: list[dict]) -> list[dict]:
    """GDCP working groups, the 2010 preparatory meeting and other events around a meeting.

    They are not meetings of the series (they have no number), so they get their own table and
    point to the meeting they were held for. A series-level event (the preparatory meeting of
    2010) belongs to the first meeting held after it. Ids come from what the event is: its
    meeting, kind and day (ids.event_id); two events with one id stop the build.
    """
    rows = []
    held = sorted((m["start_date"], m["meeting_id"]) for m in meetings if m.get("start_date"))
    for event in series.document["series"].get("related_events") or []:
        day = date(event.get("date"))
        following = next(mid for start, mid in held if start >= day)
        evidence = event.get("evidence") or []
        rows.append(event_row(following, event, evidence[0]["url"], evidence))
    for number, meeting in series.meetings.items():
        for event in meeting.get("related_events") or []:
            evidence = [e for e in meeting.get("evidence") or []
                        if e["field"].startswith("related_events") and e["url"] == event["url"]]
            rows.append(event_row(meeting_id(number), event, event["url"], evidence))
    seen: set[str] = set()
    for row in rows:
        if row["event_id"] in seen:
            raise BuildError(FILE, f"related event {row['event_id']}", "two events get this id "
                             "(same meeting, kind and day)", "give each event its date, or "
                             "correct its kind")
        seen.add(row["event_id"])
    return rows


def event_row(mid: str, event: dict, url: str, evidence: list[dict]) -> dict:
    kind, day = event.get("kind"), date(event.get("date"))
    if kind not in EVENT_KINDS:
        raise BuildError(FILE, f"related event of {mid} ({event.get('date')})", f"kind {kind!r} "
                         f"is not one of {', '.join(EVENT_KINDS)}", "give the event its kind")
    row = {"event_id": event_id(mid, kind, day), "meeting_id": mid, "kind": kind, "date": day,
           "name_ja": event.get("name_ja"), "name_en": event.get("name"),
           "description": event.get("description"), "source_id": source_id_from_url(url),
           "quote": next((e.get("quote") for e in evidence if e.get("quote")), None)}
    return {**row, "unconfirmed_fields": unconfirmed(event, evidence)}


def unconfirmed(event: dict, evidence: list[dict]) -> str | None:
    """The columns with a value whose every evidence entry naming them is not confirmed."""
    columns = []
    for key, column in STATED_COLUMNS.items():
        statuses = {e["status"] for e in evidence if key in field_names(e["field"])}
        if event.get(key) is not None and statuses and "confirmed" not in statuses:
            columns.append(column)
    return " ".join(columns) or None


def check_event_sentences(series: Series, held: list[tuple[str, object]]) -> None:
    """A held release's lead sentence about another event held (「また、…10月19日、第2回…作業部
    会を開催し…」) is a related event of reference/dialogue-series.yaml: some evidence of the
    file for a related event quotes it, from that release (`held`: (url, parsed release))."""
    from scripts.parse_release.document import line_number

    quoted = [(e["url"], e.get("quote")) for meeting in series.meetings.values()
              for e in meeting.get("evidence") or [] if e["field"].startswith("related_events")]
    quoted += [(e["url"], e.get("quote")) for event in series.document["series"].get(
        "related_events") or [] for e in event.get("evidence") or []]
    for url, release in held:
        for sentence in release.event_sentences:
            if not any(source == url and quote and quote in sentence.text
                       for source, quote in quoted):
                raise BuildError(release.path, f"line {line_number(release.text, sentence)}",
                                 f"the lead reports another event held, "
                                 f"{sentence.text[:40]!r}…, which no related event of {FILE} "
                                 "cites", "add it to the meeting's related_events in "
                                 f"{FILE}, with evidence (field related_events[N]) quoting "
                                 "this sentence from the release (MAINTAINING.md, step 5)")
