"""Stage 4, a release's joint statement -> its coding: what each sentence does and is about.

For every sentence: actor and kind, is_commitment (with the rule that decides it), strength and
continuation (reference/classification.yaml); the forums, organizations and topics it names
(reference/forums.yaml, organizations.yaml, collective-names.yaml, topics.yaml); its time
expressions, and those of the next-meeting notice (reference/time-expressions.yaml). Every
code comes from a rule in reference/, never from a list of sentences; each row says which rule
set it and, where the rule reads words of the text, which words, located by span.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from scripts.lib.errors import BuildError
from scripts.lib.ids import source_id_from_url
from scripts.parse_release import Release, Sentence, Span
from scripts.registry import Match, Registry, where_parts

OPENING, CLOSING = "(（", ")）"


# -- what a sentence does ----------------------------------------------------------------------
def classify(text: str, registry: Registry, where: str) -> tuple[str, str]:
    """(actor, kind) by the subject and closing-predicate rules of classification.yaml."""
    rules = registry.classification
    subject = text
    for connective in rules["connectives"]:
        if subject.startswith(connective):
            subject = subject[len(connective):]
    if any(subject.startswith(s) for s in rules["other_subjects"]):
        return "other", "context"
    actor = "both"
    if any(subject.startswith(s) for s in rules["japan_subjects"]):
        actor = "japan"
    elif any(subject.startswith(s) for s in rules["united_states_subjects"]):
        actor = "united_states"
    for rule in rules["kinds"]:
        if re.search(rule["pattern"], text):
            return actor, rule["kind"]
    raise BuildError(*where_parts(where),
                     f"no classification rule matches the end of {text[-30:]!r}",
                     "add a rule for this predicate to reference/classification.yaml")


def commitment_rule(text: str, actor: str, kind: str, registry: Registry,
                    where: str) -> tuple[str, bool]:
    """(rule id, is_commitment): the first of `commitment_rules` whose tests all hold."""
    for rule in registry.classification["commitment_rules"]:
        if (rule.get("actor", actor) == actor and rule.get("kind", kind) == kind
                and re.search(rule.get("pattern") or "", text)):
            return rule["id"], bool(rule["is_commitment"])
    raise BuildError(*where_parts(where), f"no commitment rule matches {text[-30:]!r}",
                     "end reference/classification.yaml's commitment_rules with a rule "
                     "without tests")


def strength(text: str, is_commitment: bool, registry: Registry) -> str | None:
    """firm or weak for a commitment (the first strength rule that matches, else firm)."""
    if not is_commitment:
        return None
    return next((rule["strength"] for rule in registry.classification["strength_rules"]
                 if re.search(rule["pattern"], text)), "firm")


def continuation(text: str, actor: str, registry: Registry) -> tuple[bool | None, str | None]:
    """(continues_earlier, the markers found, space-separated); empty for actor other."""
    if actor == "other":
        return None, None
    markers = [found.group() for rule in registry.classification["continuation_markers"]
               for found in re.finditer(rule["pattern"], text)]
    return bool(markers), " ".join(dict.fromkeys(markers)) or None


# -- what a sentence names ---------------------------------------------------------------------
def forum_mentions(cid: str, span: Span, registry: Registry) -> list[dict]:
    """One row per forum the sentence names. A bracketed abbreviation right after a name of the
    same forum, 国際電気通信連合(ITU), belongs to that mention: it is not counted again."""
    first: dict[str, dict] = {}
    previous: Match | None = None
    for match in registry.forums_in(span.text):
        bracketed = (previous is not None and previous.entity_id == match.entity_id
                     and match.start == previous.end + 1
                     and span.text[previous.end] in OPENING
                     and span.text[match.end:match.end + 1] in tuple(CLOSING))
        previous = match
        if bracketed:
            continue
        if match.entity_id in first:
            first[match.entity_id]["mentions"] += 1
            continue
        first[match.entity_id] = {
            "commitment_id": cid, "forum_id": match.entity_id, "name_as_written": match.text,
            "mentions": 1, "char_start": span.start + match.start,
            "char_end": span.start + match.end}
    return list(first.values())


def organization_mentions(cid: str, span: Span, registry: Registry) -> list[dict]:
    """One row per registered body the sentence names: by one of its Japanese names (basis
    `name`), or by words that name several bodies at once (basis `collective`,
    reference/collective-names.yaml). The first mention gives name and span."""
    found: list[tuple[str, str, int, int]] = []
    taken: list[tuple[int, int]] = []
    for entry in registry.collective_names:
        for match in re.finditer(re.escape(entry["text_ja"]), span.text):
            taken.append((match.start(), match.end()))
            found += [(org, "collective", match.start(), match.end())
                      for org in entry["organizations"]]
    for match in registry.organization_names.find(span.text):
        if not any(start < match.end and match.start < end for start, end in taken):
            found.append((match.entity_id, "name", match.start, match.end))
    rows: dict[str, dict] = {}
    for org, basis, start, end in sorted(found, key=lambda item: item[2]):
        if org in rows:
            rows[org]["mentions"] += 1
            continue
        rows[org] = {"commitment_id": cid, "organization_id": org,
                     "name_as_written": span.text[start:end], "basis": basis, "mentions": 1,
                     "char_start": span.start + start, "char_end": span.start + end}
    return list(rows.values())


# -- what a sentence is about: topics ----------------------------------------------------------
def section_topics(release: Release, registry: Registry) -> dict[int, list[dict]]:
    """Each section's topics: those whose section_titles hold its title."""
    return {number: [t for t in registry.topics["topics"] if title.text in t["section_titles"]]
            for number, title in release.sections}


