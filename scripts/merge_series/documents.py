"""A sources row for every url reference/dialogue-series.yaml cites (none of them held)."""

from __future__ import annotations

import re

from scripts.lib.errors import BuildError
from scripts.lib.ids import WHERE, source_id_from_url
from scripts.merge_series.series import FILE, Series, date, field_names
from scripts.registry import Registry

SERIES_FILE, PEOPLE_FILE = FILE, "reference/people.yaml"


def reference_sources(series: Series, registry: Registry) -> list[dict]:
    """A sources row for every url the file (and reference/people.yaml) cites: not held,
    described as the file and reference/sites.yaml describe it (a meeting's press_releases
    and series.documents give kind, publisher, language and date)."""
    releases, urls = {}, {}
    for meeting in series.meetings.values():
        for release in meeting.get("press_releases") or []:
            releases[release["url"]] = release
        urls.update(dict.fromkeys(cited_urls(meeting)))
    for document in documents(series):
        releases[document["url"]] = document
        urls[document["url"]] = None
    for event in series.document["series"].get("related_events") or []:
        urls.update(dict.fromkeys(e["url"] for e in event.get("evidence") or []))
    cited = set(urls)
    # reference/people.yaml cites the page that spells each English name (participants)
    urls.update(dict.fromkeys(p["source"] for p in registry.people.values() if p.get("source")))
    sites = registry.sites
    rows = []
    for url in urls:
        release = releases.get(url)
        bare = re.sub(r"^https?://", "", url)
        site = next((s for s in sites if bare.startswith(s["prefix"])), {})
        row = {"source_id": source_id_from_url(url), "url": url, "kind": "web_page",
               "publisher_organization_id": site.get("publisher_organization_id"),
               "language": site.get("language"), "published": None, "publisher_name": None,
               "note": None, WHERE: (SERIES_FILE if url in cited else PEOPLE_FILE, "url")}
        if site:
            row["kind"] = site["kind"]
        if release is not None:
            row.update(release_description(release, registry))
        rows.append(row)
    return rows


def documents(series: Series) -> list[dict]:
    """series.documents: cited documents that are not a meeting's own release. A date needs
    confirmed evidence for `date` with a quote: the words of the source that state it."""
    entries = series.document["series"].get("documents") or []
    for entry in entries:
        if entry.get("date") and not any(
                e["status"] == "confirmed" and e.get("quote") and "date" in field_names(
                    e["field"]) for e in entry.get("evidence") or []):
            raise BuildError(FILE, f"series.documents, {entry['url']}", "the date has no "
                             "confirmed, quoted evidence", "quote the words that state the "
                             "date, or set it to null")
    return entries


def cited_urls(meeting: dict) -> list[str]:
    organizations = meeting.get("participating_organizations") or {}
    return [*(r["url"] for r in meeting.get("press_releases") or []),
            *(e["url"] for e in meeting.get("evidence") or []),
            *(organizations[k] for k in ("source", "private_source") if organizations.get(k)),
            *([meeting["organizers"]["source"]] if meeting.get("organizers") else []),
            *(e["url"] for e in meeting.get("related_events") or [])]


def release_description(release: dict, registry: Registry) -> dict:
    """kind, publisher, language, date and note of a meeting's press_releases entry."""
    try:
        publisher = registry.organization_id_en(release["publisher"], FILE)
    except BuildError:
        publisher = None  # a publisher the registry does not hold (an embassy, a website)
    return {"kind": release["kind"], "publisher_organization_id": publisher,
            "publisher_name": release["publisher"], "language": release.get("language"),
            "published": date(release.get("date")), "note": release.get("note")}
