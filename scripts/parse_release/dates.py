"""Dates in a release: era dates (令和6年2月27日), the meeting's days, and their checks."""

from __future__ import annotations

import bisect
import datetime as dt
import re

from scripts.lib.errors import BuildError
from scripts.lib.japanese_dates import DAY_LIST, era_date, era_to_gregorian, to_int
from scripts.parse_release.document import Line, Release, Span, Vocabulary, line_number, split_lines
from scripts.parse_release.rules import DATE_TOKEN_RE, WEEKDAYS, WRITTEN_DATE_RE

LEAP_YEAR = 2024  # a day written without a year is checked against a leap year (2月29日 exists)


def read_era_date(path: str, line: Line, match: re.Match, vocabulary: Vocabulary) -> dt.date:
    era, year = match.group("era"), to_int(match.group("year"))
    month, day = int(match.group("month")), int(match.group("day"))
    eras = list(vocabulary.eras)
    try:
        return era_date(eras, era, year, month, day)
    except KeyError:
        known = "、".join(e.name_ja for e in eras)
        raise BuildError(path, f"line {line.number}", f"unknown era {era!r} in {match.group(0)!r}"
                         f" (known: {known})", "add the era to reference/eras.yaml") from None
    except ValueError as error:
        raise BuildError(path, f"line {line.number}", f"impossible date {match.group(0)!r}: "
                         f"{error}", "correct the date as the ministry printed it") from None


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
    start = make_date(release, line, match, year, month, first)
    end = start
    if match.group(f"{second}d") is not None:
        end_month = int(match.group(f"{second}m") or month)
        end_year = (int(match.group(f"{second}y")) if match.group(f"{second}y")
                    else year + (1 if end_month < month else 0))
        end = make_date(release, line, match, end_year, end_month, second)
    if first == "a" and match.group("days") and end >= start:
        check_day_count(release, line, match, (end - start).days + 1)
    separator = match.group(f"{first}s")
    if separator and re.fullmatch(DAY_LIST, separator) and (end - start).days != 1 and not (
            first == "a" and match.group("days")):
        # 6日及び8日: two days, not a period (unless の3日間 says it is one): start to end would
        # publish the 7th as a meeting day
        raise BuildError(release.path, f"line {line.number}", f"{match.group('dates')!r} "
                         "lists days that are not one after the other, but a meeting has one "
                         "period (start_date to end_date), which would take the days between "
                         "for meeting days", "check the dates against the ministry's page; if "
                         "it lists them so, the model cannot hold the meeting yet: report it "
                         "to the maintainers rather than edit the text")
    return start, end


def make_date(release: Release, line: Line, match: re.Match, year: int, month: int,
              prefix: str) -> dt.date:
    try:
        day = dt.date(year, month, int(match.group(f"{prefix}d")))
    except ValueError as error:
        raise BuildError(release.path, f"line {line.number}", f"impossible meeting date in "
                         f"{match.group('dates')!r}: {error}",
                         "correct the date as the ministry printed it") from None
    check_weekday(release.path, line.number, match.group(0), day, match.group(f"{prefix}w"))
    return day


def check_weekday(path: str, line: int, written: str, day: dt.date, mark: str | None) -> None:
    """rule weekday: the mark (火) must be the day's weekday."""
    if mark is not None and mark != WEEKDAYS[day.weekday()]:
        raise BuildError(path, f"line {line}", f"{written!r} marks {day} ({mark}), but that "
                         f"day is a ({WEEKDAYS[day.weekday()]})", "correct the date or the "
                         "weekday as the ministry printed them")


def check_day_count(release: Release, line: Line, match: re.Match, days: int) -> None:
    """「…の2日間」 must count the days of the range it closes."""
    try:
        count = to_int(match.group("days"))
    except ValueError:
        count = None
    if count != days:
        raise BuildError(release.path, f"line {line.number}", f"{match.group('dates')!r} "
                         f"says {match.group('days')} days, but its dates span {days}",
                         "correct the dates or the number of days as the ministry printed them")


def check_date_forms(release: Release, line: Line, sentence: Span, dates: Span | None) -> None:
    """rule date forms: no date in the sentence outside the range the parser read."""
    for token in DATE_TOKEN_RE.finditer(sentence.text):
        at = sentence.start + token.start()
        if dates is None or not dates.start <= at < dates.end:
            column, read = at - line.start + 1, dates.text if dates else "none"
            raise BuildError(release.path, f"line {line.number}, column {column}",
                             f"a date in a form the parser does not read: {token.group(0)!r} "
                             f"lies outside the dates it read ({read!r})",
                             "restore the dates as the ministry printed them; if the ministry "
                             "writes dates a new way, teach the `meeting dates` rule in "
                             "scripts/parse_release/rules.py the new form")


def check_written_dates(release: Release, vocabulary: Vocabulary) -> None:
    """rule written dates: every date written anywhere in the text is a real day."""
    # The pattern matches no line break: read over the whole text, each match lies in one line.
    eras, lines = list(vocabulary.eras), split_lines(release.text)
    starts = [line.start for line in lines]
    for match in WRITTEN_DATE_RE.finditer(release.text):
        line = lines[bisect.bisect_right(starts, match.start()) - 1]
        check_written_date(release, line, match, eras, match.start() - line.start + 1)


def check_written_date(release: Release, line: Line, match: re.Match, eras,
                       column: int) -> None:
    written, place = match.group(0), f"line {line.number}, column {column}"
    year = int(match.group("y")) if match.group("y") else None
    if match.group("era"):
        try:
            year = era_to_gregorian(eras, match.group("era"), to_int(match.group("ey")))
        except (KeyError, ValueError):
            year = None  # not an era date the parser knows; the day is still checked
    month = int(match.group("m"))
    try:
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} is not 1..12")
        if match.group("d"):
            day = dt.date(year or LEAP_YEAR, month, int(match.group("d")))
            if year is not None:
                check_weekday(release.path, line.number, written, day, match.group("w"))
    except ValueError as error:
        raise BuildError(release.path, place, f"impossible date {written!r}: {error}",
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
