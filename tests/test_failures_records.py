"""Messages that name both places: a body listed twice in one meeting, one source_id in two
records, a url written otherwise than another input writes it. Rows of docs/failures.md, with
the other tests/test_failures*.py."""

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


def test_attendee_body_listed_twice(repo, capsys, source_text):
    old = "デジタル庁、外務省、"
    text = replace_once(source_text, old, old + "外務省、")
    rewrite_release(repo, text)
    at = text.index(old) + len(old)
    expect_failure(repo, capsys, RELEASE_NAME, f"line 48, column {column(text, at)}",
                   "listed twice", f"also line 48, column {column(text, at - 4)}")


COPY = "SOUMU-01TSUSHIN08_02000172"  # a second name that is the same document's (its id)


def test_one_source_id_in_two_records(repo, capsys):
    copy = repo / "sources" / f"{COPY}.txt"
    copy.write_bytes((repo / RELEASE).read_bytes())
    record = (repo / RECORD).read_text(encoding="utf-8")
    (repo / "sources" / f"{COPY}.source.yaml").write_text(replace_once(
        record, f"file: {RELEASE_NAME}", f"file: {COPY}.txt"), encoding="utf-8")
    line = line_number(record, record.index("source_id:"))
    error = expect_failure(repo, capsys, f"{COPY}.source.yaml", f"line {line}: source_id",
                           "is also the source_id of")
    assert RECORD_NAME in error, error


def test_url_scheme_that_disagrees_with_the_reference(repo, capsys):
    text = edit(repo / RECORD, "url: https://", "url: http://")
    line = line_number(text, text.index("url: http://"))
    expect_failure(repo, capsys, RECORD_NAME, f"line {line}", "'http://www.soumu.go.jp",
                   "'https://www.soumu.go.jp", "reference/dialogue-series.yaml")


def test_a_record_that_names_another_records_text(repo, capsys):
    """A record describes the text of its own name: one that names another text (which has a
    record of its own) would have the build read that text twice, under two names."""
    copy = repo / "sources" / f"{COPY}.txt"
    copy.write_bytes((repo / RELEASE).read_bytes())
    record = (repo / RECORD).read_text(encoding="utf-8")
    (repo / "sources" / f"{COPY}.source.yaml").write_text(record, encoding="utf-8")
    line = line_number(record, record.index("file:"))
    expect_failure(repo, capsys, f"{COPY}.source.yaml", f"line {line}: file",
                   f"is '{RELEASE_NAME}', but this record's text is '{COPY}.txt'",
                   f"write file: {COPY}.txt")


def test_a_record_turned_to_another_documents_url(repo, capsys):
    """The text is named after the page it was saved from: a record whose url (and id) is
    another page's would publish this text as that document, and its quotes unchecked."""
    text = edit(repo / RECORD, "url: https://www.soumu.go.jp/menu_news/s-news/01tsushin08_"
                "02000172.html", "url: https://www.soumu.go.jp/menu_news/s-news/01tsushin08_"
                "02000999.html")
    edit(repo / RECORD, "source_id: soumu-01tsushin08-02000172",
         "source_id: soumu-01tsushin08-02000999")
    line = line_number(text, text.index("url:"))
    expect_failure(repo, capsys, RECORD_NAME, f"line {line}: url", "gives the source id "
                   "'soumu-01tsushin08-02000999', but the text and its record are named "
                   "'soumu-01tsushin08_02000172'", "give the url of the page the text was saved")
