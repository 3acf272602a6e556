"""RULES: the phrasings of the series' releases, one regular expression (or word list) each.

Every rule is named (`# rule <name>:`) and has a test in tests/test_series_parser.py that
names it. Words that code a fact (ハイブリッド形式 = hybrid, 日本側 = JP, …) are curated in
reference/vocabulary.yaml; `VocabularyRules` compiles the rules that use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scripts.lib.japanese_dates import DAY_SEPARATOR
from scripts.parse_release.document import Vocabulary

OPEN, CLOSE = "[(（]", "[)）]"
SPACE = "[ 　\u00a0]"
# rule numerals: ASCII or full-width digits (never \d, which matches every script's digits:
# those are refused when the text is read) or kanji: 第14回, 第１４回, 第十四回. A number the
# parser reads is at most MAX_NUMBER (see japanese_dates.to_int).
D = "[0-9０-９]"
NUM = r"[0-9０-９〇一二三四五六七八九十百千]+"
MAX_NUMBER = 9999
# rule weekday: a day may carry its weekday in brackets, (火), （水）, (火曜日); it must be the
# day's weekday (WEEKDAYS[date.weekday()]).
WEEKDAYS = "月火水木金土日"


def weekday(group: str) -> str:
    return rf"(?:{OPEN}(?P<{group}>[{WEEKDAYS}])(?:曜日?)?{CLOSE})?"



def meeting_label(group: str = "number") -> str:
    """rule meeting label: 第14回会合 / 第9回局長級会合 / 第十回局長級会合."""
    return rf"第(?P<{group}>{NUM})回(?:局長級)?会合"


MEETING_LABEL = meeting_label()
# rule title: 「<dialogue name>(第N回…会合)の結果」, with either dialogue name or the short
# form of some titles (インターネットエコノミー日米政策協力対話); which names belong to the
# series is reference/dialogues.yaml's business (see `check_series`).
TITLE_RE = re.compile(rf"^(?P<name>\S.*?){OPEN}{MEETING_LABEL}{CLOSE}の結果$")
# rule release date: a line of its own in the Japanese era, 令和6年2月27日 / 平成30年7月27日 /
# 令和元年5月7日 (元年 = year 1), digits half- or full-width.
ERA_DATE = (rf"(?P<era>[^\s\d元]{{2}})(?P<year>元|{D}{{1,2}})年(?P<month>{D}{{1,2}})月"
            rf"(?P<day>{D}{{1,2}})日")
ERA_DATE_LINE_RE = re.compile(rf"^{ERA_DATE}$")
# rule publisher line: a line between the release date and the title (e.g. 総務省) names the
# publisher (see read_header).


def _day(prefix: str) -> str:
    """One day, year and month optional: 2024年2月6日(火) / 7日(水) / 11月11日."""
    return (rf"(?:(?P<{prefix}y>{D}{{4}})年)?(?:(?P<{prefix}m>{D}{{1,2}})月)?"
            rf"(?P<{prefix}d>{D}{{1,2}})日{weekday(prefix + 'w')}")


# rule meeting dates: the lead's days, 「2024年2月6日(火)及び7日(水)の2日間」,
# 「7月23日及び24日の2日間」 (no year: see meeting_days), 「12月1日から3日まで」, 「10月10日」;
# rule Japanese and U.S. time: 「日本時間で2021年11月11日、12日(米国時間2021年11月10日、11日)」.
# DAY_SEPARATOR (scripts/lib/japanese_dates.py): 及び, 、 (a list), から, ～, 〜, - (a range).
DATE_RANGE = (
    rf"(?:日本時間で?)?{_day('a')}(?:(?P<as>{DAY_SEPARATOR})\s*{_day('b')})?(?:まで|にかけて?)?"
    rf"(?:{OPEN}米国時間で?{_day('ua')}(?:(?P<uas>{DAY_SEPARATOR})\s*{_day('ub')})?{CLOSE})?"
    rf"(?:の(?P<days>{NUM})日間)?"
)
# rule lead: the lead's sentence is its first sentence that says the meeting was held (開催),
# 「7月23日及び24日の2日間、総務省と米国国務省は、ワシントンD.C.にて、「…」(第9回局長級会合)を
# 開催しました。」 Its facts are read one at a time, so a lead that orders them otherwise or
# leaves one out still gives the others (the 3rd meeting's lead has no meeting label).
LEAD_HELD = "開催"
# rule lead dates: the first date range of the sentence.
LEAD_DATES_RE = re.compile(rf"(?P<dates>{DATE_RANGE})")


def lead_phrase(name: str, ending: str) -> re.Pattern:
    """A phrase of the lead between two 「、」 (or from its start), ending with `ending`."""
    return re.compile(rf"(?:^|、)\s*(?P<{name}>[^、「」()（）]+?)(?:{ending})、")


# rule lead organisers: the phrase before 「は、」 (総務省と米国国務省は、).
LEAD_ORGANIZERS_RE = lead_phrase("organizers", "は")
# rule lead place: the phrase before 「にて、」, 「において、」 or 「で、」; it may be a city
# followed by a venue (東京三田共用会議所: see registry.split_place).
LEAD_PLACE_RE = lead_phrase("place", "にて|において|で")
# rule lead label: 「<dialogue name>」 with the meeting label after it, 「…」(第9回局長級会合), or
# before it, 第14回「…」 (the label is optional: the title gives the number).
LABEL_BEFORE = rf"第(?P<before>{NUM})回(?:局長級)?(?:会合)?"
LABEL_AFTER = rf"{OPEN}?{meeting_label('after')}{CLOSE}?"
LEAD_LABEL_RE = re.compile(rf"(?:{LABEL_BEFORE})?「(?P<name>[^」]+)」(?:{LABEL_AFTER})?を開催")
# rule organisers: 「総務省と米国国務省」, 「総務省と国務省」 or 「総務省及び米国国務省」; both
# spellings of the State Department are names of one body in reference/organizations.yaml.
ORGANIZER_SEPARATOR_RE = re.compile(r"と|及び|、")
# rule statement dates: the joint statement's first sentence repeats the dates, sometimes with
# U.S. time (「日米両国は、日本時間で2021年11月11日、12日(米国時間2021年11月10日、11日)に…」);
# it gives the U.S. dates when the lead does not and must agree with the lead's dates.
STATEMENT_DATES_RE = re.compile(rf"は、(?P<dates>{DATE_RANGE})(?:に|、|で)")
# rule statement label: the first sentence names the meeting, 「…実施された第14回デジタル
# エコノミーに関する日米対話(DDE)において、…」; number and name must agree with the title.
STATEMENT_LABEL_RE = re.compile(rf"第(?P<number>{NUM})回(?:局長級)?(?:会合)?(?:の)?")
# rule lead participants (releases of 2016-2019): 「本対話には、日本政府からは総務省のほか、A、
# B等が、米国政府からは国務省のほか、C等が参加しました。」 and 「産業界からはD及びE等が参加し」.
LEAD_PARTICIPANTS_RE = re.compile(
    r"日本政府からは(?P<jp>.+?)(?P<jp_etc>等)?が、米国政府からは(?P<us>.+?)(?P<us_etc>等)?が参加")
LEAD_INDUSTRY_RE = re.compile(r"産業界からは(?P<orgs>.+?)(?P<etc>等)?が参加")
PARTICIPANT_SEPARATOR = r"のほか、|、|及び"
# rule welcomed statement: 「両国政府は、A、B及びCからの民間部門の代表が…共同声明を歓迎した。」:
# the bodies (orgs), their representatives and the words that name the statement (statement).
WELCOMED_STATEMENT_RE = re.compile(
    r"両国政府は、(?P<statement>(?P<representatives>(?P<orgs>.+?)からの民間部門の代表)"
    r"が.*?共同声明)を歓迎した。")
# rule named statement: the background names an earlier meeting's joint statement with its date,
# 「「インターネットエコノミーに関する日米政策協力対話」(IED)第13回会合政府間共同声明(2023年3月16日
# 発表)」: the words that name it (title) and the date it was published.
NAMED_STATEMENT_RE = re.compile(
    rf"(?P<title>「[^」]+」(?:{OPEN}[A-Z]+{CLOSE})?{MEETING_LABEL}政府間共同声明)"
    rf"{OPEN}(?P<y>{D}{{4}})年(?P<m>{D}{{1,2}})月(?P<d>{D}{{1,2}})日発表{CLOSE}")

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
# What the build needs of a release (`missing` lists what was not found); the lead's meeting
# label is optional, since the title gives the number (the 3rd meeting's lead has none).
REQUIRED_PARTS = ("title", "published", "lead", "lead.dates", "lead.organizers", "lead.place",
                  "joint_statement", "attendees", "next_meeting", "contact", "end_of_page")
OPTIONAL_PARTS = ("lead.meeting_label",)
# rule statement sections: (1), (2), … in order, without gaps or repeats; 総括 may be numbered.
OVERVIEW_RE = re.compile(rf"^(?:{OPEN}(?P<number>{D}+){CLOSE})?総括\s*$")
SECTION_RE = re.compile(rf"^{OPEN}(?P<number>{D}+){CLOSE}(?P<title>\S.*?)\s*$")
# rule written dates: every date the text writes, anywhere, is a real day (and its weekday
# mark the day's): 令和6年2月27日, 2024年2月6日(火), 2月6日, 2023年4月 (month 1-12). A year of
# an era reference/eras.yaml does not know leaves the day checked against a leap year.
WRITTEN_DATE_RE = re.compile(
    rf"(?:(?:(?P<era>[^\s0-9０-９元、。「」()（）]{{2}})(?P<ey>元|{D}{{1,2}})|(?P<y>{D}{{4}}))年)?"
    rf"(?P<m>{D}{{1,2}})月(?:(?P<d>{D}{{1,2}})日{weekday('w')})?")
# rule date forms: in the sentences the meeting's days are read from (the lead's, the joint
# statement's first), every number that dates something lies in the date range read there;
# one outside it is a form the parser does not know (2024/2/6, 6日・7日), never skipped.
DATE_TOKEN_RE = re.compile(rf"{D}+(?:年|月|日)|{D}+[/／.．]{D}+")
FISCAL_YEAR_RE = re.compile(rf"(?P<year>{D}{{4}})年度")
ANNEX_RE = re.compile(
    rf"^\s*(?P<title>\S.*?){OPEN}(?P<y>{D}{{4}})年(?P<m>{D}{{1,2}})月(?P<d>{D}{{1,2}})日{CLOSE}"
    rf"(?P<format>PDF|Word|Excel)?\s*$")
RELATED_RE = re.compile(rf"^(?P<title>\S.*?){OPEN}{ERA_DATE}{CLOSE}\s*$")
URL_RE = re.compile(r"^\s*(?P<url>https?://\S+)\s*$")
CONTACT_PERSONS_RE = re.compile(r"^担当\s*[:：]\s*(?P<persons>.+?)\s*$")
CONTACT_PHONE_RE = re.compile(r"^電話\s*[:：]\s*(?P<phone>[0-9０-９\-－()]+)\s*$")
BREADCRUMB = " > "  # 総務省トップ > 広報・報道 > … : the page's navigation line, not the title
HEADER_LINES = 30  # a release names its dialogue within its first lines (check_series)


def alternation(words) -> str:
    return "|".join(re.escape(word) for word in words)


@dataclass(frozen=True)
class VocabularyRules:
    """The rules whose words come from reference/vocabulary.yaml."""

    vocabulary: Vocabulary

    @property
    def format(self) -> re.Pattern:
        """rule format: ハイブリッド形式 / オンライン形式 / 対面形式 in the statement's first
        sentence."""
        return re.compile(alternation(self.vocabulary.formats))

    @property
    def host(self) -> re.Pattern:
        """rule host: 日本主催 / 米国主催 in the statement's first sentence."""
        return re.compile(alternation(self.vocabulary.hosts))

    @property
    def sessions(self) -> re.Pattern:
        """rule sessions: 「官民会合と政府間会合の二部構成」 in the lead."""
        session = f"({alternation(self.vocabulary.sessions)})"
        return re.compile(rf"{session}(?:と|及び){session}の二部構成")

    @property
    def attendee(self) -> re.Pattern:
        """rule attendee line: 「日本側:<head>をはじめとして、<bodies>等の関係者」."""
        # The head cannot hold 「をはじめとして、」, so it ends at the first one: linear time.
        return re.compile(
            rf"^(?P<side>{alternation(self.vocabulary.sides)})[:：]"
            r"(?P<head>(?:(?!をはじめとして、).)+)をはじめとして、"
            r"(?P<orgs>.+?)(?P<etc>等)?の関係者\s*$")
