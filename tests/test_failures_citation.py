"""CITATION.cff, which .zenodo.json is generated from and published with the package, is
checked as strictly as the curated inputs (scripts/lib/citation.py): read with the strict YAML
reader, against model/inputs/citation.schema.json, and against the package's version and
licence. Each failure exits 2 naming CITATION.cff, its line and the fix, and publishes nothing
(never a traceback, nor a .zenodo.json that says something else than the package). Rows of
docs/failures.md."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import ROOT
from tests.failure_cases import edit, expect_failure, line_of

# what CITATION.cff says now (a new version changes both: the cases follow it)
CITED = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
VERSION, RELEASED = CITED["version"], str(CITED["date-released"])

AUTHORS = '  - name: "U.S.–Japan Digital Economy Dialogue dataset maintainers"\n'
KEYWORDS = "keywords:\n  - Japan\n  - United States\n  - digital economy\n" \
    "  - bilateral dialogue\n  - joint statement\n"
REFERENCE = "  - type: report\n"

# (id, old text, new text, marker (its line is the message's), path, words)
CASES = [
    ("authors as text", "authors:\n" + AUTHORS, 'authors: "some maintainers"\n', "authors:",
     "authors", ("must be a list, not 'some maintainers'",)),
    ("an author without a name", AUTHORS, "  - affiliation: MIC\n", "  - affiliation",
     "authors[0]", ("has none of the forms allowed", "`name:`")),
    ("keywords as a number", KEYWORDS, "keywords: 5\n", "keywords:", "keywords",
     ("must be a list, not 5",)),
    ("keywords as one text", KEYWORDS, "keywords: Japan\n", "keywords:", "keywords",
     ("must be a list, not 'Japan'",)),
    ("a reference that is a plain string", "references:\n" + REFERENCE,
     "references:\n  - https://www.soumu.go.jp/\n  - type: report\n", "  - https://",
     "references[0]", ("must be a mapping (key: value lines), not 'https://www.soumu.go.jp/'",)),
    ("a release date that is not a date", f'date-released: "{RELEASED}"',
     'date-released: "soon"', "date-released:", "date-released",
     ("'soon' is not a valid date", "write a real day as 'YYYY-MM-DD'")),
    ("a release date that is no day", f'date-released: "{RELEASED}"',
     'date-released: "2026-02-30"', "date-released:", "date-released",
     ("'2026-02-30' is not a valid date", "day is out of range")),
    ("an unquoted release date", f'date-released: "{RELEASED}"',
     f"date-released: {RELEASED}", "date-released:", "date-released",
     ("an unquoted YAML date is read as a date", f"write it in quotes: '{RELEASED}'")),
    ("a licence that is not the package's", "license: CC-BY-4.0",
     "license: All rights reserved", "license:", "license",
     ("is 'All rights reserved', but the package's licence is 'CC-BY-4.0'",
      "write license: CC-BY-4.0")),
    ("a version that is not the package's", f"version: {VERSION}", "version: 90.0.0",
     "version: 90", "version", (f"is '90.0.0', but the package is version '{VERSION}'",
                                f"write version: {VERSION}")),
    ("a version that is not text", f"version: {VERSION}", "version: 0.1", "version: 0.1",
     "version",
     ("must be text, not 0.1",)),
    ("a misspelt key", KEYWORDS, KEYWORDS.replace("keywords:", "keyword:"), "keyword:",
     "keyword", ("unknown key 'keyword' (is it 'keywords', misspelt?)",)),
    ("a key written twice", "license: CC-BY-4.0\n", "license: CC-BY-4.0\nlicense: MIT\n",
     "license: MIT", "license", ("is written twice in one mapping",)),
    ("an anchor", "license: CC-BY-4.0\n", "license: &licence CC-BY-4.0\n", "license:", "",
     ("uses an anchor (&licence)",)),
    ("a title missing", 'title: "U.S.–Japan Digital Economy Dialogue dataset"\n', "",
     "cff-version", "top level", ("lacks the key 'title'",)),
]


@pytest.fixture
def repo(failure_repo):
    """One repository copy per module, its inputs restored before each test."""
    return failure_repo


@pytest.mark.parametrize(("old", "new", "marker", "path", "words"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_citation_that_breaks_its_schema_or_the_package(repo, capsys, old, new, marker, path,
                                                        words):
    citation = repo / "CITATION.cff"
    edit(citation, old, new)
    place = f"line {line_of(citation, marker)}" + (f": {path}" if path else "")
    expect_failure(repo, capsys, "CITATION.cff", place, *words)


def test_citation_not_utf8(repo, capsys):
    citation = repo / "CITATION.cff"
    citation.write_bytes(citation.read_bytes().replace("–".encode(), "–".encode("cp1252")))
    expect_failure(repo, capsys, "CITATION.cff", "line 4, byte", "not valid UTF-8")


@pytest.mark.parametrize("command", ["docs", "validate"])
def test_commands_that_read_a_citation_refuse_a_broken_one(repo, capsys, command):
    """`docs` (which rewrites .zenodo.json) and `validate` (which compares it) check it as
    the build does (`release` too: tests/test_release.py)."""
    edit(repo / "CITATION.cff", "license: CC-BY-4.0", "license: MIT")
    expect_failure(repo, capsys, "CITATION.cff", "line 7: license",
                   "is 'MIT', but the package's licence is 'CC-BY-4.0'",
                   command=(command, "--root", repo))


@pytest.mark.parametrize("make", ["deleted", "a folder"])
def test_a_citation_gone_while_its_zenodo_json_is_there(repo, capsys, make):
    """.zenodo.json is generated from CITATION.cff: without it the build kept the old one, and
    validate then refused the package it had just published."""
    (repo / "CITATION.cff").unlink()
    if make == "a folder":
        (repo / "CITATION.cff").mkdir()
    expect_failure(repo, capsys, "CITATION.cff", "file", "is not a file" if make == "a folder"
                   else "does not exist, but .zenodo.json, which is generated from it, does",
                   "git checkout -- CITATION.cff")
