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
from scripts.lib.yamlio import placed, where
from scripts.merge_series.quoted_dates import evidenced_blocks
from scripts.merge_series.series import FILE, Series, field_names

TEXT_KEYS = {"name_ja", "name_en", "title_ja", "title_en", "city_ja", "city_en", "venue_ja"}
LIST_KEYS = {"participating_organizations": {"jp", "us", "private"}, "organizers": {"jp", "us"}}
INDEXED_PART = re.compile(r"^(\w+)\[(\d+)\]$")


def named_value(block: dict, name: str) -> tuple[tuple, object, str | None]:
    """(place, value, the first part `block` lacks or None) of a field path
    (heads_of_delegation.us, press_releases[0].date). A path under a null value stops there
    (the value is null); a name without . or [ may be a label of the evidence (context,
    related event), never missing."""
    node, place = block, ()
    for part in name.split("."):
        indexed = INDEXED_PART.match(part)
        key = indexed[1] if indexed else part
        if not isinstance(node, dict) or key not in node:
            labelled = node is None or ("." not in name and "[" not in name)
            return place, None, None if labelled else key
        node, place = node[key], (*place, key)
        if indexed and node is not None:
            index = int(indexed[2])
            if not isinstance(node, list) or index >= len(node):
                return place, None, part
            node, place = node[index], (*place, index)
    return place, node, None


def texts(node, place: tuple):
    """(place, text) of every verbatim text under `place`: TEXT_KEYS, and the bodies listed
    under participating_organizations and organizers."""
    for at, value in placed(node, place):
        listed = len(at) >= 3 and at[-3] in LIST_KEYS and at[-2] in LIST_KEYS[at[-3]] and \
            isinstance(at[-1], int)
        if isinstance(value, str) and (listed or (at and at[-1] in TEXT_KEYS)):
            yield at, value


def check_quoted_texts(series: Series) -> None:
    for part, block in evidenced_blocks(series):
        quotes: dict[tuple, list[str]] = {}
        for evidence in block.get("evidence") or []:
            for name in field_names(evidence["field"]):
                _, _, missing = named_value(block, name)
                if missing is not None:
                    raise BuildError(FILE, f"{part}, evidence {evidence['field']!r}",
                                     f"{name!r} names no field ({missing!r} is not there), "
                                     "so what it cites is checked against nothing",
                                     "write the field's name as the entry has it")
            if not evidence.get("quote"):
                continue
            for name in field_names(evidence["field"]):
                place, value, _ = named_value(block, name)
                for found in texts(value, place):
                    quotes.setdefault(found, []).append(evidence["quote"])
        for (place, text), quoted in quotes.items():
            if not any(written_in(text, quote) for quote in quoted):
                raise BuildError(FILE, f"{part}, {where(place)}", f"{text!r} is not written in "
                                 "the quote of its evidence (" + " / ".join(
                                     repr(q[:80] + ("…" if len(q) > 80 else ""))
                                     for q in quoted) + ")", "write it as the source does, "
                                 "or cite the words of the source that write it so")
