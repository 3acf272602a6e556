"""The parser reads any release of the series: one test per phrasing rule
(scripts/parse_release/rules.py), on the two cut releases of the 9th and 12th meetings and on synthetic variants.

Every expected value was read from the text by a person. The synthetic variants are made up for
these tests (they are not releases of any real meeting): each changes the 14th meeting's
release's header in one way the fixtures README describes.
"""

from __future__ import annotations

import datetime as dt

import pytest

from scripts.lib.errors import BuildError
from scripts.parse_release import check_series, parse_release
from scripts.registry import load_registry
from tests.conftest import PROJECT, ROOT
from tests.test_parse_release import assert_spans_located

D = dt.date
FIXTURES = ROOT / "tests" / "fixtures" / "releases"
DDE = "デジタルエコノミーに関する日米対話"
IED = "インターネットエコノミーに関する日米政策協力対話"
LEAD = f"2024年2月6日(火)及び7日(水)の2日間、総務省と米国国務省は、東京にて、「{DDE}」(第14回会合)を開催しました。"


@pytest.fixture(scope="module")
def registry():
    return load_registry(PROJECT)


def release_text(title: str = f"{DDE}(第14回会合)の結果", date: str = "令和6年2月27日",
                 lead: str = LEAD, publisher: str | None = None, after: str = "") -> str:
    """A release's header as MIC pages print it (breadcrumb, 報道資料, date, title, lead)."""
    lines = [f"総務省トップ > 広報・報道 > 報道資料一覧 > {title}", "", "報道資料", "", date, ""]
    if publisher:
        lines += [publisher, ""]
    lines += [title, "", f" {lead}", after]
    return "\n".join(lines)


def parse(text: str, registry):
    release = parse_release(text, "synthetic.txt", registry.vocabulary)
    check_series(release, registry.dialogue_names())
    return release


# --- the cut releases of the series -------------------------------------------------------------
def test_ninth_meeting_release_cut_short(registry):
    text = (FIXTURES / "meeting-09-soumu-01tsushin08_02000101.txt").read_text(encoding="utf-8")
    release = parse(text, registry)
    assert release.number == 9
    assert release.dialogue_name.text == IED
    assert release.published == D(2018, 7, 27)
    assert (release.start_date, release.end_date) == (D(2018, 7, 23), D(2018, 7, 24))
    assert release.us_start_date is None
    assert release.place.text == "ワシントンD.C."
    assert [o.text for o in release.organizers] == ["総務省", "米国国務省"]
    assert release.sessions == ("government", "public_private")
    assert release.statement_heading.text == "1 第9回局長級会合の主な成果"
    assert release.missing == ["next_meeting", "contact", "end_of_page"]
    # rule lead participants: the lead lists the bodies (no head of delegation)
    jp, us = release.attendance
    assert [o.text for o in jp.organizations] == [
        "総務省", "内閣サイバーセキュリティセンター", "個人情報保護委員会", "外務省", "経済産業省"]
    assert [o.text for o in us.organizations] == ["国務省", "商務省", "連邦通信委員会"]
    assert jp.head is None and jp.is_partial and us.is_partial
    assert [o.text for o in release.private_sector] == ["日本経済団体連合会", "在日米国商工会議所"]
    assert release.private_sector_is_partial
    assert_spans_located(release)


def test_twelfth_meeting_release_cut_short(registry):
    text = (FIXTURES / "meeting-12-soumu-01tsushin08_02000126.txt").read_text(encoding="utf-8")
    release = parse(text, registry)
    assert release.number == 12
    assert release.dialogue_name.text == IED
    assert release.published == D(2021, 11, 18)
    assert (release.start_date, release.end_date) == (D(2021, 11, 11), D(2021, 11, 12))
    # rule statement dates: the U.S. dates are in the joint statement's first sentence
    assert (release.us_start_date, release.us_end_date) == (D(2021, 11, 10), D(2021, 11, 11))
    assert release.place.text == "東京"
    assert release.format == "hybrid"
    assert release.host_country == "JP"
    assert release.statement_heading.text == "1 第12回局長級会合の共同記者発表内容"
    # 「(1)総括」 is the overview, not a numbered section.
    assert release.sections == ()
    assert [s.part for s in release.sentences[:2]] == ["lead", "overview"]
    assert release.missing == ["attendees", "next_meeting", "contact", "end_of_page"]
    assert_spans_located(release)


