"""The facts an English rendering must take from its Japanese: numbers, months and ordinals.

A translation is ours (reference/translations-en.yaml), so it can say a fact its Japanese does
not: "February 6 and 9, 2023" for 2024年2月6日、7日. What can be checked without reading the
sentence is checked (crossfile.rendering_problems reports it):

- every number the English writes in digits (1,000 is 1000; "1.5 billion" is 1500000000) is a
  number the Japanese writes, after NFKC: in digits, in kanji (十四, 二〇二四), with 万, 億 or
  兆 (5億 is 500000000), as an era year (令和6年 is also 2024), or as an hour of the clock
  (15時 is also 3);
- every English month name (February; an abbreviation such as Feb. before a number) is a month
  the Japanese writes (2月); "May" at the start of a sentence is the verb, not the month;
- every English ordinal in digits that is not a day of a month (14th, but not February 6th)
  is written as an ordinal in the Japanese: 第14, 14回目, 14番目 or 14世紀.

- every day the English states, a month with its day (February 6 and 7, 2024; 6th February),
  is a day the Japanese states (2024年2月6日、7日), read by the one reader of days
  (scripts/lib/stated_days.py), the days between a range's ends included; the year is
  compared where both write it (`unstated_days`).

Numbers written as words (two, one or more) are not checked: 両国 is "the two countries".
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from scripts.lib.japanese_dates import Era, era_to_gregorian, to_int
from scripts.lib.stated_days import stated_days

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
                 "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
MONTH_RE = re.compile(r"\b(?:(" + "|".join(MONTHS) + r")\b|(" + "|".join(ABBREVIATIONS)
                      + r")\.(?=\s*\d))")
SCALES_EN = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
SCALES_JA = {"万": 10**4, "億": 10**8, "兆": 10**12}
NUMBER = r"\d+(?:\.\d+)?"
ENGLISH_NUMBER = re.compile(rf"({NUMBER})(?:\s+({'|'.join(SCALES_EN)})\b)?")
ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
KANJI = "〇一二三四五六七八九十百千"
JAPANESE_NUMBER = re.compile(rf"({NUMBER}|[{KANJI}]+)([万億兆]?)(年|月|時|回目|番目|世紀)?")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def normalized(text: str) -> str:
    return THOUSANDS.sub("", unicodedata.normalize("NFKC", text))


def value(numeral: str) -> Decimal | None:
    try:
        return Decimal(numeral) if numeral[0].isdigit() else Decimal(to_int(numeral))
    except (ValueError, InvalidOperation):
        return None


def japanese_facts(text: str, eras: list[Era]) -> tuple[set, set, set]:
    """The numbers, months and ordinals a Japanese text writes."""
    text = normalized(text)
    numbers, months, ordinals = set(), set(), set()
    for match in JAPANESE_NUMBER.finditer(text):
        number = value(match.group(1))
        if number is None:
            continue
        scale, unit = match.group(2), match.group(3)
        numbers.add(number * SCALES_JA[scale] if scale else number)
        numbers.add(number)
        if unit == "月":
            months.add(number)
        elif unit == "時" and 12 < number <= 24:
            numbers.add(number - 12)
        elif unit in ("回目", "番目", "世紀") or text[:match.start()].endswith("第"):
            ordinals.add(number)
    for era in eras:
        for match in re.finditer(rf"{re.escape(era.name_ja)}\s*(元|\d+|[{KANJI}]+)年", text):
            year = value(match.group(1)) if match.group(1) != "元" else 1
            if year is not None:
                numbers.add(Decimal(era_to_gregorian(eras, era.name_ja, int(year))))
    return numbers, months, ordinals


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


def unwritten_facts(japanese: str, english: str, eras: list[Era]) -> list[str]:
    """What the English says in digits, months or ordinals that the Japanese does not write."""
    numbers, months, ordinals = japanese_facts(japanese, eras)
    text = normalized(english)
    missing = []
    for match in ENGLISH_NUMBER.finditer(text):
        number = Decimal(match.group(1))
        if match.group(2):
            number *= SCALES_EN[match.group(2)]
        if number not in numbers:
            missing.append(match.group(0))
    for name, month in english_months(text):
        if month not in months:
            missing.append(f"{name} (the Japanese writes no {month}月)")
    for match in ORDINAL.finditer(text):
        number = Decimal(match.group(1))
        if number in numbers and number not in ordinals and not day_ordinal(text, match):
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
