"""Japanese calendar conventions: era years (和暦), kanji numerals and fiscal years."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

KANJI_DIGITS = {char: value for value, char in enumerate("〇一二三四五六七八九")}
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# The separators of two days the parser reads (scripts/parse_release/rules.py, rule meeting
# dates) and stated_days: a list (7月23日及び24日, 11月11日、12日) or a range, whose days between
# are stated too (12月1日から3日まで, 2月6～8日).
DAY_LIST = r"(?:及び|、)"
DAY_RANGE = r"(?:から|～|〜|-)"
DAY_SEPARATOR = rf"(?:{DAY_LIST}|{DAY_RANGE})"


@dataclass(frozen=True)
class Era:
    name_ja: str
    start: dt.date


def to_int(numeral: str) -> int:
    """Arabic (half- or full-width) or kanji numeral to int: '14', '１４', '十四', '一四', '元'
    (= 1). ValueError for anything else: digits of two scripts, 十十, other scripts' digits."""
    numeral = numeral.strip()
    if numeral == "元":
        return 1
    folded = numeral.translate(FULL_WIDTH_DIGITS)
    if folded.isascii() and folded.isdigit():
        return int(folded)
    if numeral and all(char in KANJI_DIGITS or char in "千百十" for char in numeral):
        number = group_value(numeral)  # 十四, 百十四, 千九, 二〇二四 (digit by digit)
        if number is not None:
            return int(number)
    raise ValueError(f"not a numeral: {numeral!r}")


# A group below 万 mixing digits with 千, 百 and 十: 5千, 3千5百, 三千五百, 2千500, 十四.
DIGIT = "[1-9一二三四五六七八九]"
MIXED_GROUP = re.compile(rf"(?:({DIGIT})?千)?(?:({DIGIT})?百)?(?:({DIGIT})?十)?"
                         r"(\d{1,3}|[一二三四五六七八九])?")
LARGE_UNITS = (("兆", 10**12), ("億", 10**8), ("万", 10**4))


def digit(char: str | None, default: int) -> int:
    if char is None:
        return default
    return int(char) if char.isdigit() else KANJI_DIGITS[char]


def group_value(text: str) -> Decimal | None:
    """A group below 万: 5000, 1.5, 二〇二四 (digit by digit), 5千, 三千五百; None otherwise."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    if text and all(char in KANJI_DIGITS for char in text):
        return Decimal("".join(str(KANJI_DIGITS[char]) for char in text))
    match = MIXED_GROUP.fullmatch(text)
    if not text or match is None or not any(unit in text for unit in "千百十"):
        return None
    total = sum(digit(match.group(index + 1), 1) * unit
                for index, (marker, unit) in enumerate((("千", 1000), ("百", 100), ("十", 10)))
                if marker in text)
    last = match.group(4)
    return Decimal(total + (int(last) if last and last.isdigit() else digit(last, 0)))


def compound_numeral(text: str) -> tuple[Decimal, list[Decimal]] | None:
    """A number written with 兆, 億 and 万 over groups (1億5000万 is 150000000, 2万5000 is
    25000, 5千 is 5000, 三千五百 is 3500, 1.5万 is 15000) and the groups as written
    ([1, 5000]); None if the text is not one such number (万 alone, 十十, 5万3万)."""
    total, groups, rest = Decimal(0), [], text
    for marker, scale in LARGE_UNITS:
        head, found, tail = rest.partition(marker)
        if not found:
            continue
        group = group_value(head)
        if not group:
            return None
        total, rest = total + group * scale, tail
        groups.append(group)
    if rest or not groups:
        group = group_value(rest)
        if group is None:
            return None
        total += group
        groups.append(group)
    return total, groups


def era_to_gregorian(eras: list[Era], era_name: str, year: int) -> int:
    """The Gregorian year of year `year` of the era `era_name`; KeyError if the era is unknown."""
    for era in eras:
        if era.name_ja == era_name:
            return era.start.year + year - 1
    raise KeyError(era_name)


def era_date(eras: list[Era], era_name: str, year: int, month: int, day: int) -> dt.date:
    """A 和暦 date in the Gregorian calendar; ValueError if no such day or outside the era."""
    gregorian = dt.date(era_to_gregorian(eras, era_name, year), month, day)
    ordered = sorted(eras, key=lambda e: e.start)
    for index, era in enumerate(ordered):
        if era.name_ja != era_name:
            continue
        end = ordered[index + 1].start if index + 1 < len(ordered) else None
        if gregorian < era.start or (end and gregorian >= end):
            raise ValueError(f"{era_name}{year}年{month}月{day}日 is outside the {era_name} era")
    return gregorian


def fiscal_year(day: dt.date) -> int:
    """Japanese fiscal year (年度), April to March: 2024-02-06 is in fiscal year 2023."""
    return day.year if day.month >= 4 else day.year - 1
