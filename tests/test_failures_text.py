"""A release text edited so that the parser would drop, merge or misread part of it stops the
build at the line (rule every line read, rule written dates, rule weekday, rule date forms in
scripts/parse_release/). Rows of docs/failures.md, with the other tests/test_failures*.py."""

from __future__ import annotations

import pytest

from tests.conftest import rewrite_release
from tests.failure_cases import (
    RELEASE_NAME,
    expect_failure,
    line_number,
    replace_once,
)


@pytest.fixture
def repo(failure_repo):
    """One repository copy per module, its inputs restored before each test."""
    return failure_repo


SECTION_7 = "(7)国際連合における協力\n"
SENTENCE_7 = ("グローバル・デジタル・コンパクト及び世界情報社会サミット(WSIS)+20の検討プロセスに向けて、"
              "包摂的アプローチを推進し、マルチステークホルダーコミュニティとの強固かつ進行中の協議を進める"
              "ための協力を継続する。")
NEXT = " 2024年度中を目処に開催する予定です。\n"
ANNEX_JA = "  政府間共同声明(和文)(2024年2月27日)PDF\n"
ANNEX_EN = "  政府間共同声明(英文)(2024年2月27日)PDF\n"
RELATED_URL = "https://www.soumu.go.jp/menu_news/s-news/01tsushin08_02000149.html\n"
SESSIONS = "デジタルエコノミーに関する幅広い議題について対話が行われました。\n"
LEAD_DATES = "2024年2月6日(火)及び7日(水)の2日間"

# (id, old text, new text, marker whose last occurrence's line the message names, words)
EVENT = ("また、第14回会合の開催に向けて1月10日、第8回グローバル・デジタル連結性パートナーシップ(GDCP)"
         "専門家レベル作業部会を開催し、第三国連携について議論しました。")
