"""The days a text states, as a reader reads them: `stated_days`, the one reader of days that
the quotes of reference/dialogue-series.yaml (scripts/merge_series/quoted_dates.py) and the
translations of reference/translations-en.yaml (scripts/lib/rendering.py) are checked with.

Japanese: 2024年2月6日及び7日, 11月11日、12日, 2月6・7日, 同月9日, 令和3年11月18日 (2日間 is a
length, no day). English: June 9 and 10, 2011; Nov. 1, 2010; October 18/19, 2012; June 9th;
9-10 June 2011; the 9th and 10th of June, 2011; February the 14th; 2024-02-14, 2/14/2024,
14-Feb-2024. A range states the days between its ends
too: September 16 to 18 (16-18, 16–18, 16 through 18), September 30 to October 2; 6～8日,
6日～8日, 6日から8日, 9月30日～10月2日 (and the parser's other range separators); a list (6日及び
8日, 6 and 8, 6/8) states its days only. A year is read where the text writes it next to the
month, in Western numerals or as an era's year (reference/eras.yaml).
"""

from __future__ import annotations

import datetime as dt
import re

from scripts.lib.japanese_dates import (
    DAY_RANGE,
    DAY_SEPARATOR,
    FULL_WIDTH_DIGITS,
    Era,
    era_to_gregorian,
)

Day = tuple[int | None, int, int]  # (year or None: not written, month, day)

# A year, a month, 同月 (the same month) or a day, in a Japanese text, in the order written: a
# day is written N日 (not N日間, a length), or N before a separator and the next N日 (6～7日).
JA_SEPARATOR = rf"(?:{DAY_SEPARATOR}|~|－|・|と)"  # the parser's, and forms quotes also use
JA_RANGE = rf"(?:{DAY_RANGE}|~|－|–)"  # a range's: the parser's, and forms quotes also use
JA_TOKEN = re.compile(r"(?P<year>\d{4})年|(?P<era>[^\W\d_]{2})(?P<era_year>元|\d{1,2})年|"
                      r"(?P<month>\d{1,2})月|同月|"
                      rf"(?P<day>\d{{1,2}})(?:日(?!間)|(?={JA_SEPARATOR}\d{{1,2}}日(?!間)))")
# after a day, what makes it a range's first day: 6日(火)～, 6～, 6日から
JA_RANGE_AFTER = re.compile(rf"(?:[(（][月火水木金土日](?:曜日?)?[)）])?\s*{JA_RANGE}\s*")
BETWEEN_YEAR_AND_MONTH = re.compile(r"^(?:[(（][^)）]*[)）])?$")  # 2023年(令和5年)3月
MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1)
    for name in names}
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
EN_RANGE = r"(?:to|through|-|–)"  # 16 to 18; a list: 16, 17 and 18, 16 & 17, 18/19
EN_DAY_NUMBER = r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b"  # 14, 14th, the 14th
EN_DAYS = rf"{EN_DAY_NUMBER}(?:\s*(?:,|and|&|/|{EN_RANGE})\s*{EN_DAY_NUMBER})*"
EN_YEAR = r"(?:,? (?P<year>\d{4})\b)?"
EN_DATES = [re.compile(rf"\b(?P<month>{MONTH_NAMES})\.?\s*(?P<days>{EN_DAYS}){EN_YEAR}",
                       re.IGNORECASE),  # June 9, 2011
            re.compile(rf"\b(?P<days>{EN_DAYS})\s+(?:of\s+)?(?P<month>{MONTH_NAMES})\b\.?"
                       rf"{EN_YEAR}", re.IGNORECASE)]  # 9 June 2011; the 9th of June, 2011
# a range from one month to another: September 30 to October 2, 2020; 30 September – 2 October
EN_SPANS = [re.compile(rf"\b(?P<month>{MONTH_NAMES})\.?\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
                       rf"\s*{EN_RANGE}\s*(?P<month2>{MONTH_NAMES})\.?\s*(?P<day2>\d{{1,2}})"
                       rf"(?:st|nd|rd|th)?\b{EN_YEAR}", re.IGNORECASE),
            re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>"
                       rf"{MONTH_NAMES})\b\.?\s*{EN_RANGE}\s*(?:the\s+)?(?P<day2>\d{{1,2}})"
                       rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{MONTH_NAMES})\b\.?{EN_YEAR}",
                       re.IGNORECASE)]