def test_fourteenth_meeting_release_in_full(registry, source_text):
    release = parse(source_text, registry)
    assert release.missing == []
    assert release.number == 14
    assert release.published == D(2024, 2, 27)
    assert release.publisher is None
    assert (release.start_date, release.end_date) == (D(2024, 2, 6), D(2024, 2, 7))
    assert release.us_start_date is None
    assert [(a.delegation, a.head.text) for a in release.attendance] == [
        ("JP", "田原康生総務省国際戦略局長"),
        ("US", "ステファン・ラング国務省サイバースペース・デジタル政策局次官補代理(情報通信政策担当)")]
    assert [o.text for o in release.private_sector] == ["日本経済団体連合会", "全米商工会議所",
                                                        "在日米国商工会議所"]
    assert not release.private_sector_is_partial


# --- one test per rule ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", [DDE, IED, "インターネットエコノミー日米政策協力対話"])
def test_rule_title_either_name_or_the_short_form(name, registry):
    title = f"{name}(第3回局長級会合)の結果"
    lead = f"3月22日及び23日の2日間、総務省と国務省は、東京にて、「{name}」(第3回局長級会合)を開催しました。"
    release = parse(release_text(title, "平成24年3月23日", lead), registry)
    assert release.dialogue_name.text == name
    assert release.number == 3
    assert (release.start_date, release.end_date) == (D(2012, 3, 22), D(2012, 3, 23))


@pytest.mark.parametrize("label, number", [
    ("第14回会合", 14), ("第9回局長級会合", 9), ("第十回局長級会合", 10), ("第三回会合", 3),
    ("第十四回会合", 14), ("第１４回会合", 14)])
def test_rule_meeting_label_arabic_or_kanji(label, number, registry):
    lead = LEAD.replace("第14回会合", label)
    release = parse(release_text(f"{DDE}({label})の結果", lead=lead), registry)
    assert release.number == number
    assert release.lead_sentence is not None


@pytest.mark.parametrize("printed, day", [
    ("平成30年7月27日", D(2018, 7, 27)), ("平成31年4月30日", D(2019, 4, 30)),
    ("令和元年5月7日", D(2019, 5, 7)), ("令和3年11月18日", D(2021, 11, 18)),
    ("令和６年２月２７日", D(2024, 2, 27))])
def test_rule_release_date_heisei_reiwa_and_gannen(printed, day, registry):
    lead = f"5月1日、総務省と米国国務省は、東京にて、「{DDE}」(第14回会合)を開催しました。"
    release = parse(release_text(date=printed, lead=lead), registry)
    assert release.published == day


def test_rule_full_width_brackets_around_the_label(registry):
    lead = LEAD.replace("(第14回会合)", "（第14回会合）").replace("(火)", "（火）").replace(
        "(水)", "（水）")
    release = parse(release_text(f"{DDE}（第14回会合）の結果", lead=lead), registry)
    assert (release.title.text, release.dialogue_name.text) == (f"{DDE}（第14回会合）の結果", DDE)
    assert release.number == 14
    assert (release.start_date, release.end_date) == (D(2024, 2, 6), D(2024, 2, 7))


def test_rule_release_date_outside_its_era_stops(registry):
    with pytest.raises(BuildError, match="impossible date"):
        parse(release_text(date="平成32年1月10日"), registry)


def test_rule_publisher_line_after_the_date(registry):
    release = parse(release_text(publisher="総務省"), registry)
    assert release.publisher.text == "総務省"
    assert release.published == D(2024, 2, 27)
    assert release.title.text == f"{DDE}(第14回会合)の結果"