TEXT_CASES = [
    # Text dropped or merged.
    ("a statement section with no sentence", f"{SECTION_7} {SENTENCE_7}\n", SECTION_7,
     SECTION_7, ("heading of the joint statement with no sentence",)),
    ("a statement paragraph without its closing 。", SENTENCE_7, SENTENCE_7[:-1], SENTENCE_7[:-1],
     ("does not end with 「。」",)),
    ("a section heading joined to its text", f"{SECTION_7} ", SECTION_7[:-1] + " ", SECTION_7[:-1],
     ("section heading joined to its text",)),
    ("a lead paragraph without its closing 。", SESSIONS, SESSIONS.replace("。", ""),
     SESSIONS.replace("。", ""), ("a paragraph of the lead does not end with 「。」",)),
    ("a lead paragraph no part reads", SESSIONS, SESSIONS + " 会合では活発な議論が行われました。\n",
     "会合では活発", ("a sentence of the lead that no part reads",)),
    ("a sentence no part reads after the lead's", "を開催しました。\n",
     "を開催しました。会合は盛況でした。\n", "会合は盛況", ("a sentence of the lead that no part reads",
                                          "'会合は盛況でした。'")),
    ("a second paragraph after a blank line in the next-meeting notice", NEXT,
     NEXT + "\n 詳細は追って公表します。\n", "詳細は追って", ("a second paragraph in the next-meeting",)),
    ("the next-meeting notice without its closing 。", NEXT, NEXT.replace("。", ""),
     NEXT.replace("。", ""), ("next-meeting notice does not end with 「。」",)),
    ("a second paragraph in the background", "位置付けられています。\n",
     "位置付けられています。\n 詳細は別添を参照。\n", "詳細は別添", ("a second paragraph in the background",)),
    ("an annex line cut short", ANNEX_EN, "  政府間共同声明(英文)(2024年2\n", "(英文)(2024年2",
     ("an annex line the parser cannot read",)),
    ("two annex lines joined", ANNEX_JA + ANNEX_EN, ANNEX_JA[:-1] + ANNEX_EN, "(和文)",
     ("two annexes joined on one line",)),
    ("a line in the related releases the parser cannot read", RELATED_URL,
     RELATED_URL + "第12回会合の結果\n", "第12回会合の結果", ("related releases the parser cannot read",)),
    ("a url with no related release before it", RELATED_URL, RELATED_URL + RELATED_URL,
     RELATED_URL, ("related releases the parser cannot read",)),
    ("a line in the contact block the parser cannot read", "電話 :03-5253-5928\n",
     "電話 :03-5253-5928\nFAX :03-5253-5932\n", "FAX :", ("contact block the parser cannot read",)),
    ("a contact block without its division", "国際戦略局 国際経済課\n", "", "担当 :",
     ("names no division",)),
    ("text after the page's last line", "ページトップへ戻る", "ページトップへ戻る\n 追記。",
     " 追記。", ("text after the page's last line",)),
    ("a statement sentence written twice", "(8)インターネットガバナンス\n",
     f"(8)インターネットガバナンス\n {SENTENCE_7}\n", SENTENCE_7,
     ("appears twice (also line 39)",)),
    # Annexes.
    ("the English annex missing", ANNEX_EN, "", "【別紙】", ("in 和文 but not in 英文",)),
    ("the Japanese annex listed twice", ANNEX_EN, ANNEX_JA, ANNEX_JA,
     ("the 和文 version twice (also line 58)",)),
    # Dates.
    ("a weekday that is not the day's", LEAD_DATES, "2024年2月6日(水)及び7日(木)の2日間",
     "2024年2月6日(水)", ("2024-02-06 (水), but that day is a (火)",)),
    ("a day count that is not the range's", LEAD_DATES, "2024年2月6日(火)及び7日(水)の3日間",
     "の3日間", ("says 3 days, but its dates span 2",)),
    ("a separator the parser does not know in the lead", LEAD_DATES,
     "2024年2月6日(火)・7日(水)の2日間", "・7日", ("a date in a form the parser does not read",
                                           "'7日'")),
    ("slashed dates in the lead", LEAD_DATES, "2024/2/6及び2024/2/7の2日間", "2024/2/6",
     ("a date in a form the parser does not read", "'2024/2'")),
    ("an unknown form of the statement's dates", "は、2024年2月6日、7日にハイブリッド",
     "は、2024年2月6日・7日にハイブリッド", "2024年2月6日・7日", ("form the parser does not read",)),
    ("a weekday in the statement's dates that is not the day's", "は、2024年2月6日、7日に",
     "は、2024年2月6日(月)、7日に", "2024年2月6日(月)", ("that day is a (火)",)),
    ("an impossible day in the background", "2021年4月16日の日米首脳会談",
     "2021年4月31日の日米首脳会談", "2021年4月31日", ("impossible date '2021年4月31日'",)),
    ("a background weekday that is not the day's", "2021年4月16日の日米首脳会談",
     "2021年4月16日(木)の日米首脳会談", "2021年4月16日(木)", ("that day is a (金)",)),
    ("an impossible month in a statement sentence", "2023年4月にG7", "2023年13月にG7", "2023年13月",
     ("impossible date '2023年13月'", "month 13")),
    ("an impossible day in the next-meeting notice", "2024年度中を目処に", "2024年2月30日を目処に",
     "2024年2月30日", ("impossible date '2024年2月30日'",)),
    ("an impossible era date of a related release", "(令和5年3月16日)\n", "(令和5年2月30日)\n",
     "(令和5年2月30日)", ("impossible date",)),
    ("an impossible annex date", ANNEX_EN, "  政府間共同声明(英文)(2024年2月30日)PDF\n",
     "(英文)(2024年2月30日)", ("impossible",)),
    # -- contacts: each person a name and a title, the people separated by 、
    ("contacts joined by a middle dot", "担当 :平木補佐、大内係長、笹井官",
     "担当 :平木補佐・大内係長・笹井官", "担当 :", ("holds the title '補佐' inside its name",
                                                  "several people joined?")),
    ("contacts joined by と", "担当 :平木補佐、大内係長、笹井官", "担当 :平木補佐と大内係長、笹井官",
     "担当 :", ("holds the title '補佐' inside its name '平木補佐と大内'",)),
    ("a contact's title that ends in a known one", "笹井官", "笹井補佐官", "担当 :",
     ("the name '笹井補佐' ends in the title '補佐': is '補佐官' one title?",)),
    ("a contact's title read short (課長補佐 as 課長 + 補佐)", "担当 :平木補佐、大内係長、笹井官",
     "担当 :平木課長補佐、大内係長、笹井事務官", "担当 :",
     ("the name '平木課長' ends in the word of titles '課長': is '課長補佐' one title?",
      "add the whole title '課長補佐' to reference/positions.yaml with the English name a "
      "source gives it")),
    ("a contact's title read short (事務官 as 事務 + 官)", "笹井官", "笹井事務官", "担当 :",
     ("the name '笹井事務' ends in the word of titles '事務': is '事務官' one title?",)),
    ("a contact's title read short (総括補佐 as 総括 + 補佐)", "担当 :平木補佐、", "担当 :平木総括補佐、",
     "担当 :", ("the name '平木総括' ends in the word of titles '総括': is '総括補佐' one title?",
               "add the whole title '総括補佐' to reference/positions.yaml")),
    ("a contact's title read short (調整官 as 調整 + 官)", "笹井官", "笹井調整官", "担当 :",
     ("the name '笹井調整' ends in the word of titles '調整': is '調整官' one title?",
      "add the whole title '調整官' to reference/positions.yaml")),
    ("a contact with a job title not in positions.yaml", "笹井官", "笹井主査", "担当 :",
     ("unknown job title after the name", "add the title to reference/positions.yaml")),
    ("a contact without a name", "担当 :平木補佐、", "担当 :補佐、", "担当 :",
     ("has no name before its title",)),
    ("a phone number in another form", "電話 :03-5253-5928", "電話 :03(5253-5928", "電話 :",
     ("is not digits in groups joined by hyphens",)),
    ("a phone number with a digit too many", "電話 :03-5253-5928", "電話 :03-5253-59281", "電話 :",
     ("phone '03-5253-59281' has 11 digits, but a number of JP starting 0 has 10 "
      "(reference/countries.yaml, number_lengths)", "a digit too many or too few?")),
    # (another event held, in the lead, that the series file does not hold)
    ("a lead that reports another event the series file lacks", "(第14回会合)を開催しました。\n",
     "(第14回会合)を開催しました。" + EVENT + "\n", EVENT[:10],
     ("the lead reports another event held", "add it to the meeting's related_events")),
    # (days listed, not a range: the day between would be published as a meeting day)
    ("a lead that lists two days apart", " 2024年2月6日(火)及び7日(水)の2日間、",
     " 2024年2月6日(火)及び8日(木)、", "及び8日", ("'2024年2月6日(火)及び8日(木)' lists days "
                                         "that are not one after the other",)),
    ("a mobile number with a digit too few", "電話 :03-5253-5928", "電話 :090-5253-592", "電話 :",
     ("phone '090-5253-592' has 10 digits, but a number of JP starting 090 has 11",)),
]


@pytest.mark.parametrize(("old", "new", "marker", "words"), [c[1:] for c in TEXT_CASES],
                         ids=[c[0] for c in TEXT_CASES])
def test_release_text_not_read_exactly(repo, capsys, source_text, old, new, marker, words):
    text = replace_once(source_text, old, new)
    rewrite_release(repo, text)
    expect_failure(repo, capsys, RELEASE_NAME, f"line {line_number(text, text.rindex(marker))}",
                   *words)
