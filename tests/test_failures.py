"""Every expected failure stops the build with exit status 2, a message that names the file,
the place and the fix, and leaves the published files byte for byte as they were."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from scripts.build import build_into
from scripts.lib.project import Project
from scripts.publish import backup_dir, publish, recover
from tests.conftest import (
    PUBLISHED,
    RECORD,
    RELEASE,
    copy_repository,
    rewrite_release,
    run_build,
    snapshot_of,
)

RELEASE_NAME = "soumu-01tsushin08_02000172.txt"
RECORD_NAME = "soumu-01tsushin08_02000172.source.yaml"
ORGANIZATIONS = "reference/organizations.yaml"


def expect_failure(repo: Path, capsys, file: str, place: str, *words: str) -> str:
    """Build `repo`; it must fail with status 2 and leave the published files untouched."""
    capsys.readouterr()
    before = snapshot_of(repo)
    assert before, "the copy holds published files to protect"
    status = run_build(repo)
    captured = capsys.readouterr()
    error = captured.err
    assert status == 2, f"exit status {status}; stdout {captured.out!r}; stderr {error!r}"
    assert file in error, error
    assert place in error, error
    assert "fix:" in error, error
    for word in words:
        assert word in error, error
    assert snapshot_of(repo) == before
    assert not backup_dir(repo).exists()
    if os.environ.get("FAILURE_TABLE"):  # docs/failures.md is made from these messages
        with open(os.environ["FAILURE_TABLE"], "a", encoding="utf-8") as table:
            table.write(json.dumps({"test": os.environ.get("PYTEST_CURRENT_TEST", ""),
                                    "error": error}, ensure_ascii=False) + "\n")
    return error


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_number(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def edit(path: Path, old: str, new: str) -> str:
    text = replace_once(path.read_text(encoding="utf-8"), old, new)
    path.write_text(text, encoding="utf-8")
    return text


# ---------------------------------------------------------------------------------------------
# The release text and its record.
# ---------------------------------------------------------------------------------------------
def test_wrong_checksum(repo, capsys):
    path = repo / RELEASE
    data = path.read_bytes()
    changed = data.replace(b"03-5253-5928", b"03-5253-5929")
    assert len(changed) == len(data) and changed != data
    path.write_bytes(changed)  # the record still has the old sha256
    expect_failure(repo, capsys, RELEASE_NAME, "whole file", "checksum mismatch", RECORD_NAME)


# (label, text to cut before, the part the message should name)
CUTS = [
    ("after the title", " 2024年2月6日(火)及び7日(水)", "part `lead`"),
    ("in the lead", "は、東京にて、", "part `lead`"),
    ("before the joint statement", "1 第14回会合の共同声明内容", "part `joint_statement`"),
    ("in the middle of the joint statement", "の具体化に向けた", "part `attendees`"),
    ("before the attendees", "(参考)第14回会合 出席者", "part `attendees`"),
    ("in the attendee list", "連邦取引委員会、国防総省", "line 49"),
    ("before the next meeting", "2 次回会合について", "part `next_meeting`"),
    ("before the contact block", "連絡先\n", "part `contact`"),
    # Inside the contact block the file is still visibly cut: the page ends with its phone
    # line and 「ページトップへ戻る」. A build that publishes it loses contacts or phones.
    ("in the contact block, after the division", "担当 :", "contact"),
    ("in the contact block, in the middle of a name", "係長、笹井官", "contact"),
    ("in the contact block, before the phone line", "電話 :", "contact"),
]


@pytest.mark.parametrize(("where", "marker", "place"), CUTS, ids=[c[0] for c in CUTS])
def test_truncated_release(repo, capsys, source_text, where, marker, place):
    cut = source_text[:source_text.index(marker)]
    assert source_text.count(marker) == 1
    rewrite_release(repo, cut)
    expect_failure(repo, capsys, RELEASE_NAME, place)


def test_related_release_without_its_url_line(repo, capsys, source_text):
    """The parser allows a related release without a URL (RelatedRelease.url may be None); its
    id comes from the url, so the build stops rather than number it by position."""
    url = "https://www.soumu.go.jp/menu_news/s-news/01tsushin08_02000149.html\n"
    rewrite_release(repo, replace_once(source_text, url, ""))
    expect_failure(repo, capsys, RELEASE_NAME, "related releases", "no url on the line after")


def test_empty_file(repo, capsys):
    rewrite_release(repo, b"")
    expect_failure(repo, capsys, RELEASE_NAME, "whole file", "empty")


def test_whitespace_only_file(repo, capsys):
    rewrite_release(repo, " \n\n")
    expect_failure(repo, capsys, RELEASE_NAME, "whole file", "empty")


def test_shift_jis(repo, capsys, source_text):
    # CP932 has no U+00A0; the page's no-break spaces would be plain spaces in such a file.
    rewrite_release(repo, source_text.replace("\u00a0", " ").encode("cp932"))
    expect_failure(repo, capsys, RELEASE_NAME, "line 1, byte 0", "not valid UTF-8", "CP932")


def test_shift_jis_after_valid_lines(repo, capsys, source_text):
    # Valid UTF-8 until the title line (line 7): the place must point there, not at the start.
    head, tail = source_text.split("\nデジタルエコノミーに関する日米対話(第14回会合)の結果\n", 1)
    data = (head + "\n").encode("utf-8") + "デジタル".encode("cp932") + b"\n" + tail.encode()
    rewrite_release(repo, data)
    expect_failure(repo, capsys, RELEASE_NAME, "line 7, byte", "not valid UTF-8")


def test_utf8_bom(repo, capsys, source_text):
    rewrite_release(repo, b"\xef\xbb\xbf" + source_text.encode("utf-8"))
    expect_failure(repo, capsys, RELEASE_NAME, "byte 0", "byte-order mark")


def test_crlf_line_endings(repo, capsys, source_text):
    rewrite_release(repo, source_text.replace("\n", "\r\n"))
    expect_failure(repo, capsys, RELEASE_NAME, "line 1", "CR")


def test_duplicated_annex_block(repo, capsys, source_text):
    block = ("【別紙】\n  政府間共同声明(和文)(2024年2月27日)PDF\n"
             "  政府間共同声明(英文)(2024年2月27日)PDF\n")
    text = replace_once(source_text, block, block + block)
    second = text.index("【別紙】", text.index("【別紙】") + 1)
    rewrite_release(repo, text)
    expect_failure(repo, capsys, RELEASE_NAME, f"line {line_number(text, second)}", "twice",
                   "annexes")


def test_duplicated_statement_section(repo, capsys, source_text):
    start = source_text.index("(3)AIガバナンス\n")
    end = source_text.index("(4)越境プライバシールール(CBPR)\n")
    text = source_text[:end] + source_text[start:end] + source_text[end:]
    second = text.index("(3)AIガバナンス", start + 1)
    rewrite_release(repo, text)
    expect_failure(repo, capsys, RELEASE_NAME, f"line {line_number(text, second)}", "twice")


def test_missing_next_meeting_section(repo, capsys, source_text):
    start = source_text.index("2 次回会合について")
    end = source_text.index("【別紙】")
    text = source_text[:start] + source_text[end:]
    assert "次回会合" not in text and "年度中を目処" not in text
    rewrite_release(repo, text)
    expect_failure(repo, capsys, RELEASE_NAME, "part `next_meeting`", "not found")


def test_impossible_release_date(repo, capsys, source_text):
    rewrite_release(repo, replace_once(source_text, "令和6年2月27日", "令和6年2月30日"))
    expect_failure(repo, capsys, RELEASE_NAME, "line 5", "令和6年2月30日")


def test_release_date_outside_its_era(repo, capsys, source_text):
    # 令和元年4月30日 does not exist: that day was 平成31年4月30日.
    rewrite_release(repo, replace_once(source_text, "令和6年2月27日", "令和元年4月30日"))
    expect_failure(repo, capsys, RELEASE_NAME, "line 5", "令和元年4月30日")


def test_unknown_era(repo, capsys, source_text):
    rewrite_release(repo, replace_once(source_text, "令和6年2月27日", "大正6年2月27日"))
    expect_failure(repo, capsys, RELEASE_NAME, "line 5", "大正", "reference/eras.yaml")


def test_meeting_ends_before_it_starts(repo, capsys, source_text):
    text = replace_once(source_text, "2024年2月6日(火)及び7日(水)", "2024年2月7日(水)及び6日(火)")
    rewrite_release(repo, text)
    expect_failure(repo, capsys, RELEASE_NAME, "line 9", "before it starts")


def test_meeting_ends_after_its_release(repo, capsys, source_text):
    text = replace_once(source_text, "2024年2月6日(火)及び7日(水)", "2024年2月6日(火)及び28日(水)")
    rewrite_release(repo, text)
    expect_failure(repo, capsys, RELEASE_NAME, "line 9", "after its release")


def test_impossible_meeting_date(repo, capsys, source_text):
    text = replace_once(source_text, "2024年2月6日(火)及び7日(水)", "2024年2月6日(火)及び30日(水)")
    rewrite_release(repo, text)
    expect_failure(repo, capsys, RELEASE_NAME, "line 9", "impossible")


def test_unknown_organization_in_attendees(repo, capsys, source_text):
    rewrite_release(repo, replace_once(source_text, "国防総省", "架空省"))
    expect_failure(repo, capsys, RELEASE_NAME, "attendees", "架空省", ORGANIZATIONS)


# ---------------------------------------------------------------------------------------------
# Reference data and records.
# ---------------------------------------------------------------------------------------------
def entry_index(text: str, marker: str) -> int:
    """1-based position of the entry starting with `marker` among the `- id:` entries."""
    return text[:text.index(marker)].count("\n- id:") + 1


def test_duplicate_id(repo, capsys):
    text = edit(repo / ORGANIZATIONS, "- id: jp-mofa\n", "- id: jp-meti\n")
    index = entry_index(text, "- id: jp-meti\n  name_ja: 外務省")
    expect_failure(repo, capsys, "organizations.yaml", f"entry {index}", "duplicate id",
                   "jp-meti")


def test_id_breaking_the_pattern(repo, capsys):
    text = edit(repo / ORGANIZATIONS, "- id: jp-mic\n", "- id: JP_MIC\n")
    index = entry_index(text, "- id: JP_MIC\n")
    expect_failure(repo, capsys, "organizations.yaml", f"entry {index}", "JP_MIC", "pattern")


def test_parent_that_does_not_exist(repo, capsys):
    edit(repo / ORGANIZATIONS, "  parent: jp-mic-global-strategy-bureau\n",
         "  parent: jp-mic-no-such-bureau\n")
    expect_failure(repo, capsys, "organizations.yaml",
                   "id jp-mic-global-strategy-bureau-international-economic-division",
                   "jp-mic-no-such-bureau", "does not exist")


def test_cycle_of_parents(repo, capsys):
    path = repo / ORGANIZATIONS
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: jp-mic\n")
    end = text.index("\n- id:", start)
    entry = replace_once(text[start:end], "  parent: null\n",
                         "  parent: jp-mic-global-strategy-bureau\n")
    path.write_text(text[:start] + entry + text[end:], encoding="utf-8")
    error = expect_failure(repo, capsys, "organizations.yaml", "id jp-mic", "cycle of parents")
    assert "jp-mic -> jp-mic-global-strategy-bureau -> jp-mic" in error


def test_yaml_that_does_not_parse(repo, capsys):
    text = edit(repo / "reference/places.yaml", "  country: US\n", "  country: US: JP\n")
    line = line_number(text, text.index("country: US: JP"))
    expect_failure(repo, capsys, "places.yaml", f"line {line}", "YAML does not parse")


def test_unclosed_bracket_in_organizations(repo, capsys):
    edit(repo / ORGANIZATIONS, "- id: jp-accj\n  name_ja: 在日米国商工会議所\n  aliases_ja: []\n",
         "- id: jp-accj\n  name_ja: 在日米国商工会議所\n  aliases_ja: [\n")
    expect_failure(repo, capsys, "organizations.yaml", "line ", "YAML does not parse")


@pytest.mark.parametrize("target", ["../../etc/passwd", "/etc/passwd"])
def test_record_file_outside_the_repository(repo, capsys, target):
    edit(repo / RECORD, f"file: {RELEASE_NAME}\n", f"file: {target}\n")
    expect_failure(repo, capsys, RECORD_NAME, "field `file`", "outside the repository", target)


def test_record_missing_field(repo, capsys):
    edit(repo / RECORD, "terms_of_use: ", "terms_of_use_x: ")
    expect_failure(repo, capsys, RECORD_NAME, "field `terms_of_use`", "missing")


# ---------------------------------------------------------------------------------------------
# An interrupted publish: after recover(), the old set or the new one, never a mix.
# ---------------------------------------------------------------------------------------------

CHANGED = " (changed for the publish test)"


def change_a_translation(root: Path) -> None:
    """Append CHANGED to the English title of the statement's first section."""
    path = root / "reference/translations-en.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["sections"][0]["title_en"] += CHANGED
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


