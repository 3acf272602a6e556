"""Stage 2, release text -> parsed release: every part of a MIC press release, located by span.

The release is plain text, one paragraph or heading per line. Its parts are found by their
headings (the anchors of `rules`); text between two anchors belongs to the first. Every value
the parser returns is a `Span` of the source text (`document`), or a value computed from such
spans (dates, numbers).

The parser reads any release of the series, 2010 to today, not one page: every phrasing rule is
in `scripts/parse_release/rules.py`, each with a test in tests/test_series_parser.py (the test
names the rule); the words that code facts are in reference/vocabulary.yaml. A release cut short
parses: what it lacks is listed in `missing`, and `require_complete` stops the build on it.

    reader.py     the release's structure: anchors, header, lead, the parts in order
    lead.py       the lead: dates, organisers, place, sessions, lead participants
    parts.py      joint statement, attendees, next meeting, annexes, related releases, contact
    labels.py     the meeting's number and dialogue, the same wherever the text names them
"""

from scripts.parse_release.document import (
    Annex,
    Attendance,
    Contact,
    ContactPerson,
    NamedStatement,
    RelatedRelease,
    Release,
    Sentence,
    Span,
    Vocabulary,
)
from scripts.parse_release.labels import check_labels
from scripts.parse_release.reader import check_series, parse_release, require_complete
from scripts.parse_release.rules import PART_NAMES

__all__ = ["Annex", "Attendance", "Contact", "ContactPerson", "NamedStatement", "PART_NAMES",
           "RelatedRelease", "Release", "Sentence", "Span", "Vocabulary", "check_labels",
           "check_series", "parse_release", "require_complete"]
