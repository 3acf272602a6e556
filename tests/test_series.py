"""The whole series in the tables: meetings 1-15 from reference/dialogue-series.yaml, every value
cited, merged with the 14th meeting's release; and the checks that stop a bad merge.

Expected values were read by a person from reference/dialogue-series.yaml (and, for the 14th
meeting, from the release), not produced by the code.
"""

from __future__ import annotations

import pandas as pd
import pytest

from scripts.lib.ids import source_id_from_url
from scripts.merge_series.meetings import CITED_COLUMNS
from tests.conftest import ROOT, run_build, snapshot_of

SERIES = "reference/dialogue-series.yaml"


def load(name: str) -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def meetings() -> pd.DataFrame:
    return load("meetings").set_index("number")


def test_meetings_one_row_per_meeting_1_to_15(meetings):
    assert list(meetings.index) == [str(n) for n in range(1, 16)]
    assert list(meetings["meeting_id"]) == [f"meeting-{n:03d}" for n in range(1, 16)]
    assert list(meetings["status"]) == ["held"] * 14 + ["planned"]
    assert list(meetings["dialogue_abbr"]) == ["IED"] * 13 + ["DDE"] * 2


# (number, start_date, end_date, city_ja, venue_ja, host_country, format) from the file
FACTS = [
    (1, "2010-11-01", "2010-11-01", "東京", "", "", ""),
    (2, "2011-06-09", "2011-06-10", "ワシントンD.C.", "", "", ""),
    (3, "2012-03-22", "2012-03-23", "東京", "", "", ""),
    (4, "2012-10-18", "2012-10-19", "ワシントンD.C.", "", "", ""),
    (5, "2014-03-12", "2014-03-13", "東京", "", "", ""),
    (6, "2014-09-16", "2014-09-17", "ワシントンD.C.", "", "", ""),
    (7, "2016-02-25", "2016-02-26", "東京", "三田共用会議所", "", ""),
    (8, "2017-09-21", "2017-09-22", "ワシントンD.C.", "", "", ""),
    (9, "2018-07-23", "2018-07-24", "ワシントンD.C.", "", "", ""),
    (10, "2019-10-10", "2019-10-11", "東京", "", "", ""),
    (11, "2020-09-17", "2020-09-18", "", "", "", ""),
    (12, "2021-11-11", "2021-11-12", "東京", "", "JP", "hybrid"),
    (13, "2023-03-06", "2023-03-07", "ワシントンD.C.", "", "US", "hybrid"),
    (14, "2024-02-06", "2024-02-07", "東京", "", "JP", "hybrid"),
    (15, "", "", "", "", "", ""),
]


@pytest.mark.parametrize("number, start, end, city, venue, host, fmt", FACTS)
def test_meeting_facts_as_the_reference_file_states_them(meetings, number, start, end, city,
                                                         venue, host, fmt):
    row = meetings.loc[str(number)]
    assert (row["start_date"], row["end_date"], row["city_ja"], row["venue_ja"],
            row["host_country"], row["format"]) == (start, end, city, venue, host, fmt)


def test_names_as_used_then(meetings):
    assert meetings.loc["1", "dialogue_name_ja"] == "インターネットエコノミーに関する日米政策協力"
    assert meetings.loc["2", "dialogue_name_ja"] == ""  # no Japanese government text cited
    assert meetings.loc["4", "dialogue_name_en_as_written"] == (
        "Japan-U.S. Policy Cooperation Dialogue on the Internet Economy")
    assert meetings.loc["1", "dialogue_name_en_as_written"] == (
        "U.S.-Japan Policy Cooperation Dialogue on the Internet Economy")
    assert meetings.loc["14", "dialogue_name_ja"] == "デジタルエコノミーに関する日米対話"
    assert meetings.loc["14", "dialogue_name_en_as_written"] == ""  # only Keidanren (secondary)
    assert meetings.loc["15", "dialogue_name_ja"] == ""


def test_us_dates_sessions_and_fiscal_years(meetings):
    assert (meetings.loc["12", "us_start_date"], meetings.loc["12", "us_end_date"]) == (
        "2021-11-10", "2021-11-11")
    assert meetings.loc["11", "us_start_date"] == ""  # only a third-party copy gives them
    assert (meetings.loc["5", "public_private_session"],
            meetings.loc["5", "government_session"]) == ("true", "")
    assert meetings.loc["1", "public_private_session"] == ""
    assert meetings.loc["3", "fiscal_year_jp"] == "2011"  # March 2012
    assert meetings.loc["15", "fiscal_year_jp"] == "2024"


