"""The coding researchers use (issue 13, part 3): topics, time expressions, continuation and
strength, each set by a documented rule of reference/ and checked here against the statement.

The expected codes were read from the joint statement by a person applying the rules as the
README states them (sentence numbers s001…s029, spans in code points of the release).
"""

from __future__ import annotations

import datetime as dt

import pytest

from scripts.lib.errors import BuildError
from tests.conftest import PROJECT, published_table

load = published_table


def s(number: int) -> str:
    return f"meeting-014-s{number:03d}"


SECTION_TOPICS = {"networks-5g-6g", "gdcp", "ai-governance", "privacy-data-flows",
                  "government-access", "international-fora", "united-nations",
                  "internet-governance"}  # sections (1)-(8); (9) 今後の日米協力 is no area
TOPICS = {
    1: {"digital-connectivity"},
    2: {"networks-5g-6g", "third-countries", "ai-governance", "privacy-data-flows",
        "cybersecurity", "digital-connectivity", "digital-freedom", "green-ict", "public-private"},
    3: {"public-private"},  # 「…からの民間部門の代表が…」
    4: {"networks-5g-6g", "cybersecurity", "digital-freedom"},
    5: {"submarine-cables"},
    6: {"ict-infrastructure"},
    7: {"internet-governance"},
    8: SECTION_TOPICS,  # 「…以下の分野で協力することで一致した」
    9: {"networks-5g-6g", "third-countries"}, 10: {"networks-5g-6g", "third-countries"},
    11: {"networks-5g-6g", "ict-infrastructure"},  # サプライヤーの多様性
    12: {"networks-5g-6g", "green-ict"},  # エネルギー効率
    13: {"gdcp", "third-countries"}, 14: {"gdcp", "ict-infrastructure", "public-private"},
    15: {"ai-governance"}, 16: {"ai-governance"}, 17: {"ai-governance"}, 18: {"ai-governance"},
    19: {"privacy-data-flows"}, 20: {"privacy-data-flows"},
    21: {"government-access", "privacy-data-flows"},  # DFFTの具体化
    22: {"government-access"},  # DFFT only inside OECD DFFT専門家グループ, a forum's name
    23: {"international-fora"},
    24: {"international-fora"},  # "AI" only inside "Global Partnership on AI"
    25: {"united-nations"}, 26: {"internet-governance"}, 27: {"internet-governance"},
    28: {"networks-5g-6g", "submarine-cables", "third-countries", "ai-governance",
         "cybersecurity", "ict-infrastructure", "digital-freedom"},  # 「例:5G /Open RAN、…」
    29: {"ict-infrastructure", "digital-connectivity"},
}


def test_every_sentence_has_its_topics():
    links = load("commitment_topics")
    got = {int(cid[-3:]): set(group["topic_id"]) for cid, group in links.groupby("commitment_id")}
    assert got == TOPICS


def test_each_topic_says_which_rule_gave_it_and_the_words(source_text):
    links = load("commitment_topics").set_index(["commitment_id", "topic_id"])
    assert tuple(links.loc[(s(15), "ai-governance"), ["rule", "matched_text"]]) == (
        "section", "AIガバナンス")
    assert tuple(links.loc[(s(8), "gdcp"), ["rule", "matched_text"]]) == (
        "umbrella", "以下の分野で協力することで一致した")
    cable = links.loc[(s(5), "submarine-cables")]
    assert (cable["rule"], cable["matched_text"], cable["char_start"]) == (
        "keyword", "海底ケーブル", "929")
    topics = load("topics").set_index("topic_id")
    assert len(topics) == 16 and set(links.reset_index()["topic_id"]) == set(topics.index)
    for row in topics.itertuples():  # every name is the statement's own words, located
        assert source_text[int(row.char_start):int(row.char_end)] == row.name_ja
    assert topics.loc["networks-5g-6g", "defined_by"] == "section_title"


# (sentence or "" for the next-meeting notice, text, start, granularity, start, end, qualifier,
# role): 「…実施された」「…支持された」「…開催され」 date past events; the others are targets.
TIMES = [
    (1, "2024年2月6日、7日", 269, "day", "2024-02-06", "2024-02-07", "", "reference"),
    (12, "2023年4月", 1437, "month", "2023-04-01", "2023-04-30", "", "reference"),
    (12, "2030年代", 1508, "decade", "2030-01-01", "2039-12-31", "", "target"),
    (19, "2024年初頭", 2371, "year", "2024-01-01", "2024-12-31", "early", "target"),
    (19, "2024年5月", 2430, "month", "2024-05-01", "2024-05-31", "", "target"),
    (26, "2023年", 3492, "year", "2023-01-01", "2023-12-31", "", "reference"),
    (28, "2024年", 3694, "year", "2024-01-01", "2024-12-31", "", "target"),
    (None, "2024年度中", 4179, "fiscal_year", "2024-04-01", "2025-03-31", "within", "target"),
]


def test_every_time_expression_is_a_row_with_its_role(source_text):
    times = load("time_expressions")
    got = [(int(r.commitment_id[-3:]) if r.commitment_id else None, r.text_ja,
            int(r.char_start), r.granularity, r.period_start, r.period_end, r.qualifier, r.role)
           for r in times.itertuples()]
    assert got == TIMES
    for row in times.itertuples():
        assert source_text[int(row.char_start):int(row.char_end)] == row.text_ja
    assert set(times.loc[times["commitment_id"] == "", "passage_id"]) == {
        "soumu-01tsushin08-02000172-next-meeting"}