EN_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\b")
# dates in numbers: 2024-02-14, 2024/2/14 (year first), 2/14/2024 (the U.S. order), 14-Feb-2024
NUMERIC_DATES = [
    (re.compile(r"\b(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})\b"), None),
    (re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})\b"), None),
    (re.compile(rf"\b(?P<day>\d{{1,2}})-(?P<month>{MONTH_NAMES})-(?P<year>\d{{4}})\b",
                re.IGNORECASE), MONTHS)]
EN_RANGE_BETWEEN = re.compile(rf"^\s*{EN_RANGE}\s*$", re.IGNORECASE)


def stated_days(text: str, eras: list[Era] = ()) -> set[Day]:
    """(year or None, month, day) of every day the text states."""
    text = text.translate(FULL_WIDTH_DIGITS)
    return japanese_days(text, eras) | english_days(text)


def japanese_days(text: str, eras: list[Era]) -> set[Day]:
    days = set()
    year, month, year_end = None, None, -1
    opened, opened_end = None, -1  # a range's first day, and where the text after it starts
    for token in JA_TOKEN.finditer(text):
        if token.start() != opened_end:
            opened = None  # what follows the separator is not the range's last day
        if token["year"]:
            year, year_end = int(token["year"]), token.end()
        elif token["era"]:
            if year_end >= 0 and text[year_end:token.start()] in ("(", "（"):
                end = token.end()  # 2023年(令和5年): the era's year restates the Western one
                year_end = end + 1 if text[end:end + 1] in ")）" else end
            else:
                year = era_year(eras, token["era"], token["era_year"])
                year_end = token.end() if year is not None else -1
        elif token["month"]:
            written = BETWEEN_YEAR_AND_MONTH.match(text[year_end:token.start()])
            year = year if year_end >= 0 and written else None
            month, year_end = int(token["month"]), -1
        elif token["day"] and month is not None:
            day = (year, month, int(token["day"]))
            days.add(day)
            if opened:
                days |= days_between(opened, day)
            after = JA_RANGE_AFTER.match(text, token.end())
            opened, opened_end = (day, after.end()) if after else (None, -1)
            continue
        opened_end = token.end() if opened else -1  # 9月30日～10月2日: the month goes on
    return days


def english_days(text: str) -> set[Day]:
    days = set()
    for pattern in EN_DATES:
        for found in pattern.finditer(text):
            month = MONTHS[found["month"].lower()]
            year = int(found["year"]) if found["year"] else None
            previous = None
            for number in EN_DAY.finditer(found["days"]):
                day = (year, month, int(number[1]))
                days.add(day)
                if previous and EN_RANGE_BETWEEN.match(
                        found["days"][previous.end():number.start()]):
                    days |= days_between((year, month, int(previous[1])), day)
                previous = number
    for pattern in EN_SPANS:
        for found in pattern.finditer(text):
            year = int(found["year"]) if found["year"] else None
            days |= days_between((None, MONTHS[found["month"].lower()], int(found["day"])),
                                 (year, MONTHS[found["month2"].lower()], int(found["day2"])))
    for pattern, names in NUMERIC_DATES:
        for found in pattern.finditer(text):
            month = names[found["month"].lower()] if names else int(found["month"])
            if 1 <= month <= 12:
                days.add((int(found["year"]), month, int(found["day"])))
    return days


def days_between(first: Day, last: Day) -> set[Day]:
    """The days of the range from `first` to `last`, both included; none when `last` is not
    after `first`. A year not written is the other end's (the year after, or before, when the
    range crosses a new year); with neither written, no year is given to the days."""
    (year, month, day), (last_year, last_month, last_day) = first, last
    try:
        if year is not None:
            start = dt.date(year, month, day)
            end = dt.date(year if last_year is None else last_year, last_month, last_day)
            if last_year is None and end < start:
                end = dt.date(year + 1, last_month, last_day)
        else:
            base = 2000 if last_year is None else last_year  # 2000, a leap year: 2月29日 is a day
            end = dt.date(base, last_month, last_day)
            start = dt.date(base, month, day)
            if start > end:
                start = dt.date(base - 1, month, day)
    except ValueError:
        return set()
    known = year is not None or last_year is not None
    span = [start + dt.timedelta(n) for n in range((end - start).days + 1)] if start < end else []
    return {(day.year if known else None, day.month, day.day) for day in span}


def era_year(eras: list[Era], name: str, year: str) -> int | None:
    """The Gregorian year of 令和3年 (None for no era of reference/eras.yaml)."""
    try:
        return era_to_gregorian(list(eras), name, 1 if year == "元" else int(year))
    except KeyError:
        return None