def test_a_conflict_stays_visible(meetings):
    eleventh = meetings.loc["11"]
    assert eleventh["city_ja"] == "" and eleventh["host_country"] == ""
    assert eleventh["note"].startswith("Sources conflict. MIC's English release says")
    evidence = load("meeting_sources")
    conflict = evidence[(evidence["meeting_id"] == "meeting-011")
                        & (evidence["status"] == "conflict")]
    assert list(conflict["fields"]) == ["start_date, end_date, city_en"]


def test_values_resting_on_secondary_pages_are_marked(meetings):
    assert meetings.loc["13", "unconfirmed_fields"] == "city_ja host_country city_en country"  # the last two follow from city_ja
    assert "Dempa Shimbun" in meetings.loc["13", "note"]
    # the DDE's English name is our rendering (reference/dialogues.yaml: name_en_status inferred)
    assert list(meetings.loc[["14", "15"], "unconfirmed_fields"]) == ["dialogue_name_en"] * 2
    assert set(meetings.drop(["13", "14", "15"])["unconfirmed_fields"]) == {""}


def test_every_non_empty_value_is_cited(meetings):
    evidence = load("meeting_sources")
    for number, row in meetings.iterrows():
        cited = evidence[evidence["meeting_id"] == row["meeting_id"]]
        columns = list(CITED_COLUMNS) + ([] if row["start_date"] else ["fiscal_year_jp"])
        for column in columns:
            if row[column] == "":
                continue
            support = cited[cited["meeting_columns"].str.split().map(lambda c, k=column: k in c)]
            assert not support.empty, (number, column)
            assert set(support["status"]) - {"secondary"} or column in row[
                "unconfirmed_fields"].split(), (number, column)


def test_meeting_sources_quotes_and_spans(source_text):
    evidence = load("meeting_sources")
    assert set(evidence["status"]) == {"confirmed", "secondary", "conflict", "inferred"}
    twelfth = evidence[(evidence["meeting_id"] == "meeting-012")
                       & (evidence["fields"] == "start_date, end_date, us_time_start_date, "
                          "us_time_end_date, format, host_country")].iloc[0]
    assert twelfth["quote"].startswith("日本時間で2021年11月11日、12日(米国時間2021年11月10日、11日)")
    assert twelfth["meeting_columns"] == (
        "start_date status end_date us_start_date us_end_date format host_country")
    located = evidence[evidence["char_start"] != ""]
    assert set(located["source_id"]) == {"soumu-01tsushin08-02000172"}
    for row in located.itertuples():
        assert source_text[int(row.char_start):int(row.char_end)] == row.quote
    assert "2024年度中を目処に開催する予定です。" in set(
        evidence.loc[evidence["meeting_id"] == "meeting-015", "quote"])


@pytest.mark.parametrize("url, expected", [
    ("https://www.soumu.go.jp/menu_news/s-news/01tsushin08_02000149.html",
     "soumu-01tsushin08-02000149"),
    ("http://www.soumu.go.jp/menu_news/s-news/01tsushin06_02000030.html",
     "soumu-01tsushin06-02000030"),
    ("https://japan2.usembassy.gov/e/p/2010/tp-20101101-78.html",
     "japan2-usembassy-gov-e-p-2010-tp-20101101-78"),
    ("https://2009-2017.state.gov/r/pa/prs/ps/2011/06/165935.htm",
     "web-2009-2017-state-gov-r-pa-prs-ps-2011-06-165935"),
    ("http://www.keidanren.or.jp/en/policy/2024/016.html?v=p", "keidanren-or-jp-en-policy-2024-016"),
    ("https://www.soumu.go.jp/johotsusintokei/whitepaper/ja/r05/html/nd258610.html",
     "soumu-go-jp-johotsusintokei-whitepaper-ja-r05-html-nd258610"),
])
def test_source_ids_derive_from_urls(url, expected):
    assert source_id_from_url(url) == expected


def test_sources_gain_the_documents_the_file_cites():
    sources = load("sources").set_index("source_id")
    embassy = sources.loc["japan2-usembassy-gov-e-p-2010-tp-20101101-78"]
    assert (embassy["kind"], embassy["publisher_name"], embassy["published"],
            embassy["language"], embassy["path"]) == (
        "joint_statement", "U.S. Embassy Tokyo", "2010-11-01", "en", "")
    assert embassy["url"] == "https://japan2.usembassy.gov/e/p/2010/tp-20101101-78.html"
    state = sources.loc["web-2009-2017-state-gov-r-pa-prs-ps-2011-06-165935"]
    assert (state["publisher_organization_id"], state["published"]) == ("us-dos", "2011-06-11")
    ninth = sources.loc["soumu-01tsushin08-02000101"]
    assert (ninth["kind"], ninth["publisher_organization_id"], ninth["published"]) == (
        "press_release", "jp-mic", "2018-07-27")
    copy = sources.loc[source_id_from_url(
        "https://its.network/joint-press-statement-on-the-11th-u-s-japan-policy-cooperation-"
        "dialogue-on-the-internet-economy/")]
    assert (copy["kind"], copy["publisher_name"]) == ("web_page", "its.network")
    assert sources.loc["soumu-go-jp-johotsusintokei-whitepaper-ja-r05-html-nd258610",
                       "kind"] == "white_paper"
    held = sources[sources["path"] != ""]
    assert list(held.index) == ["soumu-01tsushin08-02000172"]