def test_time_bound_commitments_and_their_deadlines():
    commitments = load("commitments")
    times = load("time_expressions")
    bound = times[times["role"] == "target"].merge(
        commitments[commitments["is_commitment"] == "true"], on="commitment_id")
    assert list(zip(bound["commitment_id"], bound["period_end"], strict=True)) == [
        (s(19), "2024-12-31"), (s(19), "2024-05-31"), (s(28), "2024-12-31")]


@pytest.mark.parametrize("text, expected", [
    ("2025年度内に開催する。", ("fiscal_year", dt.date(2025, 4, 1), dt.date(2026, 3, 31), "within")),
    ("2025年末までに稼働する。", ("year", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "end")),
    ("2024年2月6日(火)", ("day", dt.date(2024, 2, 6), dt.date(2024, 2, 6), None)),
    ("2024年2月6日及び7日に", ("day", dt.date(2024, 2, 6), dt.date(2024, 2, 7), None)),
    ("2028年後半に", ("year", dt.date(2028, 1, 1), dt.date(2028, 12, 31), "second_half")),
])
def test_time_normalisation_rules(registry, text, expected):
    from scripts.code_statement import time_rows
    from scripts.parse_release import Span

    row = time_rows(Span(0, len(text), text), "x", "x-p", None, registry, "x.txt: test")[0]
    assert (row["granularity"], row["period_start"], row["period_end"],
            row["qualifier"]) == expected


def test_the_role_rule_reads_the_clause_after_the_expression(registry):
    from scripts.code_statement import time_rows
    from scripts.parse_release import Span

    text = "2023年に採択された原則を、2025年に見直す。"
    rows = time_rows(Span(0, len(text), text), "x", "x-p", None, registry, "x.txt: test")
    assert [(r["text_ja"], r["role"], r["role_rule"]) for r in rows] == [
        ("2023年", "reference", "dated-event"), ("2025年", "target", "otherwise-target")]


@pytest.mark.parametrize("text", ["2024年2月30日に開催する。", "2024年2月7日、6日に開催する。",
                                  "2025年代に"])
def test_an_impossible_date_stops_the_build(registry, text):
    from scripts.code_statement import time_rows
    from scripts.parse_release import Span

    with pytest.raises(BuildError, match="impossible date"):
        time_rows(Span(0, len(text), text), "x", "x-p", None, registry, "x.txt: test")


# continues_earlier by the markers 継続, 引き続き, 再確認, 更に/さらに (not 「さらに、」)
CONTINUES = {1: "再確認", 5: "継続 再確認", 7: "再確認", 9: "継続", 13: "更に", 14: "再確認",
             17: "引き続き", 19: "継続", 21: "引き続き", 23: "さらに", 25: "継続", 26: "引き続き"}
OTHER = {2, 20, 22}  # この対話は, グローバルCBPRフォーラムは, この作業は: empty


def test_continuation_by_its_markers():
    commitments = load("commitments")
    for row in commitments.itertuples():
        number = int(row.commitment_id[-3:])
        if number in OTHER:
            assert (row.continues_earlier, row.continuation_markers) == ("", ""), number
        elif number in CONTINUES:
            assert (row.continues_earlier, row.continuation_markers) == (
                "true", CONTINUES[number]), number
        else:  # s008, s010 and s016 open with the connective 「さらに、」 only
            assert (row.continues_earlier, row.continuation_markers) == ("false", ""), number


def test_strength_weak_only_for_seeking_or_exploring_opportunities():
    commitments = load("commitments").set_index("commitment_id")
    pledges = commitments[commitments["is_commitment"] == "true"]
    weak = pledges[pledges["commitment_strength"] == "weak"]
    # 「…さらに協力する機会を模索する。」 and 「…開催する機会を探求する(例:…)。」
    assert list(weak.index) == [s(23), s(28)]
    assert set(pledges.drop(weak.index)["commitment_strength"]) == {"firm"}
    assert pledges.loc[s(13), "commitment_strength"] == "firm"  # 追求する: not in the rule
    assert set(commitments.loc[commitments["is_commitment"] == "false",
                               "commitment_strength"]) == {""}


@pytest.fixture(scope="module")
def registry():
    from scripts.registry import load_registry

    return load_registry(PROJECT)


def test_a_topics_keywords_are_skipped_only_when_none_occurs():
    """The quick test of a topic's keywords (registry.any_of) finds a text exactly when one of
    them does, whatever the patterns hold (groups and backreferences included)."""
    import re

    from scripts.registry import any_of

    cases = [(["(総務)省", "(デジタル)\\1"], "デジタルデジタル"),
             (["(?<![A-Za-z])AI(?![A-Za-z])", "6G"], "生成AIの"),
             (["GDCP", "グローバル"], "なにもない")]
    for patterns, text in cases:
        joined = any_of(patterns)
        alone = any(re.search(pattern, text) for pattern in patterns)
        assert (joined is None) or (bool(joined.search(text)) == alone), (patterns, text)
    assert any_of(["(総務)省", "(デジタル)\\1"]) is None
