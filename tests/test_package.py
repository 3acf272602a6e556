"""The published package: fresh, valid, loadable, and saying what the release says.

Expected values here were read from the release text by a person
(sources/soumu-01tsushin08_02000172.txt), not produced by the code.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.conftest import MODEL, PROJECT, ROOT, validate

TABLE_NAMES = [t.name for t in MODEL.tables]
SOURCE_ID = "soumu-01tsushin08-02000172"


def load(name: str) -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / f"{name}.csv", dtype=str, keep_default_na=False)


def test_committed_files_equal_a_fresh_build(fresh_build):
    """What `python -m scripts check-fresh` compares (its command is run by test_release)."""
    from scripts.build import differences
    from scripts.docs import stale

    assert differences(fresh_build, ROOT) + stale(PROJECT, fresh_build) == []


def test_published_package_passes_full_validation():
    report = validate(ROOT)
    assert report.ok, report.problems


def test_frictionless_cli_validates_the_package():
    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run([str(frictionless), "validate", "datapackage.json"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_every_published_file_is_a_resource():
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in descriptor["resources"]}
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "data").iterdir()}
    assert paths == on_disk
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    for resource in descriptor["resources"]:
        assert resource["hash"].startswith("sha256:")
        if resource["type"] == "table":
            assert resource["schema"]["primaryKey"] and resource["format"] == "csv"
        else:  # Parquet, workbook, database (test_formats checks them), Datasette metadata
            assert resource["type"] == "file" and "schema" not in resource
            assert resource["format"] in ("parquet", "xlsx", "sqlite", "json")
            assert resource["bytes"] == (ROOT / resource["path"]).stat().st_size


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_csv_layout(name):
    data = (ROOT / "data" / f"{name}.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    assert data.endswith(b"\n")
    table = MODEL.table(name)
    frame = load(name)
    assert list(frame.columns) == table.field_names
    integers = {f["name"] for f in table.fields if f["type"] == "integer"}
    keys = [tuple(int(v) if k in integers else v for k, v in zip(table.primary_key, row,
                                                                strict=True))
            for row in frame[table.primary_key].itertuples(index=False)]
    assert keys == sorted(keys)


@functools.cache
def frictionless_package():
    """Opened once: frictionless checks the whole descriptor on opening (a quarter of a
    second), the same for every table."""
    from frictionless import Package

    return Package(str(ROOT / "datapackage.json"))


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_every_tool_loads_the_same_rows(name):
    table = MODEL.table(name)
    csv = pd.read_csv(ROOT / "data" / f"{name}.csv", dtype=str, keep_default_na=False)
    parquet = pd.read_parquet(ROOT / "data" / f"{name}.parquet", dtype_backend="pyarrow")
    con = duckdb.connect()
    duck_csv = con.sql(f"select * from read_csv('{ROOT}/data/{name}.csv', header=true, "
                       "all_varchar=true)").fetchall()
    duck_parquet = con.sql(f"select * from '{ROOT}/data/{name}.parquet'").fetchall()
    via_frictionless = frictionless_package().get_resource(name).to_pandas()
    key = table.primary_key[0]
    expected = list(csv[key])
    assert list(parquet[key].astype(str)) == expected
    position = table.field_names.index(key)
    assert [row[position] for row in duck_csv] == expected
    assert [row[position] for row in duck_parquet] == expected
    frictionless_keys = (list(via_frictionless.index.get_level_values(key))
                         if key in via_frictionless.index.names else list(via_frictionless[key]))
    assert frictionless_keys == expected


def test_no_cell_is_a_spreadsheet_formula():
    for name in TABLE_NAMES:
        frame = load(name)
        for column in frame.columns:
            risky = frame[column][frame[column].str.match(r"^[=+\-@]")]
            assert risky.empty, (name, column, list(risky))


# --- what the release says --------------------------------------------------------------------
def test_meetings_as_the_release_states_them():
    meetings = load("meetings").set_index("number")
    fourteenth = meetings.loc["14"]
    assert fourteenth["start_date"] == "2024-02-06"
    assert fourteenth["end_date"] == "2024-02-07"
    assert fourteenth["city_ja"] == "東京"
    assert fourteenth["format"] == "hybrid"
    assert fourteenth["host_country"] == "JP"
    assert fourteenth["dialogue_abbr"] == "DDE"
    assert fourteenth["fiscal_year_jp"] == "2023"
    assert fourteenth["public_private_session"] == "true"
    assert fourteenth["government_session"] == "true"
    assert meetings.loc["13", "dialogue_name_ja"] == "インターネットエコノミーに関する日米政策協力対話"
    assert meetings.loc["13", "dialogue_abbr"] == "IED"
    assert meetings.loc["15", "status"] == "planned"
    assert meetings.loc["15", "fiscal_year_jp"] == "2024"
    assert meetings.loc["15", "start_date"] == ""


def test_sources_as_the_release_names_them():
    sources = load("sources").set_index("source_id")
    assert sources.loc[SOURCE_ID, "published"] == "2024-02-27"
    assert sources.loc[SOURCE_ID, "path"] == "sources/soumu-01tsushin08_02000172.txt"
    thirteenth = sources.loc["soumu-01tsushin08-02000149"]
    assert thirteenth["published"] == "2023-03-16"
    assert thirteenth["url"] == "https://www.soumu.go.jp/menu_news/s-news/01tsushin08_02000149.html"
    assert thirteenth["path"] == ""
    # the release's own annexes, its PDFs (it also names the 13th meeting's statement)
    statements = sources[(sources["kind"] == "joint_statement")
                         & (sources["named_in_source_id"] == SOURCE_ID)
                         & (sources["media_type"] == "application/pdf")]
    assert sorted(statements["language"]) == ["en", "ja"]
    assert set(statements["published"]) == {"2024-02-27"}
    assert set(statements["title_ja"]) == {"政府間共同声明(和文)", "政府間共同声明(英文)"}


def test_participants_as_the_release_lists_them():
    participants = load("participants")
    # the 14th meeting's rows; earlier meetings' come from the reference file (test_series.py)
    participants = participants[participants["meeting_id"] == "meeting-014"]
    participants = participants.sort_values("list_position", key=lambda c: c.astype(int))
    organizations = load("organizations").set_index("organization_id")
    heads = participants[participants["role"] == "head_of_delegation"].set_index("delegation")
    assert heads.loc["JP", "person_name_ja"] == "田原康生"
    assert heads.loc["JP", "title_ja"] == "総務省国際戦略局長"
    assert heads.loc["JP", "person_name_en"] == ""  # no source gives its English spelling
    assert heads.loc["US", "person_name_ja"] == "ステファン・ラング"
    assert heads.loc["US", "person_name_en"] == "Stephen Lang"
    assert heads.loc["US", "title_ja"] == "国務省サイバースペース・デジタル政策局次官補代理(情報通信政策担当)"

    def names(delegation: str, role: str) -> list[str]:
        rows = participants[(participants["delegation"] == delegation)
                            & (participants["role"] == role)]
        return [organizations.loc[o, "name_ja"] for o in rows["organization_id"]]

    assert names("JP", "member") == ["総務省", "個人情報保護委員会", "デジタル庁", "外務省",
                                     "経済産業省", "国際協力銀行", "海外通信・放送・郵便事業支援機構"]
    assert names("US", "member") == ["国務省", "国家電気通信情報庁", "国際貿易局", "連邦通信委員会",
                                     "連邦取引委員会", "国防総省", "輸出入銀行", "国際開発金融公社"]
    assert names("", "private_sector") == ["日本経済団体連合会", "全米商工会議所",
                                           "在日米国商工会議所"]
    members = participants[participants["role"] == "member"]
    assert set(members["list_is_partial"]) == {"true"}
    commerce = organizations.loc["us-doc-ntia", "parent_organization_id"]
    assert organizations.loc[commerce, "name_ja"] == "商務省"


def test_contacts_as_published():
    contacts = load("contacts")
    assert list(zip(contacts["person_name_ja"], contacts["position_ja"], strict=True)) == [
        ("平木", "補佐"), ("大内", "係長"), ("笹井", "官")]
    assert set(contacts["phone_as_published"]) == {"03-5253-5928"}
    assert set(contacts["phone"]) == {"tel:+81-3-5253-5928"}
    division = load("organizations").set_index("organization_id").loc[
        contacts["organization_id"].iloc[0]]
    assert division["name_ja"] == "国際経済課"


# Read by a person from the joint statement: (kind, is_commitment, actor) of each sentence.
CLASSIFICATION = [
    ("reaffirmation", False, "both"), ("context", False, "other"), ("welcome", False, "both"),
    ("recognition", False, "both"), ("reaffirmation", False, "both"),
    ("recognition", False, "both"), ("reaffirmation", False, "both"),
    ("agreement", False, "both"),
    # (1) 5G
    ("commitment", True, "both"), ("commitment", True, "both"), ("emphasis", False, "both"),
    ("recognition", False, "both"),
    # (2) GDCP: s014 reaffirms a commitment to hold quarterly and ad hoc meetings, an action
    ("commitment", True, "both"), ("reaffirmation", True, "both"),
    # (3) AI
    ("commitment", True, "both"), ("commitment", True, "both"), ("commitment", True, "both"),
    ("commitment", True, "both"),
    # (4) CBPR
    ("commitment", True, "both"), ("context", False, "other"),
    # (5) government access
    ("commitment", True, "both"), ("context", False, "other"),
    # (6)-(8)
    ("commitment", True, "both"), ("commitment", True, "both"), ("commitment", True, "both"),
    ("commitment", True, "both"), ("commitment", True, "both"),
    # (9)
    ("commitment", True, "both"), ("recognition", False, "both"),
]


def test_joint_statement_sentences(source_text):
    commitments = load("commitments")
    assert len(commitments) == 29
    assert list(commitments["position"]) == [str(n) for n in range(1, 30)]
    for row in commitments.itertuples():
        assert source_text[int(row.char_start):int(row.char_end)] == row.text_ja
        assert row.text_ja.endswith("。")
    assert commitments.iloc[0]["text_ja"].startswith("日米両国は、2024年2月6日、7日にハイブリッド形式")
    one = "さらに、第三国におけるOpen RANプロジェクト(テストベッド、パイロット又は概念実証プロジェクトを含む。)を共同で支援する。"
    assert one in set(commitments["text_ja"])
    got = list(zip(commitments["kind"], commitments["is_commitment"] == "true",
                   commitments["actor"], strict=True))
    assert got == CLASSIFICATION
    sections = commitments[commitments["part"] == "section"]
    assert sorted(set(sections["section_number"].astype(int))) == list(range(1, 10))
    assert set(commitments.loc[commitments["part"] != "section", "section_number"]) == {""}
    assert set(commitments.loc[commitments["section_number"] == "3", "section_title_ja"]) == {
        "AIガバナンス"}


def test_international_cooperation_sentence_names_its_forums():
    links = load("commitment_forums")
    commitments = load("commitments")
    sentence = commitments[commitments["text_ja"].str.startswith("日本及び米国は、国際連合")]
    named = set(links.loc[links["commitment_id"] == sentence["commitment_id"].iloc[0],
                          "forum_id"])
    forums = load("forums").set_index("forum_id")
    abbreviations = {forums.loc[f, "abbreviation"] or forums.loc[f, "name_ja"] for f in named}
    assert abbreviations == {"UN", "ITU", "OECD", "GPAI", "CAI", "APEC", "G7", "G20", "IGF",
                             "日米豪印", "IPEF", "GCOT"}


def test_every_text_value_is_located(source_text):
    for name, column in (("meeting_organizers", "name_as_written"),
                         ("commitment_forums", "name_as_written"),
                         ("commitment_organizations", "name_as_written"),
                         ("commitment_documents", "name_as_written"),
                         ("commitment_topics", "matched_text"),
                         ("time_expressions", "text_ja"), ("topics", "name_ja"),
                         ("source_passages", "text_ja")):
        rows = [r for r in load(name).to_dict("records") if r["char_start"] != ""]
        assert rows, name
        for row in rows:
            assert source_text[int(row["char_start"]):int(row["char_end"])] == row[column]


@pytest.mark.parametrize("written", ["03-5253-5928", "03(5253)5928", "(03)5253-5928",
                                     "０３－５２５３－５９２８"])
def test_a_phone_number_in_each_written_form_is_the_same_tel_uri(written):
    """The forms Japanese pages write one number in; read by hand: +81, then 3-5253-5928."""
    from scripts.lib.phones import rfc3966

    japan = {"code": "JP", "trunk_prefix": "0", "calling_code": "81",
             "number_lengths": [{"prefix": "0", "digits": 10}]}
    assert rfc3966(written, japan, "release.txt", "contact") == "tel:+81-3-5253-5928"


@pytest.mark.parametrize("written, uri", [("090-1234-5678", "tel:+81-90-1234-5678"),
                                         ("0120-123-456", "tel:+81-120-123-456"),
                                         ("0800-123-4567", "tel:+81-800-123-4567"),
                                         ("050-1234-5678", "tel:+81-50-1234-5678")])
def test_a_number_of_each_length_japan_s_numbering_gives(written, uri):
    """Read by hand from Japan's numbering: 10 digits, 11 for mobile, 050 and 0800 numbers
    (reference/countries.yaml as the build reads it)."""
    from scripts.lib.phones import rfc3966
    from scripts.registry import load_registry

    japan = load_registry(PROJECT).countries["JP"]
    assert rfc3966(written, japan, "release.txt", "contact") == uri


def test_no_published_column_is_empty_in_every_row():
    """A column with no value in any row is a stage that stopped computing it (the build
    cannot tell: a synthetic corpus legitimately leaves optional fields unset); the real
    package has a value in every column of every table."""
    empty = [f"{name}.{column}" for name in TABLE_NAMES
             for column, values in load(name).items() if (values == "").all()]
    assert empty == []


def test_the_version_says_whether_the_files_are_a_release():
    """While CHANGELOG.md lists changes under Unreleased, the files are not the release their
    number names: datapackage.json carries X.Y.Z+unreleased (CITATION.cff keeps citing X.Y.Z,
    the release)."""
    import re

    import yaml

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    waiting = re.search(r"^## \[Unreleased\]\n(.*?)^## \[", changelog, re.M | re.S).group(1)
    number = yaml.safe_load((ROOT / "model" / "package.yaml").read_text(encoding="utf-8"))[
        "version"]
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == number + ("+unreleased" if waiting.strip() else "")
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["version"] == number


def test_git_converts_no_line_end_of_a_published_file():
    """A clone made with Git for Windows' default (core.autocrlf) would turn the CSVs' and the
    release texts' LF into CRLF, and every sha256 the package states would fail:
    .gitattributes unsets `text` for every file."""
    names = ["data/meetings.csv", "sources/soumu-01tsushin08_02000172.txt", "datapackage.json",
             "schemas/meetings.json", "docs/dataset.jsonld"]
    result = subprocess.run(["git", "check-attr", "text", "--", *names], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == [f"{name}: text: unset" for name in names]
