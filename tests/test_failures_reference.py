"""Every expected failure of a curated file (reference/*.yaml, checked against its schema in
model/inputs/ and by the rules that span files) stops the build with exit status 2, a message
naming the file, the line, the value's path and the fix, and changes no published file.
Rows of docs/failures.md; tests/test_inputs.py walks every loader with malformed values."""

from __future__ import annotations

import pytest
import yaml

from tests.failure_cases import (
    RECORD_NAME,
    RELEASE_NAME,
    edit,
    expect_failure,
    line_number,
    line_of,
)


@pytest.fixture
def repo(failure_repo):
    """One repository copy per module, its inputs restored before each test."""
    return failure_repo

BOMB = "\n".join(["x-bomb:", "  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
                  *(f"  {b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh",
                                                                                "bcdefghi",
                                                                                strict=True))])


# (id, file, old text, new text (or a whole file), words); the message names the line of the
# first line of the new text.
CASES = [
    # -- empty, not a mapping, not UTF-8, anchors (class: the file cannot be read as data)
    ("translations empty", "translations-en.yaml", None, "", ("the file is empty",)),
    ("classification {}", "classification.yaml", None, "{}\n", ("lacks the key",)),
    ("dialogue series [] ", "dialogue-series.yaml", None, "[]\n", ("must be a mapping",)),
    ("dialogue series meetings: []", "dialogue-series.yaml", None, "meetings: []\n",
     ("lacks the key 'series'",)),
    ("people: []", "people.yaml", None, "people: []\n", ("people: is empty",)),
    ("sites: []", "sites.yaml", None, "sites: []\n", ("sites: is empty",)),
    ("an alias bomb", "translations-en.yaml", "sections:\n", BOMB + "\nsections:\n",
     ("uses an anchor (&a)",)),
    ("a YAML key written twice", "people.yaml", "  name_en: Stephen Lang\n",
     "  name_en: Stephen Lang\n  name_en: Steven Lang\n", ("written twice",)),
    # -- types
    ("a list written as text", "forums.yaml", "  aliases_ja:\n  - ITU\n", "  aliases_ja: ITU\n",
     ("aliases_ja: must be a list, not 'ITU'",)),
    ("a boolean written as text", "classification.yaml",
     "  actor: other\n  is_commitment: false\n",
     "  actor: other\n  is_commitment: 'false'\n", ("is_commitment: must be true or false",)),
    ("an enum value written as a list", "organizations.yaml",
     "  abbreviation: J-AISI\n  country: JP\n  sector: government\n",
     "  abbreviation: J-AISI\n  country: JP\n  sector: [government]\n",
     ("sector: ['government'] is not one of",)),
    ("a number for a name", "places.yaml", "- name_ja: 東京\n", "- name_ja: 42\n",
     ("name_ja: must be text, not 42",)),
    ("a pattern that is not a regular expression", "classification.yaml",
     "- pattern: 再確認した。$\n", "- pattern: (\n", ("is not a valid regex",)),
    ("a sub-unit pattern without its groups", "name-forms.yaml", "(?P<child>.+)$",
     "(?P<kid>.+)$", ("lacks the named group(s) (?P<child>…)",)),
    ("a quoted 'no' for a boolean", "translations-en.yaml",
     "promoting investment in secure and resilient ICT infrastructure.\n  subject_supplied: false\n",
     "promoting investment in secure and resilient ICT infrastructure.\n  subject_supplied: 'no'\n",
     ("subject_supplied: must be true or false",)),
    ("sessions as one text", "dialogue-series.yaml",
     "  sessions:\n  - public_private\n  press_releases:\n  - publisher: U.S. Department of State",
     "  sessions: public_private, government\n  press_releases:\n  - publisher: U.S. Department of State",
     ("sessions: must be a list or null",)),
    # -- dates
    ("an unquoted date", "eras.yaml", "  start: '2019-05-01'", "  start: 2019-05-01",
     ("an unquoted YAML date", "write it in quotes: '2019-05-01'")),
    ("an impossible date", "dialogue-series.yaml", "  start_date: '2010-11-01'",
     "  start_date: '2010-02-30'", ("'2010-02-30' is not a valid date",)),
    ("an impossible unquoted date", "dialogue-series.yaml", "  start_date: '2010-11-01'",
     "  start_date: 2010-02-30", ("cannot be read",)),
    ("a date in words", "dialogue-series.yaml", "    date: '2010-11-01'",
     "    date: 'November 1, 2010'", ("is not a valid date: not in the form YYYY-MM-DD",)),
    ("a date without its zero", "dialogue-series.yaml", "  start_date: '2010-11-01'",
     "  start_date: '2010-11-1'", ("is not a valid date",)),
    ("a timestamp for a date", "dialogue-series.yaml", "  start_date: '2010-11-01'",
     "  start_date: 2010-11-01 09:30:00", ("an unquoted YAML date",)),
    ("a number for a date", "eras.yaml", "  start: '2019-05-01'", "  start: 2019",
     ("start: must be text, not 2019",)),
    # -- keys
    ("a misspelt key", "organizations.yaml", "  parent: jp-mic\n  sources:\n  - url: https://japan2",
     "  parnet: jp-mic\n  sources:\n  - url: https://japan2", ("unknown key 'parnet'",)),
    ("a misspelt translation key", "translations-en.yaml",
     "  text_en: The two countries recognized the importance of promoting investment",
     "  text-en: The two countries recognized the importance of promoting investment",
     ("unknown key 'text-en'",)),
    ("a required key missing", "dialogue-series.yaml", "  status: held\n  name_ja: インターネットエコノミーに関する日米政策協力\n",
     "  name_ja: インターネットエコノミーに関する日米政策協力\n", ("lacks the key 'status'",)),
    # -- ids, urls, duplicates
    ("an id breaking the pattern", "organizations.yaml", "- id: jp-mic\n", "- id: JP_MIC\n",
     ("'JP_MIC' does not match",)),
    ("a duplicate id", "organizations.yaml", "- id: jp-mofa\n", "- id: jp-meti\n",
     ("id 'jp-meti' is listed twice",)),
    ("a url that does not parse", "dialogue-series.yaml",
     "    url: https://japan2.usembassy.gov/e/p/2010/tp-20101101-78.html\n    kind:",
     "    url: https://総務省/\n    kind:", ("has no valid host",)),
    ("a person listed twice", "people.yaml", "people:\n",
     "people:\n- name_ja: ステファン・ラング\n  name_en: Steven Lang\n  source: https://example.com/\n"
     "  source_status: secondary\n", ("name_ja 'ステファン・ラング' is listed twice",)),
    ("a job title listed twice", "positions.yaml", "- name_ja: 係長\n",
     "- name_ja: 補佐\n", ("name_ja '補佐' is listed twice",)),
    ("a translation listed twice", "translations-en.yaml", "sentences:\n",
     "sentences:\n- text_ja: 両国はセキュアかつ強靭なICTインフラに対する投資を促進することの重要性を認識した。\n"
     "  text_en: The two countries agreed to stop investing.\n  subject_supplied: false\n",
     ("is listed twice",)),
    ("500 levels of nesting", "places.yaml", "places:\n",
     "deep: " + "[" * 500 + "]" * 500 + "\nplaces:\n", ("more than 32 levels deep",)),
    # -- names: not blank, no space at either end or doubled
    ("a name of spaces only", "people.yaml", "  name_en: Stephen Lang\n", "  name_en: '   '\n",
     ("people[0].name_en: '   ' does not match",)),
    ("an abbreviation ending in a space", "organizations.yaml", "  abbreviation: ACCJ\n",
     "  abbreviation: 'MIC '\n", ("'MIC ' does not match",)),
    ("a doubled space in an alias", "forums.yaml", "  aliases_ja:\n  - Global Partnership on AI\n",
     "  aliases_ja:\n  - Global  Partnership on AI\n", ("'Global  Partnership on AI' does not",)),
    # -- rules that span files
    ("an abbreviation shared in full width", "organizations.yaml", "  abbreviation: ACCJ\n",
     "  abbreviation: ＭＩＣ\n", ("the name 'MIC' of jp-mic also belongs to jp-accj, written "
                               "'ＭＩＣ' there",)),
    ("an English alias shared in lower case", "organizations.yaml",
     "  aliases_en: []\n  abbreviation: ACCJ\n",
     "  aliases_en:\n  - department of state\n  abbreviation: ACCJ\n",
     ("of us-dos also belongs to jp-accj, written 'department of state' there",)),
    ("an English alias shared", "organizations.yaml", "  aliases_en: []\n  abbreviation: ACCJ\n",
     "  aliases_en:\n  - Department of State\n  abbreviation: ACCJ\n",
     ("the name 'Department of State' of us-dos also belongs to jp-accj",)),
    ("an abbreviation shared", "organizations.yaml", "  abbreviation: ACCJ\n",
     "  abbreviation: MIC\n", ("the name 'MIC' of jp-mic also belongs to jp-accj",)),
    ("a forum alias that is a term", "forums.yaml", "  aliases_ja:\n  - Global Partnership on AI\n",
     "  aliases_ja:\n  - Global Partnership on AI\n  - AI\n",
     ("the name 'AI' of AI also belongs to gpai",)),
    ("a parent that does not exist", "organizations.yaml",
     "  parent: jp-mic-global-strategy-bureau\n", "  parent: jp-mic-no-such-bureau\n",
     ("parent 'jp-mic-no-such-bureau'", "does not exist")),
    ("a collective name of a body that is not registered", "collective-names.yaml",
     "  - us-doc-nist-aisi\n", "  - us-nobody\n", ("'us-nobody' is not an organization",)),
    ("a time qualifier without its code in the model", "time-expressions.yaml",
     "  code: early\n", "  code: very_early\n", ("'very_early' is not one of",)),
    ("a time pattern without its named groups", "time-expressions.yaml",
     "pattern: (?P<year>", "pattern: (?P<y>", ("lacks the named group(s) (?P<year>…)",)),
    # -- patterns that match every text (the empty text): every sentence would be coded so
    ("a topic keyword with a trailing |", "topics.yaml", "  - (?<![A-Za-z0-9])5G\n",
     "  - (?<![A-Za-z0-9])5G|\n", ("is not a valid regex: can match the empty text",)),
    ("a continuation marker with a trailing |", "classification.yaml", "- pattern: 継続\n",
     "- pattern: 継続|\n", ("is not a valid regex: can match the empty text",)),
    ("a kind pattern that may be empty", "classification.yaml", "- pattern: 再確認した。$\n",
     "- pattern: (再確認した。)?$\n", ("is not a valid regex: can match the empty text",)),
    ("no role rule that takes every clause", "time-expressions.yaml",
     "- id: otherwise-target\n  pattern: ''\n", "- id: otherwise-target\n  pattern: ^$\n",
     ("the last role rule's pattern is not ''",)),
    ("an earlier role rule that takes every clause", "time-expressions.yaml",
     "  pattern: ^[^、。]*?(開催|実施|支持|採択|発表|承認|設立)され\n",
     "  pattern: ^[^、。]*?(開催|実施|支持|採択|発表|承認|設立)され|\n",
     ("the role rule 'dated-event' can match the empty text",)),
    # -- a translation checked against its Japanese
    ("a translation without the abbreviation its Japanese writes", "translations-en.yaml",
     "resilient ICT infrastructure.\n", "resilient information technology infrastructure.\n",
     ("lacks ICT, which the Japanese writes",)),
    ("a translation with dates its Japanese does not write", "translations-en.yaml",
     "format on February 6 and 7, 2024,", "format on February 6 and 9, 2023,",
     ("sentences[0].text_en: writes 9, 2023, which the Japanese does not write",
      "2024年2月6日 is February 6, 2024")),
    ("a translation with days its Japanese does not state", "translations-en.yaml",
     "format on February 6 and 7, 2024,", "format on February 2 and 14, 2024,",
     ("sentences[0].text_en: states February 2, 2024; February 14, 2024, which the Japanese "
      "does not state as a day", "2024年2月6日、7日 is February 6 and 7, 2024")),
    ("a translation with a month its Japanese does not write", "translations-en.yaml",
     "workshop scheduled for May 2024;", "workshop scheduled for March 2024;",
     ("writes March (the Japanese writes no 3月), which the Japanese does not write",)),
    ("a translation with an ordinal its Japanese does not write", "translations-en.yaml",
     "At the 14th U.S.-Japan Dialogue", "At the 7th U.S.-Japan Dialogue",
     ("writes 7th (the Japanese writes no 第7), which the Japanese does not write",)),
    ("subject_supplied for a sentence that writes its subject", "translations-en.yaml",
     "resilient ICT infrastructure.\n  subject_supplied: false\n",
     "resilient ICT infrastructure.\n  subject_supplied: true\n",
     ("is true, but the sentence writes its subject (両国は)",)),
    ("a phone number's length as text", "countries.yaml", "  - prefix: '0'\n    digits: 10\n",
     "  - prefix: '0'\n    digits: '10'\n", ("number_lengths[0].digits",)),
    ("a title word listed twice", "positions.yaml", "title_words:\n- 課長\n",
     "title_words:\n- 課長\n- 課長\n", ("title_words: lists '課長' twice",)),
    ("a person named by no source (a misspelt name)", "people.yaml",
     "- name_ja: ステファン・ラング\n", "- name_ja: ステファンラング\n",
     ("'ステファンラング' is the name of no participant",)),
    ("a publisher that is no organization", "publishers.yaml", "- organization_id: jp-mic\n",
     "- organization_id: jp-nobody\n", ("'jp-nobody' is not an organization",)),
    ("a translation matching no sentence", "translations-en.yaml", "sentences:\n",
     "sentences:\n- text_ja: 存在しない文。\n  text_en: A sentence that is nowhere.\n"
     "  subject_supplied: false\n", ("text_ja matches no sentence of a held release",)),
    ("a translation one character longer", "translations-en.yaml",
     "- text_ja: 両国はセキュアかつ強靭なICTインフラに対する投資を促進することの重要性を認識した。\n",
     "- text_ja: 両国はセキュアかつ強靭なICTインフラに対する投資を促進することの重要性を認識した。。\n",
     ("matches no sentence", "nearest: sources/soumu-01tsushin08_02000172.txt line 18, "
      "sentence 6")),
    # -- quotes (class: a curated quote or name that its source does not write)
    ("a quote of the held release it does not hold", "organizations.yaml",
     "    quote: 日本経済団体連合会、全米商工会議所及び在日米国商工会議所からの民間部門の代表\n"
     "    supports: name_ja\n  - url: https://www.uschamber.com/",
     "    quote: 日本経済団体連合会及び全米商工会議所からの民間部門の代表\n"
     "    supports: name_ja\n  - url: https://www.uschamber.com/",
     ("sources[0].quote", "the quote is not in the held text of "
      "soumu-01tsushin08-02000172", "quote the source verbatim")),
    ("a supports that names no field", "organizations.yaml",
     "  - url: https://www.nist.gov/aisi\n    quote: null\n    supports: name_en, parent\n",
     "  - url: https://www.nist.gov/aisi\n    quote: null\n    supports: name_en and parent\n",
     ("supports", "'name_en and parent' is not a field of the entry (nor mention or "
      "participation)")),
    ("an alias no quote cited for it writes", "organizations.yaml",
     "- Japan Economic Organization Federation\n", "- Japan Economic Organisation Federation\n",
     ("aliases_en[", "'Japan Economic Organisation Federation' is not written in any quote "
      "cited for aliases_en")),
    ("a section translation with another number", "translations-en.yaml",
     "- number: 3\n  title_ja: AIガバナンス\n", "- number: 7\n  title_ja: AIガバナンス\n",
     ("number 7, but 'AIガバナンス' is section (3)",)),
]