@pytest.fixture(scope="module")
def publish_case(tmp_path_factory):
    """A repository copy with its old published set, and a staged new build that differs."""
    base = copy_repository(tmp_path_factory.mktemp("publish") / "repo")
    old = snapshot_of(base)
    change_a_translation(base)
    staging = tmp_path_factory.mktemp("staging")
    build_into(staging, Project.at(base), base / "sources")
    new = snapshot_of(staging)
    assert set(new) == set(old)
    assert new != old
    assert CHANGED.encode() in new["data/commitments.csv"]
    assert CHANGED.encode() not in old["data/commitments.csv"]
    return base, staging, old, new


def fresh_copy(base: Path, staging: Path, target: Path) -> tuple[Path, Path]:
    """Copies, so that each interruption starts from the same old set and the same new one."""
    root, stage = target / "repo", target / "staging"
    shutil.copytree(base, root)
    shutil.copytree(staging, stage)
    return root, stage


STEPS = 2 * len(PUBLISHED)  # each published name is moved aside, then the new one moved in


@pytest.mark.parametrize("k", range(1, STEPS + 1))
def test_interrupted_publish_is_recovered(publish_case, tmp_path, k):
    base, staging, old, new = publish_case
    root, stage = fresh_copy(base, staging, tmp_path)
    with pytest.raises(KeyboardInterrupt):
        publish(stage, root, fail_after=k)
    assert recover(root) is True
    after = snapshot_of(root)
    assert after in (old, new), "a mix of old and new files"
    if k <= len(PUBLISHED):  # nothing new was moved in yet
        assert after == old
    assert not backup_dir(root).exists()
    assert recover(root) is False


