"""The facts a translation must take from its Japanese (scripts/lib/rendering.py): numbers,
months, ordinals and days, in every form the releases write them, and nothing else refused."""

from __future__ import annotations

import datetime as dt

import pytest

from scripts.lib.japanese_dates import Era
from scripts.lib.rendering import unstated_days, unwritten_facts

ERAS = [Era("平成", dt.date(1989, 1, 8)), Era("令和", dt.date(2019, 5, 1))]
LEAD = "2024年2月6日、7日に実施された第14回日米対話において"


@pytest.mark.parametrize("japanese, english", [
    (LEAD, "At the 14th dialogue, held on February 6 and 7, 2024"),
    (LEAD, "held on 6th and 7th February 2024"),
    (LEAD, "held on Feb. 6th–7th, 2024"),
    ("令和６年度に", "in fiscal year 2024"),  # an era year, full-width digits
    ("令和元年に", "in 2019"),
    ("第十四回会合は二〇二四年に", "The 14th meeting in 2024"),  # kanji numerals
    ("15時30分から", "from 3:30 p.m."),  # an hour of the clock
    ("15億円を", "1.5 billion yen"),
    ("1,000人", "1000 people, 1,000 in all"),
    ("21世紀の", "of the 21st century"),
    ("協力する可能性がある", "May they cooperate? They may."),  # the verb, not the month
    ("1つ又は複数のワークショップ", "one or more workshops"),  # words are not checked
    ("5G及びBeyond 5G/6G", "5G and Beyond 5G/6G"),
])
def test_what_the_japanese_writes_passes(japanese, english):
    assert unwritten_facts(japanese, english, ERAS) == []


@pytest.mark.parametrize("japanese, english, unwritten", [
    (LEAD, "held on February 6 and 9, 2023", ["9", "2023"]),
    (LEAD, "held on March 6 and 7, 2024", ["March (the Japanese writes no 3月)"]),
    (LEAD, "At the 7th dialogue", ["7th (the Japanese writes no 第7)"]),
    (LEAD, "At the 15th dialogue", ["15"]),
    ("2024年5月に", "In May 2025", ["2025"]),
    ("2024年5月に", "in Jun. 2024", ["Jun (the Japanese writes no 6月)"]),
    ("2024年5月に", "on Jun. 3, 2024", ["3", "Jun (the Japanese writes no 6月)"]),
    ("15億円を", "1.6 billion yen", ["1.6 billion"]),
    ("15時から", "from 4 p.m.", ["4"]),
])
def test_a_fact_the_japanese_does_not_write_is_named(japanese, english, unwritten):
    assert unwritten_facts(japanese, english, ERAS) == unwritten


@pytest.mark.parametrize("japanese, english", [
    (LEAD, "At the 14th dialogue, held on February 6 and 7, 2024"),
    (LEAD, "held on 6th and 7th February 2024"),
    (LEAD, "held on Feb. 6th–7th, 2024"),
    (LEAD, "held on the 6th and 7th of February"),  # no year: the month and day compared
    (LEAD, "held on February 7"),  # one of the days
    ("2024年2月6日～8日に", "from February 6 to 8, 2024, and on February 7"),  # inside a range
    ("令和6年2月6日に", "on February 6, 2024"),  # an era's year
    ("2024年2月に", "in February 2024"),  # no day: none to compare
])
def test_the_days_the_japanese_states_pass(japanese, english):
    assert unstated_days(japanese, english, ERAS) == []


@pytest.mark.parametrize("japanese, english, unstated", [
    # 2 and 14 are numbers the Japanese writes (2月, 第14回), but not days of February
    (LEAD, "hosted on February 2 and 14, 2024", ["February 2, 2024", "February 14, 2024"]),
    (LEAD, "held on February 6 and 7, 2023", ["February 6, 2023", "February 7, 2023"]),
    (LEAD, "held from February 6 to 8", ["February 8"]),
    (LEAD, "held on the 6th and 14th of February", ["February 14"]),
    ("2024年2月6日及び8日に", "from February 6 to 8, 2024", ["February 7, 2024"]),  # a list
])
def test_a_day_the_japanese_does_not_state_is_named(japanese, english, unstated):
    assert unstated_days(japanese, english, ERAS) == unstated