@pytest.mark.parametrize(("name", "old", "new", "words"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_curated_file_that_breaks_its_schema_or_a_rule(repo, capsys, name, old, new, words):
    path = repo / "reference" / name
    if old is None:
        path.write_text(new, encoding="utf-8")
        line = 1
    else:
        text = edit(path, old, new)
        line = line_number(text, text.index(new.lstrip("\n")))
    place = "line 1" if old is None else "line "
    error = expect_failure(repo, capsys, f"reference/{name}", place, *words)
    if old is not None and not any(w in words[0] for w in ("twice", "also belongs", "matches",
                                                           "lacks")):
        # the value's own line (a replaced block: one of its lines)
        lines = range(line, line + new.count("\n") + 1)
        assert any(f"reference/{name}: line {n}" in error for n in lines), error


def test_all_problems_of_a_run_are_reported_together(repo, capsys):
    edit(repo / "reference" / "eras.yaml", "  start: '2019-05-01'", "  start: 2019-05-01")
    edit(repo / "reference" / "organizations.yaml", "  parent: jp-mic\n  sources:\n  - url: https://japan2",
         "  parnet: jp-mic\n  sources:\n  - url: https://japan2")
    edit(repo / "sources" / "soumu-01tsushin08_02000172.source.yaml", "bytes: 12878",
         "bytes: '12878'")
    error = expect_failure(repo, capsys, "reference/eras.yaml", "eras[1].start",
                           "reference/organizations.yaml", "unknown key 'parnet'",
                           "soumu-01tsushin08_02000172.source.yaml", "bytes: must be a whole",
                           "4 problems in the curated inputs")
    assert error.count("fix:") == 4


@pytest.mark.parametrize(("encoding", "place"), [("cp932", "line 2, byte 91"),
                                                ("utf-16", "line 1, byte 0")])
def test_curated_file_not_utf8(repo, capsys, encoding, place):
    path = repo / "reference" / "organizations.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    expect_failure(repo, capsys, "reference/organizations.yaml", place, "not valid UTF-8")


def test_a_latin1_byte_in_a_comment(repo, capsys):
    path = repo / "reference" / "eras.yaml"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"# Japanese era", b"# Japanese \xe9ra", 1))
    expect_failure(repo, capsys, "reference/eras.yaml", "line 1, byte 11", "not valid UTF-8")


