"""The parser on the real 14th release, part by part, and its units (numerals, era dates,
sentence splitting). Every expected value here was read from the text by hand. The phrasing
rules, one test each, and the cut releases of the series are in tests/test_series_parser.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scripts.lib.japanese_dates import Era, era_date, fiscal_year, to_int
from scripts.parse_release import Release, Span, Vocabulary, parse_release
from scripts.parse_release.document import split_sentences
from scripts.registry import load_registry
from tests.conftest import PROJECT

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "releases"
RELEASE_14 = "sources/soumu-01tsushin08_02000172.txt"

# The eras as the government proclaimed them, written here independently of reference/eras.yaml.
ERAS = [Era("平成", dt.date(1989, 1, 8)), Era("令和", dt.date(2019, 5, 1))]
# The words the releases use for coded facts, as read in them (independently of
# reference/vocabulary.yaml).
VOCABULARY = Vocabulary(
    eras=tuple(ERAS), formats={"ハイブリッド形式": "hybrid", "オンライン形式": "virtual",
                               "対面形式": "in_person"},
    hosts={"日本主催": "JP", "米国主催": "US"},
    sessions={"官民会合": "public_private", "政府間会合": "government"},
    sides={"日本側": "JP", "米国側": "US"}, annex_languages={"和文": "ja", "英文": "en"},
    annex_kinds={"共同声明": "joint_statement"}, annex_media={"PDF": "application/pdf"})
DDE = "デジタルエコノミーに関する日米対話"
IED = "インターネットエコノミーに関する日米政策協力対話"


@pytest.fixture(scope="module")
def registry():
    return load_registry(PROJECT)


@pytest.fixture(scope="module")
def r14(source_text, registry) -> Release:
    return parse_release(source_text, RELEASE_14, registry.vocabulary)


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
