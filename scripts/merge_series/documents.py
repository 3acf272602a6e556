"""A sources row for every url reference/dialogue-series.yaml cites (none of them held)."""

from __future__ import annotations

import re

from scripts.lib.errors import BuildError
from scripts.lib.ids import source_id_from_url
from scripts.merge_series.series import FILE, Series, date
from scripts.registry import Registry


def reference_sources(series: Series, registry: Registry) -> list[dict]:
    """A sources row for every url the file cites: not held, described as the file and
    reference/sites.yaml describe it."""
    releases, urls = {}, {}
    for meeting in series.meetings.values():
        for release in meeting.get("press_releases") or []:
            releases[release["url"]] = release
        urls.update(dict.fromkeys(cited_urls(meeting)))
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
    """kind, publisher, language, date and note of a meeting's press_releases entry."""
    try:
        publisher = registry.organization_id_en(release["publisher"], FILE)
    except BuildError:
        publisher = None  # a publisher the registry does not hold (an embassy, a website)
    return {"kind": release["kind"], "publisher_organization_id": publisher,
            "publisher_name": release["publisher"], "language": release.get("language"),
            "published": date(release.get("date")), "note": release.get("note")}