def test_an_invisible_character_in_a_curated_file(repo, capsys):
    text = edit(repo / "reference" / "organizations.yaml", "  name_ja: 総務省\n",
                "  name_ja: 総務\u200b省\n")
    line = line_number(text, text.index("総務\u200b省"))
    expect_failure(repo, capsys, "reference/organizations.yaml", f"line {line}, column 14",
                   "U+200B ZERO WIDTH SPACE")


def test_yaml_that_does_not_parse(repo, capsys):
    text = edit(repo / "reference/places.yaml", "  country: US\n", "  country: US: JP\n")
    line = line_number(text, text.index("country: US: JP"))
    expect_failure(repo, capsys, "places.yaml", f"line {line}", "YAML does not parse")


def test_a_cycle_of_parents(repo, capsys):
    path = repo / "reference" / "organizations.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: jp-mic\n")
    end = text.index("\n- id:", start)
    entry = text[start:end].replace("  parent: null\n", "  parent: jp-mic-global-strategy-bureau\n")
    path.write_text(text[:start] + entry + text[end:], encoding="utf-8")
    error = expect_failure(repo, capsys, "organizations.yaml", "parent", "cycle of parents")
    assert "jp-mic -> jp-mic-global-strategy-bureau -> jp-mic" in error


def test_a_reference_file_without_a_schema(repo, capsys):
    (repo / "reference" / "themes.yaml").write_text("themes:\n- id: ai\n", encoding="utf-8")
    expect_failure(repo, capsys, "reference/themes.yaml", "file", "has no schema",
                   "model/inputs/themes.schema.json")


