"""The facts a translation must take from its Japanese (scripts/lib/rendering.py): numbers,
months, ordinals and days, in every form the releases write them, and nothing else refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from scripts.lib.crossfile import rendering_problems
from scripts.lib.japanese_dates import Era, compound_numeral
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


# The ordinary ways Japanese writes numbers, each with its correct English (all refused before:
# 1億5000万 was read as 1 and 5000, 2度目 as no ordinal, 2024年度 as no fiscal year).
WRITTEN_NUMBERS = [
    ("1億5000万ドルを", "150 million dollars"),
    ("1億5000万ドルを", "150,000,000 dollars, 0.15 billion dollars"),
    ("約5千人が", "About 5,000 people"),
    ("約5千人が", "About 5 thousand people"),
    ("2万5000人が", "25,000 people"),
    ("三千五百人が", "3,500 people"),
    ("1兆2000億円", "1.2 trillion yen"),
    ("一万人", "10,000 people"),
    ("3割を", "30 percent"),
    ("3割を", "30%"),
    ("3割5分を", "35 per cent"),
    ("三割五分を", "35%"),
    ("2度目の会合", "the 2nd meeting"),
    ("3回目の会合", "the 3rd meeting"),
    ("2024年度に", "in FY2024-25"),
    ("2024年度に", "in fiscal year 2024/25"),
    ("2024年度に", "in FY2024"),
    ("2024年度に", "in fiscal 2024–2025"),
    ("令和6年度に", "in FY2024-25"),  # an era's fiscal year
    ("午後3時から", "from 15:00"),
    ("午後3時から", "from 3 p.m."),
    ("午後3時から", "from 3:00 p.m."),
    ("15時から", "from 15:00"),
    ("15時半から", "from 15:30"),
    ("2024年2月6日から", "on 2024-02-06"),  # a date, not a span of years
]


@pytest.mark.parametrize("japanese, english", WRITTEN_NUMBERS)
def test_every_way_japanese_writes_a_number_is_read(japanese, english):
    assert unwritten_facts(japanese, english, ERAS) == []


@pytest.mark.parametrize("japanese, english, unwritten", [
    ("1億5000万ドルを", "100 million dollars", ["100 million"]),  # 1億 is not the number
    ("1億5000万ドルを", "1.5 billion dollars", ["1.5 billion"]),
    ("1億5000万ドルを", "50 million dollars", ["50 million"]),
    ("2万5000人が", "20,000 people", ["20000"]),
    ("約5千人が", "About 1,000 people", ["1000"]),
    ("三千五百人が", "3,000 people", ["3000"]),
    ("3割を", "35 percent", ["35"]),
    ("3割5分を", "30%", ["30"]),
    ("2度目の会合", "the 3rd meeting", ["3"]),
    ("2度目の会合", "the 2nd meeting, held 3 times", ["3"]),
    ("2024年度に", "in FY2024-26", ["26"]),  # not the year after
    ("2024年度に", "in FY2023-24", ["2023"]),
    ("2024年度に", "in 2025", ["2025"]),  # the year after is no year of its own
    ("2024年に", "in 2024-25", ["25"]),  # a calendar year is not a fiscal year
    ("午後3時から", "from 16:00", ["16", "00"]),
    ("午後3時から", "from 15:30", ["30"]),
    ("15時30分から", "from 15:00", ["00"]),  # 15時30分 is not on the hour
    ("3時から", "from 15:00", ["15", "00"]),
])
def test_a_number_japanese_writes_otherwise_is_still_named(japanese, english, unwritten):
    assert unwritten_facts(japanese, english, ERAS) == unwritten


@pytest.mark.parametrize("numeral, total, groups", [
    ("1億5000万", 150_000_000, [1, 5000]),
    ("2万5000", 25_000, [2, 5000]),
    ("5千", 5000, [5000]),
    ("三千五百", 3500, [3500]),
    ("3千5百", 3500, [3500]),
    ("1.5万", 15_000, [Decimal("1.5")]),
    ("百万", 1_000_000, [100]),
    ("二〇二四", 2024, [2024]),
    ("十四", 14, [14]),
])
def test_a_compound_numeral_is_read_whole(numeral, total, groups):
    assert compound_numeral(numeral) == (total, groups)


@pytest.mark.parametrize("numeral", ["万", "十十", "5万3万", "〇万", "1億2億", ""])
def test_what_is_not_one_numeral_is_none(numeral):
    assert compound_numeral(numeral) is None


def test_a_correct_translation_of_such_numbers_passes_the_cross_file_rule():
    """The rule of the build (crossfile.rendering_problems), which has no override: a
    maintainer's correct translation of every form above passes it."""
    sentences = [{"text_ja": japanese, "text_en": english}
                 for japanese, english in WRITTEN_NUMBERS]
    document = SimpleNamespace(data={"sentences": sentences, "sections": []})
    registry = SimpleNamespace(documents={"translations-en": document}, eras=ERAS,
                               classification={})
    assert rendering_problems(registry) == []


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
    # the forms a reviewer found unread: "the" before a day, dates in numbers
    (LEAD, "held on February the 14th, 2024", ["February 14, 2024"]),
    (LEAD, "held on February 6th and the 14th, 2024", ["February 14, 2024"]),
    (LEAD, "held on 2024-02-14", ["February 14, 2024"]),
    (LEAD, "held on 14-Feb-2024", ["February 14, 2024"]),
    (LEAD, "held on 2/14/2024", ["February 14, 2024"]),
])
def test_a_day_the_japanese_does_not_state_is_named(japanese, english, unstated):
    assert unstated_days(japanese, english, ERAS) == unstated
