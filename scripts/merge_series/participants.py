"""Who took part in and who held the meetings whose release is not held, as the file lists them.

Participants: each side's head of delegation, then its listed bodies, then the private sector
(`participating_organizations`); each list says whether it is partial (`list_is_partial`, per
list). Organizers: the bodies a cited source names as holding the meeting (`organizers`), which
are not participants unless the source lists them among those too.
"""

from __future__ import annotations

import re

from scripts.lib.errors import BuildError
from scripts.lib.ids import meeting_id, source_id_from_url, with_participant_ids
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
    partial = partial_lists(organizations, where)
    heads = meeting.get("heads_of_delegation") or {}
    listed = []
    for side, delegation in SIDES.items():
        if heads.get(side):
            listed.append({**head_row(meeting, side, registry, where),
                           "list_is_partial": partial[side]})
        listed += [{"organization_id": body_id(name, registry, where), "delegation": delegation,
                    "role": "member", "name_as_written": name, "list_is_partial": partial[side],
                    "source_id": source_id_from_url(organizations["source"])}
                   for name in organizations.get(side) or []]
    private_source = organizations.get("private_source") or organizations["source"]
    listed += [{"organization_id": body_id(name, registry, where), "delegation": None,
                "role": "private_sector", "name_as_written": name,
                "list_is_partial": partial["private"],
                "source_id": source_id_from_url(private_source)}
               for name in organizations.get("private") or []]
    empty = {"person_name_ja": None, "person_name_en": None, "title_ja": None,
             "title_en": None, "name_as_written": None, "person_name_ja_source_id": None,
             "person_name_en_source_id": None, "unconfirmed_fields": None,
             "char_start": None, "char_end": None}
    return with_participant_ids([{**empty, "meeting_id": mid, **row} for row in listed], FILE)


def partial_lists(organizations: dict, where: str) -> dict[str, bool]:
    """list_is_partial per list (jp, us, private); a list the mapping does not name is whole."""
    given = organizations.get("list_is_partial") or {}
    if not isinstance(given, dict) or set(given) - {"jp", "us", "private"} or any(
            not isinstance(v, bool) for v in given.values()):
        raise BuildError(*where_parts(where), f"list_is_partial {given!r} is not a mapping "
                         "of jp, us, private to true or false",
                         "say for each list whether the source ends it with etc./等")
    return {side: given.get(side, False) for side in ("jp", "us", "private")}


def head_row(meeting: dict, side: str, registry: Registry, where: str) -> dict:
    """The head of delegation of one side, each name with the source that writes it."""
    head = meeting["heads_of_delegation"][side]
    source = head_source(meeting, side, "", where)
    return {"organization_id": head_body(head, registry), "delegation": SIDES[side],
            "role": "head_of_delegation", "person_name_ja": head.get("name_ja"),
            "person_name_en": head.get("name_en"), "title_ja": head.get("title_ja"),
            "title_en": head.get("title_en"), "source_id": source,
            "person_name_ja_source_id": head_source(meeting, side, ".name_ja", where,
                                                    source) if head.get("name_ja") else None,
            "person_name_en_source_id": head_source(meeting, side, ".name_en", where,
                                                    source) if head.get("name_en") else None}


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


def head_source(meeting: dict, side: str, detail: str, where: str,
                default: str | None = None) -> str:
    """The source of the first confirmed evidence for heads_of_delegation.<side><detail>
    (detail .name_ja: the page that writes the Japanese name), else `default`."""
    for evidence in meeting.get("evidence") or []:
        if (evidence["status"] == "confirmed"
                and f"heads_of_delegation.{side}{detail}" in field_names(evidence["field"])):
            return source_id_from_url(evidence["url"])
    if default is not None:
        return default
    raise BuildError(*where_parts(where),
                     f"no confirmed evidence for heads_of_delegation.{side}{detail}",
                     "cite the source that names the head of delegation")


def reference_organizers(series: Series, released: dict[int, set[str]],
                         registry: Registry) -> list[dict]:
    """meeting_organizers rows for the meetings whose release is not held (`released`: the
    organisers each held release names), where the entry lists organizers; each list must be
    supported by confirmed evidence from its source for `organizers`."""
    rows = []
    for number, meeting in series.meetings.items():
        organizers = meeting.get("organizers")
        if not organizers:
            continue
        where = f"{FILE}: meeting {number}, organizers"
        names = {name for side in SIDES for name in organizers.get(side) or []}
        if number in released:
            if names != released[number]:
                raise BuildError(*where_parts(where), f"{sorted(names)} differ from the "
                                 f"release's {sorted(released[number])}",
                                 "copy the release's names exactly as written, or remove them")
            continue
        if not any(e["url"] == organizers["source"] and e["status"] == "confirmed"
                   and "organizers" in field_names(e["field"])
                   for e in meeting.get("evidence") or []):
            raise BuildError(*where_parts(where), "no confirmed evidence for organizers from "
                             f"{organizers['source']}", "cite the sentence that says who held "
                             "the meeting (evidence field: organizers)")
        rows += [{"meeting_id": meeting_id(number), "organization_id": body_id(name, registry,
                                                                               where),
                  "name_as_written": name, "source_id": source_id_from_url(organizers["source"]),
                  "char_start": None, "char_end": None}
                 for side in SIDES for name in organizers.get(side) or []]
    return rows


def check_release_participants(series: Series, number: int, rows: list[dict]) -> None:
    """What the file says of the participants of a meeting whose release is held must be what
    the release says: the same bodies, the same heads of delegation, the same lists partial."""
    meeting = series.meetings.get(number) or {}
    check_release_heads(number, meeting.get("heads_of_delegation") or {}, rows)
    organizations = meeting.get("participating_organizations")
    if not organizations:
        return
    given = organizations.get("list_is_partial") or {}
    for side, delegation in {**SIDES, "private": None}.items():
        read = {row["list_is_partial"] for row in rows if row["delegation"] == delegation
                and row["role"] != "head_of_delegation"}
        if side in given and read and read != {given[side]}:
            raise BuildError(FILE, f"meeting {number}, participating_organizations."
                             f"list_is_partial.{side}", f"is {given[side]}, but the release's "
                             f"rows of that list have {', '.join(map(str, sorted(read)))}",
                             "write what the release says (等 or etc. at the end: partial)")
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


HEAD_FIELDS = {"name_ja": "person_name_ja", "title_ja": "title_ja", "name_en": "person_name_en",
               "title_en": "title_en"}


def check_release_heads(number: int, heads: dict, rows: list[dict]) -> None:
    """Each head of delegation the file gives for a held release is the release's (by what
    the release writes: names and titles as written; an English name as the rows have it)."""
    for side, head in heads.items():
        if not head:
            continue
        theirs = next((row for row in rows if row["role"] == "head_of_delegation"
                       and row["delegation"] == SIDES.get(side)), None)
        for field, column in HEAD_FIELDS.items():
            if head.get(field) is None:
                continue
            found = theirs.get(column) if theirs else None
            if found != head[field]:
                given = ("the meeting's release gives" if field.endswith("_ja") else
                         "its row has, from reference/people.yaml by the name the release "
                         "writes,")
                raise BuildError(FILE, f"meeting {number}, heads_of_delegation.{side}.{field}",
                                 f"is {head[field]!r}, but {given} {found!r}",
                                 "write what the release (and reference/people.yaml) says, or "
                                 "leave it null: the release's is used")