@pytest.mark.parametrize("name", ["source-record", "citation", "common"])
def test_a_schema_of_the_build_deleted(repo, capsys, name):
    """The schemas the build checks the records, CITATION.cff and every curated file with (a
    KeyError traceback when one was gone)."""
    (repo / "model" / "inputs" / f"{name}.schema.json").unlink()
    expect_failure(repo, capsys, f"model/inputs/{name}.schema.json", "file", "is missing",
                   f"git checkout -- model/inputs/{name}.schema.json")


def test_a_schema_without_its_reference_file(repo, capsys):
    (repo / "reference" / "sites.yaml").unlink()
    expect_failure(repo, capsys, "model/inputs/sites.schema.json", "file",
                   "describes reference/sites.yaml, which does not exist")


def test_a_curated_file_over_its_size_bound(repo, capsys):
    path = repo / "reference" / "people.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# " + "x" * (16 * 1024 * 1024) + "\n",
                    encoding="utf-8")
    expect_failure(repo, capsys, "reference/people.yaml", "file", "over the bound of 16 MiB")


def test_a_value_a_later_stage_needs(repo, capsys):
    """A value the schema allows but a stage needs (a place's English name)."""
    path = repo / "reference" / "places.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    del document["places"][0]["name_en"]
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    expect_failure(repo, capsys, "reference/places.yaml", f"line {line_of(path, '- name_ja')}",
                   "lacks the key 'name_en'")


