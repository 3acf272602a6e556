"""The dates of reference/dialogue-series.yaml agree with the quotes that support them.

A date that an evidence entry lists, of a meeting or of an entry of `series` (start_date,
us_time_end_date, press_releases[i].date, related_events[i], agreed_date,
agreed_meeting_dates, …: any field whose value is a date or a mapping of dates) must be
a day its quote states, when the quote states any day that `stated_days`
(scripts/lib/stated_days.py) reads: Japanese (2024年2月6日及び7日, 11月11日、12日, 2月6～7日,
同月9日, 令和3年11月18日; 2日間 is a length, no day) or English (June 9 and 10, 2011; Nov. 1,
2010; October 18/19, 2012; June 9th; 9-10 June 2011; the 9th and 10th of June, 2011), the days
between a range's ends included (September 16 to 18 states the 17th, 6日～8日 the 7th). A year
is compared where the quote writes it next to the month, in Western numerals or as an era's
year (reference/eras.yaml). A quote that states no day supports its fields by other words
(its note says how) and is not read for one.
"""

from __future__ import annotations

import datetime as dt
import re

from scripts.lib.errors import BuildError
from scripts.lib.japanese_dates import Era
from scripts.lib.stated_days import stated_days
from scripts.merge_series.series import FILE, Series, date, field_names

INDEXED = re.compile(r"^(\w+)\[(\d+)\](\.date)?$")  # press_releases[0].date, related_events[0]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def states(days: set, day: dt.date) -> bool:
    return any((year is None or year == day.year) and (month, number) == (day.month, day.day)
               for year, month, number in days)


def quoted_values(block: dict, name: str) -> list[tuple[str, dt.date]]:
    """(field, date) of each date an evidence field name names in `block` (a meeting, or an
    entry of the file's `series`): a date, a mapping of dates (agreed_meeting_dates), or the
    date of a listed entry (press_releases[0].date; related_events[0], the event itself)."""
    indexed = INDEXED.match(name)
    if indexed is None:
        field, value = name, block.get(name)
    elif indexed[1] == "press_releases" and not indexed[3]:
        return []  # the release itself (its url, its publisher), not its date
    else:
        entries = block.get(indexed[1])
        index = int(indexed[2])
        entry = entries[index] if isinstance(entries, list) and index < len(entries) else {}
        field, value = f"{indexed[1]}[{index}].date", entry.get("date")
    values = value.items() if isinstance(value, dict) else [(None, value)]
    return [(f"{field}.{key}" if key else field, date(given)) for key, given in values
            if isinstance(given, str) and ISO_DATE.match(given)]


def evidenced_blocks(series: Series):
    """(place, block) of every part of the file that cites evidence: each meeting, each
    entry of `series` (origin, rename) and of its lists (related events, documents)."""
    for number, meeting in series.meetings.items():
        yield f"meeting {number}", meeting
    for key, value in series.document.get("series", {}).items():
        entries = value if isinstance(value, list) else [value]
        for index, entry in enumerate(entries):
            if isinstance(entry, dict) and entry.get("evidence"):
                yield f"series.{key}" + (f"[{index}]" if isinstance(value, list) else ""), entry


def cited_periods(block: dict, names: list[str]) -> set[dt.date]:
    """The days of the periods (start_date to end_date, us_time_…, agreed_meeting_dates'
    start_date to end_date) when the evidence's fields cite one of them, either end: those it
    cites and the block's others, which one quote may state together (日本時間で11日、12日
    (米国時間10日、11日), cited for the U.S. days only)."""
    partner = {"start_date": "end_date", "end_date": "start_date"}
    cited = {field for name in names for field, _ in quoted_values(block, name)}
    if not any(field.endswith(tuple(partner)) for field in cited):
        return set()
    wanted = set(names) | {"start_date", "end_date", "us_time_start_date", "us_time_end_date"}
    wanted |= {name[:-len(end)] + partner[end] for name in names for end in partner
               if name.endswith(end)}
    values = dict(pair for name in wanted for pair in quoted_values(block, name))
    days = set()
    for field, start in values.items():
        end = values.get(field.removesuffix("start_date") + "end_date")
        if field.endswith("start_date") and end and start <= end:
            days |= {start + dt.timedelta(n) for n in range((end - start).days + 1)}
    return days


def check_whole_period(place: str, days: set, period: set[dt.date]) -> None:
    """A period its quote states is given whole: a day the quote states right before or
    after it (June 9 and 10, given as June 10 only; September 16 to 18, given as September 18
    only, leaves out the 17th) is a day left out."""
    for year, month, number in sorted(days, key=str):
        for given in {day.year for day in period} if year is None else {year}:
            try:
                day = dt.date(given, month, number)
            except ValueError:
                continue
            one = dt.timedelta(1)
            if day not in period and (day - one in period or day + one in period):
                raise BuildError(FILE, place, f"the dates given, {min(period).isoformat()} to "
                                 f"{max(period).isoformat()}, leave out {day.isoformat()}, "
                                 "the day next to them that their evidence's quote states",
                                 "give the period's first and last day as the quote states "
                                 "them, or cite a quote of this period only")


def check_quoted_dates(series: Series, eras: list[Era]) -> None:
    for place, block in evidenced_blocks(series):
        for evidence in block.get("evidence") or []:
            days = stated_days(evidence.get("quote") or "", eras)
            if not days:
                continue
            for name in field_names(evidence["field"]):
                for field, day in quoted_values(block, name):
                    if not states(days, day):
                        written = ", ".join(f"{y}-{m:02}-{d:02}" if y else f"--{m:02}-{d:02}"
                                            for y, m, d in sorted(days, key=str))
                        raise BuildError(FILE, f"{place}, {field}",
                                         f"{day.isoformat()} is not a day that its evidence's "
                                         f"quote states ({written}; --MM-DD: no year)",
                                         "correct the date, or cite a quote that states it")
            period = cited_periods(block, field_names(evidence["field"]))  # each day stated,
            if period:  # the period is whole
                check_whole_period(f"{place}, {evidence['field']}", days, period)
