"""Every expected failure of a release text or a provenance record stops the build with exit
status 2, a message that names the file, the place and the fix, and leaves the published files
(datapackage.json, data/, schemas/, docs/) byte for byte as they were. The rows of
docs/failures.md (with the other tests/test_failures*.py)."""

from __future__ import annotations

import pytest

from tests.conftest import rewrite_release
from tests.failure_cases import (
    RECORD,
    RECORD_NAME,
    RELEASE,
    RELEASE_NAME,
    column,
    edit,
    expect_failure,
    line_number,
    replace_once,
)


@pytest.fixture
def repo(failure_repo):
    """One repository copy per module, its inputs restored before each test."""
    return failure_repo

ORGANIZATIONS = "reference/organizations.yaml"
TITLE = "デジタルエコノミーに関する日米対話(第14回会合)の結果"


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


@pytest.mark.parametrize(("data", "place", "words"), [
    (b"", "whole file", ("empty",)),
    (" \n\n", "whole file", ("empty",)),
    ("\ufeff報道資料\n".encode(), "byte 0", ("byte-order mark",)),
    ("報道\x00資料\n", "byte 6", ("NUL bytes",)),
], ids=["empty", "whitespace only", "UTF-8 BOM", "NUL bytes"])
def test_not_a_page_text(repo, capsys, data, place, words):
    rewrite_release(repo, data)
    expect_failure(repo, capsys, RELEASE_NAME, place, *words)


def test_shift_jis(repo, capsys, source_text):
    # CP932 has no U+00A0; the page's no-break spaces would be plain spaces in such a file.
    rewrite_release(repo, source_text.replace("\u00a0", " ").encode("cp932"))
    expect_failure(repo, capsys, RELEASE_NAME, "line 1, byte 0", "not valid UTF-8", "CP932")


def test_shift_jis_after_valid_lines(repo, capsys, source_text):
    # Valid UTF-8 until the title line (line 7): the place must point there, not at the start.
    head, tail = source_text.split(f"\n{TITLE}\n", 1)
    data = (head + "\n").encode("utf-8") + "デジタル".encode("cp932") + b"\n" + tail.encode()
    rewrite_release(repo, data)
    expect_failure(repo, capsys, RELEASE_NAME, "line 7, byte", "not valid UTF-8")


def test_crlf_line_endings(repo, capsys, source_text):
    rewrite_release(repo, source_text.replace("\n", "\r\n"))
    expect_failure(repo, capsys, RELEASE_NAME, "line 1", "CR")


def test_a_line_too_long(repo, capsys, source_text):
    line = "日本側:" + "をはじめとして、" * 16000  # a quadratic pattern once took minutes here
    text = replace_once(source_text, "日本側:田原康生", line + "\n日本側:田原康生")
    rewrite_release(repo, text)
    expect_failure(repo, capsys, RELEASE_NAME, f"line {line_number(text, text.index(line))}",
                   "characters long", "bound")