ESCAPES = ["\\u202e", "\\u200b", "\\n", "\\u30c6\\u3099", "\\0", "\\a", "\\e", "\\ufffe"]


@pytest.mark.parametrize("escape", ESCAPES)
def test_an_escape_that_writes_a_refused_character(repo, capsys, escape):
    """The raw text's character rules hold for the value YAML decodes from an escape."""
    text = edit(repo / "reference/people.yaml", "  name_en: Stephen Lang\n",
                f'  name_en: "Stephen {escape}Lang"\n')
    line = line_number(text, text.index("Stephen \\"))
    char = escape.encode().decode("unicode_escape")[-1] if escape != "\\e" else "\x1b"
    expect_failure(repo, capsys, "reference/people.yaml", f"line {line}: people[0].name_en",
                   f"U+{ord(char):04X}", "an invisible, format or control character")


def test_a_refused_character_in_a_quote(repo, capsys):
    """A verbatim quote may hold line feeds (as the texts it quotes do), nothing else."""
    text = edit(repo / "reference/dialogue-series.yaml", "      quote: 日本時間で2021年11月11日",
                '      quote: "a\\nb\\u0007"\n      note: 日本時間で2021年11月11日')
    line = line_number(text, text.index('"a\\nb'))
    expect_failure(repo, capsys, "reference/dialogue-series.yaml", f"line {line}: ",
                   ".quote: the value holds U+0007 CONTROL CHARACTER")


