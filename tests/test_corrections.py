"""Corrections from a line-by-line reading (issue 13, part 1), each against the source.

Every expected value here was read by a person: from the 14th meeting's release
(sources/soumu-01tsushin08_02000172.txt, spans counted in code points), from the pages
reference/dialogue-series.yaml quotes, or from the curators' notes there. None is a value the
code under test printed.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from scripts.lib.yamlio import load_yaml
from tests.conftest import ROOT, published_table

SOURCE = "soumu-01tsushin08-02000172"


load = published_table


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    return load("commitments").set_index("commitment_id")


def s(number: int) -> str:
    return f"meeting-014-s{number:03d}"


# --- is_commitment: a rule of its own ---------------------------------------------------------
def test_a_reaffirmed_commitment_to_act_is_a_commitment(sentences):
    # s014 「…四半期ごとの会合及びアドホックな集中会合を行うことに関する共通のコミットメントを再確認した。」
    row = sentences.loc[s(14)]
    assert row["text_ja"].endswith("集中会合を行うことに関する共通のコミットメントを再確認した。")
    assert (row["kind"], row["is_commitment"], row["commitment_rule"]) == (
        "reaffirmation", "true", "reaffirmed-commitment-to-act")
    # s001 and s007 reaffirm a commitment to values and a system (「…への共通のコミットメント」)
    for number in (1, 7):
        assert (sentences.loc[s(number), "is_commitment"],
                sentences.loc[s(number), "commitment_rule"]) == ("false", "no-pledge")
    # s008 「以下の分野で協力することで一致した」 introduces the sections
    assert sentences.loc[s(8), "commitment_rule"] == "umbrella"
    # the subjects この対話は (s002), グローバルCBPRフォーラムは (s020), この作業は (s022)
    assert list(sentences.loc[[s(2), s(20), s(22)], "commitment_rule"]) == ["other-subject"] * 3
    assert (sentences["is_commitment"] == "true").sum() == 16


def test_commitment_rules_apply_to_any_sentence():
    from scripts.code_statement import classify, commitment_rule
    from scripts.registry import load_registry
    from tests.conftest import PROJECT

    registry = load_registry(PROJECT)
    for text, expected in (
            ("両国は、架空の議題に関する共通のコミットメントを再確認した。", ("no-pledge", False)),
            ("両国は、会合を毎年開催することに関するコミットメントを再確認した。",
             ("reaffirmed-commitment-to-act", True)),
            ("この作業は、宣言の理解を深めることを目的としている。", ("other-subject", False)),
            ("両国は、架空の協力を継続する。", ("pledge-predicate", True))):
        actor, kind = classify(text, registry, "test.txt: sentence")
        assert commitment_rule(text, actor, kind, registry, "test.txt: sentence") == expected


# --- unofficial English renderings --------------------------------------------------------------
@pytest.mark.parametrize("number, reading", [
    # 「…貢献する原則としての信頼、そして法の支配の重要性」: the principles are trust and the rule of law
    (29, "the importance of trust and the rule of law as principles that contribute to"),
    (5, "exchange of information on critical individual cable systems"),  # 重要な
    (2, "to promote their responsible stewardship"),  # 責任ある管理
    (27, "the mitigation of DNS abuse"),  # 抑止
    # 「…特定のトピックに対応しつつ、四半期ごとの会合及びアドホックな集中会合を行う」: both kinds
    (14, "quarterly meetings and ad hoc intensive meetings through the GDCP, each addressing "
         "specific topics"),
])
def test_renderings_follow_the_japanese(sentences, number, reading):
    assert reading in sentences.loc[s(number), "text_en"]


def test_one_english_name_of_the_dde_marked_as_ours(sentences):
    meetings = load("meetings").set_index("number")
    name = "U.S.-Japan Dialogue on the Digital Economy"
    for number in ("14", "15"):
        assert meetings.loc[number, "dialogue_name_en"] == name
        assert "dialogue_name_en" in meetings.loc[number, "unconfirmed_fields"].split()
    assert f"14th {name} (DDE)" in sentences.loc[s(1), "text_en"]
    translations = (ROOT / "reference" / "translations-en.yaml").read_text(encoding="utf-8")
    assert "Japan-U.S. Dialogue on the Digital Economy" not in translations
    assert not sentences["text_en"].str.contains("Japan-U.S. Dialogue").any()


# --- forum mentions: one rule ------------------------------------------------------------------
@pytest.mark.parametrize("number, forum, mentions, name", [
    (23, "itu", "1", "国際電気通信連合"),  # 国際電気通信連合(ITU): one mention
    (13, "gdcp", "1", "グローバル・デジタル連結性パートナーシップ"),  # …(GDCP)
    (24, "igf", "1", "インターネット・ガバナンス・フォーラム"),  # …(IGF)
    (24, "apec", "1", "アジア太平洋経済協力"),  # …(APEC)
    (15, "hiroshima-ai-process", "2", "広島AIプロセス"),  # and 広島 AI プロセス包括的政策枠組み
    (19, "global-cbpr-forum", "2", "グローバルCBPRフォーラム"),  # named twice
    (22, "oecd", "5", "OECD"),  # OECD非加盟国 ×2, OECD外, OECDが提案, OECD加盟国
])
def test_a_name_and_its_bracketed_abbreviation_are_one_mention(number, forum, mentions, name):
    links = load("commitment_forums").set_index(["commitment_id", "forum_id"])
    assert (links.loc[(s(number), forum), "mentions"],
            links.loc[(s(number), forum), "name_as_written"]) == (mentions, name)


def test_the_abbreviation_rule_on_a_sentence_of_its_own():
    from scripts.code_statement import forum_mentions
    from scripts.parse_release import Span
    from scripts.registry import load_registry
    from tests.conftest import PROJECT

    text = "国際電気通信連合(ITU)において、ITUと協力する。"
    rows = forum_mentions("x", Span(100, 100 + len(text), text), load_registry(PROJECT))
    assert [(r["forum_id"], r["mentions"], r["char_start"]) for r in rows] == [("itu", 2, 100)]


# --- sources: the documents the release names --------------------------------------------------
def test_the_release_names_the_13th_statement_and_the_private_sector_statement(source_text):
    sources = load("sources").set_index("source_id")
    thirteenth = sources.loc["meeting-013-joint-statement"]
    # 「…(IED)第13回会合政府間共同声明(2023年3月16日発表)において、…と改称することが合意され」
    assert (thirteenth["kind"], thirteenth["published"], thirteenth["url"],
            thirteenth["named_in_source_id"], thirteenth["char_start"],
            thirteenth["char_end"]) == ("joint_statement", "2023-03-16", "", SOURCE, "4387", "4431")
    assert thirteenth["title_ja"] == "「インターネットエコノミーに関する日米政策協力対話」(IED)第13回会合政府間共同声明"
    private = sources.loc["meeting-014-private-sector-joint-statement"]
    naming = ("日本経済団体連合会、全米商工会議所及び在日米国商工会議所からの民間部門の代表が"
              "日米両国政府に対して提示した共同声明")
    assert (private["kind"], private["title_ja"], private["url"], private["published"],
            private["char_start"], private["char_end"]) == (
        "private_sector_statement", naming, "", "", "676", "733")
    assert source_text[676:733] == naming
    documents = load("commitment_documents")
    assert list(zip(documents["commitment_id"], documents["document_id"], strict=True)) == [
        (s(3), "meeting-014-private-sector-joint-statement")]
    # no source in the repository says which url holds the private-sector statement
    assert "keidanren-or-jp-en-policy-2024-016" not in set(documents["document_id"])


def test_release_dates_only_where_a_source_states_them():
    sources = load("sources").set_index("source_id")
    # 「…課長級会合を本日開催しました。」 and 「日 時: 平成22年7月30日(金)…」 (series.documents)
    assert sources.loc["soumu-02tsushin06-02000028", "published"] == "2010-07-30"
    # only the date of the working group it reports is known: the release's own is not stated
    assert sources.loc["soumu-01tsushin08-02000119", "published"] == ""


# --- organizations each sentence names ---------------------------------------------------------
def test_sentences_name_the_business_associations_and_the_ai_safety_institutes(source_text):
    links = load("commitment_organizations")
    got = {(r.commitment_id, r.organization_id, r.basis, r.name_as_written)
           for r in links.itertuples()}
    assert got == {
        (s(3), "jp-keidanren", "name", "日本経済団体連合会"),
        (s(3), "us-chamber-of-commerce", "name", "全米商工会議所"),
        (s(3), "jp-accj", "name", "在日米国商工会議所"),
        # 「新たに設立されるAIセーフティ・インスティテュート間の協力を推進する」: both institutes
        (s(18), "jp-aisi", "collective", "AIセーフティ・インスティテュート間"),
        (s(18), "us-doc-nist-aisi", "collective", "AIセーフティ・インスティテュート間")}
    assert source_text[2319:2337] == "AIセーフティ・インスティテュート間"
    organizations = set(load("organizations")["organization_id"])
    assert {"jp-aisi", "us-doc-nist-aisi"} <= organizations


# --- who held each meeting, and who took part ---------------------------------------------------
ORGANIZERS = {
    # meeting: the names as the cited text writes them (reference/dialogue-series.yaml)
    "meeting-003": {("jp-mic", "総務省"), ("us-dos", "国務省")},  # curators: "the two convening ministries"
    # "… was held … by the Ministry of Internal Affairs and Communications (MIC) and the U.S.
    # Department of State in Washington, D.C."
    "meeting-004": {("jp-mic", "Ministry of Internal Affairs and Communications (MIC)"),
                    ("us-dos", "U.S. Department of State")},
    "meeting-009": {("jp-mic", "総務省"), ("us-dos", "米国国務省")},  # 「総務省と米国国務省は、…開催しました」
    "meeting-011": {("jp-mic", "Ministry of Internal Affairs and Communications (MIC)"),
                    ("us-dos", "U.S. Department of State")},  # "… held the 11th …"
    "meeting-012": {("jp-mic", "総務省"), ("us-dos", "米国国務省")},
    "meeting-014": {("jp-mic", "総務省"), ("us-dos", "米国国務省")},
}


def test_meeting_organizers_wherever_the_cited_text_says_who_held_it():
    organizers = load("meeting_organizers")
    got = {}
    for row in organizers.itertuples():
        got.setdefault(row.meeting_id, set()).add((row.organization_id, row.name_as_written))
    assert got == ORGANIZERS
    fourteenth = organizers[organizers["meeting_id"] == "meeting-014"]
    assert list(zip(fourteenth["char_start"], fourteenth["char_end"], strict=True)) == [
        ("128", "131"), ("132", "137")]


def test_the_convening_ministries_are_not_members_unless_listed_as_participants():
    participants = load("participants")
    members = set(zip(participants["meeting_id"], participants["organization_id"], strict=True))
    assert not any(m in ("meeting-003", "meeting-012") for m, _ in members)
    # the 4th's participants are 'In addition to the MIC, … etc. participated': no U.S. body
    assert ("meeting-004", "us-dos") not in members and ("meeting-004", "jp-mic") in members
    # the 11th's participant sentences name neither MIC nor the State Department
    assert not {("meeting-011", "jp-mic"), ("meeting-011", "us-dos")} & members
    # the 9th's: 「日本政府からは総務省のほか、…、米国政府からは国務省のほか、…」
    assert {("meeting-009", "jp-mic"), ("meeting-009", "us-dos")} <= members


@pytest.mark.parametrize("meeting, role, delegation, partial", [
    ("meeting-007", "member", "JP", "true"),  # MIC's lists end with 等
    ("meeting-007", "member", "US", "true"),
    ("meeting-007", "private_sector", "", "false"),  # "… from Keidanren and the American Chamber"
    ("meeting-004", "member", "JP", "true"),  # "…, etc. participated"
    ("meeting-011", "member", "JP", "true"),  # "the participants … included …"
    ("meeting-011", "member", "US", "true"),  # "The U.S. participants included …"
    ("meeting-011", "private_sector", "", "false"),  # "… participated and submitted …"
    ("meeting-014", "private_sector", "", "false"),  # 「A、B及びCからの民間部門の代表」
    ("meeting-014", "member", "JP", "true"),  # 「…等の関係者」
    ("meeting-001", "member", "US", "false"),
])
def test_list_is_partial_per_list(meeting, role, delegation, partial):
    participants = load("participants")
    rows = participants[(participants["meeting_id"] == meeting) & (participants["role"] == role)
                        & (participants["delegation"] == delegation)]
    assert not rows.empty
    assert set(rows["list_is_partial"]) == {partial}


def test_each_name_cites_the_page_that_writes_it():
    participants = load("participants").set_index("participant_id")
    # フィリップ・バービーア is written by MIC's release of 2010-07-30 (「原口総務大臣とフィリップ・
    # バービーア米国国務省大使…」), not by the English statements the rows come from
    for meeting in ("meeting-001", "meeting-002"):
        head = participants.loc[f"{meeting}-head-us"]
        assert head["person_name_ja"] == "フィリップ・バービーア"
        assert head["person_name_ja_source_id"] == "soumu-02tsushin06-02000028"
        assert head["person_name_en_source_id"] == head["source_id"] != head[
            "person_name_ja_source_id"]
    # "Stephen Lang" rests on Communications Daily (reference/people.yaml, source_status secondary)
    lang = participants.loc["meeting-014-head-us"]
    assert (lang["person_name_en"], lang["unconfirmed_fields"]) == ("Stephen Lang",
                                                                    "person_name_en")
    assert lang["person_name_en_source_id"].startswith("communicationsdaily-com-article-2024-02-09")
    assert set(participants.drop("meeting-014-head-us")["unconfirmed_fields"]) == {""}


# --- meeting_sources of the held release ---------------------------------------------------------
def test_each_sentence_of_the_held_release_is_cited_once(source_text):
    evidence = load("meeting_sources")
    held = evidence[evidence["source_id"] == SOURCE]
    assert (held["quote"] != "").all()  # every row citing a held release quotes it
    for meeting, rows in held.groupby("meeting_id"):
        spans = list(zip(rows["char_start"], rows["char_end"], strict=True))
        assert len(spans) == len(set(spans)), meeting
        columns = [c for value in rows["meeting_columns"] for c in value.split()]
        assert len(columns) == len(set(columns)), meeting
    fourteenth = held[held["meeting_id"] == "meeting-014"].set_index("fields")
    lead = fourteenth.loc["status, start_date, end_date, city_ja, name_ja, organizers"]
    assert lead["quote"].startswith("2024年2月6日(火)及び7日(水)の2日間、総務省と米国国務省は")
    heads = fourteenth.loc["heads_of_delegation.jp, participating_organizations.jp"]
    assert heads["quote"].startswith("日本側:田原康生総務省国際戦略局長をはじめとして")
    assert (heads["char_start"], heads["char_end"]) == ("3955", "4038")
    us = fourteenth.loc["heads_of_delegation.us, participating_organizations.us"]
    assert (us["char_start"], us["char_end"]) == ("4039", "4160")
    private = fourteenth.loc["participating_organizations.private"]
    assert private["quote"] == "日本経済団体連合会、全米商工会議所及び在日米国商工会議所からの民間部門の代表"
    thirteenth = held[held["meeting_id"] == "meeting-013"].set_index("fields").loc[
        "press_releases[0].date, press_releases[0].url"]
    assert thirteenth["quote"] == source_text[4612:4725]


# --- notes in the table's own terms --------------------------------------------------------------
def test_meeting_notes_use_the_tables_column_names():
    meetings = load("meetings")
    columns = set(meetings.columns)
    for row in meetings.itertuples():
        assert "null" not in row.note, row.number
        names = set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", row.note))
        assert names <= columns, (row.number, names - columns)
    assert "dialogue_name_en is our unofficial rendering" in meetings.loc[
        meetings["number"] == "14", "note"].iloc[0]


# --- related events ------------------------------------------------------------------------------
def test_the_first_gdcp_working_group_with_its_date_marked_as_the_curators():
    events = load("related_events").set_index("event_id")
    first = events.loc["meeting-012-gdcp-working-group-20210527"]
    # meeting 12's evidence cites 02000119 as "MIC release on the GDCP working group of
    # 2021-05-27"; no quote states the date, so it is not confirmed
    assert (first["meeting_id"], first["kind"], first["date"], first["source_id"],
            first["unconfirmed_fields"], first["name_ja"]) == (
        "meeting-012", "gdcp_working_group", "2021-05-27", "soumu-01tsushin08-02000119", "date", "")
    assert set(events.drop("meeting-012-gdcp-working-group-20210527")["unconfirmed_fields"]) == {""}


# --- the data dictionary's examples come from the published rows ---------------------------------
def test_every_example_is_a_value_of_the_row_the_model_names():
    """datapackage.json and the data dictionary show, for every field, the value of the row
    model/tables.yaml names; no example is written by hand."""
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"] if r["format"] == "csv"}
    dictionary = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    for definition in load_yaml(ROOT / "model" / "tables.yaml")["tables"]:
        name, frame = definition["name"], load(definition["name"])
        shown = {f["name"]: f.get("example") for f in schemas[name]["fields"]}
        section = dictionary[dictionary.index(f"\n## {name}\n"):]
        for field in definition["fields"]:
            assert "example" not in field, (name, field["name"])  # never written by hand
            key = field.get("example_from") or definition["example_row"]
            match = frame[(frame[list(key)] == pd.Series(
                {k: str(v) for k, v in key.items()})).all(axis=1)]
            assert len(match) == 1, (name, key)  # the row named exists
            value = match.iloc[0][field["name"]]
            example = shown[field["name"]]
            if example is not None:  # as JSON: integers and booleans typed
                assert (str(example).lower() if isinstance(example, bool) else str(example)
                        ) == value, (name, field["name"])
            cell = value.replace("|", "\\|").replace("\n", " ")
            row = next(line for line in section.splitlines()
                       if line.startswith(f"| `{field['name']}` |"))
            assert row.endswith(f"| {cell} |"), (name, field["name"], row[-60:])


def test_the_examples_the_issue_found_wrong_now_agree_with_the_data(source_text):
    dictionary = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    organizers = dictionary[dictionary.index("## meeting_organizers"):]
    assert "| 132 |" in organizers.split("## ", 2)[1]  # 米国国務省 is at 132–137
    assert source_text[132:137] == "米国国務省"
    passages = dictionary[dictionary.index("## source_passages"):]
    assert "soumu-01tsushin08-02000172-next-meeting" in passages and "| 4166 |" in passages