# ---------------------------------------------------------------------------------------------
# A part stated twice, sections out of order, labels that disagree (rule once, rule statement
# sections, rule labels agree).
# ---------------------------------------------------------------------------------------------
STATEMENT_HEADING = "1 第14回会合の共同声明内容"
ATTENDEE_JP = "日本側:田原康生総務省国際戦略局長をはじめとして、"
# (id, old text, new text, marker whose line the message names (its last occurrence), words)
RELEASE_CASES = [
    ("title twice", f"{TITLE}\n\n 2024", f"{TITLE}\n\n{TITLE}\n\n 2024", TITLE,
     ("the title appears twice",)),
    ("a second title naming the 15th meeting", f"{TITLE}\n\n 2024",
     f"{TITLE}\n\n{TITLE.replace('14', '15')}\n\n 2024", TITLE.replace("14", "15"),
     ("the title appears twice",)),
    ("a title naming the 13th meeting above the real one", f"\n\n{TITLE}\n\n 2024",
     f"\n\n{TITLE.replace('14', '13')}\n\n{TITLE}\n\n 2024", TITLE,
     ("the title appears twice",)),
    ("release date twice", "令和6年2月27日\n", "令和6年2月27日\n令和6年3月1日\n", "令和6年3月1日",
     ("the release date line appears twice",)),
    ("lead twice", "を開催しました。\n",
     "を開催しました。\n 2024年2月1日(木)、総務省と米国国務省は、ワシントンD.C.にて、"
     "「デジタルエコノミーに関する日米対話」(第14回会合)を開催しました。\n", "2024年2月1日(木)",
     ("the lead's sentence", "appears twice")),
    ("attendee line of one side twice", "海外通信・放送・郵便事業支援機構等の関係者\n",
     f"海外通信・放送・郵便事業支援機構等の関係者\n{ATTENDEE_JP}外務省等の関係者\n",
     f"{ATTENDEE_JP}外務省", ("the attendee line of 日本側 appears twice",)),
    ("phone line twice", "電話 :03-5253-5928\n", "電話 :03-5253-5928\n電話 :03-0000-0000\n",
     "電話 :03-0000-0000", ("the contact's 電話 line appears twice",)),
    ("contact persons twice", "担当 :平木補佐、大内係長、笹井官\n",
     "担当 :平木補佐、大内係長、笹井官\n担当 :平木補佐\n", "担当 :平木補佐\n",
     ("the contact's 担当 line appears twice",)),
    ("overview heading twice", "\n総括\n", "\n総括\n総括\n", "総括\n総括",
     ("the heading 総括 appears twice",)),
    ("a gap in the sections", "(9)今後の日米協力", "(10)今後の日米協力", "(10)今後",
     ("found (10) after (8), where (9) belongs",)),
    ("sections out of order", "(4)越境プライバシールール", "(5)越境プライバシールール", "(5)越境",
     ("found (5) after (3), where (4) belongs",)),
    ("a section heading lost", "(3)AIガバナンス\n", "", "(4)越境",
     ("found (4) after (2), where (3) belongs",)),
    ("the statement heading names another meeting", STATEMENT_HEADING,
     STATEMENT_HEADING.replace("14", "15"), "1 第15回会合",
     ("the joint statement's heading names meeting 15, the title meeting 14",)),
    ("the attendee heading names another meeting", "(参考)第14回会合 出席者",
     "(参考)第13回会合 出席者", "(参考)第13回", ("the attendees' heading names meeting 13",)),
    ("the lead names another meeting", "」(第14回会合)を開催しました", "」(第99回会合)を開催しました",
     "(第99回会合)", ("the lead names meeting 99, the title meeting 14",)),
    ("the statement's first sentence names another meeting", "実施された第14回デジタル",
     "実施された第12回デジタル", "実施された第12回",
     ("the joint statement's first sentence names meeting 12",)),
    ("the lead names the old dialogue", "東京にて、「デジタルエコノミーに関する日米対話」",
     "東京にて、「インターネットエコノミーに関する日米政策協力対話」", "東京にて、「インターネット",
     ("the lead names 'インターネットエコノミーに関する日米政策協力対話' (IED)", "(DDE)")),
    ("the lead names no dialogue of the series", "東京にて、「デジタルエコノミーに関する日米対話」",
     "東京にて、「日米架空対話」", "東京にて、「日米架空対話」", ("'日米架空対話'", "not a name of the series")),
    ("a meeting number too large for an integer", f"\n{TITLE}\n",
     f"\n{TITLE.replace('14', '99999999999999999999')}\n", "(第99999999999999999999回",
     ("outside 1..9999",)),
    ("meeting 0", f"\n{TITLE}\n", f"\n{TITLE.replace('14', '0')}\n", "(第0回",
     ("outside 1..9999",)),
    ("a malformed kanji numeral", f"\n{TITLE}\n", f"\n{TITLE.replace('14', '十十')}\n",
     "(第十十回", ("'十十' is not a numeral",)),
    ("a kanji title number that disagrees with the headings", f"\n{TITLE}\n",
     f"\n{TITLE.replace('14', '百十四')}\n", STATEMENT_HEADING,
     ("names meeting 14, the title meeting 114",)),
]


