"""reference/*.yaml -> Registry: the curated facts, loaded, checked, and indexed for matching.

Organizations and forums are matched by their Japanese names and aliases exactly as the
sources write them; a name the registry does not know stops the build with an error that
names the file to add it to. The registry also holds what the parser needs to read a release
(eras and the vocabulary of reference/vocabulary.yaml) and what the linker needs to code it
(classification rules, translations, positions, publishers, countries).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from scripts.lib.errors import BuildError
from scripts.lib.ids import ID_RE
from scripts.lib.japanese_dates import Era
from scripts.lib.project import Project
from scripts.lib.yamlio import load_yaml
from scripts.parse_release import Vocabulary

ABBREVIATION_IN_BRACKETS_RE = re.compile(r"[(（]([A-Za-z][A-Za-z0-9 +/.&-]*)[)）]")
ORGANIZATION_ENUMS = {
    "sector": {"government", "public_corporation", "private"},
    "kind": {"ministry", "department", "agency", "commission", "bureau", "office", "division",
             "secretariat", "institute", "bank", "fund", "business_association", "council"},
}
FORUM_ENUMS = {
    "kind": {"international_organization", "un_body", "un_process", "intergovernmental_forum",
             "ministerial_meeting", "expert_group", "committee", "partnership",
             "multistakeholder_forum", "certification_system", "initiative"},
}
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
    topics: dict = dataclasses.field(default_factory=lambda: {"umbrella": None, "topics": []})
    time_rules: dict = dataclasses.field(default_factory=dict)
    collective_names: list[dict] = dataclasses.field(default_factory=list)

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
def load_registry(project: Project) -> Registry:
    ref = project.reference
    organizations = load_entities(ref("organizations.yaml"), "organizations",
                                  ORGANIZATION_ENUMS)
    forums = load_entities(ref("forums.yaml"), "forums", FORUM_ENUMS)
    check_names_unique(project, organizations, forums)
    eras = [Era(e["name_ja"], dt.date.fromisoformat(e["start"]))
            for e in mapping(ref("eras.yaml"), "eras")]
    translations = load_yaml(ref("translations-en.yaml")) or {}
    return Registry(
        organizations=organizations,
        forums=forums,
        terms=keyed(mapping(ref("terms.yaml"), "terms"), "abbreviation"),
        places=mapping(ref("places.yaml"), "places"),
        sites=mapping(ref("sites.yaml"), "sites"),
        eras=eras,
        dialogues=mapping(ref("dialogues.yaml"), "dialogues"),
        people=keyed(mapping(ref("people.yaml"), "people"), "name_ja"),
        positions=keyed(mapping(ref("positions.yaml"), "positions"), "name_ja"),
        classification=load_yaml(ref("classification.yaml")),
        translations={
            "sentences": keyed(translations.get("sentences", []), "text_ja"),
            "sections": keyed(translations.get("sections", []), "title_ja"),
        },
        publishers=keyed(mapping(ref("publishers.yaml"), "publishers"), "organization_id"),
        countries=keyed(mapping(ref("countries.yaml"), "countries"), "code"),
        vocabulary=load_vocabulary(project, eras),
        name_forms=load_yaml(ref("name-forms.yaml")),
        topics=load_topics(ref("topics.yaml")),
        time_rules=load_time_rules(ref("time-expressions.yaml")),
        collective_names=load_collective_names(ref("collective-names.yaml"), organizations),
    )


def keyed(entries: list[dict], key: str) -> dict[str, dict]:
    return {entry[key]: entry for entry in entries}


def load_vocabulary(project: Project, eras: list[Era]) -> Vocabulary:
    path = project.reference("vocabulary.yaml")
    lists = {name: {entry["term_ja"]: entry["code"] for entry in mapping(path, name)}
             for name in VOCABULARY_LISTS}
    return Vocabulary(eras=tuple(eras), **lists)


REQUIRED_KEYS = {"places": ("name_ja", "name_en", "country"), "eras": ("name_ja", "start"),
                 "people": ("name_ja",), "positions": ("name_ja", "name_en"),
                 "terms": ("abbreviation",), "dialogues": ("abbreviation", "name_ja"),
                 "publishers": ("organization_id", "site", "terms_of_use"),
                 "countries": ("code", "calling_code", "trunk_prefix"),
                 "topics": ("id", "name_ja", "name_en", "defined_by", "source", "quote"),
                 "qualifiers": ("term_ja", "code"), "role_rules": ("id", "role"),
                 "collective_names": ("text_ja", "organizations", "source"),
                 **{name: ("term_ja", "code") for name in VOCABULARY_LISTS}}


def mapping(path, key: str) -> list[dict]:
    document = load_yaml(path)
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise BuildError(path, "top level", f"expected a list under `{key}:`",
                         f"start the file with `{key}:` followed by `- ` entries")
    for index, entry in enumerate(document[key], start=1):
        missing = [k for k in REQUIRED_KEYS.get(key, ()) if not isinstance(entry, dict)
                   or entry.get(k) in (None, "")]
        if missing:
            raise BuildError(path, f"entry {index}", f"lacks {', '.join(missing)}",
                             f"give every entry under `{key}:` the keys "
                             f"{', '.join(REQUIRED_KEYS[key])}")
    return document[key]


def load_entities(path, key: str, enums: dict[str, set[str]]) -> dict[str, dict]:
    entities: dict[str, dict] = {}
    for index, entity in enumerate(mapping(path, key), start=1):
        entity_id = check_entity(path, index, entity, enums)
        if entity_id in entities:
            raise BuildError(path, f"entry {index} (id {entity_id})",
                             f"duplicate id {entity_id!r}",
                             "give each entry its own id; never reuse one")
        entities[entity_id] = entity
    check_parents(path, entities)
    return entities


def check_entity(path, index: int, entity: dict, enums: dict[str, set[str]]) -> str:
    """The entry's id, once its id, names and enumerated fields are valid."""
    entity_id = entity.get("id") if isinstance(entity, dict) else None
    if not isinstance(entity_id, str) or not ID_RE.match(entity_id):
        raise BuildError(path, f"entry {index}", f"id {entity_id!r} breaks the id pattern "
                         f"{ID_RE.pattern}", "use lowercase letters, digits and single "
                         "hyphens, starting with a letter")
    where = f"entry {index} (id {entity_id})"
    if not names_ja(entity) and not entity.get("name_en"):
        raise BuildError(path, where, "has no name", "add name_ja or name_en")
    for field, allowed in enums.items():
        if entity.get(field) not in allowed:
            raise BuildError(path, where, f"{field} {entity.get(field)!r} is not one of "
                             f"{sorted(allowed)}", f"use one of the listed values for {field}")
    return entity_id


