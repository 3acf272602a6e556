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


def test_no_name_known_ends_in_a_word_of_titles():
    """reference/positions.yaml's title_words refuse a contact name ending in one of them (平木総括
    of 平木総括補佐): no person named in the package, in people.yaml or in the synthetic corpus
    may end so, or the build would refuse a real name."""
    import csv

    from scripts.lib.yamlio import load_yaml
    from tests.conftest import ROOT

    names = {person["name_ja"] for person in load_yaml(ROOT / "reference" / "people.yaml")["people"]}
    for table, column in (("contacts", "person_name_ja"), ("participants", "person_name_ja")):
        with (ROOT / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            names |= {row[column] for row in csv.DictReader(handle) if row[column]}
    phrases = load_yaml(ROOT / "scripts" / "tools" / "synthetic_phrases.yaml")
    names |= set(phrases["contact_surnames"]) | set(phrases["jp_surnames"])
    assert {"平木", "大内", "笹井", "田原康生"} <= names
    words = [*REGISTRY.title_words, *REGISTRY.positions]
    assert not [(name, word) for name in sorted(names) for word in words if name.endswith(word)]
