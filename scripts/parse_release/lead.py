"""The lead: the meeting's dates, organisers and place, its sessions, the lead's participants."""

from __future__ import annotations

from scripts.parse_release.dates import meeting_days
from scripts.parse_release.document import (
    Attendance,
    Line,
    Release,
    sentence_around,
    split_list,
    sub_span,
    trimmed,
)
from scripts.parse_release.rules import (
    LEAD_INDUSTRY_RE,
    LEAD_PARTICIPANTS_RE,
    LEAD_RE,
    ORGANIZER_SEPARATOR_RE,
    PARTICIPANT_SEPARATOR,
    VocabularyRules,
)


def read_lead(release: Release, body: list[Line], rules: VocabularyRules) -> None:
    for line in body:
        match = LEAD_RE.match(line.text)
        if match:
            break
    else:
        return
    release.lead_sentence = trimmed(match.group(0), line.start + match.start())
    release.place = sub_span(line, match, "place")
    release.organizers = tuple(split_list(match.group("organizers"),
                                          line.start + match.start("organizers"),
                                          ORGANIZER_SEPARATOR_RE.pattern))
    release.start_date, release.end_date = meeting_days(release, line, match, "a", "b")
    release.us_start_date, release.us_end_date = meeting_days(release, line, match, "ua", "ub")
    sessions_re, codes = rules.sessions, rules.vocabulary.sessions
    for paragraph in body:
        sessions = sessions_re.search(paragraph.text)
        if sessions:
            release.sessions = tuple(sorted(codes[s] for s in sessions.groups()))
            release.sessions_sentence = sentence_around(paragraph, sessions)
        read_lead_participants(release, paragraph)


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
