"""Curated reference data (reference/*.yaml): loaded, checked, and used to match names.

Organizations and forums are matched by their Japanese names and aliases exactly as the
sources write them; a name the registry does not know stops the build with an error that
names the file to add it to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from scripts.errors import BuildError
from scripts.japanese_dates import Era
from scripts.yamlio import load_yaml

ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
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


@dataclass(frozen=True)
class Match:
    entity_id: str
    start: int
    end: int
    text: str


@dataclass
class Registry:
    root: Path
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

    def file(self, name: str) -> str:
        return f"reference/{name}"

    # -- organizations -----------------------------------------------------------------------
    def organization_id(self, name: str, where: str) -> str:
        """The id of the organization written `name` (exactly, or as one of its aliases)."""
        if name in self.organization_ids:
            return self.organization_ids[name]
        raise BuildError(where.split(":")[0], where.split(":", 1)[-1].strip() or "text",
                         f"unknown organization {name!r}",
                         f"add it (or an alias) to {self.file('organizations.yaml')}")

    def organization_id_en(self, name: str, where: str) -> str:
        """The id of the organization an English source writes `name`.

        Tried in order: the name exactly (name_en, aliases_en or abbreviation); without a
        trailing bracketed abbreviation, "Ministry of Internal Affairs and Communications (MIC)";
        the possessive "Department of Commerce’s National Institute of Standards and
        Technology" (the second body, whose parent is the first); "IT Policy Office of Cabinet
        Secretariat" (the first body, whose parent is the second).
        """
        found = self._english(name)
        if found is None:
            stripped = re.sub(r"\s*\([^()]*\)$", "", name)
            found = self._english(stripped) if stripped != name else None
        for pattern, child, parent in ((r"^(?P<a>.+?)[’']s (?P<b>.+)$", "b", "a"),
                                       (r"^(?P<a>.+?) of (?:the )?(?P<b>.+)$", "a", "b")):
            match = re.match(pattern, name)
            if found is None and match:
                child_id, parent_id = self._english(match[child]), self._english(match[parent])
                if child_id and parent_id and self.organizations[child_id].get(
                        "parent") == parent_id:
                    found = child_id
        if found is None:
            raise BuildError(where.split(":")[0], where.split(":", 1)[-1].strip() or "text",
                             f"unknown organization {name!r}",
                             f"add it (name_en or an alias in aliases_en) to "
                             f"{self.file('organizations.yaml')}")
        return found

    def _english(self, name: str) -> str | None:
        for org_id, org in self.organizations.items():
            if name in names_en(org):
                return org_id
        return None

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
                    where.split(":")[0], where.split(":", 1)[-1].strip(),
                    f"unknown name or abbreviation {match.group(0)!r}",
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
        ids: dict[str, str] = {}
        for org_id, org in self.organizations.items():
            for name in names_ja(org):
                ids.setdefault(name, org_id)
        return ids

    @cached_property
    def known_abbreviations(self) -> set[str]:
        """Terms, and every forum's and organization's abbreviation and aliases."""
        known = set(self.terms)
        for table in (self.forums, self.organizations):
            for entity in table.values():
                known |= {entity.get("abbreviation")} | set(entity.get("aliases_en") or [])
                known |= set(entity.get("aliases_ja") or [])
        return known

    # -- places, dialogues, people -----------------------------------------------------------
    def split_place(self, place: str, where: str) -> tuple[dict, str | None]:
        """(city, venue) for a place as the release writes it: 東京三田共用会議所 = 東京 + venue."""
        for city in sorted(self.places, key=lambda p: -len(p["name_ja"])):
            if place.startswith(city["name_ja"]):
                return city, (place[len(city["name_ja"]):] or None)
        raise BuildError(where.split(":")[0], where.split(":", 1)[-1].strip(),
                         f"unknown place {place!r}", f"add the city to {self.file('places.yaml')}")

    def dialogue_names(self) -> list[str]:
        """Every Japanese name of the series (names and variants), for check_series."""
        return [n for d in self.dialogues for n in [d["name_ja"], *d["variants_ja"]]]

    def dialogue_by_abbreviation(self, abbreviation: str) -> dict:
        return next(d for d in self.dialogues if d["abbreviation"] == abbreviation)

    def dialogue(self, name_ja: str, where: str) -> dict:
        for dialogue in self.dialogues:
            if name_ja == dialogue["name_ja"] or name_ja in dialogue["variants_ja"]:
                return dialogue
        raise BuildError(where.split(":")[0], where.split(":", 1)[-1].strip(),
                         f"unknown dialogue name {name_ja!r}",
                         f"add it as a variant in {self.file('dialogues.yaml')}")


def names_ja(entity: dict) -> list[str]:
    return [n for n in [entity.get("name_ja"), *(entity.get("aliases_ja") or [])] if n]


def names_en(entity: dict) -> list[str]:
    return [n for n in [entity.get("name_en"), *(entity.get("aliases_en") or []),
                        entity.get("abbreviation")] if n]


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
def load_registry(root: Path) -> Registry:
    ref = root / "reference"
    organizations = load_entities(ref / "organizations.yaml", "organizations", ORGANIZATION_ENUMS)
    forums = load_entities(ref / "forums.yaml", "forums", FORUM_ENUMS)
    check_names_unique(ref, organizations, forums)
    terms_doc = mapping(ref / "terms.yaml", "terms")
    eras = [Era(e["name_ja"], dt.date.fromisoformat(e["start"]))
            for e in mapping(ref / "eras.yaml", "eras")]
    translations = load_yaml(ref / "translations-en.yaml") or {}
    return Registry(
        root=root,
        organizations=organizations,
        forums=forums,
        terms={t["abbreviation"]: t for t in terms_doc},
        places=mapping(ref / "places.yaml", "places"),
        sites=mapping(ref / "sites.yaml", "sites"),
        eras=eras,
        dialogues=mapping(ref / "dialogues.yaml", "dialogues"),
        people={p["name_ja"]: p for p in mapping(ref / "people.yaml", "people")},
        positions={p["name_ja"]: p for p in mapping(ref / "positions.yaml", "positions")},
        classification=load_yaml(ref / "classification.yaml"),
        translations={
            "sentences": {s["text_ja"]: s for s in translations.get("sentences", [])},
            "sections": {s["title_ja"]: s for s in translations.get("sections", [])},
            "labels": translations.get("labels", {}),
        },
    )


REQUIRED_KEYS = {"places": ("name_ja", "name_en", "country"), "eras": ("name_ja", "start"),
                 "people": ("name_ja",), "positions": ("name_ja", "name_en"),
                 "terms": ("abbreviation",), "dialogues": ("abbreviation", "name_ja")}


def mapping(path: Path, key: str) -> list[dict]:
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


def load_entities(path: Path, key: str, enums: dict[str, set[str]]) -> dict[str, dict]:
    entities: dict[str, dict] = {}
    for index, entity in enumerate(mapping(path, key), start=1):
        where = f"entry {index}"
        entity_id = entity.get("id") if isinstance(entity, dict) else None
        if not isinstance(entity_id, str) or not ID_RE.match(entity_id):
            raise BuildError(path, where, f"id {entity_id!r} breaks the id pattern "
                             f"{ID_RE.pattern}", "use lowercase letters, digits and single "
                             "hyphens, starting with a letter")
        where = f"entry {index} (id {entity_id})"
        if entity_id in entities:
            raise BuildError(path, where, f"duplicate id {entity_id!r}",
                             "give each entry its own id; never reuse one")
        if not names_ja(entity) and not entity.get("name_en"):
            raise BuildError(path, where, "has no name", "add name_ja or name_en")
        for field, allowed in enums.items():
            if entity.get(field) not in allowed:
                raise BuildError(path, where, f"{field} {entity.get(field)!r} is not one of "
                                 f"{sorted(allowed)}", f"use one of the listed values for {field}")
        entities[entity_id] = entity
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
    return entities


def check_names_unique(ref: Path, organizations: dict, forums: dict) -> None:
    owners: dict[str, str] = {}
    for file, table in (("organizations.yaml", organizations), ("forums.yaml", forums)):
        for entity_id, entity in table.items():
            for name in names_ja(entity):
                if name in owners and owners[name] != entity_id:
                    raise BuildError(ref / file, f"id {entity_id}", f"name {name!r} also belongs"
                                     f" to {owners[name]!r}", "a name must identify one entry")
                owners[name] = entity_id
