"""Stage 4, parsed release + registry -> ReleaseRecords: the rows one release gives.

Every name is resolved against the registry here; a name it does not know stops the build. The
joint statement's sentences are coded by scripts/code_statement.py (the rules of reference/).
The release's own meeting, the meetings it names and the evidence it gives are kept apart from
the rows of the published tables: stage 5 (merge_series) merges them with the series' facts.
Every id comes from what its row is (scripts/lib/ids.py), never from a position in a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scripts import code_statement as code
from scripts.lib import ids
from scripts.lib.errors import BuildError
from scripts.lib.ids import WHERE, source_id_from_url
from scripts.lib.phones import rfc3966
from scripts.lib.project import Project
from scripts.parse_release import Release, Span
from scripts.parse_release.document import line_number
from scripts.registry import Registry, where_parts
from scripts.snapshot import Snapshot

RELEASE_TABLES = ("sources", "meeting_organizers", "commitments", "commitment_forums",
                  "commitment_organizations", "commitment_documents", "commitment_topics",
                  "time_expressions", "participants", "contacts", "source_passages")


@dataclass
class ReleaseRecords:
    """What one release gives: rows of the package's tables, and the facts about meetings
    (its own meeting, the meetings it names, the sentences that state them) that stage 5
    merges with reference/dialogue-series.yaml."""

    tables: dict[str, list[dict]] = field(
        default_factory=lambda: {name: [] for name in RELEASE_TABLES})
    meeting: dict = field(default_factory=dict)
    mentions: list[dict] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)


def link_release(snapshot: Snapshot, release: Release, registry: Registry,
                 project: Project) -> ReleaseRecords:
    """All records one release gives."""
    mid = ids.meeting_id(release.number)
    records = ReleaseRecords()
    records.meeting = meeting_row(snapshot, release, registry)
    records.mentions = mentioned_meetings(snapshot, release)
    records.evidence = evidence_rows(snapshot, release, records.meeting)
    tables = records.tables
    tables["sources"] += source_rows(snapshot, release, registry, project)
    tables["meeting_organizers"] += organizer_rows(snapshot, release, registry, mid)
    tables["participants"] += participant_rows(snapshot, release, registry, mid)
    for name, rows in statement_rows(snapshot, release, registry, mid).items():
        tables[name] += rows
    tables["contacts"] += contact_rows(snapshot, release, registry)
    tables["source_passages"] += [
        {"passage_id": ids.passage_id(snapshot.source_id, part),
         "source_id": snapshot.source_id, "part": part, "text_ja": span.text,
         "char_start": span.start, "char_end": span.end}
        for part, span in release.parts.items()]
    return records


def organizer_rows(snapshot: Snapshot, release: Release, registry: Registry,
                   mid: str) -> list[dict]:
    where = f"{snapshot.path.name}: lead, organisers"
    return [{"meeting_id": mid, "organization_id": registry.organization_id(span.text, where),
             "name_as_written": span.text, "source_id": snapshot.source_id,
             "char_start": span.start, "char_end": span.end} for span in release.organizers]


def source_rows(snapshot: Snapshot, release: Release, registry: Registry,
                project: Project) -> list[dict]:
    vocabulary = registry.vocabulary
    rows = [{
        "source_id": snapshot.source_id, "kind": snapshot.kind, "title_ja": release.title.text,
        "publisher_organization_id": snapshot.publisher_organization_id,
        "published": release.published, "url": snapshot.url, "language": snapshot.language,
        "media_type": "text/plain",
        "path": project.relative(snapshot.path),
        "sha256": snapshot.sha256, "bytes": snapshot.bytes,
        "terms_of_use": snapshot.terms_of_use, "named_in_source_id": None,
        "char_start": None, "char_end": None,
        WHERE: (snapshot.record_label, f"line {snapshot.record_lines('url')}"),
    }]
    for annex in release.annexes:
        kind = next((code for word, code in vocabulary.annex_kinds.items()
                     if word in annex.title.text), "press_release")
        rows.append({
            "source_id": ids.annex_source_id(snapshot.source_id, kind, annex.language),
            "kind": kind, "title_ja": annex.title.text, "publisher_organization_id": None,
            "published": annex.published, "url": None, "language": annex.language,
            "media_type": vocabulary.annex_media.get(annex.media),
            **not_held(snapshot, annex.title)})
    rows += named_documents(snapshot, release)
    for related in release.related:
        rows.append({
            "source_id": related_source_id(snapshot, related),
            "kind": "press_release", "title_ja": related.title.text,
            # A related release listed by a MIC release is MIC's own (報道資料一覧).
            "publisher_organization_id": snapshot.publisher_organization_id,
            "published": related.published, "url": related.url.text if related.url else None,
            "language": snapshot.language, "media_type": None,
            **not_held(snapshot, related.title)})
    repeated = sorted({r["source_id"] for r in rows if [x["source_id"] for x in rows].count(
        r["source_id"]) > 1})
    if repeated:
        raise BuildError(snapshot.path.name, "annexes and related releases", f"two documents "
                         f"the release names get the same id {repeated}", "give each annex its "
                         "language or kind (reference/vocabulary.yaml), or remove the duplicate")
    return rows


def named_documents(snapshot: Snapshot, release: Release) -> list[dict]:
    """Documents the release names without an address: the earlier joint statements its
    background dates, and the private sector's joint statement its statement welcomes."""
    rows = [{"source_id": ids.named_document_id(ids.meeting_id(named.number),
                                                "joint_statement"),
             "kind": "joint_statement", "title_ja": named.title.text,
             "publisher_organization_id": None, "published": named.published, "url": None,
             "language": None, "media_type": None, **not_held(snapshot, named.title)}
            for named in release.named_statements]
    if release.private_statement is not None:
        rows.append({"source_id": private_statement_id(release),
                     "kind": "private_sector_statement",
                     "title_ja": release.private_statement.text,
                     "publisher_organization_id": None, "published": None, "url": None,
                     "language": None, "media_type": None,
                     **not_held(snapshot, release.private_statement)})
    return rows