@pytest.mark.parametrize(("old", "new", "marker", "words"), [c[1:] for c in RELEASE_CASES],
                         ids=[c[0] for c in RELEASE_CASES])
def test_release_text_that_contradicts_itself(repo, capsys, source_text, old, new, marker, words):
    text = replace_once(source_text, old, new)
    rewrite_release(repo, text)
    expect_failure(repo, capsys, RELEASE_NAME, f"line {line_number(text, text.rindex(marker))}",
                   *words)


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


# ---------------------------------------------------------------------------------------------
# Characters one cannot see, and digits of other scripts: line, column and code point.
# ---------------------------------------------------------------------------------------------
# (id, the text the character goes after, the character)
CHARACTERS = [
    ("U+200B zero width space in a forum's name", "グローバルCBPRフォー", "\u200b"),
    ("U+FEFF inside the text", "ステファン・", "\ufeff"),
    ("U+00AD soft hyphen in a section title", "(5)ガバメント", "\u00ad"),
    ("U+2060 word joiner in a contact's name", "担当 :平木", "\u2060"),
    ("U+202E right-to-left override in the title", "(第14回会合)の結果", "\u202e"),
    ("U+200E left-to-right mark in the lead", "東京", "\u200e"),
    ("U+3099 combining voiced sound mark", "ICT", "\u3099"),
    ("U+FE0F variation selector", "日米両国", "\ufe0f"),
    ("U+2028 line separator", "両国は、設備", "\u2028"),
    ("U+0666 Arabic-Indic digit in the release date", "令和", "\u0666"),
    ("U+096C Devanagari digit in the lead's dates", "2024年2月", "\u096c"),
    ("U+1D7D4 mathematical bold digit", "令和", "\U0001d7d4"),
    ("U+0663 Arabic-Indic digit in a section number", "\n(", "\u0663"),
]


@pytest.mark.parametrize(("after", "char"), [c[1:] for c in CHARACTERS],
                         ids=[c[0] for c in CHARACTERS])
def test_invisible_characters_and_other_digits(repo, capsys, source_text, after, char):
    at = source_text.index(after) + len(after)
    text = source_text[:at] + char + source_text[at:]
    rewrite_release(repo, text)
    expect_failure(repo, capsys, RELEASE_NAME,
                   f"line {line_number(text, at)}, column {column(text, at)}", f"U+{ord(char):04X}")


# ---------------------------------------------------------------------------------------------
# One character changed: the translation it had is stale, and the build names both.
# ---------------------------------------------------------------------------------------------
ONE_CHARACTER = [
    ("a homoglyph, U+53B6 for katakana mu", "グローバルCBPRフォーラムは、", "グローバルCBPRフォーラ\u53b6は、",
     "sentence 20 of the joint statement has no translation"),
    ("Greek capital nu for N", "ICANNの政府", "ICAN\u039dの政府",
     "sentence 27 of the joint statement has no translation"),
    ("a full-width A in a section title", "(3)AIガバナンス", "(3)ＡIガバナンス",
     "the title of section (3) has no title translation"),
    ("a comma added", "両国はセキュアかつ強靭な", "両国は、セキュアかつ強靭な",
     "sentence 6 of the joint statement has no translation"),
]


@pytest.mark.parametrize(("old", "new", "words"), [c[1:] for c in ONE_CHARACTER],
                         ids=[c[0] for c in ONE_CHARACTER])
def test_one_character_changed(repo, capsys, source_text, old, new, words):
    text = replace_once(source_text, old, new)
    rewrite_release(repo, text)
    error = expect_failure(repo, capsys, RELEASE_NAME, f"line {line_number(text, text.index(new))}",
                           words, "reference/translations-en.yaml", "matches no",
                           "or correct the stale entry at line")
    assert "they differ at character" in error


