"""Japanese as the releases write it, for the synthetic corpus: era dates, days with their
weekdays, kanji numerals, lists. (scripts/lib/japanese_dates.py reads dates; this writes them.)"""

from __future__ import annotations

import datetime as dt

WEEKDAYS = "月火水木金土日"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
KANJI = "〇一二三四五六七八九"


def era_date(day: dt.date) -> str:
    """令和6年2月27日, 令和元年5月7日, 平成31年4月1日."""
    era, first = ("令和", 2019) if day >= dt.date(2019, 5, 1) else ("平成", 1989)
    year = day.year - first + 1
    return f"{era}{'元' if year == 1 else year}年{day.month}月{day.day}日"


def weekday(day: dt.date) -> str:
    return f"({WEEKDAYS[day.weekday()]})"


def day_text(day: dt.date, before: dt.date | None = None, *, year: bool = True,
             week: bool = False) -> str:
    """2024年2月6日(火); after `before` only what changed: 7日(水), 3月1日."""
    text = ""
    if year and (before is None or before.year != day.year):
        text += f"{day.year}年"
    if before is None or before.year != day.year or before.month != day.month:
        text += f"{day.month}月"
    return text + f"{day.day}日" + (weekday(day) if week else "")


def kanji_number(number: int) -> str:
    """1..99 in kanji numerals: 十四, 二十, 九."""
    tens, ones = divmod(number, 10)
    return (("" if tens < 2 else KANJI[tens]) + ("十" if tens else "")
            + (KANJI[ones] if ones else ""))


def japanese_list(items: list[str]) -> str:
    """A、B及びC."""
    return items[0] if len(items) == 1 else "、".join(items[:-1]) + "及び" + items[-1]
