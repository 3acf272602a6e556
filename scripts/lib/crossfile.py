"""Rules that span curated files, and curated files and the held releases.

A schema checks one file; these check that the files fit together, each problem at its line:

- every parent exists and no chain of parents comes back to where it started;
- every name, Japanese or English, alias or abbreviation, belongs to one entity across
  reference/organizations.yaml, forums.yaml and terms.yaml (the linker takes a name's first
  owner, so a shared name would silently relink rows to another body); names are compared as
  `name_key` writes them (NFKC, case folded, spaces collapsed): `ＭＩＣ`, `mic` and `MIC` are
  one name;
- every publisher, site and collective name names organizations of the registry, and every
  person of reference/people.yaml is a participant the sources name;
- every translation of reference/translations-en.yaml matches a sentence (or section title)
  of a held release, and every sentence and section title of a held release has one: a
  translation made stale by a one-character change stops the build, naming both; it holds the
  Latin words of its Japanese and says no number, month or ordinal the Japanese does not;
- a held source's url is on its publisher's site (reference/publishers.yaml);
- the quotes of the curated files write the names they are cited for, and are verbatim in the
  held releases they cite (scripts/lib/quotes.py).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import urllib.parse

from scripts.lib.ids import MIC_RELEASE_RE
from scripts.lib.inputs import Problem
from scripts.lib.quotes import NAME_FIELDS, supported_name_problems
from scripts.lib.rendering import unstated_days, unwritten_facts
from scripts.lib.yamlio import where

TERM_FIELDS = ("abbreviation", "name_ja", "name_en")
TRANSLATIONS = "reference/translations-en.yaml"


def at(registry, name: str, place: tuple) -> str:
    document = registry.documents.get(name)
    line = document.line(place) if document else 1
    return f"line {line}: {where(place)}"


def entity_names(entity: dict, fields) -> list[tuple[tuple, str]]:
    """((field,) or (field, index), name) for each name an entity gives."""
    names = []
    for key in fields:
        value = entity.get(key)
        if isinstance(value, list):
            names += [((key, index), name) for index, name in enumerate(value) if name]
        elif value:
            names.append(((key,), value))
    return names


def parent_problems(registry, name: str, entities: dict[str, dict]) -> list[Problem]:
    file, problems = f"reference/{name}.yaml", []
    index = {entity_id: position for position, entity_id in enumerate(entities)}
    for entity_id, entity in entities.items():
        parent = entity.get("parent")
        place = (name, index[entity_id], "parent")
        if parent is not None and parent not in entities:
            problems.append(Problem(file, at(registry, name, place), f"parent {parent!r} of "
                                    f"{entity_id} does not exist",
                                    f"add {parent!r} to {file} or correct the parent"))
            continue
        seen, current = [entity_id], parent
        while current is not None and current in entities:
            if current in seen:
                problems.append(Problem(file, at(registry, name, place), "cycle of parents: "
                                        + " -> ".join([*seen, current]),
                                        "make one of them a top-level entry (parent: null)"))
                break
            seen.append(current)
            current = entities[current].get("parent")
    return problems


def name_key(text: str) -> str:
    """A name as the one-entity rule compares it: width (NFKC), case and spaces do not count."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def shared_name(text: str, entity_id: str, owner: tuple) -> str:
    table, owner_id, place, owner_text = owner
    other = "" if owner_text == text else (f", written {owner_text!r} there (width, case and "
                                           "spaces do not tell names apart)")
    return (f"the name {text!r} of {entity_id} also belongs to {owner_id}{other} "
            f"(reference/{table}.yaml, {place})")


def name_problems(registry) -> list[Problem]:
    """Every name belongs to one entity of organizations, forums and terms."""
    owners: dict[str, tuple[str, str, str, str]] = {}
    problems = []
    tables = (("organizations", registry.organizations, NAME_FIELDS),
              ("forums", registry.forums, NAME_FIELDS), ("terms", registry.terms, TERM_FIELDS))
    for name, entities, fields in tables:
        for position, (entity_id, entity) in enumerate(entities.items()):
            for field, text in entity_names(entity, fields):
                place = at(registry, name, (name, position, *field))
                owner = owners.setdefault(name_key(text), (name, entity_id, place, text))
                if owner[:2] != (name, entity_id):
                    problems.append(Problem(
                        f"reference/{name}.yaml", place, shared_name(text, entity_id, owner),
                        "a name must identify one entity: remove it from one of them"))
    return problems