def test_earlier_participants_as_the_file_lists_them():
    participants = load("participants")
    participants = participants.sort_values(["meeting_id", "list_position"],
                                            key=lambda c: c.str.zfill(3))
    second = participants[participants["meeting_id"] == "meeting-002"]
    members = second[second["role"] == "member"]
    assert list(zip(members["delegation"], members["name_as_written"], members["organization_id"],
                    strict=True)) == [
        ("JP", "Ministry of Internal Affairs and Communications (MIC)", "jp-mic"),
        ("JP", "Ministry of Foreign Affairs", "jp-mofa"),
        ("JP", "Ministry of Economy, Trade and Industry", "jp-meti"),
        ("JP", "National Institute of Information and Communications Technology", "jp-nict"),
        ("US", "Department of State", "us-dos"),
        ("US", "Federal Communications Commission", "us-fcc"),
        ("US", "Department of Commerce’s National Institute of Standards and Technology",
         "us-doc-nist"),
        ("US", "National Telecommunications and Information Administration", "us-doc-ntia"),
        ("US", "Office of the U.S. Trade Representative", "us-ustr"),
        ("US", "National Science Foundation", "us-nsf"),
        ("US", "Department of Homeland Security", "us-dhs"),
    ]
    heads = second[second["role"] == "head_of_delegation"].set_index("delegation")
    assert heads.loc["JP", "person_name_en"] == "Hajime Tonegawa"
    assert heads.loc["JP", "organization_id"] == "jp-mic-global-ict-strategy-bureau"
    assert (heads.loc["US", "person_name_ja"], heads.loc["US", "person_name_en"],
            heads.loc["US", "title_en"], heads.loc["US", "organization_id"]) == (
        "フィリップ・バービーア", "Philip Verveer", "Ambassador", "")
    fourth = participants[participants["meeting_id"] == "meeting-004"]
    assert "IT Policy Office of Cabinet Secretariat" in set(fourth["name_as_written"])
    assert set(fourth["list_is_partial"]) == {"true"}
    seventh = participants[(participants["meeting_id"] == "meeting-007")
                           & (participants["role"] == "private_sector")]
    assert list(seventh["name_as_written"]) == ["Keidanren", "American Chamber of Commerce in Japan"]
    assert set(seventh["source_id"]) == {"japan2-usembassy-gov-e-p-2016-tp-20160302-01"}
    # meetings 3 and 12: the cited texts name only the two ministries that held them
    assert set(participants["meeting_id"]) == {f"meeting-{n:03d}" for n in
                                               (1, 2, 4, 6, 7, 8, 9, 10, 11, 14)}


def test_new_bodies_join_the_organizations_with_their_parents():
    organizations = load("organizations").set_index("organization_id")
    for body, parent in (("jp-cas-nisc", "jp-cas"), ("jp-nict", ""), ("us-doc-nist", "us-doc"),
                         ("us-nsf", ""), ("us-ustr", ""), ("us-usaid", ""), ("us-dhs", ""),
                         ("jp-cas-it-policy-office", "jp-cas")):
        assert organizations.loc[body, "parent_organization_id"] == parent, body
    assert "jp-mlit" not in organizations.index  # named only by a secondary page


def test_related_events_do_not_break_the_numbering():
    events = load("related_events").set_index("event_id")
    assert list(zip(events["meeting_id"], events["date"], strict=True)) == [
        ("meeting-001", "2010-07-30"), ("meeting-006", ""), ("meeting-010", "2019-10-09"),
        ("meeting-012", "2021-05-27"), ("meeting-012", "2021-10-19")]
    assert events.loc["meeting-012-gdcp-working-group-20211019", "name_ja"] == (
        "第2回グローバル・デジタル連結性パートナーシップ(GDCP)専門家レベル作業部会")
    assert len(load("meetings")) == 15


# --- the build's checks ---------------------------------------------------------------------------
HELD_URL = "https://www.soumu.go.jp/menu_news/s-news/01tsushin08_02000172.html"


