"""Stage 5, release records + reference/dialogue-series.yaml -> the series' rows, merged.

reference/dialogue-series.yaml holds curated, cited facts about every meeting (1-15). This
stage turns it into rows of `meetings`, `meeting_sources`, `sources`, `participants`,
`meeting_organizers` and `related_events`, and merges them with what the releases in sources/ give:

- A meeting's row starts from the reference file's values. The file already applies its own
  rules (a fact only a non-government page states is null unless the meeting's note explains
  otherwise; a conflict leaves the value null and the note says who says what), and the build
  checks them: every non-empty value must be supported by the file's evidence (or by the
  release it was read from), a value only `secondary` evidence supports needs a note, and a
  date must be a day its evidence's quote states, where the quote states days, and a name
  written in its evidence's quote.
- Facts a meeting's own release states come from the parsed release; where the reference
  file states them too, the two must agree, or the build stops. A meeting whose own release
  is in sources/ must be `held` in the reference file.
- Meetings a release only names (the previous meeting in its related releases, the next one
  in its 次回会合 notice) fill values nobody else gives: a name, a status, a fiscal year.
- The participants and organizations the file lists are mapped to reference/organizations.yaml
  by their names exactly as written; for a meeting whose release is held, the release's
  lists are used and must name the same bodies as the file.

    series.py        the file, loaded and checked; its field names
    meetings.py      one meetings row per meeting, the file's and the releases' merged
    evidence.py      meeting_sources, and the check that every stated value is cited
    quoted_dates.py  the check that every quoted date is a day its quote states
    quoted_texts.py  the check that every quoted name is written in its quote
    documents.py     a sources row for every url the file cites
    participants.py  heads of delegation, bodies and organizers of the meetings whose release
                     is not held
    events.py        related events (GDCP working groups, the preparatory meeting)
"""

from __future__ import annotations

from collections import defaultdict

from scripts.link_records import ReleaseRecords
from scripts.merge_series.documents import reference_sources
from scripts.merge_series.events import related_events
from scripts.merge_series.evidence import check_cited, merge_evidence, reference_evidence
from scripts.merge_series.meetings import check_rename_dates, merge_meetings
from scripts.merge_series.participants import (
    check_release_participants,
    reference_organizers,
    reference_participants,
)
from scripts.merge_series.quoted_dates import check_quoted_dates
from scripts.merge_series.quoted_texts import check_quoted_texts
from scripts.merge_series.series import Series, load_series
from scripts.registry import Registry

__all__ = ["Series", "load_series", "series_records"]


def series_records(series: Series, releases: list[ReleaseRecords], registry: Registry,
                   held: dict[str, str]) -> dict[str, list]:
    """The series' rows of meetings, meeting_sources, sources, participants,
    meeting_organizers and related_events, merged with what the releases give."""
    own = [records.meeting for records in releases]
    mentions = [row for records in releases for row in records.mentions]
    meetings = merge_meetings(series, own, mentions, registry)
    evidence = merge_evidence(
        reference_evidence(series, held)
        + [row for records in releases for row in records.evidence], meetings)
    check_cited(meetings, evidence)
    check_quoted_dates(series, registry.eras)  # once the quotes of held sources are found verbatim
    check_quoted_texts(series)
    check_rename_dates(series, {row["number"]: row for row in meetings})  # once found quoted
    listed = defaultdict(list)
    for records in releases:
        for row in records.tables["participants"]:
            listed[row["meeting_id"]].append(row)
    organizers = defaultdict(set)
    for records in releases:
        for row in records.tables["meeting_organizers"]:
            organizers[int(row["meeting_id"].split("-")[1])].add(row["name_as_written"])
    for row in own:
        check_release_participants(series, row["number"], listed[row["meeting_id"]])
        organizers.setdefault(row["number"], set())
    return {
        "meetings": meetings,
        "meeting_sources": evidence,
        "sources": reference_sources(series, registry),
        "participants": reference_participants(series, {row["number"] for row in own},
                                               registry),
        "meeting_organizers": reference_organizers(series, organizers, registry),
        "related_events": related_events(series, meetings),
    }