def private_statement_id(release: Release) -> str:
    return ids.named_document_id(ids.meeting_id(release.number),
                                 "private_sector_joint_statement")


def not_held(snapshot: Snapshot, named_by: Span) -> dict:
    line = snapshot.text.count("\n", 0, named_by.start) + 1
    return {"path": None, "sha256": None, "bytes": None, "terms_of_use": None,
            "named_in_source_id": snapshot.source_id, "char_start": named_by.start,
            "char_end": named_by.end, WHERE: (snapshot.path.name, f"line {line}")}


def related_source_id(snapshot: Snapshot, related) -> str:
    """A release listed under 【関係報道資料】 has the id its url gives; the releases always
    print the url on the next line, so one without it is a text cut or mis-saved."""
    if related.url is None:
        raise BuildError(snapshot.path.name, f"related releases, {related.title.text!r}",
                         "no url on the line after the title",
                         "restore the release's url line as published")
    return source_id_from_url(related.url.text)


def meeting_row(snapshot, release: Release, registry: Registry) -> dict:
    """The meeting the release reports, as the release states it (merge_series merges it)."""
    where = snapshot.path.name
    city, venue = registry.split_place(release.place.text, f"{where}: lead, place")
    return {
        "meeting_id": ids.meeting_id(release.number), "number": release.number,
        "dialogue_name_ja": release.dialogue_name.text, "status": "held",
        "start_date": release.start_date, "end_date": release.end_date,
        "us_start_date": release.us_start_date, "us_end_date": release.us_end_date,
        "city_ja": city["name_ja"], "venue_ja": venue,
        "host_country": release.host_country, "format": release.format,
        "public_private_session": ("public_private" in release.sessions) or None,
        "government_session": ("government" in release.sessions) or None,
        "source_id": snapshot.source_id,
    }