def edit_series(root, old: str, new: str) -> None:
    path = root / SERIES
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("old, new, message", [
    ("\n  start_date: '2024-02-06'\n", "\n  start_date: '2024-02-05'\n",
     "meeting 14: start_date is 2024-02-05 here but 2024-02-06 in its release"),
    ("  host_country_inferred: JP\n  format: null\n  sessions: null\n  press_releases:\n"
     "  - publisher: U.S. Embassy Tokyo", "  host_country_inferred: JP\n  format: virtual\n"
     "  sessions: null\n  press_releases:\n  - publisher: U.S. Embassy Tokyo",
     "meeting 1: format 'virtual' is not supported by any evidence"),
    ("      インターネットエコノミーに関する日米政策協力対話(第13回会合)の結果(令和5年3月16日)\n",
     "      インターネットエコノミーに関する日米政策協力対話(第13回会合)の結果(令和5年3月17日)\n",
     "the quote is not in the held text of soumu-01tsushin08-02000172"),
    # the held release's url with a query names the held release: its quote is checked, and
    # the two ways of writing its url disagree
    (f"    url: {HELD_URL}\n    quote: |-\n      インターネットエコノミーに関する日米政策協力対話(第13回会合)"
     "の結果(令和5年3月16日)\n", f"    url: {HELD_URL}?print\n    quote: |-\n"
     "      インターネットエコノミーに関する日米政策協力対話(第13回会合)の結果 捏造(令和5年3月16日)\n",
     "the quote is not in the held text of soumu-01tsushin08-02000172"),
    (f"    url: {HELD_URL}\n    quote: |-\n      インターネットエコノミーに関する", f"    url: "
     f"{HELD_URL}#top\n    quote: |-\n      インターネットエコノミーに関する",
     f"'{HELD_URL}#top' names the held release soumu-01tsushin08-02000172, written "
     "otherwise than its record writes it"),
])
def test_the_build_stops_on_a_disagreement(repo, capsys, old, new, message):
    before = snapshot_of(repo)
    edit_series(repo, old, new)
    assert run_build(repo) == 2
    assert message in capsys.readouterr().err
    assert snapshot_of(repo) == before


def test_a_secondary_only_value_needs_a_note(repo, capsys):
    note = ("  note: The quoted MIC white-paper text states the dates, the hybrid format and the "
            "two kinds of session.")
    path = repo / SERIES
    text = path.read_text(encoding="utf-8")
    start = text.index(note)
    path.write_text(text[:start] + "  note: null" + text[text.index("\n", start):],
                    encoding="utf-8")
    assert run_build(repo) == 2
    assert "meeting 13: city_ja rests only on secondary" in capsys.readouterr().err


def test_a_quote_of_both_times_cited_for_the_us_days_alone(repo):
    """One sentence states the Japan and the U.S. days (日本時間で2021年11月11日、12日(米国時間
    2021年11月10日、11日)): cited for the U.S. days only, the Japanese ones next to them are not
    days the U.S. period leaves out."""
    path = repo / SERIES
    text = path.read_text(encoding="utf-8")
    old = "  - field: start_date, end_date, us_time_start_date, us_time_end_date"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "  - field: us_time_start_date, us_time_end_date"),
                    encoding="utf-8")
    assert run_build(repo) == 0


def test_a_lead_that_reports_another_event_the_series_file_holds(repo):
    """The 12th meeting's real lead says a GDCP working group was held before it; a lead
    saying so is read once the series file holds the event with a quote of that sentence."""
    from tests.conftest import RELEASE, rewrite_release
    from tests.test_failures_text import EVENT

    text = (repo / RELEASE).read_text(encoding="utf-8")
    rewrite_release(repo, text.replace("(第14回会合)を開催しました。\n",
                                       "(第14回会合)を開催しました。" + EVENT + "\n", 1))
    url = "https://www.soumu.go.jp/menu_news/s-news/01tsushin08_02000172.html"
    path = repo / SERIES
    series = path.read_text(encoding="utf-8")
    start = series.index("- number: 14\n")
    note = series.index("  note: First meeting under the name", start)
    evidence = series.index("  evidence:\n", note) + len("  evidence:\n")
    series = (series[:note] + "  related_events:\n  - date: '2024-01-10'\n    kind: "
              "gdcp_working_group\n    name_ja: 第8回グローバル・デジタル連結性パートナーシップ(GDCP)"
              "専門家レベル作業部会\n    description: 8th GDCP expert-level working group (a test's "
              f"fiction).\n    url: {url}\n" + series[note:evidence]
              + f"  - field: related_events[0]\n    url: {url}\n    quote: 第14回会合の開催に向けて"
              "1月10日、第8回グローバル・デジタル連結性パートナーシップ(GDCP)専門家レベル作業部会を開催し\n"
              "    status: confirmed\n" + series[evidence:])
    path.write_text(series, encoding="utf-8")
    assert run_build(repo) == 0
    events = pd.read_csv(repo / "data" / "related_events.csv", dtype=str, keep_default_na=False)
    assert "meeting-014-gdcp-working-group-20240110" in set(events["event_id"])
