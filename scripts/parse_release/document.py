"""What the parser returns (a `Release` of located `Span`s) and the text helpers that locate them.

Every value is a `Span` of the source text, so `text[span.start:span.end] == span.text` holds
for all of them, or a value computed from such spans (dates, numbers).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from scripts.lib.errors import BuildError
from scripts.lib.japanese_dates import Era, to_int

MAX_NUMBER = 9999  # rule numerals: the largest number (meeting, section) the parser reads
BRACKETS = {"(": ")", "（": "）", "「": "」", "『": "』", "【": "】", "[": "]"}
WHITESPACE = " \t\u00a0\u3000"


@dataclass(frozen=True)
class Vocabulary:
    """What the parser needs from reference/: the eras of dates, and the words that code facts
    (reference/vocabulary.yaml: word as printed -> code)."""

    eras: tuple[Era, ...]
    formats: dict[str, str]
    hosts: dict[str, str]
    sessions: dict[str, str]
    sides: dict[str, str]
    annex_languages: dict[str, str]
    annex_kinds: dict[str, str]
    annex_media: dict[str, str]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    span: Span
    part: str  # lead, overview or section
    section_number: int | None
    section_title: Span | None


@dataclass(frozen=True)
class Label:
    """Where the text names the meeting: its number, and the dialogue's name if it gives one."""

    where: str  # title, lead, joint statement heading, attendees heading, statement sentence 1
    number: int | None
    name: Span | None  # with `prefix`, the text that must start with the dialogue's name
    span: Span  # what to point at
    prefix: bool = False


@dataclass(frozen=True)
class Attendance:
    delegation: str  # JP or US
    line: Span
    head: Span | None  # the person named first; None when the list names only bodies
    organizations: tuple[Span, ...]
    is_partial: bool


@dataclass(frozen=True)
class Annex:
    title: Span
    published: dt.date
    language: str | None
    media: str | None


@dataclass(frozen=True)
class NamedStatement:
    """A joint statement of an earlier meeting that the release names (without an address)."""

    title: Span
    number: int
    published: dt.date


@dataclass(frozen=True)
class RelatedRelease:
    title: Span
    dialogue_name: Span | None
    number: int | None
    published: dt.date
    url: Span | None


@dataclass(frozen=True)
class ContactPerson:
    text: Span  # e.g. 平木補佐: the name as published followed by the position


@dataclass(frozen=True)
class Contact:
    division: Span
    persons: tuple[ContactPerson, ...]
    phone: Span | None


@dataclass
class Release:
    path: str
    text: str
    parts: dict[str, Span] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    title: Span | None = None
    dialogue_name: Span | None = None
    number: int | None = None
    published: dt.date | None = None
    publisher: Span | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    us_start_date: dt.date | None = None
    us_end_date: dt.date | None = None
    place: Span | None = None
    organizers: tuple[Span, ...] = ()
    lead_sentence: Span | None = None
    lead_dates: Span | None = None
    # the lead's other sentences that say something dated was held (a working group held
    # before the meeting): the series file's related_events must hold each
    event_sentences: tuple[Span, ...] = ()
    sessions: tuple[str, ...] = ()
    sessions_sentence: Span | None = None
    format: str | None = None
    host_country: str | None = None
    statement_heading: Span | None = None
    sections: tuple[tuple[int, Span], ...] = ()
    sentences: tuple[Sentence, ...] = ()
    attendance: tuple[Attendance, ...] = ()
    private_sector: tuple[Span, ...] = ()
    private_sector_is_partial: bool = False
    private_representatives: Span | None = None  # 「A、B及びCからの民間部門の代表」
    private_statement: Span | None = None  # the words naming the statement they presented
    welcomed_sentence: Span | None = None
    next_meeting: Span | None = None
    next_fiscal_year: int | None = None
    annexes: tuple[Annex, ...] = ()
    background: Span | None = None
    named_statements: tuple[NamedStatement, ...] = ()
    related: tuple[RelatedRelease, ...] = ()
    contact: Contact | None = None
    complete: bool = False  # the page's closing line was found
    labels: list[Label] = field(default_factory=list)


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    start: int
    text: str  # without the newline

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip(WHITESPACE)

    def span(self) -> Span:
        return trimmed(self.text, self.start)


def trimmed(text: str, offset: int) -> Span:
    """The span of `text` (found at `offset`) without surrounding whitespace."""
    stripped = text.lstrip(WHITESPACE)
    start = offset + len(text) - len(stripped)
    stripped = stripped.rstrip(WHITESPACE)
    return Span(start, start + len(stripped), stripped)


def sub_span(line: Line, match: re.Match, group: str) -> Span:
    return Span(line.start + match.start(group), line.start + match.end(group), match.group(group))


def split_lines(text: str) -> list[Line]:
    lines, offset = [], 0
    for number, raw in enumerate(text.split("\n"), start=1):
        lines.append(Line(number, offset, raw))
        offset += len(raw) + 1
    return lines


def split_sentences(text: str, offset: int) -> list[Span]:
    """Split on 「。」 outside brackets; each sentence keeps its 「。」 and loses outer spaces."""
    sentences, depth_stack, begin = [], [], 0
    for index, char in enumerate(text):
        if char in BRACKETS:
            depth_stack.append(BRACKETS[char])
        elif depth_stack and char == depth_stack[-1]:
            depth_stack.pop()
        elif char == "。" and not depth_stack:
            sentences.append(trimmed(text[begin:index + 1], offset + begin))
            begin = index + 1
    rest = trimmed(text[begin:], offset + begin)
    if rest.text:
        sentences.append(rest)
    return [s for s in sentences if s.text]


def split_list(text: str, offset: int, separator: str = r"、|及び") -> list[Span]:
    """The items of a Japanese list 「A、B及びC」, each located."""
    items, begin = [], 0
    for match in re.finditer(separator, text):
        items.append(trimmed(text[begin:match.start()], offset + begin))
        begin = match.end()
    items.append(trimmed(text[begin:], offset + begin))
    return [item for item in items if item.text]


def read_number(path: str, line: int, numeral: str, what: str) -> int:
    """A number the text prints (ASCII, full-width or kanji), between 1 and MAX_NUMBER."""
    try:
        value = to_int(numeral)
    except ValueError:
        raise BuildError(path, f"line {line}", f"{what} {numeral!r} is not a numeral (ASCII, "
                         "full-width or kanji digits)", "correct it as the ministry printed "
                         "it") from None
    if not 1 <= value <= MAX_NUMBER:
        raise BuildError(path, f"line {line}", f"{what} {numeral!r} is {value}, outside "
                         f"1..{MAX_NUMBER}", "correct it as the ministry printed it")
    return value


def once(path: str, what: str, found: list) -> None:
    """rule once: the title, the release date, the lead, each heading and each attendee side
    appear once; a second one is a duplicated or mis-saved part, never silently ignored."""
    if len(found) > 1:
        raise BuildError(path, f"line {found[1].number}", f"{what} appears twice (also line "
                         f"{found[0].number})", "remove the duplicated line so the release "
                         "text is as published")


def line_number(text: str, span: Span | None) -> int | str:
    return text.count("\n", 0, span.start) + 1 if span else "?"


def sentence_around(line: Line, match: re.Match) -> Span:
    """The sentence of `line` that holds `match`."""
    return next(s for s in split_sentences(line.text, line.start)
                if s.start <= line.start + match.start() < s.end)
def paragraph_span(text: str, body: list[Line]) -> Span | None:
    if not body:
        return None
    return trimmed(text[body[0].start:body[-1].end], body[0].start)