def mentioned_meetings(snapshot, release: Release) -> list[dict]:
    """Meetings the release names: earlier ones among its related releases (held, with their
    name), and the next one of its 次回会合 notice (planned, with a fiscal year)."""
    rows = []
    for related in release.related:
        if related.number is None or related.number == release.number:
            continue
        rows.append({"meeting_id": ids.meeting_id(related.number), "number": related.number,
                     "dialogue_name_ja": related.dialogue_name.text, "status": "held",
                     "source_id": related_source_id(snapshot, related)})
    if release.next_meeting is not None:
        rows.append({"meeting_id": ids.meeting_id(release.number + 1),
                     "number": release.number + 1, "status": "planned",
                     "fiscal_year_jp": release.next_fiscal_year,
                     "source_id": snapshot.source_id})
    return rows


def evidence_rows(snapshot, release: Release, meeting: dict) -> list[dict]:
    """meeting_sources rows for what the release states, each with its located sentence.

    `fields` uses reference/dialogue-series.yaml's field names.
    """
    mid = ids.meeting_id(release.number)

    def row(about: str, fields: list[str], span: Span) -> dict:
        return {"meeting_id": about, "source_id": snapshot.source_id,
                "fields": ", ".join(fields), "quote": span.text, "status": "confirmed",
                "note": None, "char_start": span.start, "char_end": span.end}

    us_time = ["us_time_start_date", "us_time_end_date"] if release.us_start_date else []
    lead = ["status", "start_date", "end_date", "city_ja"]
    lead += ["venue_ja"] if meeting["venue_ja"] else []
    lead += ["name_ja"] + (us_time if "米国時間" in release.lead_sentence.text else [])
    lead += ["organizers"] if release.organizers else []
    rows = [row(mid, lead, release.lead_sentence)]
    statement = next((s.span for s in release.sentences if s.part == "lead"), None)
    stated = [f for f, v in (("host_country", release.host_country),
                             ("format", release.format)) if v is not None]
    if statement is not None and "米国時間" not in release.lead_sentence.text:
        stated += us_time
    if stated:
        rows.append(row(mid, stated, statement))
    if release.sessions_sentence is not None:
        rows.append(row(mid, ["sessions"], release.sessions_sentence))
    rows += [row(mid, fields, span) for fields, span in attendee_sentences(release)]
    for related in release.related:
        if related.number is not None and related.number != release.number:
            rows.append(row(ids.meeting_id(related.number), ["status", "name_ja"], related.title))
    if release.next_meeting is not None:
        rows.append(row(ids.meeting_id(release.number + 1), ["status", "planned_period"],
                        release.next_meeting))
    return rows


def attendee_sentences(release: Release) -> list[tuple[list[str], Span]]:
    """(fields, span) of each attendee line and of the private sector's representatives."""
    found = [([f"heads_of_delegation.{a.delegation.lower()}"] * (a.head is not None)
              + [f"participating_organizations.{a.delegation.lower()}"], a.line)
             for a in release.attendance]
    if release.private_representatives is not None:
        found.append((["participating_organizations.private"], release.private_representatives))
    return found


def statement_rows(snapshot, release: Release, registry: Registry, mid: str) -> dict:
    """The joint statement's sentences, coded (scripts/code_statement.py), with the link tables
    and time expressions; and the time expressions of the next-meeting notice."""
    tables: dict[str, list[dict]] = {name: [] for name in (
        "commitments", "commitment_forums", "commitment_organizations", "commitment_documents",
        "commitment_topics", "time_expressions")}
    sections = code.section_topics(release, registry)
    statement = ids.passage_id(snapshot.source_id, "joint_statement")
    for position, sentence in enumerate(release.sentences, start=1):
        where = f"{snapshot.path.name}: joint statement, sentence {position}"
        cid = ids.commitment_id(mid, position)
        tables["commitments"].append(commitment_row(snapshot, sentence, registry, cid, where))
        tables["commitment_forums"] += code.forum_mentions(cid, sentence.span, registry)
        tables["commitment_organizations"] += code.organization_mentions(
            cid, sentence.span, registry)
        topics = code.topic_links(cid, sentence, sections, registry)
        code.require_topics(cid, topics, sentence.span.text, where)
        tables["commitment_topics"] += topics
        tables["time_expressions"] += code.time_rows(sentence.span, snapshot.source_id,
                                                     statement, cid, registry, where)
        if sentence.span == release.welcomed_sentence and release.private_statement:
            named = release.private_statement
            tables["commitment_documents"].append({
                "commitment_id": cid, "document_id": private_statement_id(release),
                "name_as_written": named.text, "char_start": named.start,
                "char_end": named.end})
    if release.next_meeting is not None:
        tables["time_expressions"] += code.time_rows(
            release.next_meeting, snapshot.source_id,
            ids.passage_id(snapshot.source_id, "next_meeting"), None, registry,
            f"{snapshot.path.name}: next meeting")
    return tables


