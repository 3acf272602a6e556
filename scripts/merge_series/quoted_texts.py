"""The names of reference/dialogue-series.yaml are written in the quotes that support them.

A text an evidence entry lists with a quote (a meeting's name_ja or name_en, city_ja, city_en,
venue_ja, a head of delegation's name and title, a body of participating_organizations or of
organizers) must be written in one of the quotes whose fields cover it: the build publishes
these as the sources write them (participants.name_as_written, meeting_organizers,
meetings.dialogue_name_en_as_written). Every field path an evidence entry names
(heads_of_delegation.us, press_releases[0].date) must be one of the meeting's (or entry's);
a plain name may be a label (context), and an unknown field is left to check_cited. They
are compared as whole words, width, case, spaces and punctuation aside (`written_in`: U.S.-Japan
and US-Japan, Washington, D.C. and Washington D.C. are one writing). A field no quote covers
is left to the evidence rules (check_cited): a quote that states no name supports other
fields.
"""

from __future__ import annotations

import re

from scripts.lib.errors import BuildError
from scripts.lib.quotes import written_in
from scripts.lib.yamlio import where
from scripts.merge_series.quoted_dates import evidenced_blocks
from scripts.merge_series.series import FILE, Series, field_names

TEXT_KEYS = {"name_ja", "name_en", "title_ja", "title_en", "city_ja", "city_en", "venue_ja"}
LIST_KEYS = {"participating_organizations": {"jp", "us", "private"}, "organizers": {"jp", "us"}}
INDEXED_PART = re.compile(r"^(\w+)\[(\d+)\]$")
def named_value(block: dict, name: str) -> tuple[tuple, object]:
    """(place, value) of a field name (heads_of_delegation.us, press_releases[0]) in block."""
    node, place = block, ()
    for part in name.split("."):
        indexed = INDEXED_PART.match(part)
        key = indexed[1] if indexed else part
        node = node.get(key) if isinstance(node, dict) else None
        place += (key,)
        if indexed:
            index = int(indexed[2])
            node = node[index] if isinstance(node, list) and index < len(node) else None
            place += (index,)
    return place, node


def texts(node, place: tuple):
    """(place, text) of every verbatim text under `place`: TEXT_KEYS, and the bodies listed
    under participating_organizations."""
    if isinstance(node, str):
        listed = len(place) >= 3 and place[-3] in LIST_KEYS and place[-2] in LIST_KEYS[
            place[-3]] and isinstance(place[-1], int)
        if listed or (place and place[-1] in TEXT_KEYS):
            yield place, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from texts(value, (*place, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts(value, (*place, index))


def missing_part(block: dict, name: str) -> str | None:
    """The first part of a field path (heads_of_delegation.us, press_releases[0].date) that
    `block` lacks, or None. A path under a null value stops there (the value is null); a
    name without . or [ may be a label of the evidence (context, related event)."""
    if "." not in name and "[" not in name:
        return None
    node = block
    for part in name.split("."):
        indexed = INDEXED_PART.match(part)
        key = indexed[1] if indexed else part
        if node is None:
            return None
        if not isinstance(node, dict) or key not in node:
            return key
        node = node[key]
        if indexed and node is not None:
            if not isinstance(node, list) or int(indexed[2]) >= len(node):
                return part
            node = node[int(indexed[2])]
    return None


def check_quoted_texts(series: Series) -> None:
    for part, block in evidenced_blocks(series):
        quotes: dict[tuple, list[str]] = {}
        for evidence in block.get("evidence") or []:
            for name in field_names(evidence["field"]):
                missing = missing_part(block, name)
                if missing is not None:
                    raise BuildError(FILE, f"{part}, evidence {evidence['field']!r}",
                                     f"{name!r} names no field ({missing!r} is not there), "
                                     "so what it cites is checked against nothing",
                                     "write the field's name as the entry has it")
            if not evidence.get("quote"):
                continue
            for name in field_names(evidence["field"]):
                place, value = named_value(block, name)
                for found in texts(value, place):
                    quotes.setdefault(found, []).append(evidence["quote"])
        for (place, text), quoted in quotes.items():
            if not any(written_in(text, quote) for quote in quoted):
                raise BuildError(FILE, f"{part}, {where(place)}", f"{text!r} is not written in "
                                 "the quote of its evidence (" + " / ".join(
                                     repr(q[:80] + ("…" if len(q) > 80 else ""))
                                     for q in quoted) + ")", "write it as the source does, "
                                 "or cite the words of the source that write it so")