# -- the inputs as files: regular files inside the repository, nothing skipped silently
LINKS = [
    ("a loop", "reference/places.yaml", "places.yaml"),
    ("a device", "reference/places.yaml", "/dev/zero"),
    ("dangling", "reference/places.yaml", "nowhere.yaml"),
    ("outside the repository", "reference/places.yaml", None),
    ("a release text in a loop", f"sources/{RELEASE_NAME}", RELEASE_NAME),
    ("a record in a loop", f"sources/{RECORD_NAME}", RECORD_NAME),
    ("a model schema in a loop", "model/inputs/places.schema.json", "places.schema.json"),
    ("a model file in a loop", "model/tables.yaml", "tables.yaml"),
]


@pytest.mark.parametrize(("name", "target"), [c[1:] for c in LINKS], ids=[c[0] for c in LINKS])
def test_an_input_that_is_a_symbolic_link(repo, capsys, tmp_path, name, target):
    path = repo / name
    if target is None:  # a copy of the file itself, outside the repository
        target = tmp_path / path.name
        target.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(target)
    expect_failure(repo, capsys, f"{name}: file", "is a symbolic link",
                   "a regular file inside the repository")


@pytest.mark.parametrize(("name", "words"), [
    ("orphan.txt", ("has no record orphan.source.yaml beside it", "snapshot orphan.txt")),
    ("soumu-01tsushin08_02000172.source.yml", ("is neither a release text",)),
], ids=["a text without its record", "a record named .source.yml"])
def test_a_file_of_sources_the_build_would_skip(repo, capsys, name, words):
    (repo / "sources" / name).write_bytes((repo / "sources" / RECORD_NAME).read_bytes())
    expect_failure(repo, capsys, f"sources/{name}", "file", *words)


@pytest.mark.parametrize(("name", "words"), [
    ("README.md", ("is not in sources/, the folder the build reads", "sources/NAME.txt")),
    ("elsewhere/soumu-x.txt", ("is not in sources/, the folder the build reads",
                               "or give the build's folder with --sources")),
    ("sources/soumu-x.md", ("is not a release text (*.txt)", "sources/soumu-x.txt")),
], ids=["the README", "a text in another folder", "a file of sources/ that is not a text"])
def test_snapshot_of_a_file_the_build_does_not_read(repo, capsys, name, words):
    """A provenance record is written only beside a text the build reads (a *.txt file of
    sources/): elsewhere it would describe a text that no build reads, and say nothing."""
    path = repo / name
    path.parent.mkdir(exist_ok=True)
    if not path.exists():
        path.write_bytes((repo / "sources" / RELEASE_NAME).read_bytes())
    expect_failure(repo, capsys, name, "file", *words, command=(
        "snapshot", path, "--url", "https://www.soumu.go.jp/menu_news/s-news/x.html",
        "--root", repo))
    assert not path.with_name(path.stem + ".source.yaml").exists()
    if name != "README.md":
        path.unlink()


