"""`python -m scripts inspect FILE` prints what the parser reads from any release of the series.

Expected values were read from the texts by a person. The synthetic headers below are made up
for these tests (they are not releases of real meetings); each combines phrasings that the
fixtures README lists but no fixture shows.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import RELEASE, ROOT, run_cli

FIXTURES = ROOT / "tests" / "fixtures" / "releases"
IED = "インターネットエコノミーに関する日米政策協力対話"
SHORT = "インターネットエコノミー日米政策協力対話"


def inspect(path, capsys) -> dict:
    assert run_cli("inspect", path) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def header(title: str, date: str, lead: str, publisher: str | None = None) -> str:
    lines = [f"総務省トップ > 広報・報道 > 報道資料一覧 > {title}", "", "報道資料", "", date, ""]
    lines += [publisher, ""] if publisher else []
    return "\n".join([*lines, title, "", f" {lead}", ""])


def test_the_command_prints_json():
    result = subprocess.run(
        [sys.executable, "-m", "scripts", "inspect",
         str(FIXTURES / "meeting-09-soumu-01tsushin08_02000101.txt")],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["number"], report["published"], report["start_date"], report["end_date"]) == (
        9, "2018-07-27", "2018-07-23", "2018-07-24")


def test_ninth_meeting_cut_short(capsys):
    report = inspect(FIXTURES / "meeting-09-soumu-01tsushin08_02000101.txt", capsys)
    assert report["dialogue_name_ja"] == IED
    assert (report["city_ja"], report["city_en"], report["venue_ja"]) == (
        "ワシントンD.C.", "Washington, D.C.", None)
    assert report["organizers"] == [{"name_ja": "総務省", "organization_id": "jp-mic"},
                                    {"name_ja": "米国国務省", "organization_id": "us-dos"}]
    assert report["sections"] == ["published", "title", "lead", "joint_statement"]
    assert report["missing"] == ["next_meeting", "contact", "end_of_page"]
    assert report["participants"][1] == {"delegation": "US", "head": None,
                                         "organizations": ["国務省", "商務省", "連邦通信委員会"],
                                         "list_is_partial": True}


def test_fourteenth_meeting_in_full(capsys):
    report = inspect(ROOT / RELEASE, capsys)
    assert (report["number"], report["dialogue_name_ja"], report["dialogue_abbr"]) == (
        14, "デジタルエコノミーに関する日米対話", "DDE")
    assert (report["published"], report["start_date"], report["end_date"]) == (
        "2024-02-27", "2024-02-06", "2024-02-07")
    assert [o["organization_id"] for o in report["organizers"]] == ["jp-mic", "us-dos"]
    assert report["sections"] == ["published", "title", "lead", "joint_statement", "attendees",
                                  "next_meeting", "annexes", "background", "related_releases",
                                  "contact"]
    assert [s["title"] for s in report["statement_sections"]][2] == "AIガバナンス"
    assert report["statement_sentences"] == 29
    assert report["next_meeting_fiscal_year"] == 2024
    assert report["missing"] == [] and report["unknown"] == []


def test_names_are_looked_up_in_the_reference_data(tmp_path, capsys):
    """What inspect adds to the parser's reading (the rules are tested in
    test_series_parser.py): the dialogue's abbreviation for a variant of its name, the city's
    English name and the venue, the organisers' ids for either spelling of the State
    Department."""
    lead = (f"12月11日及び12日の2日間、総務省と国務省は、東京三田共用会議所において、"
            f"「{IED}」(第十一回局長級会合)を開催しました。")
    path = tmp_path / "variant.txt"
    path.write_text(header(f"{SHORT}(第十一回局長級会合)の結果", "令和元年12月20日", lead),
                    encoding="utf-8")
    report = inspect(path, capsys)
    assert (report["dialogue_name_ja"], report["dialogue_abbr"]) == (SHORT, "IED")
    assert (report["place_ja"], report["city_ja"], report["city_en"], report["venue_ja"]) == (
        "東京三田共用会議所", "東京", "Tokyo", "三田共用会議所")
    assert report["organizers"] == [{"name_ja": "総務省", "organization_id": "jp-mic"},
                                    {"name_ja": "国務省", "organization_id": "us-dos"}]
    assert report["unknown"] == []


def test_names_the_reference_data_does_not_hold_are_reported(tmp_path, capsys):
    lead = f"3月5日、総務省と米国国務省は、大阪にて、「{IED}」(第6回局長級会合)を開催しました。"
    path = tmp_path / "variant.txt"
    path.write_text(header(f"{IED}(第6回局長級会合)の結果", "平成27年3月9日", lead),
                    encoding="utf-8")
    report = inspect(path, capsys)
    assert report["place_ja"] == "大阪" and report["city_ja"] is None
    assert report["unknown"] == ["place '大阪' (reference/places.yaml)"]


@pytest.mark.parametrize("content, message", [
    ("日EU・ICT政策対話(第28回)の結果\n\n令和6年3月1日\n", "not a release of the U.S.-Japan"),
    (header(f"{IED}(第9回局長級会合)の結果", "平成30年7月27日", "").replace("\n", "\r\n"),
     "contains CR"),
])
def test_a_document_that_is_not_a_release_fails_clearly(tmp_path, capsys, content, message):
    path = tmp_path / "other.txt"
    path.write_bytes(content.encode("utf-8"))
    assert run_cli("inspect", path) == 2
    assert message in capsys.readouterr().err


def test_a_missing_file_fails_clearly(tmp_path, capsys):
    assert run_cli("inspect", tmp_path / "nothing.txt") == 2
    assert "nothing.txt: file: does not exist" in capsys.readouterr().err


def test_a_folder_fails_clearly(tmp_path, capsys):
    assert run_cli("inspect", tmp_path) == 2
    assert "is a folder" in capsys.readouterr().err


def test_a_binary_file_fails_clearly(tmp_path, capsys):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert run_cli("inspect", path) == 2
    assert "NUL bytes" in capsys.readouterr().err