@pytest.mark.parametrize("dates, published, start, end", [
    ("7月23日及び24日の2日間", "平成30年7月27日", D(2018, 7, 23), D(2018, 7, 24)),
    ("10月10日", "令和元年10月17日", D(2019, 10, 10), D(2019, 10, 10)),
    ("9月30日から10月1日まで", "令和元年10月4日", D(2019, 9, 30), D(2019, 10, 1)),
    # a December meeting reported in January: the year before the release's
    ("12月14日及び15日の2日間", "令和2年1月10日", D(2019, 12, 14), D(2019, 12, 15)),
    ("12月31日から1月1日まで", "令和2年1月10日", D(2019, 12, 31), D(2020, 1, 1)),
    ("7月23日から24日にかけて", "平成30年7月27日", D(2018, 7, 23), D(2018, 7, 24)),
    ("2018年7月23日から24日にかけ", "平成30年7月27日", D(2018, 7, 23), D(2018, 7, 24)),
])
def test_rule_meeting_dates_without_a_year(dates, published, start, end, registry):
    lead = f"{dates}、総務省と米国国務省は、東京にて、「{IED}」(第10回局長級会合)を開催しました。"
    release = parse(release_text(f"{IED}(第10回局長級会合)の結果", published, lead), registry)
    assert (release.start_date, release.end_date) == (start, end)


@pytest.mark.parametrize("dates", [
    "2024年2月6日(火)及び7日(水)の2日間", "2024年2月6日（火）及び7日（水）の2日間",
    "2024年2月6日(火曜日)及び7日(水曜日)の二日間", "2024年2月6日(火)、7日(水)"])
def test_rule_weekdays_in_brackets(dates, registry):
    lead = LEAD.replace("2024年2月6日(火)及び7日(水)の2日間", dates)
    release = parse(release_text(lead=lead), registry)
    assert (release.start_date, release.end_date) == (D(2024, 2, 6), D(2024, 2, 7))


def test_rule_japanese_and_us_time_in_the_lead(registry):
    lead = (f"日本時間で2021年11月11日、12日(米国時間2021年11月10日、11日)、総務省と米国国務省は、"
            f"東京にて、「{IED}」(第12回局長級会合)を開催しました。")
    release = parse(release_text(f"{IED}(第12回局長級会合)の結果", "令和3年11月18日", lead),
                    registry)
    assert (release.start_date, release.end_date) == (D(2021, 11, 11), D(2021, 11, 12))
    assert (release.us_start_date, release.us_end_date) == (D(2021, 11, 10), D(2021, 11, 11))


def test_rule_statement_dates_must_agree_with_the_lead(registry):
    statement = ("\n1 第14回会合の共同声明内容\n\n 日米両国は、2024年2月5日、6日にハイブリッド形式にて"
                 "日本主催で実施された第14回デジタルエコノミーに関する日米対話(DDE)において、協力を確認した。\n")
    with pytest.raises(BuildError, match="joint statement dates the meeting"):
        parse(release_text(after=statement), registry)


@pytest.mark.parametrize("place, city, venue", [
    ("東京三田共用会議所", "東京", "三田共用会議所"), ("東京", "東京", None),
    ("ワシントンD.C.", "ワシントンD.C.", None)])
def test_rule_venue_written_after_the_city(place, city, venue, registry):
    release = parse(release_text(lead=LEAD.replace("東京にて", f"{place}にて")), registry)
    assert release.place.text == place
    found, rest = registry.split_place(release.place.text, "synthetic.txt: lead")
    assert (found["name_ja"], rest) == (city, venue)


@pytest.mark.parametrize("particle", ["にて", "において", "で"])
def test_rule_lead_place_particles(particle, registry):
    release = parse(release_text(lead=LEAD.replace("東京にて", f"東京{particle}")), registry)
    assert release.place.text == "東京"


