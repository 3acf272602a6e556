"""The lead: the meeting's dates, organisers and place, its sessions, the lead's participants.

The lead's sentence is found first (the first that says the meeting was held); then each fact
is read from it on its own (rules `lead dates`, `lead organisers`, `lead place`, `lead label`),
so that a fact written in another order, or missing, does not hide the others: what is not
found is listed in `missing`.
"""

from __future__ import annotations

import re

from scripts.parse_release.dates import check_date_forms, meeting_days
from scripts.parse_release.document import (
    Attendance,
    Label,
    Line,
    Release,
    Span,
    once,
    read_number,
    sentence_around,
    split_list,
    split_sentences,
)
from scripts.parse_release.rules import (
    LEAD_DATES_RE,
    LEAD_HELD,
    LEAD_INDUSTRY_RE,
    LEAD_LABEL_RE,
    LEAD_ORGANIZERS_RE,
    LEAD_PARTICIPANTS_RE,
    LEAD_PLACE_RE,
    ORGANIZER_SEPARATOR_RE,
    PARTICIPANT_SEPARATOR,
    VocabularyRules,
)


def lead_sentences(body: list[Line]) -> list[tuple[Line, Span]]:
    """The lead's sentences that say a meeting was held, each with its line."""
    return [(line, sentence) for line in body for sentence in split_sentences(line.text,
                                                                              line.start)
            if LEAD_HELD in sentence.text]


def group_span(sentence: Span, match: re.Match, group: str) -> Span:
    start = sentence.start + match.start(group)
    return Span(start, start + len(match.group(group)), match.group(group))


def read_lead(release: Release, body: list[Line], rules: VocabularyRules) -> None:
    found = lead_sentences(body)
    if found:
        once(release.path, "the lead's sentence (dates, organisers and place)",
                       [line for line, sentence in found
                        if LEAD_DATES_RE.search(sentence.text)
                        and LEAD_ORGANIZERS_RE.search(sentence.text)])
        line, sentence = found[0]
        release.lead_sentence = sentence
        read_lead_facts(release, line, sentence)
        release.event_sentences = tuple(other for _, other in found[1:]
                                        if LEAD_DATES_RE.search(other.text))
    sessions_re, codes = rules.sessions, rules.vocabulary.sessions
    for paragraph in body:
        sessions = sessions_re.search(paragraph.text)
        if sessions:
            release.sessions = tuple(sorted(codes[s] for s in sessions.groups()))
            release.sessions_sentence = sentence_around(paragraph, sessions)
        read_lead_participants(release, paragraph)


def read_lead_facts(release: Release, line: Line, sentence: Span) -> None:
    """Dates, organisers, place and meeting label, each found on its own."""
    text = sentence.text
    dates = LEAD_DATES_RE.search(text)
    if dates:
        release.lead_dates = group_span(sentence, dates, "dates")
        release.start_date, release.end_date = meeting_days(release, line, dates, "a", "b")
        release.us_start_date, release.us_end_date = meeting_days(release, line, dates,
                                                                  "ua", "ub")
    check_date_forms(release, line, sentence, release.lead_dates)
    organizers = LEAD_ORGANIZERS_RE.search(text)
    if organizers:
        span = group_span(sentence, organizers, "organizers")
        release.organizers = tuple(split_list(span.text, span.start,
                                              ORGANIZER_SEPARATOR_RE.pattern))
    after = organizers.end() - 1 if organizers else 0  # from its 「、」
    place = LEAD_PLACE_RE.search(text, after) or LEAD_PLACE_RE.search(text)
    if place:
        release.place = group_span(sentence, place, "place")
    label = LEAD_LABEL_RE.search(text)
    if label:
        numeral = label.group("before") or label.group("after")
        number = (read_number(release.path, line.number, numeral, "the lead's meeting number")
                  if numeral else None)
        release.labels.append(Label("the lead", number, group_span(sentence, label, "name"),
                                    group_span(sentence, label, "name")))


def read_lead_participants(release: Release, paragraph: Line) -> None:
    """Bodies listed in the lead (releases of 2016-2019), as Attendance without a head."""
    match = LEAD_PARTICIPANTS_RE.search(paragraph.text)
    if match and not release.attendance:
        release.attendance = tuple(
            Attendance(side, sentence_around(paragraph, match), None,
                       tuple(split_list(match.group(side.lower()),
                                        paragraph.start + match.start(side.lower()),
                                        PARTICIPANT_SEPARATOR)),
                       match.group(f"{side.lower()}_etc") is not None)
            for side in ("JP", "US"))
    industry = LEAD_INDUSTRY_RE.search(paragraph.text)
    if industry and not release.private_sector:
        release.private_sector = tuple(split_list(
            industry.group("orgs"), paragraph.start + industry.start("orgs"),
            PARTICIPANT_SEPARATOR))
        release.private_sector_is_partial = industry.group("etc") is not None