def topic_links(cid: str, sentence: Sentence, sections: dict[int, list[dict]],
                registry: Registry) -> list[dict]:
    """The sentence's topics by the rules of topics.yaml, in order: section, umbrella, keyword;
    one row per topic, with the first rule that gives it and the words that triggered it."""
    span, links = sentence.span, {}

    def link(topic: dict, rule: str, start: int, end: int, text: str) -> None:
        links.setdefault(topic["id"], {"commitment_id": cid, "topic_id": topic["id"],
                                       "rule": rule, "matched_text": text,
                                       "char_start": start, "char_end": end})

    if sentence.section_title is not None:
        title = sentence.section_title
        for topic in sections.get(sentence.section_number, []):
            link(topic, "section", title.start, title.end, title.text)
    umbrella = registry.topics["umbrella"].search(span.text)
    if umbrella:
        for topic in (t for topics in sections.values() for t in topics):
            link(topic, "umbrella", span.start + umbrella.start(), span.start + umbrella.end(),
                 umbrella.group())
    forums = registry.forums_in(span.text)
    for topic in registry.topics["topics"]:
        if topic["any_keyword"] is not None and not topic["any_keyword"].search(span.text):
            continue
        hits = [hit for keyword in topic["keywords"] for hit in keyword.finditer(span.text)
                if not inside_a_forum_name(hit, forums)]
        if hits:
            hit = min(hits, key=lambda h: (h.start(), -h.end()))
            link(topic, "keyword", span.start + hit.start(), span.start + hit.end(), hit.group())
    return list(links.values())


def inside_a_forum_name(hit: re.Match, forums: list[Match]) -> bool:
    """True when the keyword's words lie strictly inside a longer forum name."""
    return any(f.start <= hit.start() and hit.end() <= f.end
               and f.end - f.start > hit.end() - hit.start() for f in forums)


def topic_rows(registry: Registry, held: dict[str, str]) -> list[dict]:
    """The topics table: each topic, with name_ja located in the release that writes it (when
    that release is held in this build; the quote must be there exactly once)."""
    rows = []
    for topic in registry.topics["topics"]:
        source_id, start = source_id_from_url(topic["source"]), None
        text = held.get(source_id)
        if text is not None:
            quote, name = topic["quote"], topic["name_ja"]
            if text.count(quote) != 1 or name not in quote:
                raise BuildError("reference/topics.yaml", f"topic {topic['id']}", f"the quote "
                                 f"{quote!r} is not in {source_id} exactly once, holding "
                                 f"{name!r}", "quote the source verbatim, long enough to be "
                                 "unique, and include name_ja")
            start = text.index(quote) + quote.index(name)
        rows.append({"topic_id": topic["id"], "name_en": topic["name_en"],
                     "name_ja": topic["name_ja"], "description": topic.get("description"),
                     "defined_by": topic["defined_by"],
                     "source_id": source_id if start is not None else None,
                     "char_start": start,
                     "char_end": start + len(topic["name_ja"]) if start is not None else None})
    return rows


def require_topics(cid: str, links: list[dict], text: str, where: str) -> None:
    if not links:
        raise BuildError(*where_parts(where), f"sentence {cid} gets no topic: {text[:40]!r}…",
                         "add a keyword (or a topic) to reference/topics.yaml that names what "
                         "the sentence is about")


# -- when: time expressions --------------------------------------------------------------------
def time_rows(span: Span, source_id: str, passage_id: str, cid: str | None,
              registry: Registry, where: str) -> list[dict]:
    """Every time expression of the text, verbatim and located, normalised, with its role."""
    rules, rows = registry.time_rules, []
    for match in rules["pattern"].finditer(span.text):
        rule = next(r for r in rules["role_rules"] if r["pattern"].search(
            span.text[match.end():]))
        rows.append({"source_id": source_id, "char_start": span.start + match.start(),
                     "char_end": span.start + match.end(), "commitment_id": cid,
                     "passage_id": passage_id, "text_ja": match.group(),
                     **normalised(match, rules["qualifiers"], where),
                     "role": rule["role"], "role_rule": rule["id"]})
    return rows


def normalised(match: re.Match, qualifiers: dict[str, str], where: str) -> dict:
    """granularity, period_start, period_end and qualifier of one expression."""
    year = int(match["year"])
    word = match["qualifier"] or match["fyq"]
    try:
        if match["day"]:
            days = [int(match["day"]), *map(int, re.findall(r"\d{1,2}", match["more"] or ""))]
            month = int(match["month"])
            if days != sorted(set(days)):
                raise ValueError("the days are not in order")
            period = ("day", dt.date(year, month, days[0]), dt.date(year, month, days[-1]))
        elif match["month"]:
            month = int(match["month"])
            period = ("month", dt.date(year, month, 1),
                      dt.date(year, month, calendar.monthrange(year, month)[1]))
        elif match["decade"]:
            if year % 10:
                raise ValueError("a decade starts with a year ending in 0")
            period = ("decade", dt.date(year, 1, 1), dt.date(year + 9, 12, 31))
        elif match["fy"]:
            period = ("fiscal_year", dt.date(year, 4, 1), dt.date(year + 1, 3, 31))
        else:
            period = ("year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    except ValueError as error:
        raise BuildError(*where_parts(where), f"impossible date {match.group()!r}: {error}",
                         "correct the date as the ministry printed it") from None
    return {"granularity": period[0], "period_start": period[1], "period_end": period[2],
            "qualifier": qualifiers.get(word) if word else None}