def commitment_row(snapshot, sentence, registry: Registry, cid: str, where: str) -> dict:
    text, title = sentence.span.text, sentence.section_title
    registry.check_abbreviations(text, where)
    actor, kind = code.classify(text, registry, where)
    rule, is_commitment = code.commitment_rule(text, actor, kind, registry, where)
    continues, markers = code.continuation(text, actor, registry)
    translation = registry.translations["sentences"].get(text, {})
    sections = registry.translations["sections"]
    return {
        "commitment_id": cid, "meeting_id": cid.rsplit("-", 1)[0],
        "source_id": snapshot.source_id, "position": int(cid.rsplit("-s", 1)[1]),
        "part": sentence.part, "section_number": sentence.section_number,
        "section_title_ja": title.text if title else None,
        "section_title_en": sections.get(title.text, {}).get("title_en") if title else None,
        "text_ja": text, "text_en": translation.get("text_en"),
        "text_en_subject_supplied": translation.get("subject_supplied"),
        "kind": kind, "is_commitment": is_commitment, "commitment_rule": rule,
        "commitment_strength": code.strength(text, is_commitment, registry),
        "continues_earlier": continues, "continuation_markers": markers, "actor": actor,
        "char_start": sentence.span.start, "char_end": sentence.span.end}


def participant_rows(snapshot, release: Release, registry: Registry, mid: str) -> list[dict]:
    """Heads of delegation, listed bodies and private-sector bodies, ids by what they are."""
    where = snapshot.path.name
    rows: list[dict] = []

    def add(**row):
        rows.append({"meeting_id": mid, "person_name_ja": None, "person_name_en": None,
                     "title_ja": None, "title_en": None, "person_name_ja_source_id": None,
                     "person_name_en_source_id": None, "unconfirmed_fields": None,
                     "source_id": snapshot.source_id, **row})

    for attendance in release.attendance:
        if attendance.head is not None:
            name, title, org_id = split_head(attendance.head, registry,
                                             f"{where}: attendees ({attendance.delegation})")
            add(organization_id=org_id, delegation=attendance.delegation,
                role="head_of_delegation", person_name_ja=name.text,
                person_name_ja_source_id=snapshot.source_id, title_ja=title.text,
                name_as_written=None, list_is_partial=attendance.is_partial,
                char_start=attendance.head.start, char_end=attendance.head.end,
                **english_name(registry.people.get(name.text)))
        for span in attendance.organizations:
            add(organization_id=registry.organization_id(
                span.text, f"{where}: attendees ({attendance.delegation})"),
                delegation=attendance.delegation, role="member", name_as_written=span.text,
                list_is_partial=attendance.is_partial, char_start=span.start, char_end=span.end)
    for span in release.private_sector:
        add(organization_id=registry.organization_id(span.text, f"{where}: private sector"),
            delegation=None, role="private_sector", name_as_written=span.text,
            list_is_partial=release.private_sector_is_partial,
            char_start=span.start, char_end=span.end)
    def locate(row: dict) -> str:
        before = release.text[:row["char_start"]]
        return f"line {before.count(chr(10)) + 1}, column {len(before) - before.rfind(chr(10))}"

    return ids.with_participant_ids(rows, where, locate)


