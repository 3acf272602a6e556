"""Name matching (scripts/registry.py) finds what the original position-by-position scan found."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.registry import Match, find_names, load_registry, names_ja
from tests.conftest import PROJECT

REGISTRY = load_registry(PROJECT)


def scan(text: str, entities: dict[str, dict]) -> list[Match]:
    """The original algorithm: at each position, the longest name that starts there."""
    candidates = sorted(((name, entity_id) for entity_id, entity in entities.items()
                         for name in names_ja(entity)), key=lambda item: -len(item[0]))
    matches, position = [], 0
    while position < len(text):
        found = next(((name, entity_id) for name, entity_id in candidates
                      if text.startswith(name, position)), None)
        if found:
            matches.append(Match(found[1], position, position + len(found[0]), found[0]))
            position += len(found[0])
        else:
            position += 1
    return matches


NAMES = sorted({name for table in (REGISTRY.forums, REGISTRY.organizations)
                for entity in table.values() for name in names_ja(entity)})
# Texts made of whole names, their prefixes and suffixes (near misses) and filler.
PIECES = st.one_of(st.sampled_from(NAMES), st.sampled_from(NAMES).map(lambda n: n[:-1]),
                   st.sampled_from(NAMES).map(lambda n: n[1:]),
                   st.sampled_from(["、", "及び", "の", "(", ")", " ", "米国", "日米", "において"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_find_names_equals_the_original_scan(text):
    for entities in (REGISTRY.forums, REGISTRY.organizations):
        assert find_names(text, entities) == scan(text, entities)
        assert REGISTRY.forums_in(text) == scan(text, REGISTRY.forums)


def test_on_the_release(source_text):
    for entities in (REGISTRY.forums, REGISTRY.organizations):
        assert find_names(source_text, entities) == scan(source_text, entities)
