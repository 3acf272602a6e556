"""The facts an English rendering must take from its Japanese: numbers, months and ordinals.

A translation is ours (reference/translations-en.yaml), so it can say a fact its Japanese does
not: "February 6 and 9, 2023" for 2024年2月6日、7日. What can be checked without reading the
sentence is checked (crossfile.rendering_problems reports it):

- every number the English writes in digits (1,000 is 1000; "1.5 billion" and "0.15 billion"
  are 1500000000 and 150000000) is a number the Japanese writes, after NFKC: in digits, in
  kanji (十四, 二〇二四, 三千五百), with 万, 億 or 兆 over digits, kanji or both, read whole
  (1億5000万 is 150000000, 2万5000 is 25000, 5千 is 5000; the groups as written, 1 and 5000,
  count too, as 15 of 15億 always has), in tenths (3割 is 30, 3割5分 is 35), as an era year
  (令和6年 is also 2024), or as an hour of the clock (15時 and 午後3時 are 15 and 3; 15時半
  writes 30); the :00 of 15:00 is written by an hour without minutes (15時, not 15時30分);
  a fiscal year (2024年度, 令和6年度) writes the year after it as the second of a span
  (FY2024-25, 2024/25, 2024–2025), not alone (2025);
- every English month name (February; an abbreviation such as Feb. before a number) is a month
  the Japanese writes (2月); "May" at the start of a sentence is the verb, not the month;
- every English ordinal in digits that is not a day of a month (14th, but not February 6th)
  is written as an ordinal in the Japanese: 第14, 14回目, 14番目, 2度目 or 14世紀.

- every day the English states, a month with its day (February 6 and 7, 2024; 6th February),
  is a day the Japanese states (2024年2月6日、7日), read by the one reader of days
  (scripts/lib/stated_days.py), the days between a range's ends included; the year is
  compared where both write it (`unstated_days`).

Numbers written as words (two, one or more) are not checked: 両国 is "the two countries".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from scripts.lib.japanese_dates import Era, compound_numeral, era_to_gregorian, to_int
from scripts.lib.stated_days import stated_days

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
                 "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
MONTH_RE = re.compile(r"\b(?:(" + "|".join(MONTHS) + r")\b|(" + "|".join(ABBREVIATIONS)
                      + r")\.(?=\s*\d))")
SCALES_JA = {"万": 10**4, "億": 10**8, "兆": 10**12}
SCALES_EN = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
NUMBER = r"\d+(?:\.\d+)?"
ENGLISH_NUMBER = re.compile(rf"({NUMBER})(?:\s+({'|'.join(SCALES_EN)})\b)?")
ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
KANJI = "〇一二三四五六七八九十百千"
# A run of numeral characters (1億5000万, 2万5000, 三千五百), read whole by compound_numeral, and
# the unit after it; 年度 is a fiscal year, 割 tenths (3割5分 is 35 %).
NUMERAL_RUN = re.compile(rf"(?:\d|[{KANJI}])(?:[\d.{KANJI}万億兆]*(?:\d|[{KANJI}万億兆]))?")
UNIT = re.compile(rf"年度|年|月|時(\s*(?:{NUMBER}|[{KANJI}]+)\s*分|半)?|回目|番目|度目|世紀"
                  rf"|割(?:\s*({NUMBER}|[{KANJI}]+)\s*分)?")
PIECE = re.compile(rf"({NUMBER}|[{KANJI}]+)([万億兆]?)")  # a run that is not one number
ORDINAL_UNITS = ("回目", "番目", "度目", "世紀")
# A fiscal year in English: FY2024-25, 2024/25, 2024–2025 (the second is the year after).
YEAR_SPAN = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-\u2013/]\s*(\d\d(?:\d\d)?)"
                       r"(?!\d)(?![-\u2013/.,:]\d)")  # not 2024-02-06 nor 2024/25/3
CLOCK_ZERO = re.compile(r"(?<!\d)(\d{1,2}):$")  # 15:00, 3:00 p.m.: the hour before :00
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


@dataclass
class Facts:
    """What a Japanese text writes: numbers, months, ordinals, fiscal years (2024年度) and the
    hours it writes without minutes (15時, 午後3時: 15:00 and 3:00 are the same hours)."""
    numbers: set = field(default_factory=set)
    months: set = field(default_factory=set)
    ordinals: set = field(default_factory=set)
    fiscal_years: set = field(default_factory=set)
    whole_hours: set = field(default_factory=set)


def normalized(text: str) -> str:
    return THOUSANDS.sub("", unicodedata.normalize("NFKC", text))


def value(numeral: str) -> Decimal | None:
    try:
        return Decimal(numeral) if numeral[0].isdigit() else Decimal(to_int(numeral))
    except (ValueError, InvalidOperation):
        return None


def numerals(text: str):
    """Each number of the text with its start, end and the groups it is written with: a run
    read whole (1億5000万), or, if it is not one number, its pieces (15億 and 3 of 15億3)."""
    for run in NUMERAL_RUN.finditer(text):
        whole = compound_numeral(run.group(0))
        if whole is not None:
            yield whole[0], whole[1], run.start(), run.end()
            continue
        for piece in PIECE.finditer(run.group(0)):
            number = value(piece.group(1))
            if number is not None:
                scale = SCALES_JA[piece.group(2)] if piece.group(2) else 1
                yield (number * scale, [number], run.start() + piece.start(),
                       run.start() + piece.end())


def clock_hours(number: Decimal, before: str) -> set:
    """The hours 15時 or 午後3時 can be written as in English: 15 and 3."""
    if before.endswith("午後") and number < 12:
        return {number, number + 12}
    return {number, number - 12} if 12 < number <= 24 else {number}


def japanese_facts(text: str, eras: list[Era]) -> Facts:
    """The numbers, months, ordinals, fiscal years and whole hours a Japanese text writes."""
    text = normalized(text)
    facts = Facts()
    for number, groups, start, end in numerals(text):
        facts.numbers.update({number, *groups})
        found = UNIT.match(text, end)
        unit = found.group(0) if found else None
        if unit == "月":
            facts.months.add(number)
        elif unit == "年度":
            facts.fiscal_years.add(number)
        elif unit and unit.startswith("時"):
            hours = clock_hours(number, text[:start].rstrip())
            facts.numbers.update(hours)
            if found.group(1) == "半":  # 15時半 is 15:30
                facts.numbers.add(Decimal(30))
            if not found.group(1):  # 15時, not 15時30分 or 15時半
                facts.whole_hours.update(hours)
        elif unit and unit.startswith("割"):
            hundredths = value(found.group(2)) if found.group(2) else 0
            facts.numbers.add(number * 10 + (hundredths or 0))
        elif unit in ORDINAL_UNITS or text[:start].endswith("第"):
            facts.ordinals.add(number)
    for era in eras:
        for match in re.finditer(rf"{re.escape(era.name_ja)}\s*(元|\d+|[{KANJI}]+)年(度)?",
                                 text):
            year = value(match.group(1)) if match.group(1) != "元" else 1
            if year is not None:
                year = Decimal(era_to_gregorian(eras, era.name_ja, int(year)))
                facts.numbers.add(year)
                if match.group(2):
                    facts.fiscal_years.add(year)
    return facts


def english_months(text: str) -> list[tuple[str, int]]:
    found = []
    for match in MONTH_RE.finditer(text):
        before = text[:match.start()].rstrip()
        if match.group(1) == "May" and (not before or before[-1] in ".!?;:"):
            continue  # "May they…": the verb
        name = match.group(1) or match.group(2)
        found.append((name, MONTHS.index(name) + 1 if match.group(1) else ABBREVIATIONS[name]))
    return found


MONTH_NAME = "(?:" + "|".join(MONTHS + tuple(ABBREVIATIONS)) + ")"
DAYS_BETWEEN = r"(?:[\s,&\-\u2013]|\d+(?:st|nd|rd|th)?|and|to)*"  # 6th and 7th, 6th-7th
MONTH_BEFORE = re.compile(rf"\b{MONTH_NAME}\.?{DAYS_BETWEEN}$")
MONTH_AFTER = re.compile(rf"{DAYS_BETWEEN}(?:of\s+)?{MONTH_NAME}\b")


def day_ordinal(text: str, match: re.Match) -> bool:
    """The ordinal is a day of a month: February 6th (and 7th), 6th (and 7th) of February."""
    return bool(MONTH_BEFORE.search(text[:match.start()])
                or MONTH_AFTER.match(text, match.end()))


def english_numbers(text: str, facts: Facts):
    """Each number the English writes in digits with the words it is written with, and whether
    it is the Japanese's: a fiscal year's second year (FY2024-25 for 2024年度) and the :00 of an
    hour the Japanese writes without minutes (15:00 for 15時) are; others must be a number the
    Japanese writes."""
    second_years = set()
    for span in YEAR_SPAN.finditer(text):
        first, second = int(span.group(1)), span.group(2)
        year = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if year == first + 1 and (first in facts.fiscal_years or year in facts.numbers):
            second_years.add(span.start(2))
    for match in ENGLISH_NUMBER.finditer(text):
        number = Decimal(match.group(1))
        if match.group(2):
            number *= SCALES_EN[match.group(2)]
        hour = CLOCK_ZERO.search(text[:match.start()])
        written = (number in facts.numbers or match.start() in second_years
                   or (match.group(1) == "00" and hour is not None
                       and Decimal(hour.group(1)) in facts.whole_hours))
        yield match, number, written


def unwritten_facts(japanese: str, english: str, eras: list[Era]) -> list[str]:
    """What the English says in digits, months or ordinals that the Japanese does not write."""
    facts = japanese_facts(japanese, eras)
    text = normalized(english)
    missing = [match.group(0) for match, _, written in english_numbers(text, facts)
               if not written]
    for name, month in english_months(text):
        if month not in facts.months:
            missing.append(f"{name} (the Japanese writes no {month}月)")
    for match in ORDINAL.finditer(text):
        number = Decimal(match.group(1))
        if (number in facts.numbers and number not in facts.ordinals
                and not day_ordinal(text, match)):
            missing.append(f"{match.group(0)} (the Japanese writes no 第{match.group(1)})")
    return list(dict.fromkeys(missing))


def unstated_days(japanese: str, english: str, eras: list[Era]) -> list[str]:
    """The days the English states (February 2, 2024) that the Japanese does not state as a
    month and its day (2024年2月6日、7日): the same month and day, and the same year where
    both write one."""
    written = stated_days(normalized(japanese), eras)
    missing = []
    for year, month, day in sorted(stated_days(normalized(english), eras),
                                   key=lambda found: (found[1], found[2], found[0] or 0)):
        if not any((month, day) == (other_month, other_day)
                   and (year is None or other_year is None or year == other_year)
                   for other_year, other_month, other_day in written):
            missing.append(f"{MONTHS[month - 1]} {day}" + (f", {year}" if year else ""))
    return missing
