"""Parse a MIC press release of the dialogue into its parts, each located by character span.

The release is plain text, one paragraph or heading per line. Its parts are found by their
headings (the anchors below); text between two anchors belongs to the first. Every value the
parser returns is a `Span` of the source text, so `text[span.start:span.end] == span.text`
holds for all of them, or a value computed from such spans (dates, numbers).

The parser reads any release of the series, 2010 to today, not one page: all phrasing rules
live in this module's RULES section, each with a test in tests/test_series_parser.py (the
test names the rule). A release cut short parses: what it lacks is listed in `missing`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts.errors import BuildError
from scripts.japanese_dates import Era, era_date, to_int

# ---------------------------------------------------------------------------------------------
# RULES: the phrasings of the series' releases.
# ---------------------------------------------------------------------------------------------
OPEN, CLOSE = "[(（]", "[)）]"
SPACE = "[ 　\u00a0]"
# Numerals: Arabic (half- or full-width; \d matches both) or kanji: 第14回, 第１４回, 第十四回.
NUM = r"[0-9０-９〇一二三四五六七八九十百]+"
# rule weekday: a day may carry its weekday in brackets, (火), （水）, (火曜日).
WEEKDAY = rf"(?:{OPEN}[月火水木金土日](?:曜日?)?{CLOSE})?"

# rule meeting label: 第14回会合 / 第9回局長級会合 / 第十回局長級会合.
MEETING_LABEL = rf"第(?P<number>{NUM})回(?:局長級)?会合"
# rule title: 「<dialogue name>(第N回…会合)の結果」, with either dialogue name or the short
# form of some titles (インターネットエコノミー日米政策協力対話); which names belong to the
# series is reference/dialogues.yaml's business (see `check_series`).
TITLE_RE = re.compile(rf"^(?P<name>\S.*?){OPEN}{MEETING_LABEL}{CLOSE}の結果$")
# rule release date: a line of its own in the Japanese era, 令和6年2月27日 / 平成30年7月27日 /
# 令和元年5月7日 (元年 = year 1), digits half- or full-width.
ERA_DATE = r"(?P<era>[^\s\d元]{2})(?P<year>元|\d{1,2})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"
ERA_DATE_LINE_RE = re.compile(rf"^{ERA_DATE}$")
# rule publisher line: a line between the release date and the title (e.g. 総務省) names the
# publisher (see read_header).


def _day(prefix: str) -> str:
    """One day, year and month optional: 2024年2月6日(火) / 7日(水) / 11月11日."""
    return (rf"(?:(?P<{prefix}y>\d{{4}})年)?(?:(?P<{prefix}m>\d{{1,2}})月)?"
            rf"(?P<{prefix}d>\d{{1,2}})日{WEEKDAY}")


# rule meeting dates: the lead's days, 「2024年2月6日(火)及び7日(水)の2日間」,
# 「7月23日及び24日の2日間」 (no year: see meeting_days), 「12月1日から3日まで」, 「10月10日」;
# rule Japanese and U.S. time: 「日本時間で2021年11月11日、12日(米国時間2021年11月10日、11日)」.
DAY_SEPARATOR = r"(?:及び|、|から|～|〜|-)"
DATE_RANGE = (
    rf"(?:日本時間で?)?{_day('a')}(?:{DAY_SEPARATOR}\s*{_day('b')})?(?:まで|にかけて?)?"
    rf"(?:{OPEN}米国時間で?{_day('ua')}(?:{DAY_SEPARATOR}\s*{_day('ub')})?{CLOSE})?"
    rf"(?:の(?:{NUM})日間)?"
)
# rule lead: dates, organisers, place, dialogue name and meeting label, in one sentence:
# 「7月23日及び24日の2日間、総務省と米国国務省は、ワシントンD.C.にて、「…」(第9回局長級会合)を
# 開催しました。」 The place may be a city followed by a venue (東京三田共用会議所: see
# registry.split_place); 「にて」, 「で」 and 「において」 all introduce it.
LEAD_RE = re.compile(
    rf"^\s*(?P<dates>{DATE_RANGE})、(?P<organizers>[^、]+?)は、"
    rf"(?P<place>[^、「」]+?)(?:にて|において|で)、"
    rf"「(?P<name>[^」]+)」{OPEN}?{MEETING_LABEL}{CLOSE}?を開催しました。"
)
# rule organisers: 「総務省と米国国務省」, 「総務省と国務省」 or 「総務省及び米国国務省」; both
# spellings of the State Department are names of one body in reference/organizations.yaml.
ORGANIZER_SEPARATOR_RE = re.compile(r"と|及び|、")
# rule statement dates: the joint statement's first sentence repeats the dates, sometimes with
# U.S. time (「日米両国は、日本時間で2021年11月11日、12日(米国時間2021年11月10日、11日)に…」);
# it gives the U.S. dates when the lead does not and must agree with the lead's dates.
STATEMENT_DATES_RE = re.compile(rf"は、(?P<dates>{DATE_RANGE})(?:に|、|で)")
SESSIONS = {"官民会合": "public_private", "政府間会合": "government"}
SESSIONS_RE = re.compile(r"(官民会合|政府間会合)(?:と|及び)(官民会合|政府間会合)の二部構成")
FORMATS = {"ハイブリッド形式": "hybrid", "オンライン形式": "virtual", "対面形式": "in_person"}
FORMAT_RE = re.compile("|".join(FORMATS))
HOSTS = {"日本主催": "JP", "米国主催": "US"}
HOST_RE = re.compile("|".join(HOSTS))
# rule lead participants (releases of 2016-2019): 「本対話には、日本政府からは総務省のほか、A、
# B等が、米国政府からは国務省のほか、C等が参加しました。」 and 「産業界からはD及びE等が参加し」.
LEAD_PARTICIPANTS_RE = re.compile(
    r"日本政府からは(?P<jp>.+?)(?P<jp_etc>等)?が、米国政府からは(?P<us>.+?)(?P<us_etc>等)?が参加")
LEAD_INDUSTRY_RE = re.compile(r"産業界からは(?P<orgs>.+?)(?P<etc>等)?が参加")
PARTICIPANT_SEPARATOR = r"のほか、|、|及び"
# rule welcomed statement: 「両国政府は、A、B及びCからの民間部門の代表が…共同声明を歓迎した。」
WELCOMED_STATEMENT_RE = re.compile(
    r"両国政府は、(?P<orgs>.+?)からの民間部門の代表が.*?共同声明を歓迎した。")

# Anchors: the headings that open each part of the release.
# rule statement heading: 「1 第14回会合の共同声明内容」, 「1 第12回局長級会合の共同記者発表内容」,
# 「1 第9回局長級会合の主な成果」.
ANCHORS = {
    "joint_statement": re.compile(
        rf"^[1１][.．]?{SPACE}*{MEETING_LABEL}の(?P<heading>共同声明内容|共同記者発表内容|主な成果)"
        r"\s*$"),
    "attendees": re.compile(rf"^{OPEN}参考{CLOSE}{MEETING_LABEL}\s*出席者\s*$"),
    "next_meeting": re.compile(rf"^[2２][.．]?{SPACE}*次回会合について\s*$"),
    "annexes": re.compile(r"^【別紙】\s*$"),
    "background": re.compile(r"^【参考】(?P<heading>.+?)\s*$"),
    "related_releases": re.compile(r"^【関係報道資料】\s*$"),
    "contact": re.compile(r"^連絡先\s*$"),
    "footer": re.compile(r"^ページトップへ戻る\s*$"),
}
PART_NAMES = ("title", "published", "lead", "joint_statement", "attendees", "next_meeting",
              "annexes", "background", "related_releases", "contact")
REQUIRED_PARTS = ("title", "published", "lead", "joint_statement", "attendees", "next_meeting",
                  "contact", "end_of_page")
OVERVIEW_RE = re.compile(rf"^(?:{OPEN}(?P<number>\d+){CLOSE})?総括\s*$")
SECTION_RE = re.compile(rf"^{OPEN}(?P<number>\d+){CLOSE}(?P<title>\S.*?)\s*$")
ATTENDEE_RE = re.compile(
    r"^(?P<side>日本側|米国側)[:：](?P<head>.+?)をはじめとして、(?P<orgs>.+?)(?P<etc>等)?の関係者\s*$")
SIDES = {"日本側": "JP", "米国側": "US"}
FISCAL_YEAR_RE = re.compile(r"(?P<year>\d{4})年度")
ANNEX_RE = re.compile(
    rf"^\s*(?P<title>\S.*?){OPEN}(?P<y>\d{{4}})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日{CLOSE}"
    rf"(?P<format>PDF|Word|Excel)?\s*$")
ANNEX_LANGUAGES = {"和文": "ja", "英文": "en"}
RELATED_RE = re.compile(rf"^(?P<title>\S.*?){OPEN}{ERA_DATE}{CLOSE}\s*$")
URL_RE = re.compile(r"^\s*(?P<url>https?://\S+)\s*$")
CONTACT_PERSONS_RE = re.compile(r"^担当\s*[:：]\s*(?P<persons>.+?)\s*$")
CONTACT_PHONE_RE = re.compile(r"^電話\s*[:：]\s*(?P<phone>[0-9０-９\-－()]+)\s*$")
BRACKETS = {"(": ")", "（": "）", "「": "」", "『": "』", "【": "】", "[": "]"}
WHITESPACE = " \t\u00a0\u3000"
BREADCRUMB = " > "  # 総務省トップ > 広報・報道 > … : the page's navigation line, not the title
HEADER_LINES = 30  # a release names its dialogue within its first lines (check_series)


# ---------------------------------------------------------------------------------------------
# What the parser returns.
# ---------------------------------------------------------------------------------------------
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
    next_meeting: Span | None = None
    next_fiscal_year: int | None = None
    annexes: tuple[Annex, ...] = ()
    background: Span | None = None
    related: tuple[RelatedRelease, ...] = ()
    contact: Contact | None = None
    complete: bool = False  # the page's closing line was found


# ---------------------------------------------------------------------------------------------
# Parsing.
# ---------------------------------------------------------------------------------------------
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


def parse_release(text: str, path: str | Path, eras: list[Era]) -> Release:
    """Read every part the release has; what it lacks is listed in `release.missing`."""
    release = Release(path=str(path), text=text)
    lines = split_lines(text)
    anchors = find_anchors(lines, release.path)
    read_header(release, lines, anchors, eras)
    release.complete = "footer" in anchors
    regions = regions_between(lines, anchors)
    if release.title is not None:
        lead = lead_region(lines, release.title, anchors)
        if lead:
            regions["lead"] = lead
    for name, (heading, body) in regions.items():
        release.parts[name] = Span(heading.start, body[-1].end if body else heading.end,
                                   text[heading.start:body[-1].end if body else heading.end])
    if "lead" in regions:
        read_lead(release, regions["lead"][1])
        check_dates(release)  # the lead's own dates first, then against the statement's
    if "joint_statement" in regions:
        read_statement(release, *regions["joint_statement"])
    check_dates(release)
    if "attendees" in regions:
        read_attendees(release, regions["attendees"][1])
    if "next_meeting" in regions:
        read_next_meeting(release, regions["next_meeting"][1])
    if "annexes" in regions:
        read_annexes(release, regions["annexes"][1])
    if "background" in regions:
        release.background = paragraph_span(text, regions["background"][1])
    if "related_releases" in regions:
        read_related(release, regions["related_releases"][1], eras)
    if "contact" in regions:
        read_contact(release, regions["contact"][1])
    release.missing = [part for part in REQUIRED_PARTS if not has_part(release, part)]
    return release


def check_series(release: Release, dialogue_names: list[str]) -> None:
    """Stop unless the document is a release of this dialogue series.

    rule series: it is one when its title, 「<name>(第N回会合)の結果」, names the dialogue by
    one of `dialogue_names` (reference/dialogues.yaml: names and variants). A page whose title
    line is lost is judged by the title at the end of its navigation line (総務省トップ > … >).
    A release that only mentions the dialogue (a GDCP working group, a preparatory meeting)
    is not one: it reports no numbered meeting of the series.
    """
    name = release.dialogue_name.text if release.dialogue_name else None
    if name is None:
        for line in release.text.split("\n")[:HEADER_LINES]:
            match = TITLE_RE.match(line.rsplit(BREADCRUMB, 1)[-1].strip(WHITESPACE))
            if match:
                name = match.group("name")
                break
    names = "、".join(dialogue_names)
    if name is None:
        raise BuildError(
            release.path, "header", "not a release of the U.S.-Japan dialogue series: no title "
            f"「<dialogue name>(第N回会合)の結果」 in its first {HEADER_LINES} lines",
            "check that the file is the text of a MIC press release on a meeting of the "
            f"dialogue ({names})")
    if name not in dialogue_names:
        raise BuildError(
            release.path, "title", f"not a release of the U.S.-Japan dialogue series: the title "
            f"names {name!r}, which is not one of the series' names ({names})",
            "if the ministry renamed the dialogue, add the name to reference/dialogues.yaml "
            "(MAINTAINING.md, 'A new phrasing')")


def has_part(release: Release, part: str) -> bool:
    return {
        "title": release.title is not None,
        "published": release.published is not None,
        "lead": release.lead_sentence is not None,
        "joint_statement": bool(release.sentences),
        "attendees": bool(release.attendance),
        "next_meeting": release.next_meeting is not None,
        "contact": (release.contact is not None and bool(release.contact.persons)
                    and release.contact.phone is not None),
        # The page's last line (ページトップへ戻る): without it the text may be cut short.
        "end_of_page": release.complete,
    }[part]


def require_complete(release: Release) -> None:
    """Stop the build when a part that the tables need is missing."""
    if release.missing:
        part = release.missing[0]
        raise BuildError(
            release.path, f"part `{part}`",
            f"not found (missing: {', '.join(release.missing)})",
            "restore the release's full text; if the ministry changed its wording, teach "
            "scripts/parse_release.py the new phrasing (MAINTAINING.md, 'A new phrasing')")


def find_anchors(lines: list[Line], path: str) -> dict[str, tuple[Line, re.Match]]:
    found: dict[str, tuple[Line, re.Match]] = {}
    for line in lines:
        for name, pattern in ANCHORS.items():
            match = pattern.match(line.text)
            if not match:
                continue
            if name in found:
                raise BuildError(
                    path, f"line {line.number}",
                    f"the heading of part `{name}` appears twice (also line "
                    f"{found[name][0].number})",
                    "remove the duplicated part so the release text is as published")
            found[name] = (line, match)
    return found


def regions_between(lines, anchors) -> dict[str, tuple[Span, list[Line]]]:
    """Each anchored part: its heading span and its non-blank body lines, in document order."""
    ordered = sorted(anchors.items(), key=lambda item: item[1][0].number)
    regions = {}
    for index, (name, (line, _)) in enumerate(ordered):
        stop = ordered[index + 1][1][0].number if index + 1 < len(ordered) else len(lines) + 1
        body = [candidate for candidate in lines[line.number:stop - 1] if not candidate.blank]
        regions[name] = (line.span(), body)
    regions.pop("footer", None)
    return regions


def lead_region(lines, title: Span, anchors) -> tuple[Span, list[Line]] | None:
    """The paragraphs between the title and the first part heading."""
    after = next(line.number for line in lines if line.start <= title.start <= line.end)
    stop = min((line.number for line, _ in anchors.values() if line.number > after),
               default=len(lines) + 1)
    body = [line for line in lines[after:stop - 1] if not line.blank]
    return (body[0].span(), body) if body else None


def paragraph_span(text: str, body: list[Line]) -> Span | None:
    if not body:
        return None
    return trimmed(text[body[0].start:body[-1].end], body[0].start)


def read_header(release: Release, lines: list[Line], anchors, eras: list[Era]) -> None:
    limit = anchors["joint_statement"][0].number if "joint_statement" in anchors else len(lines)
    title_line = None
    for line in lines[:limit]:
        match = TITLE_RE.match(line.text.strip(WHITESPACE))
        if match and BREADCRUMB not in line.text:
            release.title = line.span()
            offset = release.title.start
            release.dialogue_name = Span(offset + match.start("name"), offset + match.end("name"),
                                         match.group("name"))
            release.number = to_int(match.group("number"))
            release.parts["title"] = release.title
            title_line = line
            break
    for index, line in enumerate(lines[:limit]):
        match = ERA_DATE_LINE_RE.match(line.text.strip(WHITESPACE))
        if not match:
            continue
        release.published = read_era_date(release.path, line, match, eras)
        release.parts["published"] = line.span()
        # rule publisher line: the one line between the date and the title names the publisher.
        if title_line is not None and title_line.number > line.number:
            between = [candidate for candidate in lines[index + 1:title_line.number - 1]
                       if not candidate.blank]
            if len(between) == 1:
                release.publisher = between[0].span()
        break


def read_era_date(path: str, line: Line, match: re.Match, eras: list[Era]) -> dt.date:
    era, year = match.group("era"), to_int(match.group("year"))
    month, day = int(match.group("month")), int(match.group("day"))
    try:
        return era_date(eras, era, year, month, day)
    except KeyError:
        known = "、".join(e.name_ja for e in eras)
        raise BuildError(path, f"line {line.number}", f"unknown era {era!r} in {match.group(0)!r}"
                         f" (known: {known})", "add the era to reference/eras.yaml") from None
    except ValueError as error:
        raise BuildError(path, f"line {line.number}", f"impossible date {match.group(0)!r}: "
                         f"{error}", "correct the date as the ministry printed it") from None


def read_lead(release: Release, body: list[Line]) -> None:
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
    for paragraph in body:
        sessions = SESSIONS_RE.search(paragraph.text)
        if sessions:
            release.sessions = tuple(sorted(SESSIONS[s] for s in sessions.groups()))
            release.sessions_sentence = sentence_around(paragraph, sessions)
        read_lead_participants(release, paragraph)


def sentence_around(line: Line, match: re.Match) -> Span:
    """The sentence of `line` that holds `match`."""
    return next(s for s in split_sentences(line.text, line.start)
                if s.start <= line.start + match.start() < s.end)


def meeting_days(release: Release, line: Line, match: re.Match, first: str, second: str):
    """(first day, last day) of the meeting as one date range gives them; (None, None) if absent.

    rule dates without a year: a day printed without a year takes the release's year, or the
    year before when its month is later than the release's month (a December meeting reported
    in January). The last day takes its month from the first day when it has none, and the
    first day's year, or the next year when its month is earlier (12月31日から1月1日).
    """
    if match.group(f"{first}d") is None or match.group(f"{first}m") is None:
        return None, None
    month = int(match.group(f"{first}m"))
    if match.group(f"{first}y"):
        year = int(match.group(f"{first}y"))
    elif release.published is not None:
        year = release.published.year - (1 if month > release.published.month else 0)
    else:
        return None, None
    start = make_date(release, line, match, year, month, match.group(f"{first}d"))
    if match.group(f"{second}d") is None:
        return start, start
    end_month = int(match.group(f"{second}m") or month)
    end_year = (int(match.group(f"{second}y")) if match.group(f"{second}y")
                else year + (1 if end_month < month else 0))
    return start, make_date(release, line, match, end_year, end_month, match.group(f"{second}d"))


def make_date(release: Release, line: Line, match: re.Match, year: int, month: int,
              day: str) -> dt.date:
    try:
        return dt.date(year, month, int(day))
    except ValueError as error:
        raise BuildError(release.path, f"line {line.number}", f"impossible meeting date in "
                         f"{match.group('dates')!r}: {error}",
                         "correct the date as the ministry printed it") from None


def check_dates(release: Release) -> None:
    """The lead's dates, the statement's dates and the release date must fit together."""
    where = f"line {line_number(release.text, release.lead_sentence)}"
    if release.end_date and release.start_date and release.end_date < release.start_date:
        raise BuildError(release.path, where, "the meeting ends "
                         f"({release.end_date}) before it starts ({release.start_date})",
                         "correct the dates as the ministry printed them")
    if release.published and release.end_date and release.end_date > release.published:
        raise BuildError(release.path, where, f"the meeting ends "
                         f"({release.end_date}) after its release ({release.published})",
                         "correct the meeting or release date")


def line_number(text: str, span: Span | None) -> int | str:
    return text.count("\n", 0, span.start) + 1 if span else "?"


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


def read_statement(release: Release, heading: Span, body: list[Line]) -> None:
    release.statement_heading = heading
    sentences, sections = [], []
    part, number, title = "lead", None, None
    for line in body:
        overview = OVERVIEW_RE.match(line.text)
        section = SECTION_RE.match(line.text)
        if overview:
            part, title = "overview", None
            number = int(overview.group("number")) if overview.group("number") else None
            continue
        if section:
            part, number, title = "section", int(section.group("number")), sub_span(
                line, section, "title")
            if number in dict(sections):
                raise BuildError(release.path, f"line {line.number}", f"section ({number}) "
                                 "appears twice", "remove the duplicated section")
            sections.append((number, title))
            continue
        for span in split_sentences(line.text, line.start):
            sentences.append(Sentence(span, part, number, title))
    release.sentences = tuple(sentences)
    release.sections = tuple(sections)
    first = next((s.span for s in sentences if s.part == "lead"), None)
    if first is None:
        return
    fmt, host = FORMAT_RE.search(first.text), HOST_RE.search(first.text)
    release.format = FORMATS[fmt.group(0)] if fmt else None
    release.host_country = HOSTS[host.group(0)] if host else None
    read_statement_dates(release, first)
    for sentence in sentences:
        welcomed = WELCOMED_STATEMENT_RE.search(sentence.span.text)
        if welcomed and not release.private_sector:
            release.private_sector = tuple(split_list(
                welcomed.group("orgs"), sentence.span.start + welcomed.start("orgs")))


def read_statement_dates(release: Release, first: Span) -> None:
    """rule statement dates: the first sentence's dates agree with the lead's; U.S. dates."""
    match = STATEMENT_DATES_RE.search(first.text)
    if not match:
        return
    line = Line(line_number(release.text, first), first.start, first.text)
    start, end = meeting_days(release, line, match, "a", "b")
    us_start, us_end = meeting_days(release, line, match, "ua", "ub")
    if release.start_date is None:
        release.start_date, release.end_date = start, end
    elif start is not None and (start, end) != (release.start_date, release.end_date):
        raise BuildError(release.path, f"line {line.number}", f"the joint statement dates the "
                         f"meeting {start}/{end}, the lead {release.start_date}/"
                         f"{release.end_date}", "correct the dates as the ministry printed them")
    if release.us_start_date is None:
        release.us_start_date, release.us_end_date = us_start, us_end


def read_attendees(release: Release, body: list[Line]) -> None:
    attendance = []
    for line in body:
        match = ATTENDEE_RE.match(line.text)
        if not match:
            raise BuildError(release.path, f"line {line.number}", "an attendee line the parser "
                             f"cannot read: {line.text.strip()[:60]!r}", "restore the line as "
                             "published (日本側:<head>をはじめとして、<bodies>等の関係者); if the "
                             "ministry changed its wording, teach ATTENDEE_RE in "
                             "scripts/parse_release.py the new phrasing")
        organizations = split_list(match.group("orgs"), line.start + match.start("orgs"))
        attendance.append(Attendance(SIDES[match.group("side")], line.span(),
                                     sub_span(line, match, "head"), tuple(organizations),
                                     match.group("etc") is not None))
    if attendance:
        release.attendance = tuple(attendance)


def read_next_meeting(release: Release, body: list[Line]) -> None:
    release.next_meeting = paragraph_span(release.text, body)
    if release.next_meeting:
        match = FISCAL_YEAR_RE.search(release.next_meeting.text)
        release.next_fiscal_year = int(match.group("year")) if match else None


def read_annexes(release: Release, body: list[Line]) -> None:
    annexes = []
    for line in body:
        match = ANNEX_RE.match(line.text)
        if not match:
            continue
        title = sub_span(line, match, "title")
        language = next((code for word, code in ANNEX_LANGUAGES.items() if word in title.text),
                        None)
        try:
            published = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError as error:
            raise BuildError(release.path, f"line {line.number}", f"impossible annex date: "
                             f"{error}", "correct the date as the ministry printed it") from None
        annexes.append(Annex(title, published, language, match.group("format")))
    release.annexes = tuple(annexes)


def read_related(release: Release, body: list[Line], eras: list[Era]) -> None:
    related = []
    for index, line in enumerate(body):
        match = RELATED_RE.match(line.text)
        if not match:
            continue
        title = sub_span(line, match, "title")
        label = TITLE_RE.match(title.text)
        url_match = URL_RE.match(body[index + 1].text) if index + 1 < len(body) else None
        url_line = body[index + 1] if url_match else None
        related.append(RelatedRelease(
            title=title,
            dialogue_name=Span(title.start, title.start + label.end("name"),
                               label.group("name")) if label else None,
            number=to_int(label.group("number")) if label else None,
            published=read_era_date(release.path, line, match, eras),
            url=sub_span(url_line, url_match, "url") if url_match else None))
    release.related = tuple(related)


def read_contact(release: Release, body: list[Line]) -> None:
    if not body:
        return
    persons, phone = [], None
    for line in body[1:]:
        person_match = CONTACT_PERSONS_RE.match(line.text)
        phone_match = CONTACT_PHONE_RE.match(line.text)
        if person_match:
            persons += [ContactPerson(span) for span in split_list(
                person_match.group("persons"), line.start + person_match.start("persons"))]
        elif phone_match:
            phone = sub_span(line, phone_match, "phone")
    release.contact = Contact(body[0].span(), tuple(persons), phone)