def english_name(person: dict | None) -> dict:
    """A person's English spelling from reference/people.yaml, with its source; a spelling only
    a secondary page gives is listed in unconfirmed_fields."""
    if not person or not person.get("name_en"):
        return {}
    secondary = person.get("source_status", "confirmed") != "confirmed"
    return {"person_name_en": person["name_en"],
            "person_name_en_source_id": source_id_from_url(person["source"]),
            "unconfirmed_fields": "person_name_en" if secondary else None}


def split_head(head: Span, registry: Registry, where: str) -> tuple[Span, Span, str]:
    """田原康生総務省国際戦略局長 -> name 田原康生, title 総務省国際戦略局長, body of the title.

    The title starts where the first organization name begins; the title's body is the most
    specific organization named at that place (総務省国際戦略局 rather than 総務省).
    """
    match = registry.longest_organization_prefix(head.text)
    if match is None or match.start == 0:
        raise BuildError(*where_parts(where),
                         f"cannot tell the name from the title in {head.text!r}",
                         "add the organization in the title to reference/organizations.yaml")
    name = Span(head.start, head.start + match.start, head.text[:match.start])
    title = Span(head.start + match.start, head.end, head.text[match.start:])
    return name, title, match.entity_id


def contact_rows(snapshot, release: Release, registry: Registry) -> list[dict]:
    contact = release.contact
    where = f"{snapshot.path.name}: contact"
    division = registry.organization_id(contact.division.text, where)
    phone = contact.phone.text if contact.phone else None
    country = registry.country(registry.organizations[division]["country"], where)
    tel = rfc3966(phone, country, snapshot.path.name,
                  f"line {line_number(snapshot.text, contact.phone)}: contact") if phone else None
    rows = []
    for index, person in enumerate(contact.persons, start=1):
        place = f"line {line_number(snapshot.text, person.text)}: contact, {person.text.text!r}"
        position = next((p for p in sorted(registry.positions, key=len, reverse=True)
                         if person.text.text.endswith(p)), None)
        if position is None:
            raise BuildError(snapshot.path.name, place, "unknown job title after the name",
                             "add the title to reference/positions.yaml")
        name = person.text.text[:-len(position)]
        problem = contact_name_problem(name, position, registry.positions,
                                       registry.title_words)
        if problem:
            raise BuildError(snapshot.path.name, place, *problem)
        rows.append({
            "contact_id": ids.contact_id(snapshot.source_id, index),
            "source_id": snapshot.source_id,
            "organization_id": division, "person_name_ja": name,
            "position_ja": position, "position_en": registry.positions[position]["name_en"],
            "phone": tel, "phone_as_published": phone,
            "char_start": person.text.start, "char_end": person.text.end})
    return rows


def contact_name_problem(name: str, position: str, positions,
                         title_words=()) -> tuple[str, str] | None:
    """(problem, fix) when what stands before a contact's title is no one person's name: empty,
    ending in a title itself (笹井補佐 of 笹井補佐官) or in a word of a longer title (平木課長 of
    平木課長補佐, reference/positions.yaml's title_words), or several people joined by a middle
    dot (平木補佐・大内係長・笹井)."""
    if not name:
        return ("has no name before its title", "restore the line as published: each person "
                "is a name followed by a title, separated by 、")
    ending = next((p for p in sorted({*positions, *title_words}, key=len, reverse=True)
                   if name.endswith(p)), None)
    if ending:
        kind = "the title" if ending in positions else "the word of titles"
        return (f"the name {name!r} ends in {kind} {ending!r}: is {ending + position!r} one "
                "title?", f"add the whole title {ending + position!r} to "
                "reference/positions.yaml with the English name a source gives it, or restore "
                "the line as published")
    # a title inside the name (one of two characters or more: 官 may be part of a name), or
    # any title followed by a separator, is a second person glued on
    titles = "|".join(map(re.escape, sorted(positions, key=len, reverse=True)))
    joined = (re.search(rf"({titles})[\W_]", name) or next(
        (re.search(f"({re.escape(p)})", name) for p in positions if len(p) > 1 and p in name),
        None))
    if joined:
        return (f"holds the title {joined[1]!r} inside its name {name!r}: several "
                "people joined?", "restore the line as published: the release separates "
                "them with 、")
    return None

