"""The parser, against the real 14th release, two cut releases of the series and one small
synthetic text per phrasing rule. Every expected value here was read from the texts by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scripts.japanese_dates import Era, era_date, fiscal_year, to_int
from scripts.parse_release import Release, Span, parse_release, split_sentences
from scripts.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "releases"
RELEASE_14 = "sources/soumu-01tsushin08_02000172.txt"

# The eras as the government proclaimed them, written here independently of reference/eras.yaml.
ERAS = [Era("平成", dt.date(1989, 1, 8)), Era("令和", dt.date(2019, 5, 1))]
DDE = "デジタルエコノミーに関する日米対話"
IED = "インターネットエコノミーに関する日米政策協力対話"


@pytest.fixture(scope="module")
def registry():
    return load_registry(ROOT)


@pytest.fixture(scope="module")
def r14(source_text, registry) -> Release:
    return parse_release(source_text, RELEASE_14, registry.eras)


def spans_of(release: Release) -> list[tuple[str, Span]]:
    """Every span the parser returned, with a label saying where it came from."""
    spans: list[tuple[str, Span | None]] = [
        ("title", release.title), ("dialogue_name", release.dialogue_name),
        ("publisher", release.publisher), ("place", release.place),
        ("statement_heading", release.statement_heading),
        ("next_meeting", release.next_meeting), ("background", release.background)]
    spans += [(f"part {name}", span) for name, span in release.parts.items()]
    spans += [("organizer", span) for span in release.organizers]
    spans += [(f"section {number}", title) for number, title in release.sections]
    for sentence in release.sentences:
        spans += [("sentence", sentence.span), ("sentence section", sentence.section_title)]
    for attendance in release.attendance:
        spans += [("attendee line", attendance.line), ("attendee head", attendance.head)]
        spans += [("attendee org", org) for org in attendance.organizations]
    spans += [("annex", annex.title) for annex in release.annexes]
    for related in release.related:
        spans += [("related title", related.title), ("related name", related.dialogue_name),
                  ("related url", related.url)]
    if release.contact:
        spans += [("contact division", release.contact.division),
                  ("contact phone", release.contact.phone)]
        spans += [("contact person", person.text) for person in release.contact.persons]
    return [(label, span) for label, span in spans if span is not None]


def assert_spans_located(release: Release) -> None:
    for label, span in spans_of(release):
        assert release.text[span.start:span.end] == span.text, label
        assert span.text == span.text.strip(" \t\u00a0\u3000"), label


# ---------------------------------------------------------------------------------------------
# The full release of the 14th meeting.
# ---------------------------------------------------------------------------------------------
def test_14th_header(r14):
    assert r14.title.text == "デジタルエコノミーに関する日米対話(第14回会合)の結果"
    # The title is the heading line 7, not the breadcrumb (line 1) that ends the same way.
    assert r14.text.count("\n", 0, r14.title.start) == 6
    assert r14.dialogue_name.text == DDE
    assert r14.number == 14
    assert r14.published == dt.date(2024, 2, 27)
    assert r14.publisher is None  # the date line is followed by a blank line
    assert r14.missing == []


def test_14th_lead(r14):
    assert r14.start_date == dt.date(2024, 2, 6)
    assert r14.end_date == dt.date(2024, 2, 7)
    assert r14.us_start_date is None and r14.us_end_date is None
    assert r14.place.text == "東京"
    assert [span.text for span in r14.organizers] == ["総務省", "米国国務省"]
    assert r14.format == "hybrid"
    assert r14.host_country == "JP"
    assert set(r14.sessions) == {"public_private", "government"}
    assert len(r14.sessions) == 2


def test_14th_sections(r14):
    assert r14.statement_heading.text == "1 第14回会合の共同声明内容"
    assert [(number, title.text) for number, title in r14.sections] == [
        (1, "5G及びBeyond 5G/6G"),
        (2, "グローバル・デジタル連結性パートナーシップ(GDCP)"),
        (3, "AIガバナンス"),
        (4, "越境プライバシールール(CBPR)"),
        (5, "ガバメントアクセスに係る協力"),
        (6, "国際場裡における協力"),
        (7, "国際連合における協力"),
        (8, "インターネットガバナンス"),
        (9, "今後の日米協力"),
    ]


def test_14th_sentence_count_and_parts(r14):
    assert len(r14.sentences) == 29
    parts = [s.part for s in r14.sentences]
    assert parts == ["lead"] + ["overview"] * 7 + ["section"] * 21
    per_section = {}
    for sentence in r14.sentences:
        if sentence.part == "section":
            per_section[sentence.section_number] = per_section.get(sentence.section_number, 0) + 1
    assert per_section == {1: 4, 2: 2, 3: 4, 4: 2, 5: 2, 6: 2, 7: 1, 8: 2, 9: 2}
    starts = [s.span.start for s in r14.sentences]
    assert starts == sorted(starts) and len(set(starts)) == 29
    assert all(s.span.text.endswith("。") for s in r14.sentences)


def sentence_with(release: Release, text: str):
    found = [s for s in release.sentences if s.span.text == text]
    assert len(found) == 1, f"{text!r} is not exactly one sentence"
    return found[0]


def test_14th_exact_sentences(r14):
    first = r14.sentences[0]
    assert first.span.text == (
        "日米両国は、2024年2月6日、7日にハイブリッド形式にて日本主催で実施された第14回デジタル"
        "エコノミーに関する日米対話(DDE)において、デジタル経済の成長を支えるためのオープンかつ"
        "相互運用可能で、信頼できるセキュアなデジタル連結性と情報通信技術への共通のコミットメントを"
        "再確認した。")
    assert first.part == "lead" and first.section_number is None

    overview_last = sentence_with(r14, "さらに、両国は以下の分野で協力することで一致した。")
    assert overview_last.part == "overview" and overview_last.section_title is None

    # The 「。」 inside the brackets does not end the sentence.
    open_ran = sentence_with(
        r14, "さらに、第三国におけるOpen RANプロジェクト(テストベッド、パイロット又は概念実証"
             "プロジェクトを含む。)を共同で支援する。")
    assert open_ran.part == "section"
    assert open_ran.section_number == 1
    assert open_ran.section_title.text == "5G及びBeyond 5G/6G"

    # Preceded by 「。 」 in the text: the space is not part of the sentence.
    aisi = sentence_with(
        r14, "また、日米両国は、AIガバナンスの相互運用性を促進するため、新たに設立されるAIセーフティ・"
             "インスティテュート間の協力を推進する。")
    assert aisi.section_number == 3 and aisi.section_title.text == "AIガバナンス"

    only_un = sentence_with(
        r14, "グローバル・デジタル・コンパクト及び世界情報社会サミット(WSIS)+20の検討プロセスに"
             "向けて、包摂的アプローチを推進し、マルチステークホルダーコミュニティとの強固かつ進行中の"
             "協議を進めるための協力を継続する。")
    assert only_un.section_number == 7

    last = r14.sentences[-1]
    assert last.span.text == (
        "また、両国は、信頼性が高くセキュアなICTサプライチェーンとより包摂的で公平なデジタル連結性"
        "に貢献する原則としての信頼、そして法の支配の重要性を認識した。")
    assert last.section_number == 9 and last.section_title.text == "今後の日米協力"


def test_14th_every_span_is_located(r14):
    assert len(spans_of(r14)) > 29 + 2 + 7 + 8
    assert_spans_located(r14)


def test_14th_attendees(r14):
    assert [a.delegation for a in r14.attendance] == ["JP", "US"]
    jp, us = r14.attendance
    assert jp.head.text == "田原康生総務省国際戦略局長"
    assert [o.text for o in jp.organizations] == [
        "総務省", "個人情報保護委員会", "デジタル庁", "外務省", "経済産業省", "国際協力銀行",
        "海外通信・放送・郵便事業支援機構"]
    assert jp.is_partial is True
    assert us.head.text == ("ステファン・ラング国務省サイバースペース・デジタル政策局次官補代理"
                            "(情報通信政策担当)")
    assert [o.text for o in us.organizations] == [
        "国務省", "商務省国家電気通信情報庁", "商務省国際貿易局", "連邦通信委員会", "連邦取引委員会",
        "国防総省", "輸出入銀行", "国際開発金融公社"]
    assert us.is_partial is True
    assert jp.line.text.startswith("日本側:") and jp.line.text.endswith("等の関係者")
    assert us.line.text.startswith("米国側:") and us.line.text.endswith("等の関係者")


def test_14th_next_meeting(r14):
    assert r14.next_meeting.text == "2024年度中を目処に開催する予定です。"
    assert r14.next_fiscal_year == 2024


def test_14th_annexes(r14):
    assert [a.title.text for a in r14.annexes] == ["政府間共同声明(和文)", "政府間共同声明(英文)"]
    assert [a.language for a in r14.annexes] == ["ja", "en"]
    assert [a.published for a in r14.annexes] == [dt.date(2024, 2, 27)] * 2
    assert [a.media for a in r14.annexes] == ["PDF", "PDF"]


def test_14th_background(r14):
    assert r14.background.text.startswith("「デジタルエコノミーに関する日米対話」(DDE)は、")
    assert r14.background.text.endswith("推進する枠組みとしても位置付けられています。")


def test_14th_related_release(r14):
    assert len(r14.related) == 1
    related = r14.related[0]
    assert related.title.text == f"{IED}(第13回会合)の結果"
    assert related.dialogue_name.text == IED
    assert related.number == 13
    assert related.published == dt.date(2023, 3, 16)
    assert related.url.text == "https://www.soumu.go.jp/menu_news/s-news/01tsushin08_02000149.html"


def test_14th_contact(r14):
    contact = r14.contact
    assert contact.division.text == "国際戦略局 国際経済課"
    assert [p.text.text for p in contact.persons] == ["平木補佐", "大内係長", "笹井官"]
    assert contact.phone.text == "03-5253-5928"


def test_14th_parts(r14):
    assert {"title", "published", "lead", "joint_statement", "attendees", "next_meeting",
            "annexes", "background", "related_releases", "contact"} <= set(r14.parts)
    assert "footer" not in r14.parts
    assert r14.parts["published"].text == "令和6年2月27日"
    assert r14.parts["contact"].text.startswith("連絡先")
    assert r14.parts["contact"].text.endswith("電話 :03-5253-5928")


# ---------------------------------------------------------------------------------------------
# Two earlier releases of the series, opening parts only.
# ---------------------------------------------------------------------------------------------
def parse_fixture(name: str) -> Release:
    path = FIXTURES / name
    return parse_release(path.read_text(encoding="utf-8"), path, ERAS)


def test_fixture_9th_meeting():
    release = parse_fixture("meeting-09-soumu-01tsushin08_02000101.txt")
    assert release.title.text == f"{IED}(第9回局長級会合)の結果"
    assert release.number == 9
    assert release.dialogue_name.text == IED
    assert release.published == dt.date(2018, 7, 27)
    # 「7月23日及び24日の2日間」: the year is the release's.
    assert release.start_date == dt.date(2018, 7, 23)
    assert release.end_date == dt.date(2018, 7, 24)
    assert release.place.text == "ワシントンD.C."
    assert [span.text for span in release.organizers] == ["総務省", "米国国務省"]
    assert set(release.sessions) == {"public_private", "government"}
    assert release.statement_heading.text == "1 第9回局長級会合の主な成果"
    assert release.sentences[0].span.text.startswith("米国及び日本は、2018年7月23日から24日にかけ、")
    assert release.missing == ["next_meeting", "contact", "end_of_page"]  # attendees: listed in the lead
    assert_spans_located(release)


def test_fixture_12th_meeting():
    release = parse_fixture("meeting-12-soumu-01tsushin08_02000126.txt")
    assert release.title.text == f"{IED}(第12回局長級会合)の結果"
    assert release.number == 12
    assert release.dialogue_name.text == IED
    assert release.published == dt.date(2021, 11, 18)
    assert release.start_date == dt.date(2021, 11, 11)
    assert release.end_date == dt.date(2021, 11, 12)
    assert release.place.text == "東京"
    assert [span.text for span in release.organizers] == ["総務省", "米国国務省"]
    assert release.statement_heading.text == "1 第12回局長級会合の共同記者発表内容"
    assert release.format == "hybrid" and release.host_country == "JP"
    # 「(1)総括」 is the overview, not a numbered section.
    assert release.sections == ()
    assert [s.part for s in release.sentences[:2]] == ["lead", "overview"]
    assert release.missing == ["attendees", "next_meeting", "contact", "end_of_page"]
    assert_spans_located(release)


# ---------------------------------------------------------------------------------------------
# One test per phrasing rule, on small texts written for the purpose.
# ---------------------------------------------------------------------------------------------
def synthetic(lead: str, *, date: str = "令和6年2月27日", label: str = "(第14回会合)",
              name: str = DDE, publisher: str | None = None) -> str:
    header = ["報道資料", "", date] + ([publisher] if publisher else []) + [""]
    return "\n".join(header + [f"{name}{label}の結果", "", f" {lead}", ""])


def lead_of(dates: str, *, organizers: str = "総務省と米国国務省", place: str = "東京",
            label: str = "(第14回会合)", name: str = DDE) -> str:
    return f"{dates}、{organizers}は、{place}にて、「{name}」{label}を開催しました。"


def parse(text: str) -> Release:
    release = parse_release(text, "synthetic.txt", ERAS)
    assert_spans_located(release)
    # A header and a lead only: the rest is reported missing, not raised.
    assert release.missing == ["joint_statement", "attendees", "next_meeting", "contact", "end_of_page"]
    return release


@pytest.mark.parametrize(("label", "number"), [
    ("(第十回局長級会合)", 10), ("(第十四回会合)", 14), ("(第二十回会合)", 20)])
def test_rule_kanji_numeral_meeting_label(label, number):
    release = parse(synthetic(lead_of("2024年2月6日及び7日の2日間", label=label), label=label))
    assert release.number == number
    assert release.title.text == f"{DDE}{label}の結果"
    assert release.dialogue_name.text == DDE
    assert release.start_date == dt.date(2024, 2, 6)


@pytest.mark.parametrize("label", ["(第9回会合)", "(第9回局長級会合)"])
def test_rule_meeting_label_with_or_without_kyokuchokyu(label):
    release = parse(synthetic(lead_of("7月23日及び24日の2日間", label=label, name=IED),
                              date="平成30年7月27日", label=label, name=IED))
    assert release.number == 9
    assert release.dialogue_name.text == IED
    assert release.start_date == dt.date(2018, 7, 23)
    assert release.end_date == dt.date(2018, 7, 24)


def test_rule_heisei_date():
    release = parse(synthetic(lead_of("7月23日及び24日の2日間"), date="平成30年7月27日"))
    assert release.published == dt.date(2018, 7, 27)
    assert release.parts["published"].text == "平成30年7月27日"
    assert release.start_date == dt.date(2018, 7, 23)


def test_rule_reiwa_gannen_date():
    release = parse(synthetic(lead_of("4月25日及び26日の2日間"), date="令和元年5月7日"))
    assert release.published == dt.date(2019, 5, 7)
    assert release.start_date == dt.date(2019, 4, 25)
    assert release.end_date == dt.date(2019, 4, 26)


def test_rule_publisher_line_after_the_date():
    text = synthetic(lead_of("2024年2月6日及び7日の2日間"), publisher="総務省")
    release = parse(text)
    assert release.published == dt.date(2024, 2, 27)
    assert release.publisher.text == "総務省"
    assert release.title.text == f"{DDE}(第14回会合)の結果"
    assert release.number == 14


def test_rule_no_year_december_meeting_january_release():
    release = parse(synthetic(lead_of("12月18日及び19日の2日間"), date="令和7年1月10日"))
    assert release.published == dt.date(2025, 1, 10)
    assert release.start_date == dt.date(2024, 12, 18)
    assert release.end_date == dt.date(2024, 12, 19)


def test_rule_no_year_same_year():
    release = parse(synthetic(lead_of("11月11日及び12日の2日間"), date="令和3年11月18日"))
    assert release.start_date == dt.date(2021, 11, 11)
    assert release.end_date == dt.date(2021, 11, 12)


@pytest.mark.parametrize("dates", [
    "2024年2月6日(火)及び7日(水)の2日間",
    "2024年2月6日（火）及び7日（水）の2日間",
    "2024年2月6日(火曜日)及び7日(水曜日)の2日間",
])
def test_rule_weekdays_in_brackets(dates):
    release = parse(synthetic(lead_of(dates)))
    assert release.start_date == dt.date(2024, 2, 6)
    assert release.end_date == dt.date(2024, 2, 7)
    assert release.place.text == "東京"


@pytest.mark.parametrize(("dates", "date"), [
    ("日本時間で2021年11月11日、12日(米国時間2021年11月10日、11日)", "令和3年11月18日"),
    ("日本時間で11月11日、12日(米国時間11月10日、11日)", "令和3年11月18日"),
])
def test_rule_japan_and_us_time(dates, date):
    release = parse(synthetic(lead_of(dates), date=date))
    assert release.start_date == dt.date(2021, 11, 11)
    assert release.end_date == dt.date(2021, 11, 12)
    assert release.us_start_date == dt.date(2021, 11, 10)
    assert release.us_end_date == dt.date(2021, 11, 11)


def test_rule_full_width_brackets():
    label = "（第14回会合）"
    release = parse(synthetic(lead_of("2024年2月6日（火）及び7日（水）の2日間", label=label),
                              label=label))
    assert release.title.text == f"{DDE}（第14回会合）の結果"
    assert release.dialogue_name.text == DDE
    assert release.number == 14
    assert release.start_date == dt.date(2024, 2, 6)
    assert release.end_date == dt.date(2024, 2, 7)


def test_rule_full_width_digits_in_label():
    label = "(第１４回会合)"
    release = parse(synthetic(lead_of("2024年2月6日及び7日の2日間", label=label), label=label))
    assert release.number == 14


@pytest.mark.parametrize(("organizers", "expected"), [
    ("総務省と国務省", ["総務省", "国務省"]),
    ("総務省と米国国務省", ["総務省", "米国国務省"]),
])
def test_rule_organizers(organizers, expected):
    release = parse(synthetic(lead_of("2024年2月6日及び7日の2日間", organizers=organizers)))
    assert [span.text for span in release.organizers] == expected


def test_rule_venue_after_city(registry):
    release = parse(synthetic(lead_of("2024年2月6日及び7日の2日間", place="東京三田共用会議所")))
    assert release.place.text == "東京三田共用会議所"
    city, venue = registry.split_place(release.place.text, "synthetic.txt: lead, place")
    assert city["name_ja"] == "東京"
    assert venue == "三田共用会議所"
    city, venue = registry.split_place("東京", "synthetic.txt: lead, place")
    assert city["name_ja"] == "東京" and venue is None


@pytest.mark.parametrize("dates", ["2018年7月23日から24日にかけ", "7月23日から24日にかけて"])
def test_rule_kara_nikake_range(dates):
    release = parse(synthetic(lead_of(dates, place="ワシントンD.C."), date="平成30年7月27日"))
    assert release.start_date == dt.date(2018, 7, 23)
    assert release.end_date == dt.date(2018, 7, 24)
    assert release.place.text == "ワシントンD.C."


@pytest.mark.parametrize("dates", ["2024年10月10日", "10月10日", "10月10日(木)"])
def test_rule_single_day_meeting(dates):
    release = parse(synthetic(lead_of(dates), date="令和6年10月15日"))
    assert release.start_date == dt.date(2024, 10, 10)
    assert release.end_date == dt.date(2024, 10, 10)


def test_rule_missing_parts_are_listed_not_raised():
    release = parse_release("報道資料\n\nなにもない\n", "empty.txt", ERAS)
    assert release.missing == ["title", "published", "lead", "joint_statement", "attendees",
                               "next_meeting", "contact", "end_of_page"]


# ---------------------------------------------------------------------------------------------
# Units.
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("numeral", "value"), [
    ("14", 14), ("１４", 14), ("十四", 14), ("二十", 20), ("元", 1), ("十", 10), ("九", 9),
    ("百二", 102)])
def test_to_int(numeral, value):
    assert to_int(numeral) == value


def test_to_int_rejects_other_text():
    with pytest.raises(ValueError):
        to_int("十x")


def test_era_date():
    assert era_date(ERAS, "令和", 6, 2, 27) == dt.date(2024, 2, 27)
    assert era_date(ERAS, "令和", 1, 5, 7) == dt.date(2019, 5, 7)
    assert era_date(ERAS, "平成", 30, 7, 27) == dt.date(2018, 7, 27)
    assert era_date(ERAS, "平成", 31, 4, 30) == dt.date(2019, 4, 30)


def test_era_date_impossible_day():
    with pytest.raises(ValueError):
        era_date(ERAS, "令和", 6, 2, 30)


def test_era_date_outside_its_era():
    with pytest.raises(ValueError):
        era_date(ERAS, "令和", 1, 4, 30)  # still 平成31年
    with pytest.raises(ValueError):
        era_date(ERAS, "平成", 31, 5, 1)  # already 令和元年


def test_era_date_unknown_era():
    with pytest.raises(KeyError):
        era_date(ERAS, "大正", 6, 2, 27)


@pytest.mark.parametrize(("day", "year"), [
    (dt.date(2024, 2, 6), 2023), (dt.date(2024, 4, 1), 2024), (dt.date(2024, 3, 31), 2023),
    (dt.date(2023, 12, 31), 2023)])
def test_fiscal_year(day, year):
    assert fiscal_year(day) == year


def test_split_sentences_brackets():
    text = " 両国は(A。B)を支援する。 次に、C（D。）を行う。"
    spans = split_sentences(text, 100)
    assert [s.text for s in spans] == ["両国は(A。B)を支援する。", "次に、C（D。）を行う。"]
    for span in spans:
        assert text[span.start - 100:span.end - 100] == span.text


def test_split_sentences_quotes():
    text = "「協力する。推進する。」と述べた。『E。』も同じ。最後"
    spans = split_sentences(text, 0)
    assert [s.text for s in spans] == ["「協力する。推進する。」と述べた。", "『E。』も同じ。", "最後"]
    assert [(s.start, s.end) for s in spans] == [(0, 17), (17, 25), (25, 27)]