def publisher_problems(registry) -> list[Problem]:
    problems = []
    for name, entries, key in (("publishers", list(registry.publishers.values()),
                                "organization_id"),
                               ("sites", registry.sites, "publisher_organization_id")):
        for position, entry in enumerate(entries):
            if entry[key] not in registry.organizations:
                problems.append(Problem(
                    f"reference/{name}.yaml", at(registry, name, (name, position, key)),
                    f"{entry[key]!r} is not an organization of reference/organizations.yaml",
                    "correct the id, or add the organization there"))
    return problems


def unused_people_problems(registry, named: set[str]) -> list[Problem]:
    """Every person of reference/people.yaml is one that a held release or the series file
    names (`named`, by name_ja exactly): an entry nobody names is stale, or misspelt (its
    English name would silently not be given)."""
    return [Problem("reference/people.yaml", at(registry, "people", ("people", position,
                                                                     "name_ja")),
                    f"{person['name_ja']!r} is the name of no participant of a held release "
                    "or of reference/dialogue-series.yaml",
                    "write the name exactly as the release writes it, or remove the entry")
            for position, person in enumerate(registry.people.values())
            if person["name_ja"] not in named]


def collective_problems(registry) -> list[Problem]:
    """Every body a collective name stands for is an organization of the registry."""
    problems = []
    for position, entry in enumerate(registry.collective_names):
        for index, organization in enumerate(entry["organizations"]):
            if organization not in registry.organizations:
                place = ("collective_names", position, "organizations", index)
                problems.append(Problem(
                    "reference/collective-names.yaml", at(registry, "collective-names", place),
                    f"{organization!r} is not an organization of reference/organizations.yaml",
                    "use an id of reference/organizations.yaml"))
    return problems


def registry_problems(registry) -> list[Problem]:
    return (parent_problems(registry, "organizations", registry.organizations)
            + parent_problems(registry, "forums", registry.forums)
            + name_problems(registry) + publisher_problems(registry)
            + collective_problems(registry) + role_rule_problems(registry)
            + supported_name_problems(registry))


def role_rule_problems(registry) -> list[Problem]:
    """The last role rule of reference/time-expressions.yaml, and only the last, takes every
    clause: its pattern is '' (the rules are tried in order: without a last that takes all, an
    expression would have no role; an earlier one that can match the empty text would take
    every expression from the rules after it)."""
    rules = registry.time_rules.get("role_rules") or []
    problems = [Problem("reference/time-expressions.yaml",
                        at(registry, "time-expressions", ("role_rules", index, "pattern")),
                        f"the role rule {rule['id']!r} can match the empty text, so no rule "
                        "after it is ever used", "write a pattern that needs some text (only "
                        "the last rule's is '')")
                for index, rule in enumerate(rules[:-1]) if rule["pattern"].search("")]
    if not rules or rules[-1]["pattern"].pattern != "":
        place = ("role_rules", len(rules) - 1, "pattern") if rules else ("role_rules",)
        problems.append(Problem("reference/time-expressions.yaml",
                                at(registry, "time-expressions", place),
                                "the last role rule's pattern is not '', so an expression that "
                                "no rule matches would have no role", "end role_rules with a "
                                "rule whose pattern is '' (otherwise-target)"))
    return problems


# -- translations and held releases ----------------------------------------------------------
def line_of(release, span) -> int:
    return release.text.count("\n", 0, span.start) + 1


def first_difference(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)))


