"""Dates in a release: era dates (令和6年2月27日), the meeting's days, and their checks."""

from __future__ import annotations

import datetime as dt
import re

from scripts.lib.errors import BuildError
from scripts.lib.japanese_dates import era_date, to_int
from scripts.parse_release.document import Line, Release, Vocabulary, line_number


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