def test_complete_publish(publish_case, tmp_path):
    base, staging, old, new = publish_case
    root, stage = fresh_copy(base, staging, tmp_path)
    publish(stage, root, fail_after=STEPS + 1)
    assert snapshot_of(root) == new
    assert recover(root) is False
    assert snapshot_of(root) == new


@pytest.mark.parametrize("k", [2, STEPS - 1])
def test_build_after_interrupted_publish(publish_case, tmp_path, capsys, k):
    """The next build recovers first, then publishes its own complete set."""
    base, staging, old, new = publish_case
    root, stage = fresh_copy(base, staging, tmp_path)
    with pytest.raises(KeyboardInterrupt):
        publish(stage, root, fail_after=k)
    assert run_build(root) == 0, capsys.readouterr().err
    assert snapshot_of(root) == new
    assert not backup_dir(root).exists()


# ---------------------------------------------------------------------------------------------
# Found in review: inputs that once crashed or were silently dropped.
# ---------------------------------------------------------------------------------------------
def test_unreadable_attendee_line(repo, capsys, source_text):
    text = replace_once(source_text, "をはじめとして、総務省、", "ほか、総務省、")
    rewrite_release(repo, text)
    expect_failure(repo, capsys, RELEASE_NAME, "line 48", "attendee line", "scripts/parse_release/rules.py")


