"""reference/*.yaml -> Registry: the curated facts, loaded, checked, and indexed for matching.

Organizations and forums are matched by their Japanese names and aliases exactly as the
sources write them; a name the registry does not know stops the build with an error that
names the file to add it to. The registry also holds what the parser needs to read a release
(eras and the vocabulary of reference/vocabulary.yaml) and what the linker needs to code it
(classification rules, translations, positions, publishers, countries).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from scripts.lib.crossfile import registry_problems
from scripts.lib.errors import BuildError
from scripts.lib.inputs import check_reference, raise_problems
from scripts.lib.japanese_dates import Era
from scripts.lib.project import Project
from scripts.lib.yamlio import Document
from scripts.parse_release import Vocabulary

ABBREVIATION_IN_BRACKETS_RE = re.compile(r"[(（]([A-Za-z][A-Za-z0-9 +/.&-]*)[)）]")
VOCABULARY_LISTS = ("formats", "hosts", "sessions", "sides", "annex_languages", "annex_kinds",
                    "annex_media")


@dataclass(frozen=True)
class Match:
    entity_id: str
    start: int
    end: int
    text: str


def where_parts(where: str) -> tuple[str, str]:
    """'file.txt: joint statement, sentence 3' -> ('file.txt', 'joint statement, sentence 3')."""
    return where.split(":")[0], where.split(":", 1)[-1].strip() or "text"


@dataclass
class Registry:
    organizations: dict[str, dict]
    forums: dict[str, dict]
    terms: dict[str, dict]
    places: list[dict]
    sites: list[dict]
    eras: list[Era]
    dialogues: list[dict]
    people: dict[str, dict]
    positions: dict[str, dict]
    classification: dict
    translations: dict
    publishers: dict[str, dict]
    countries: dict[str, dict]
    vocabulary: Vocabulary
    name_forms: dict
    # The coding of a statement's sentences (scripts/code_statement.py).
    topics: dict = field(default_factory=lambda: {"umbrella": None, "topics": []})
    time_rules: dict = field(default_factory=dict)
    collective_names: list[dict] = field(default_factory=list)
    # Words of longer titles a contact's name must not end in (reference/positions.yaml).
    title_words: list[str] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict, repr=False)  # for lines

    def file(self, name: str) -> str:
        return f"reference/{name}"

    # -- organizations -----------------------------------------------------------------------
    def organization_id(self, name: str, where: str) -> str:
        """The id of the organization written `name` (exactly, or as one of its aliases)."""
        if name in self.organization_ids:
            return self.organization_ids[name]
        raise BuildError(*where_parts(where), f"unknown organization {name!r}",
                         f"add it (or an alias) to {self.file('organizations.yaml')}")

    def organization_id_en(self, name: str, where: str) -> str:
        """The id of the organization an English source writes `name`: the name exactly
        (name_en, aliases_en or abbreviation), then the forms of reference/name-forms.yaml."""
        found = self._english(name)
        if found is None:
            stripped = re.sub(self.name_forms["trailing_abbreviation"], "", name)
            found = self._english(stripped) if stripped != name else None
        for form in self.name_forms["english_sub_unit_patterns"]:
            match = re.match(form["pattern"], name)
            if found is None and match:
                child_id = self._english(match["child"])
                parent_id = self._english(match["parent"])
                if child_id and parent_id and self.organizations[child_id].get(
                        "parent") == parent_id:
                    found = child_id
        if found is None:
            raise BuildError(*where_parts(where), f"unknown organization {name!r}",
                             f"add it (name_en or an alias in aliases_en) to "
                             f"{self.file('organizations.yaml')}")
        return found

    def _english(self, name: str) -> str | None:
        return self.organization_ids_en.get(name)

    def organizations_in_en(self, text: str) -> list[str]:
        """Ids of the organizations whose English names occur in `text`."""
        return [org_id for org_id, org in self.organizations.items()
                if any(re.search(rf"\b{re.escape(n)}\b", text) for n in names_en(org))]

    def depth(self, org_id: str) -> int:
        parent = self.organizations[org_id].get("parent")
        return 0 if parent is None else 1 + self.depth(parent)

    def longest_organization_prefix(self, text: str) -> Match | None:
        """The longest organization name that `text` starts at any position with, leftmost."""
        matches = self.organization_names.find(text)
        return matches[0] if matches else None

    # -- forums ------------------------------------------------------------------------------
    def forums_in(self, text: str) -> list[Match]:
        return self.forum_names.find(text)

    def check_abbreviations(self, text: str, where: str) -> None:
        """Every bracketed Latin abbreviation, e.g. (GPAI), must be a known forum, body or term."""
        for match in ABBREVIATION_IN_BRACKETS_RE.finditer(text):
            if match.group(1) not in self.known_abbreviations:
                raise BuildError(
                    *where_parts(where), f"unknown name or abbreviation {match.group(0)!r}",
                    f"add it to {self.file('forums.yaml')} or {self.file('organizations.yaml')} "
                    f"if it is a body, otherwise to {self.file('terms.yaml')}")

    # The registry's tables are not changed after loading, so these are computed once.
    @cached_property
    def organization_names(self) -> NameIndex:
        return NameIndex(self.organizations)

    @cached_property
    def forum_names(self) -> NameIndex:
        return NameIndex(self.forums)

    @cached_property
    def organization_ids(self) -> dict[str, str]:
        """Each Japanese name or alias -> the first organization (in file order) it names."""
        return first_owners(self.organizations, names_ja)

    @cached_property
    def organization_ids_en(self) -> dict[str, str]:
        """Each English name, alias or abbreviation -> the first organization it names."""
        return first_owners(self.organizations, names_en)

    @cached_property
    def known_abbreviations(self) -> set[str]:
        """Terms, and every forum's and organization's abbreviation and aliases."""
        known = set(self.terms)
        for table in (self.forums, self.organizations):
            for entity in table.values():
                known |= {entity.get("abbreviation")} | set(entity.get("aliases_en") or [])
                known |= set(entity.get("aliases_ja") or [])
        return known

    # -- places, dialogues, publishers, telephone numbers ------------------------------------
    def split_place(self, place: str, where: str) -> tuple[dict, str | None]:
        """(city, venue) for a place as the release writes it: 東京三田共用会議所 = 東京 + venue."""
        for city in sorted(self.places, key=lambda p: -len(p["name_ja"])):
            if place.startswith(city["name_ja"]):
                return city, (place[len(city["name_ja"]):] or None)
        raise BuildError(*where_parts(where), f"unknown place {place!r}",
                         f"add the city to {self.file('places.yaml')}")

    def dialogue_names(self) -> list[str]:
        """Every Japanese name of the series (names and variants), for check_series."""
        return [n for d in self.dialogues for n in [d["name_ja"], *d["variants_ja"]]]

    def dialogue_abbreviations(self) -> dict[str, str]:
        """Every Japanese name and variant of the series -> its abbreviation (check_labels)."""
        return {name: d["abbreviation"] for d in self.dialogues
                for name in [d["name_ja"], *d["variants_ja"]]}

    def dialogue_by_abbreviation(self, abbreviation: str) -> dict:
        return next(d for d in self.dialogues if d["abbreviation"] == abbreviation)

    def dialogue(self, name_ja: str, where: str) -> dict:
        for dialogue in self.dialogues:
            if name_ja == dialogue["name_ja"] or name_ja in dialogue["variants_ja"]:
                return dialogue
        raise BuildError(*where_parts(where), f"unknown dialogue name {name_ja!r}",
                         f"add it as a variant in {self.file('dialogues.yaml')}")

    def publisher(self, organization_id: str, where: str) -> dict:
        if organization_id not in self.publishers:
            raise BuildError(*where_parts(where), f"publisher {organization_id!r} is not in "
                             f"{self.file('publishers.yaml')}", "add the publisher there (its "
                             "site and terms of use), or correct publisher_organization_id")
        return self.publishers[organization_id]

    def country(self, code: str, where: str) -> dict:
        if code not in self.countries:
            raise BuildError(*where_parts(where), f"no telephone numbering for country {code!r}",
                             f"add it to {self.file('countries.yaml')}")
        return self.countries[code]


def names_ja(entity: dict) -> list[str]:
    return [n for n in [entity.get("name_ja"), *(entity.get("aliases_ja") or [])] if n]


def names_en(entity: dict) -> list[str]:
    return [n for n in [entity.get("name_en"), *(entity.get("aliases_en") or []),
                        entity.get("abbreviation")] if n]


def first_owners(entities: dict[str, dict], names) -> dict[str, str]:
    """Each name `names(entity)` gives -> the first entity (in file order) that has it."""
    owners: dict[str, str] = {}
    for entity_id, entity in entities.items():
        for name in names(entity):
            owners.setdefault(name, entity_id)
    return owners


def find_names(text: str, entities: dict[str, dict]) -> list[Match]:
    """Leftmost-longest, non-overlapping occurrences of any entity's Japanese names."""
    return NameIndex(entities).find(text)