# ---------------------------------------------------------------------------------------------
# Dates and names of the release.
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("old", "new", "line", "words"), [
    ("令和6年2月27日", "令和6年2月30日", 5, ("令和6年2月30日",)),
    ("令和6年2月27日", "令和元年4月30日", 5, ("令和元年4月30日",)),  # that day was 平成31年4月30日
    ("令和6年2月27日", "大正6年2月27日", 5, ("大正", "reference/eras.yaml")),
    ("2024年2月6日(火)及び7日(水)", "2024年2月7日(水)及び6日(火)", 9, ("before it starts",)),
    ("2024年2月6日(火)及び7日(水)の2日間", "2024年2月6日(火)及び28日(水)の23日間", 9,
     ("after its release",)),
    ("2024年2月6日(火)及び7日(水)", "2024年2月6日(火)及び30日(水)", 9, ("impossible",)),
    ("をはじめとして、総務省、", "ほか、総務省、", 48, ("attendee line",
                                          "scripts/parse_release/rules.py")),
], ids=["impossible release date", "release date outside its era", "unknown era",
        "meeting ends before it starts", "meeting ends after its release",
        "impossible meeting date", "unreadable attendee line"])
def test_dates_and_lines(repo, capsys, source_text, old, new, line, words):
    rewrite_release(repo, replace_once(source_text, old, new))
    expect_failure(repo, capsys, RELEASE_NAME, f"line {line}", *words)


def test_unknown_organization_in_attendees(repo, capsys, source_text):
    rewrite_release(repo, replace_once(source_text, "国防総省", "架空省"))
    expect_failure(repo, capsys, RELEASE_NAME, "attendees", "架空省", ORGANIZATIONS)


# ---------------------------------------------------------------------------------------------
# The provenance record: its schema (model/inputs/source-record.schema.json) and its url.
# ---------------------------------------------------------------------------------------------
RECORD_CASES = [
    ("file outside the folder", "file: soumu-01tsushin08_02000172.txt",
     "file: ../../etc/passwd", "file: '../../etc/passwd' does not match"),
    ("absolute file", "file: soumu-01tsushin08_02000172.txt", "file: /etc/passwd",
     "file: '/etc/passwd' does not match"),
    ("file not text", "file: soumu-01tsushin08_02000172.txt", "file: [x.txt]",
     "file: must be text"),
    ("missing key", "terms_of_use: ", "terms_of_use_x: ", "lacks the key 'terms_of_use'"),
    ("bytes as text", "bytes: 12878", "bytes: '12878'", "bytes: must be a whole number"),
    ("bytes as a decimal", "bytes: 12878", "bytes: 12878.0", "bytes: must be a whole number"),
    ("sha256 in upper case", "sha256: a3cd", "sha256: A3CD", "does not match ^[0-9a-f]{64}$"),
    ("kind as a list", "kind: press_release", "kind: [press_release]", "kind: ['press_release']"),
    ("language unknown", "language: ja", "language: fr", "'fr' is not one of ja, en"),
    ("media type of a PDF", "media_type: text/plain", "media_type: application/pdf",
     "'application/pdf' is not one of text/plain"),
    ("unknown keys", "terms_of_use: ", "licence: CC0-1.0\nsha512: '0'\nterms_of_use: ",
     "unknown key 'licence'"),
    ("publisher as a number", "publisher_organization_id: jp-mic",
     "publisher_organization_id: 42", "publisher_organization_id: must be text"),
    ("a YAML anchor", "language: ja", "language: &l ja\nform2: *l", "uses an anchor (&l)"),
    ("bytes of 5,000 digits", "bytes: 12878", "bytes: " + "9" * 5000, "has 5000 characters"),
    ("a control character as an escape", "language: ja", 'language: "j\\x07a"',
     "U+0007 CONTROL CHARACTER"),
    ("nesting 500 deep", "language: ja", "x: " + "[" * 500 + "]" * 500 + "\nlanguage: ja",
     "more than 32 levels deep"),
]


@pytest.mark.parametrize(("old", "new", "words"), [c[1:] for c in RECORD_CASES],
                         ids=[c[0] for c in RECORD_CASES])
def test_record_that_breaks_its_schema(repo, capsys, old, new, words):
    text = edit(repo / RECORD, old, new)
    line = line_number(text, text.index(new.split("\n")[0]))
    error = expect_failure(repo, capsys, RECORD_NAME, f"line {line}", words)
    assert len(error) < 1000 and "set_int_max_str_digits" not in error, error