@pytest.mark.parametrize("organizers, names", [
    ("総務省と米国国務省", ["総務省", "米国国務省"]), ("総務省と国務省", ["総務省", "国務省"]),
    ("総務省及び米国国務省", ["総務省", "米国国務省"])])
def test_rule_either_way_of_naming_the_organisers(organizers, names, registry):
    release = parse(release_text(lead=LEAD.replace("総務省と米国国務省", organizers)), registry)
    assert [o.text for o in release.organizers] == names
    ids = [registry.organization_id(o.text, "synthetic.txt: organisers")
           for o in release.organizers]
    assert ids == ["jp-mic", "us-dos"]


@pytest.mark.parametrize("heading", ["共同声明内容", "共同記者発表内容", "主な成果"])
def test_rule_statement_heading(heading, registry):
    after = f"\n1 第14回会合の{heading}\n\n 日米両国は、協力を確認した。\n"
    release = parse(release_text(after=after), registry)
    assert release.statement_heading.text == f"1 第14回会合の{heading}"
    assert [s.span.text for s in release.sentences] == ["日米両国は、協力を確認した。"]


def test_rule_lead_participants(registry):
    after = ("本対話には、日本政府からは総務省のほか、外務省及び経済産業省が、米国政府からは国務省のほか、"
             "商務省等が参加しました。また、産業界からは日本経済団体連合会が参加しました。")
    release = parse(release_text(after=f" {after}\n"), registry)
    jp, us = release.attendance
    assert ([o.text for o in jp.organizations], jp.is_partial) == (
        ["総務省", "外務省", "経済産業省"], False)
    assert ([o.text for o in us.organizations], us.is_partial) == (["国務省", "商務省"], True)
    assert [o.text for o in release.private_sector] == ["日本経済団体連合会"]
    assert not release.private_sector_is_partial


def test_rule_welcomed_statement_names_the_private_sector(registry):
    after = ("\n1 第14回会合の共同声明内容\n\n 両国政府は、日本経済団体連合会及び在日米国商工会議所からの"
             "民間部門の代表が日米両国政府に対して提示した共同声明を歓迎した。\n")
    release = parse(release_text(after=after), registry)
    assert [o.text for o in release.private_sector] == ["日本経済団体連合会", "在日米国商工会議所"]


# --- documents that are not (whole) releases of the series ---------------------------------------
def test_a_text_with_no_part_lists_them_all_as_missing():
    release = parse_release("報道資料\n\nなにもない\n", "empty.txt", load_registry(PROJECT).vocabulary)
    assert release.missing == ["title", "published", "lead", "lead.dates", "lead.organizers",
                               "lead.place", "joint_statement", "attendees", "next_meeting",
                               "contact", "end_of_page", "lead.meeting_label"]


def test_a_release_cut_after_its_lead_reports_what_is_missing(registry):
    release = parse(release_text(), registry)
    assert release.number == 14
    assert release.missing == ["joint_statement", "attendees", "next_meeting", "contact", "end_of_page"]


@pytest.mark.parametrize("text", [
    "日EU・ICT政策対話(第28回)の結果\n\n令和6年3月1日\n\n 本日、総務省は会合を開催しました。\n",
    "総務省トップ > 広報・報道\n\n報道資料\n\n令和6年3月1日\n\n情報通信白書の公表\n",
    # a release that only mentions the dialogue reports no numbered meeting of it
    "報道資料\n\n令和3年5月27日\n\n日米グローバル・デジタル連結性パートナーシップ(GDCP)専門家レベル"
    "作業部会の開催結果\n\n 総務省と米国国務省は、「インターネットエコノミーに関する日米政策協力対話」の"
    "枠組みの下での議論を開始することに合意しました。\n",
    "",
])
def test_a_document_of_another_kind_is_refused(text, registry):
    with pytest.raises(BuildError, match="not a release of the U.S.-Japan dialogue series"):
        parse(text, registry)