class NameIndex:
    """Every name of a table of entities as one compiled alternation, longest name first.

    A regular expression scans left to right and, at each position, tries the alternatives in
    order, so each match is the leftmost, and at that position the longest name; matches do
    not overlap. One search per text instead of one `startswith` per name per position.
    """

    def __init__(self, entities: dict[str, dict]) -> None:
        candidates = sorted(((name, entity_id) for entity_id, entity in entities.items()
                             for name in names_ja(entity)), key=lambda item: -len(item[0]))
        self.owners: dict[str, str] = {}
        for name, entity_id in candidates:
            self.owners.setdefault(name, entity_id)
        self.pattern = (re.compile("|".join(re.escape(name) for name, _ in candidates))
                        if candidates else None)

    def find(self, text: str) -> list[Match]:
        if self.pattern is None:
            return []
        return [Match(self.owners[found.group()], found.start(), found.end(), found.group())
                for found in self.pattern.finditer(text)]


# -- loading and checking --------------------------------------------------------------------
def load_registry(project: Project, documents: dict | None = None) -> Registry:
    """The registry, once every reference file has passed its schema (model/inputs/) and the
    rules that span files (scripts/lib/crossfile.py); all problems are reported together.
    `documents`: the reference files as check_reference read them, without problems."""
    if documents is None:
        documents, problems = check_reference(project)
        raise_problems(problems)
    data = {name: document.data for name, document in documents.items()}
    eras = [Era(e["name_ja"], dt.date.fromisoformat(e["start"])) for e in data["eras"]["eras"]]
    translations = data["translations-en"]
    registry = Registry(
        organizations=keyed(data["organizations"]["organizations"], "id"),
        forums=keyed(data["forums"]["forums"], "id"),
        terms=keyed(data["terms"]["terms"], "abbreviation"),
        places=data["places"]["places"],
        sites=data["sites"]["sites"],
        eras=eras,
        dialogues=data["dialogues"]["dialogues"],
        people=keyed(data["people"]["people"], "name_ja"),
        positions=keyed(data["positions"]["positions"], "name_ja"),
        classification=data["classification"],
        translations={"sentences": keyed(translations["sentences"], "text_ja"),
                      "sections": keyed(translations["sections"], "title_ja")},
        publishers=keyed(data["publishers"]["publishers"], "organization_id"),
        countries=keyed(data["countries"]["countries"], "code"),
        vocabulary=load_vocabulary(data["vocabulary"], eras),
        name_forms=data["name-forms"],
        topics=load_topics(data["topics"]),
        time_rules=load_time_rules(data["time-expressions"]),
        collective_names=data["collective-names"]["collective_names"],
        title_words=data["positions"]["title_words"],
        documents=documents,
    )
    raise_problems(registry_problems(registry))
    return registry