def set_url(repo, url: str) -> str:
    """Give the record `url` and the source id it derives (as `snapshot --url` would)."""
    from scripts.lib.errors import BuildError
    from scripts.lib.ids import source_id_from_url

    path = repo / RECORD
    lines = path.read_text(encoding="utf-8").split("\n")
    try:
        source_id = source_id_from_url(url)
    except BuildError:  # no id for it: the record's schema refuses the url first
        source_id = "soumu-01tsushin08-02000172"
    lines = [f"url: {url}" if line.startswith("url: ") else
             f"source_id: {source_id}" if line.startswith("source_id: ") else line
             for line in lines]
    path.write_text("\n".join(lines), encoding="utf-8")
    return "\n".join(lines)


MIC_PATH = "/menu_news/s-news/01tsushin08_02000172.html"


@pytest.mark.parametrize(("url", "words"), [
    (f"https://example.com{MIC_PATH}", ("is not on jp-mic's site www.soumu.go.jp",)),
    (f"https://www.soumu.go.jp.evil.example{MIC_PATH}", ("is not on jp-mic's site",)),
    (f"https://www.soumu.go.jp@evil.example{MIC_PATH}", ("names a user before its host",)),
    ("https://www.soumu.go.jp/menu_news/s-news/01tsushin08_02000149.html",
     ("the address of a release the text lists as related",)),
    ("ftp://www.soumu.go.jp/x", ("does not start with http:// or https://",)),
    ("https://総務省/", ("has no valid host",)),
    (f"https://www.soumu.go.jp/menu_news/../..{MIC_PATH}",
     ("'.' or '..' segments", f"write https://www.soumu.go.jp{MIC_PATH}")),
    (f"https://www.soumu.go.jp:8443{MIC_PATH}", ("not in canonical form (a port)",)),
    (f"https://WWW.SOUMU.GO.JP{MIC_PATH}", ("capital letters in the host",
                                            f"write https://www.soumu.go.jp{MIC_PATH}")),
    ("https://www.soumu.go.jp/menu_news//s-news/01tsushin08_02000172.html",
     ("an empty segment (//)",)),
], ids=["another site", "a look-alike host", "a user name before the host",
        "the related release's url", "not http", "a host that is no host name", "dot segments",
        "a port", "an upper-case host", "an empty segment"])
def test_record_url_not_on_the_publishers_site(repo, capsys, url, words):
    text = set_url(repo, url)
    line = line_number(text, text.index("url: "))
    expect_failure(repo, capsys, RECORD_NAME, f"line {line}: url", *words)


def test_record_publisher_that_is_no_publisher(repo, capsys):
    text = edit(repo / RECORD, "publisher_organization_id: jp-mic",
                "publisher_organization_id: us-dos")
    line = line_number(text, text.index("publisher_organization_id"))
    expect_failure(repo, capsys, RECORD_NAME, f"line {line}: publisher_organization_id",
                   "'us-dos' is not a publisher of reference/publishers.yaml")


# ---------------------------------------------------------------------------------------------
# The coding rules and the ids that come from what a row is.
# ---------------------------------------------------------------------------------------------
SERIES = "reference/dialogue-series.yaml"


def test_sentence_no_topic_rule_covers(repo, capsys):
    edit(repo / "reference/topics.yaml", "  keywords:\n  - 海底ケーブル\n  - ケーブルシステム\n",
         "  keywords: []\n")
    expect_failure(repo, capsys, RELEASE_NAME, "sentence 5", "meeting-014-s005 gets no topic",
                   "reference/topics.yaml")


def test_topic_keyword_that_is_no_regular_expression(repo, capsys):
    edit(repo / "reference/topics.yaml", "  - ガバメントアクセス\n", "  - ガバメント(アクセス\n")
    expect_failure(repo, capsys, "topics.yaml", "keywords[0]", "is not a valid regex",
                   "missing ), unterminated subpattern")