def test_rule_series_judged_by_the_navigation_line_when_the_title_is_lost(registry):
    text = release_text().replace(f"\n{DDE}(第14回会合)の結果\n", "\n\n")
    release = parse(text, registry)
    assert release.title is None and "title" in release.missing


def test_a_title_naming_another_dialogue_is_refused(registry):
    title = "日米ICT政策対話(第2回会合)の結果"
    with pytest.raises(BuildError, match="names '日米ICT政策対話'"):
        parse(release_text(title=title, lead="本日開催しました。"), registry)


# --- rule lead: each fact on its own -------------------------------------------------------------
THIRD_LEAD = f"2012年3月6日及び7日の2日間、総務省と米国国務省は、東京にて、「{IED}」を開催しました。"


@pytest.mark.parametrize(("lead", "label"), [
    (THIRD_LEAD, None),  # as the 3rd meeting's release writes it: no label
    (f"2012年3月6日及び7日の2日間、総務省と米国国務省は、東京にて、第3回「{IED}」を開催しました。", 3),
    (f"2012年3月6日及び7日の2日間、総務省と米国国務省は、東京にて、「{IED}」(第3回局長級会合)を開催しました。", 3),
], ids=["no label", "label before the name", "label after the name"])
def test_rule_lead_facts_found_one_at_a_time(lead, label, registry):
    title = "インターネットエコノミー日米政策協力対話(第3回局長級会合)の結果"
    release = parse(release_text(title=title, date="平成24年3月23日", lead=lead), registry)
    assert (release.start_date, release.end_date) == (D(2012, 3, 6), D(2012, 3, 7))
    assert [o.text for o in release.organizers] == ["総務省", "米国国務省"]
    assert release.place.text == "東京"
    labels = [lb.number for lb in release.labels if lb.where == "the lead" and lb.number]
    assert labels == ([] if label is None else [label])
    assert ("lead.meeting_label" in release.missing) == (label is None)
    assert not [part for part in release.missing if part.startswith("lead.") and
                part != "lead.meeting_label"]
    assert_spans_located(release)


@pytest.mark.parametrize(("lead", "missing"), [
    (f"総務省と米国国務省は、東京にて、「{DDE}」(第14回会合)を開催しました。", ["lead.dates"]),
    (f"2024年2月6日、東京にて、「{DDE}」(第14回会合)を開催しました。", ["lead.organizers"]),
    (f"2024年2月6日、総務省と米国国務省は、「{DDE}」(第14回会合)を開催しました。", ["lead.place"]),
    ("2024年2月6日、総務省と米国国務省は、東京にて、会合を開催しました。", ["lead.meeting_label"]),
], ids=["no dates", "no organisers", "no place", "no label"])
def test_rule_lead_missing_lists_exactly_the_facts_not_found(lead, missing, registry):
    release = parse(release_text(lead=lead), registry)
    assert [part for part in release.missing if part.startswith("lead")] == missing


def test_rule_labels_agree_across_the_text(registry):
    from scripts.parse_release import check_labels

    text = release_text(after="\n1 第15回会合の共同声明内容\n\n 両国は、協力を継続することを決定した。\n")
    release = parse(text, registry)
    with pytest.raises(BuildError, match="the joint statement's heading names meeting 15, the "
                                         "title meeting 14"):
        check_labels(release, registry.dialogue_abbreviations())


@pytest.mark.parametrize(("numeral", "value"), [("14", 14), ("１４", 14), ("十四", 14),
                                                ("百十四", 114), ("二十", 20), ("十", 10),
                                                ("一四", 14), ("二〇二四", 2024), ("元", 1)])
def test_rule_numerals(numeral, value):
    from scripts.lib.japanese_dates import to_int

    assert to_int(numeral) == value


@pytest.mark.parametrize("numeral", ["十十", "1十", "\u0666", "百百", "十一十", "", "\U0001d7d4"])
def test_rule_numerals_refuses_what_is_not_one(numeral):
    from scripts.lib.japanese_dates import to_int

    with pytest.raises(ValueError, match="not a numeral"):
        to_int(numeral)