def test_snapshot_update_with_another_url(repo, capsys):
    """--update refreshes sha256 and bytes only: a --url given with it was dropped without a
    word, and the record kept its old address."""
    record = (repo / "sources" / RECORD_NAME).read_bytes()
    expect_failure(repo, capsys, f"sources/{RELEASE_NAME}", "--url", "is given with --update",
                   "leave out --url", command=(
                       "snapshot", repo / "sources" / RELEASE_NAME, "--update", "--url",
                       "https://www.soumu.go.jp/menu_news/s-news/01tsushin08_02000999.html",
                       "--root", repo))
    assert (repo / "sources" / RECORD_NAME).read_bytes() == record


def test_a_model_file_nested_500_deep(repo, capsys):
    path = repo / "model/figures.yaml"
    text = path.read_text(encoding="utf-8") + "deep: " + "[" * 500 + "]" * 500 + "\n"
    path.write_text(text, encoding="utf-8")
    expect_failure(repo, capsys, "model/figures.yaml", f"line {text.count(chr(10))}, column",
                   "more than 32 levels deep")


def test_a_root_that_does_not_exist(repo, capsys, tmp_path):
    expect_failure(repo, capsys, f"{tmp_path}/nowhere", "--root", "does not exist",
                   command=("build", "--root", tmp_path / "nowhere"))


# (id, old text, new text, the meeting and field named): a date its own quote contradicts.
QUOTED_DATES = [
    ("a start date its Japanese quote does not state", "  start_date: '2023-03-06'\n  end_date:",
     "  start_date: '2023-03-05'\n  end_date:", "meeting 13, start_date"),
    ("a U.S. date its quote does not state", "  us_time_end_date: '2021-11-11'",
     "  us_time_end_date: '2021-11-13'", "meeting 12, us_time_end_date"),
    ("an event's day its quote does not state", "  - date: '2021-10-19'",
     "  - date: '2021-10-18'", "meeting 12, related_events[0].date"),
    ("a release date its era-dated quote does not state", "    date: '2021-11-18'",
     "    date: '2021-11-17'", "meeting 12, press_releases[0].date"),
    ("a release year its era-dated quote does not state (令和3年: 2021)",
     "    date: '2021-11-18'", "    date: '2022-11-18'", "meeting 12, press_releases[0].date"),
    ("a date of the series its era-dated quote does not state", "agreed_date: '2010-06-16'",
     "agreed_date: '2010-06-17'", "series.origin, agreed_date"),
    ("a start date its Japanese range does not state",
     "7月23日及び24日の2日間", "7月24～26日の2日間", "meeting 9, start_date"),
    ("a start date its English quote does not state", "  start_date: '2011-06-09'",
     "  start_date: '2011-06-08'", "meeting 2, start_date"),
]


@pytest.mark.parametrize(("old", "new", "place"), [c[1:] for c in QUOTED_DATES],
                         ids=[c[0] for c in QUOTED_DATES])
def test_a_date_that_its_own_evidence_quote_contradicts(repo, capsys, old, new, place):
    """A curated date must be a day its evidence's quote states (the quote was copied from
    the source; the date was typed)."""
    edit(repo / "reference" / "dialogue-series.yaml", old, new)
    expect_failure(repo, capsys, "reference/dialogue-series.yaml", place,
                   "is not a day that its evidence's quote states", "correct the date")


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_curated_text_a_spreadsheet_would_read_as_a_formula(repo, capsys, start):
    """No published cell starts with =, +, - or @ (README, 'Safe to open'): a curated note
    that would is refused, whichever table it reaches."""
    edit(repo / "reference" / "dialogue-series.yaml",
         "tp-20101101-78.html\n    kind: joint_statement\n    note: Joint press statement.\n",
         "tp-20101101-78.html\n    kind: joint_statement\n"
         f"    note: '{start}HYPERLINK(\"http://example.com\")'\n")
    expect_failure(repo, capsys, "data/sources.csv", f"starts with '{start}', which a "
                   "spreadsheet reads as a formula", "correct the input it comes from")