def test_body_listed_twice_for_one_meeting(repo, capsys):
    edit(repo / SERIES, "    - 内閣官房IT総合戦略室\n", "    - 内閣官房IT総合戦略室\n    - 外務省\n")
    expect_failure(repo, capsys, "dialogue-series.yaml", "meetings[5].participating_organizations.jp",
                   "lists '外務省' twice")


def test_two_related_events_with_one_id(repo, capsys):
    edit(repo / SERIES, "  - date: '2021-10-19'\n    kind: gdcp_working_group\n",
         "  - date: '2021-05-27'\n    kind: gdcp_working_group\n")
    edit(repo / SERIES, "開催に向けて10月19日、", "開催に向けて5月27日、")  # its quote too
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
    expect_failure(repo, capsys, "dialogue-series.yaml",
                   "meetings[3].participating_organizations.list_is_partial",
                   "must be a mapping (key: value lines), not True")


def test_a_held_meeting_that_keeps_what_was_announced(repo, capsys):
    """A meeting marked held keeps no planned_period or planned_fiscal_year_jp: its fiscal year
    comes from its dates (MAINTAINING.md, step 5, once its release is added)."""
    edit(repo / SERIES, "- number: 15\n  status: planned\n", "- number: 15\n  status: held\n")
    expect_failure(repo, capsys, "dialogue-series.yaml", "meeting 15",
                   "is held, but still has planned_period and planned_fiscal_year_jp",
                   "remove them")


RENAME_DATES = """    agreed_meeting_dates:
      start_date: '2023-03-06'
      end_date: '2023-03-07'
    first_used_at_meeting: 14
    first_used_meeting_dates:
      start_date: '2024-02-06'
      end_date: '2024-02-07'
    evidence:
    - field: agreed_in, to_ja
      url: https://www.soumu.go.jp/johotsusintokei/whitepaper/ja/r05/html/nd258610.html
      quote: 同成果文書において、日米IEDを「デジタルエコノミーに関する日米対話」と改称することに合意した。
      status: confirmed
    - field: agreed_meeting_dates
      url: https://www.soumu.go.jp/johotsusintokei/whitepaper/ja/r05/html/nd258610.html
      quote: 第13回日米IEDの政府間会合及び官民会合は、2023年(令和5年)3月6日及び7日に、対面とオンラインのハイブリッドで開催された。
"""
HELD_QUOTE = ("    url: https://www.soumu.go.jp/menu_news/s-news/01tsushin08_02000172.html\n"
              "    quote: |-\n      インターネットエコノミーに関する日米政策協力対話(第13回会合)")