def check_parents(path, entities: dict[str, dict]) -> None:
    """Every parent exists, and no chain of parents comes back to where it started."""
    for entity_id, entity in entities.items():
        parent = entity.get("parent")
        if parent is not None and parent not in entities:
            raise BuildError(path, f"id {entity_id}", f"parent {parent!r} does not exist",
                             f"add {parent!r} to {path.name} or correct the parent")
    for entity_id in entities:
        seen, current = [entity_id], entities[entity_id].get("parent")
        while current is not None:
            if current in seen:
                raise BuildError(path, f"id {entity_id}", "cycle of parents: "
                                 + " -> ".join([*seen, current]),
                                 "make one of them a top-level entry (parent: null)")
            seen.append(current)
            current = entities[current].get("parent")


def check_names_unique(project: Project, organizations: dict, forums: dict) -> None:
    owners: dict[str, str] = {}
    for file, table in (("organizations.yaml", organizations), ("forums.yaml", forums)):
        for entity_id, entity in table.items():
            for name in names_ja(entity):
                if name in owners and owners[name] != entity_id:
                    raise BuildError(project.reference(file), f"id {entity_id}",
                                     f"name {name!r} also belongs to {owners[name]!r}",
                                     "a name must identify one entry")
                owners[name] = entity_id


# -- the coding of a statement's sentences: topics, time expressions, collective names --------
def compiled(path, place: str, pattern) -> re.Pattern:
    """A curated regular expression, compiled; a broken one names its file and place."""
    try:
        return re.compile(pattern if isinstance(pattern, str) else "(?!)")
    except re.error as error:
        raise BuildError(path, place, f"pattern {pattern!r} is not a regular expression: "
                         f"{error}", "correct the pattern (Python syntax)") from None


def load_topics(path) -> dict:
    """reference/topics.yaml: the umbrella rule and every topic with its rules compiled."""
    document = load_yaml(path)
    umbrella = compiled(path, "umbrella", (document.get("umbrella") or {}).get("pattern"))
    topics = []
    for index, topic in enumerate(mapping(path, "topics"), start=1):
        where = f"topics entry {index} (id {topic.get('id')})"
        if not ID_RE.match(str(topic.get("id"))) or any(t["id"] == topic["id"] for t in topics):
            raise BuildError(path, where, "the id is missing, repeated or breaks the pattern "
                             f"{ID_RE.pattern}", "give every topic its own id")
        topics.append({**topic, "section_titles": list(topic.get("section_titles") or []),
                       "keywords": [compiled(path, where, k) for k in topic.get("keywords") or []]})
    return {"umbrella": umbrella, "topics": topics}


def load_time_rules(path) -> dict:
    """reference/time-expressions.yaml: the finding pattern, qualifiers and role rules."""
    document = load_yaml(path)
    return {
        "pattern": compiled(path, "pattern", document.get("pattern")),
        "qualifiers": {e["term_ja"]: e["code"] for e in mapping(path, "qualifiers")},
        "role_rules": [{**rule, "pattern": compiled(path, f"role rule {rule.get('id')}",
                                                    rule.get("pattern"))}
                       for rule in mapping(path, "role_rules")],
    }


def load_collective_names(path, organizations: dict[str, dict]) -> list[dict]:
    entries = mapping(path, "collective_names")
    for index, entry in enumerate(entries, start=1):
        unknown = [o for o in entry["organizations"] if o not in organizations]
        if unknown:
            raise BuildError(path, f"entry {index} ({entry['text_ja']})", f"organizations "
                             f"{unknown} are not in reference/organizations.yaml",
                             "use ids of reference/organizations.yaml")
    return entries