def nearest(text: str, candidates: list[str]) -> str | None:
    close = difflib.get_close_matches(text, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


def difference(a: str, b: str) -> str:
    k = first_difference(a, b)
    return (f"they differ at character {k + 1} ({a[k:k + 3]!r} in the translation's text_ja, "
            f"{b[k:k + 3]!r} in the release)")


def stale_problems(registry, kind: str, key: str, held: dict) -> tuple[list[Problem], dict]:
    """Translations of `kind` (sentences, sections) whose `key` matches nothing held; and for
    each held text the stale entry closest to it (so its own message can name it)."""
    entries = registry.translations[kind]
    unmatched_held = [text for text in held if text not in entries]
    problems, closest = [], {}
    for index, text in enumerate(entries):
        if text in held:
            continue
        place = at(registry, "translations-en", (kind, index, key))
        match = nearest(text, unmatched_held)
        hint = ""
        if match is not None:
            release, label, span = held[match]
            hint = (f"; nearest: {release.path} line {line_of(release, span)}, {label}: "
                    + difference(text, match))
            closest[match] = place
        problems.append(Problem(TRANSLATIONS, place, f"{key} matches no {kind[:-1]} of a held "
                                f"release{hint}", f"correct {key} to the text exactly as "
                                "published, or remove the entry"))
    return problems, closest


def untranslated_problems(held: dict, entries: dict, closest: dict, what: str) -> list[Problem]:
    problems = []
    for text, (release, label, span) in held.items():
        if text in entries:
            continue
        stale = f", or correct the stale entry at {closest[text]}" if text in closest else ""
        problems.append(Problem(release.path, f"line {line_of(release, span)}", f"{label} has "
                                f"no {what} in {TRANSLATIONS}: {text[:40]!r}"
                                + ("…" if len(text) > 40 else ""),
                                f"add an entry for it there{stale}"))
    return problems


def translation_problems(registry, releases) -> list[Problem]:
    """Every sentence and section title of the held releases has its translation, and every
    translation matches one; a section's translation gives the section's number."""
    sentences, sections = {}, {}
    for release in releases:
        for position, sentence in enumerate(release.sentences, start=1):
            sentences.setdefault(sentence.span.text, (
                release, f"sentence {position} of the joint statement", sentence.span))
        for number, title in release.sections:
            sections.setdefault(title.text, (release, f"the title of section ({number})", title))
    problems = []
    for kind, key, held, what in (("sentences", "text_ja", sentences, "translation"),
                                  ("sections", "title_ja", sections, "title translation")):
        stale, closest = stale_problems(registry, kind, key, held)
        problems += stale + untranslated_problems(held, registry.translations[kind], closest,
                                                  what)
    problems += section_number_problems(registry, releases) + rendering_problems(registry)
    return problems


LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def rendering_problems(registry) -> list[Problem]:
    """What a translation can be checked for against its Japanese: every Latin word of the
    Japanese (an abbreviation, a name: DDE, CBPR, Beyond) is in the English (a translation
    filed under another sentence lacks them); every number, month and ordinal of the English
    is one the Japanese writes, and every day it states (a month and its day) is a day the
    Japanese states (scripts/lib/rendering.py); `subject_supplied: true` (we
    supplied "The two countries") only for a sentence without a written subject, and with
    those words."""
    document = registry.documents.get("translations-en")
    problems = []
    rules = registry.classification
    for kind, key, english in (("sentences", "text_ja", "text_en"),
                               ("sections", "title_ja", "title_en")):
        for position, entry in enumerate(document.data.get(kind) or [] if document else []):
            japanese = unicodedata.normalize("NFKC", entry[key])
            rendered = unicodedata.normalize("NFKC", entry[english])
            missing = [w for w in dict.fromkeys(LATIN_WORD.findall(japanese)) if w not in rendered]
            for found, problem, fix in (
                    (missing, "lacks {}, which the Japanese writes: the translation of another "
                     "sentence?", "give this sentence's own English (abbreviations and names as "
                     "the Japanese writes them)"),
                    (unwritten_facts(entry[key], entry[english], registry.eras), "writes {}, "
                     "which the Japanese does not write", "give the numbers, months and "
                     "ordinals the Japanese writes (2024年2月6日 is February 6, 2024; 第14回 "
                     "the 14th)"),
                    (unstated_days(entry[key], entry[english], registry.eras), "states {}, "
                     "which the Japanese does not state as a day", "give the days the Japanese "
                     "states (2024年2月6日、7日 is February 6 and 7, 2024)")):
                if found:
                    joined = ("; " if problem.startswith("states") else ", ").join(found)
                    problems.append(Problem(TRANSLATIONS, at(registry, "translations-en", (
                        kind, position, english)), problem.format(joined), fix))
            if kind == "sentences" and entry.get("subject_supplied"):
                subject = written_subject(entry[key], rules)
                if subject or "the two countries" not in rendered.lower():
                    problems.append(Problem(
                        TRANSLATIONS, at(registry, "translations-en",
                                         (kind, position, "subject_supplied")),
                        f"is true, but the sentence writes its subject ({subject})" if subject
                        else "is true, but the English does not say 'The two countries'",
                        "set it true only where you supplied 'The two countries' for a "
                        "sentence without a written subject"))
    return problems


def written_subject(text: str, rules: dict) -> str | None:
    """The subject a sentence writes, of those classification.yaml names (after its
    connectives), or None."""
    for connective in rules["connectives"]:
        if text.startswith(connective):
            text = text[len(connective):]
    subjects = (rules["joint_subjects"] + rules["japan_subjects"]
                + rules["united_states_subjects"] + rules["other_subjects"])
    return next((s for s in subjects if text.startswith(s)), None)


def section_number_problems(registry, releases) -> list[Problem]:
    """A section title's translation gives a number the title has in a held release."""
    entries = registry.translations["sections"]
    positions = {title: index for index, title in enumerate(entries)}
    numbers: dict[str, list] = {}
    for release in releases:
        for number, title in release.sections:
            numbers.setdefault(title.text, []).append((number, release, title))
    problems = []
    for text, held in numbers.items():
        entry = entries.get(text)
        if entry is None or entry["number"] in {number for number, _, _ in held}:
            continue
        number, release, title = held[0]
        problems.append(Problem(
            TRANSLATIONS, at(registry, "translations-en", ("sections", positions[text],
                                                           "number")),
            f"number {entry['number']}, but {text!r} is section ({number}) of {release.path} "
            f"(line {line_of(release, title)})", f"set number: {number}"))
    return problems


def site_problems(registry, snapshot, release, lines) -> list[Problem]:
    """A held source's url is on its publisher's site, and is not a release it names."""
    record = snapshot.record_label
    publisher = registry.publishers.get(snapshot.publisher_organization_id)
    if publisher is None:
        return [Problem(record, f"line {lines('publisher_organization_id')}: "
                        "publisher_organization_id", f"{snapshot.publisher_organization_id!r} "
                        "is not a publisher of reference/publishers.yaml",
                        "name the publisher of the text (jp-mic for MIC), or add the publisher "
                        "there with its site and terms of use")]
    host = urllib.parse.urlsplit(snapshot.url).hostname
    if host != publisher["site"]:
        return [Problem(record, f"line {lines('url')}: url", f"{snapshot.url!r} is not on "
                        f"{publisher['organization_id']}'s site {publisher['site']} "
                        "(reference/publishers.yaml)", "give the address at which the "
                        "publisher published the text")]
    for related in release.related:
        if related.url is not None and related.url.text == snapshot.url:
            return [Problem(record, f"line {lines('url')}: url", f"{snapshot.url!r} is the "
                            f"address of a release the text lists as related "
                            f"({release.path} line {line_of(release, related.url)}), not its "
                            "own", "give the address of this release's own page")]
    if re.sub(r"[^a-z0-9]+", "-", snapshot.path.stem.lower()).strip("-") != snapshot.source_id:
        # the name says which page the text is: a record turned to another url would publish
        # this text as that document (and leave its own quotes unchecked)
        mic = MIC_RELEASE_RE.match(snapshot.url)
        name = f"soumu-{mic['name']}" if mic else snapshot.source_id
        return [Problem(record, f"line {lines('url')}: url", f"gives the source id "
                        f"{snapshot.source_id!r}, but the text and its record are named "
                        f"{snapshot.path.stem!r}, after another document", "give the url of "
                        "the page the text was saved from; if it is this url, the text is "
                        f"that page's: save it as sources/{name}.txt with its record "
                        "(MAINTAINING.md, step 1)")]
    return []