# (id, old text, new text, words): what the file says twice, or of a held release, disagrees.
SAID_TWICE = [
    ("a head of delegation the held release names otherwise",
     "      name_ja: 田原康生\n", "      name_ja: 田原康夫\n",
     ("meeting 14, heads_of_delegation.jp.name_ja", "is '田原康夫', but the meeting's release "
      "gives '田原康生'")),
    ("a head's title the held release writes otherwise",
     "      title_ja: 総務省国際戦略局長\n", "      title_ja: 総務省国際戦略局次長\n",
     ("meeting 14, heads_of_delegation.jp.title_ja", "the meeting's release gives")),
    ("a list the held release ends with 等 marked whole",
     "    list_is_partial:\n      jp: true\n      us: true\n    source: https://www.soumu.go.jp/"
     "menu_news/s-news/01tsushin08_02000172.html",
     "    list_is_partial:\n      jp: false\n      us: true\n    source: https://www.soumu.go.jp/"
     "menu_news/s-news/01tsushin08_02000172.html",
     ("meeting 14, participating_organizations.list_is_partial.jp", "is False, but the "
      "release's rows of that list have True")),
    ("an inferred host that is not the city's country",
     "  city_en: Washington, D.C.\n  city_ja: ワシントンD.C.\n  host_country: US\n"
     "  host_country_inferred: US\n",
     "  city_en: Washington, D.C.\n  city_ja: ワシントンD.C.\n  host_country: US\n"
     "  host_country_inferred: JP\n",
     ("meeting 13, host_country_inferred", "is JP, but the meeting's city, Washington, D.C., "
      "is in US")),
    ("a period given without a day its quote states",
     "  start_date: '2011-06-09'\n  end_date: '2011-06-10'\n",
     "  start_date: '2011-06-10'\n  end_date: '2011-06-10'\n",
     ("meeting 2, start_date, end_date, city_en, name_en", "the dates given, 2011-06-10 to "
      "2011-06-10, leave out 2011-06-09, the day next to them that their evidence's quote "
      "states")),
    # a range states the days between its ends (September 16 to 18, 7月22日～24日), and the
    # 9th and 10th of June, 2011 states two days: a period that leaves one out is refused
    ("a period given without a day inside its quote's English range",
     ("  start_date: '2020-09-17'\n", "in Tokyo on September 17 and 18.\n    status: conflict",
      "Economy on September 17 to 18, 2020\n    status: confirmed\n  - field: organizers"),
     ("  start_date: '2020-09-18'\n", "in Tokyo on September 16 to 18.\n    status: conflict",
      "Economy on September 16 to 18, 2020\n    status: confirmed\n  - field: organizers"),
     ("meeting 11, start_date, end_date, city_en", "the dates given, 2020-09-18 to "
      "2020-09-18, leave out 2020-09-17")),
    ("a period given without a day inside its quote's Japanese range",
     ("  start_date: '2018-07-23'\n", "7月23日及び24日の2日間"),
     ("  start_date: '2018-07-24'\n", "7月22日～24日の3日間"),
     ("meeting 9, start_date, end_date", "the dates given, 2018-07-24 to 2018-07-24, leave out "
      "2018-07-23")),
    ("a period given without a day its quote states as the 9th and 10th of June",
     ("  start_date: '2011-06-09'\n", "On June 9 and 10, 2011, the second"),
     ("  start_date: '2011-06-10'\n", "On the 9th and 10th of June, 2011, the second"),
     ("meeting 2, start_date, end_date", "the dates given, 2011-06-10 to 2011-06-10, leave "
      "out 2011-06-09")),
    ("a body its evidence's quote does not name",
     "    - Department of Commerce\n    - Department of Homeland Security\n    private: null\n"
     "    source: https://japan2.usembassy.gov/e/p/2010/tp-20101101-78.html\n",
     "    - Department of Commerce\n    - U.S. Department of Defense\n    private: null\n"
     "    source: https://japan2.usembassy.gov/e/p/2010/tp-20101101-78.html\n",
     ("meeting 1, participating_organizations.us[3]", "'U.S. Department of Defense' is not "
      "written in the quote of its evidence")),
    ("a head's name spelt otherwise than its quote",
     "Bureau, the Ministry of Internal Affairs and Communications (MIC)\n    us:\n      name_ja: "
     "フィリップ・バービーア\n      name_en: Philip Verveer\n", "Bureau, the Ministry of Internal "
     "Affairs and Communications (MIC)\n    us:\n      name_ja: フィリップ・バービーア\n      name_en: "
     "Phillip Verveer\n",
     ("meeting 1, heads_of_delegation.us.name_en", "'Phillip Verveer' is not written")),
    *[(f"the held release's url written {how}", HELD_QUOTE, HELD_QUOTE.replace(
        "01tsushin08_02000172.html", written), (
        "url", f"'https://www.soumu.go.jp/menu_news/s-news/{written}' names the held release "
        "soumu-01tsushin08-02000172, written otherwise than its record writes it"))
      for how, written in (("with _ escaped", "01tsushin08%5F02000172.html"),
                           ("in capitals", "01tsushin08_02000172.HTML"),
                           ("with a trailing slash", "01tsushin08_02000172.html/"))],
    ("an organizer its evidence's quote does not name",
     "    - U.S. Department of State\n    source: http://www.soumu.go.jp/main_sosiki/joho_tsusin/"
     "eng/Releases/Telecommunications/121020_01.html\n  participating", "    - U.S. Department "
     "of Defense\n    source: http://www.soumu.go.jp/main_sosiki/joho_tsusin/eng/Releases/"
     "Telecommunications/121020_01.html\n  participating",
     ("meeting 4, organizers.us[0]", "'U.S. Department of Defense' is not written in the "
      "quote")),
    ("an evidence field misspelt, which no quote then covers",
     "  - field: heads_of_delegation.us, participating_organizations.us\n    url: https://japan2."
     "usembassy.gov/e/p/2010/tp-20101101-78.html\n", "  - field: heads_of_delegation.us, "
     "participating_organization.us\n    url: https://japan2.usembassy.gov/e/p/2010/"
     "tp-20101101-78.html\n",
     ("meeting 1, evidence", "'participating_organization.us' names no field "
      "('participating_organization' is not there)")),
    ("a held release its meeting does not list",
     "    date: '2024-02-27'\n    url: https://www.soumu.go.jp/menu_news/s-news/01tsushin08_"
     "02000172.html\n", "    date: '2024-02-27'\n    url: https://www.soumu.go.jp/menu_news/"
     "s-news/01tsushin08_02000173.html\n",
     ("meeting 14, press_releases", "does not list the meeting's own release, which sources/ "
      "holds (soumu-01tsushin08-02000172; it lists soumu-01tsushin08-02000173)")),
    ("an inferred host from a city places.yaml does not have",
     "  city_en: Washington, D.C.\n  city_ja: ワシントンD.C.\n  host_country: US\n",
     "  city_en: Washington DC\n  city_ja: null\n  host_country: US\n",
     ("meeting 13, host_country_inferred", "the meeting's city_en 'Washington DC' is not in "
      "reference/places.yaml")),
    ("an inferred host with no city to infer it from",
     "  city_en: Washington, D.C.\n  city_ja: ワシントンD.C.\n  host_country: US\n",
     "  city_en: null\n  city_ja: null\n  host_country: US\n",
     ("meeting 13, host_country_inferred", "is US, but the meeting has no city to derive it "
      "from")),
    # (the days its quote states, 「3月7日及び8日」 once edited, so that only the meeting
    # disagrees)
    ("a rename date that is not the meeting's", RENAME_DATES, RENAME_DATES.replace(
        "'2023-03-06'", "'2023-03-07'").replace("'2023-03-07'\n    first", "'2023-03-08'\n"
                                                "    first").replace("3月6日及び7日", "3月7日及び8日"),
     ("series.rename.agreed_meeting_dates.start_date", "but meeting 13's start_date is "
      "2023-03-06")),
]


