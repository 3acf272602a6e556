"""Heads of delegation and bodies the file lists, for the meetings whose release is not held."""

from __future__ import annotations

import re

from scripts.lib.errors import BuildError
from scripts.lib.ids import meeting_id, participant_id, source_id_from_url
from scripts.merge_series.series import FILE, Series, field_names
from scripts.registry import Registry, find_names, where_parts

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
    return [{**empty, "participant_id": participant_id(mid, index), "meeting_id": mid,
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
    raise BuildError(*where_parts(where),
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