def test_place_without_english_name(repo, capsys):
    edit(repo / "reference/places.yaml", "  name_en: Tokyo\n", "")
    expect_failure(repo, capsys, "places.yaml", "entry", "lacks name_en")


def test_release_with_nul_bytes(repo, capsys, source_text):
    rewrite_release(repo, source_text.replace("報道資料", "報道\x00資料", 1))
    expect_failure(repo, capsys, RELEASE_NAME, "byte", "NUL bytes")


# ---------------------------------------------------------------------------------------------
# The coding rules and the ids that come from what a row is.
# ---------------------------------------------------------------------------------------------
SERIES = "reference/dialogue-series.yaml"


def test_sentence_no_topic_rule_covers(repo, capsys):
    edit(repo / "reference/topics.yaml", "  - 海底ケーブル\n  - ケーブルシステム\n", "")
    expect_failure(repo, capsys, RELEASE_NAME, "sentence 5", "meeting-014-s005 gets no topic",
                   "reference/topics.yaml")


def test_topic_keyword_that_is_no_regular_expression(repo, capsys):
    edit(repo / "reference/topics.yaml", "  - ガバメントアクセス\n", "  - ガバメント(アクセス\n")
    expect_failure(repo, capsys, "topics.yaml", "government-access", "not a regular expression")


def test_body_listed_twice_for_one_meeting(repo, capsys):
    edit(repo / SERIES, "    - 内閣官房IT総合戦略室\n", "    - 内閣官房IT総合戦略室\n    - 外務省\n")
    expect_failure(repo, capsys, "dialogue-series.yaml", "meeting-006",
                   "meeting-006-member-jp-mofa is listed twice")


def test_two_related_events_with_one_id(repo, capsys):
    edit(repo / SERIES, "  - date: '2021-10-19'\n    kind: gdcp_working_group\n",
         "  - date: '2021-05-27'\n    kind: gdcp_working_group\n")
    expect_failure(repo, capsys, "dialogue-series.yaml",
                   "meeting-012-gdcp-working-group-20210527", "two events get this id")


def test_organizers_without_evidence(repo, capsys):
    edit(repo / SERIES, "  - field: start_date, end_date, city_ja, name_ja, organizers\n"
         "    url: https://www.soumu.go.jp/menu_news/s-news/01tsushin08_02000126.html",
         "  - field: start_date, end_date, city_ja, name_ja\n"
         "    url: https://www.soumu.go.jp/menu_news/s-news/01tsushin08_02000126.html")
    expect_failure(repo, capsys, "dialogue-series.yaml", "meeting 12, organizers",
                   "no confirmed evidence for organizers")


def test_list_is_partial_not_per_list(repo, capsys):
    edit(repo / SERIES, "    list_is_partial:\n      jp: true\n    note: The Japanese list ends",
         "    list_is_partial: true\n    note: The Japanese list ends")
    expect_failure(repo, capsys, "dialogue-series.yaml", "meeting 4",
                   "is not a mapping of jp, us, private")