@pytest.mark.parametrize(("old", "new", "words"), [c[1:] for c in SAID_TWICE],
                         ids=[c[0] for c in SAID_TWICE])
def test_what_the_series_says_twice_or_of_a_held_release_disagrees(repo, capsys, old, new,
                                                                    words):
    """A value the build does not publish from the file (a held release's heads and lists,
    the inferred host, the rename's dates) is still checked against what it restates."""
    for before, after in zip(*((old, new) if isinstance(old, tuple) else ((old,), (new,))),
                             strict=True):
        edit(repo / SERIES, before, after)  # a tuple: edits made together
    expect_failure(repo, capsys, "dialogue-series.yaml", *words)


def test_a_next_meeting_notice_that_the_series_file_contradicts(repo, capsys, source_text):
    """The held release announces the next meeting in a fiscal year; the file's planned
    meeting says another: the release is the source for what it states."""
    rewrite_release(repo, source_text.replace(" 2024年度中を目処に", " 2025年度中を目処に", 1))
    expect_failure(repo, capsys, "dialogue-series.yaml", "meeting 15",
                   "fiscal_year_jp is 2024 here but 2025 where soumu-01tsushin08-02000172 "
                   "announces it")


def test_a_held_meeting_the_series_file_says_is_planned(repo, capsys):
    """The held release lists the 13th meeting's results among its related releases: the
    file cannot say the 13th is still planned."""
    edit(repo / SERIES, "- number: 13\n  status: held\n", "- number: 13\n  status: planned\n")
    expect_failure(repo, capsys, "dialogue-series.yaml", "meeting 13",
                   "status is planned here but held where a held release lists its "
                   "results (soumu-01tsushin08-02000149) among its related releases")
