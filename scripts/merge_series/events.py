"""Related events: held for or around a meeting, not meetings of the series."""

from __future__ import annotations

from scripts.lib.ids import event_id, meeting_id, source_id_from_url
from scripts.merge_series.series import Series, date


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
        row["event_id"] = event_id(row["meeting_id"], counters[row["meeting_id"]])
    return rows


def event_row(mid: str, event: dict, url: str, quote: str | None) -> dict:
    return {"meeting_id": mid, "date": date(event.get("date")), "name_ja": event.get("name_ja"),
            "name_en": event.get("name"), "description": event.get("description"),
            "source_id": source_id_from_url(url), "quote": quote}
