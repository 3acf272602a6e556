"""The days a quote states (scripts/lib/stated_days.py), as a reader reads them: each
expected set below was read off the quote by hand."""

from __future__ import annotations

import pytest

from scripts.lib.stated_days import stated_days
from scripts.registry import load_registry
from tests.conftest import PROJECT

ERAS = load_registry(PROJECT).eras


@pytest.mark.parametrize("quote, days", [
    ("7月23日及び24日の2日間", {(None, 7, 23), (None, 7, 24)}),  # 2日間: a length, no day
    ("7月23～24日の2日間", {(None, 7, 23), (None, 7, 24)}),
    ("2月6、7日", {(None, 2, 6), (None, 2, 7)}),
    ("2月6・7日", {(None, 2, 6), (None, 2, 7)}),
    ("11月11日、12日", {(None, 11, 11), (None, 11, 12)}),
    ("２０２４年２月６日", {(2024, 2, 6)}),  # full-width digits
    ("2023年(令和5年)3月6日及び7日", {(2023, 3, 6), (2023, 3, 7)}),
    ("令和3年11月18日", {(2021, 11, 18)}),
    ("平成30年7月27日", {(2018, 7, 27)}),
    ("2019年(令和元年)10月に都内で開催された第10回会合では、まず同月9日の民間会合",
     {(2019, 10, 9)}),
    ("日本時間で2021年11月11日、12日(米国時間2021年11月10日、11日)",
     {(2021, 11, 10), (2021, 11, 11), (2021, 11, 12)}),
    ("On June 9 and 10, 2011, the second meeting", {(2011, 6, 9), (2011, 6, 10)}),
    ("On Nov. 1, 2010, the first", {(2010, 11, 1)}),
    ("Nov.1, 2010", {(2010, 11, 1)}),
    ("held over two days on October 18/19, 2012", {(2012, 10, 18), (2012, 10, 19)}),
    ("9-10 June 2011", {(2011, 6, 9), (2011, 6, 10)}),
    ("June 9th", {(None, 6, 9)}),
    ("from June 9 through 10", {(None, 6, 9), (None, 6, 10)}),
    # a range states the days between its ends; a list only its own days
    ("September 16 to 18, 2020", {(2020, 9, 16), (2020, 9, 17), (2020, 9, 18)}),
    ("September 16-18", {(None, 9, 16), (None, 9, 17), (None, 9, 18)}),
    ("September 16–18, 2020", {(2020, 9, 16), (2020, 9, 17), (2020, 9, 18)}),
    ("from September 16 through 18", {(None, 9, 16), (None, 9, 17), (None, 9, 18)}),
    ("16th to 18th September 2020", {(2020, 9, 16), (2020, 9, 17), (2020, 9, 18)}),
    ("September 16 and 18, 2020", {(2020, 9, 16), (2020, 9, 18)}),
    ("September 16, 18 and 20", {(None, 9, 16), (None, 9, 18), (None, 9, 20)}),
    ("September 30 to October 2, 2020",
     {(None, 9, 30), (2020, 9, 30), (2020, 10, 1), (2020, 10, 2)}),
    ("December 30 – January 2", {(None, 12, 30), (None, 12, 31), (None, 1, 1), (None, 1, 2)}),
    ("the 9th and 10th of June, 2011", {(2011, 6, 9), (2011, 6, 10)}),
    ("the 9th of June", {(None, 6, 9)}),
    ("2月6～8日", {(None, 2, 6), (None, 2, 7), (None, 2, 8)}),
    ("2024年2月6日～8日", {(2024, 2, 6), (2024, 2, 7), (2024, 2, 8)}),
    ("2024年2月6日(火)から8日(木)まで", {(2024, 2, 6), (2024, 2, 7), (2024, 2, 8)}),
    ("2月6日〜8日", {(None, 2, 6), (None, 2, 7), (None, 2, 8)}),
    ("2月6-8日", {(None, 2, 6), (None, 2, 7), (None, 2, 8)}),
    ("2020年9月30日～10月2日", {(2020, 9, 30), (2020, 10, 1), (2020, 10, 2), (None, 10, 2)}),
    ("2月6日及び8日", {(None, 2, 6), (None, 2, 8)}),
    ("2月6日、8日", {(None, 2, 6), (None, 2, 8)}),
    ("2月6・8日", {(None, 2, 6), (None, 2, 8)}),
    ("2月6日から、8日に", {(None, 2, 6), (None, 2, 8)}),  # から not between two days: no range
    ("7月30日(金)8:00〜9:30", {(None, 7, 30)}),  # a range of hours, not of days
    ("日米両国は、ハイブリッド形式で会合を開催した。", set()),  # no day: not read for one
    ("The meeting was held in Tokyo.", set()),
])
def test_the_days_a_quote_states(quote, days):
    assert stated_days(quote, ERAS) == days