def keyed(entries: list[dict], key: str) -> dict[str, dict]:
    return {entry[key]: entry for entry in entries}


def load_vocabulary(document: dict, eras: list[Era]) -> Vocabulary:
    lists = {name: {entry["term_ja"]: entry["code"] for entry in document[name]}
             for name in VOCABULARY_LISTS}
    return Vocabulary(eras=tuple(eras), **lists)


# -- the coding of a statement's sentences: topics, time expressions, collective names --------
# (their schemas check the patterns compile; model/inputs/topics.schema.json and
# time-expressions.schema.json)
def load_topics(document: dict) -> dict:
    """reference/topics.yaml: the umbrella rule and every topic with its rules compiled."""
    return {"umbrella": re.compile(document["umbrella"]["pattern"]),
            "topics": [{**topic, "section_titles": list(topic.get("section_titles") or []),
                        "keywords": [re.compile(k) for k in topic.get("keywords") or []],
                        "any_keyword": any_of(topic.get("keywords") or [])}
                       for topic in document["topics"]]}


def any_of(patterns: list[str]) -> re.Pattern | None:
    """One pattern that matches somewhere in a text exactly when one of `patterns` does (to
    skip a topic's keywords quickly); None when they cannot be joined (inline flags, groups)."""
    try:
        if any(re.compile(pattern).groups for pattern in patterns):
            return None  # joined, groups would be renumbered (a backreference would break)
        return re.compile("|".join(f"(?:{pattern})" for pattern in patterns) or "(?!)")
    except re.error:
        return None


def load_time_rules(document: dict) -> dict:
    """reference/time-expressions.yaml: the finding pattern, qualifiers and role rules."""
    return {
        "pattern": re.compile(document["pattern"]),
        "qualifiers": {e["term_ja"]: e["code"] for e in document["qualifiers"]},
        "role_rules": [{**rule, "pattern": re.compile(rule["pattern"])}
                       for rule in document["role_rules"]],
    }
