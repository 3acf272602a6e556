"""Helpers of the failure tests (tests/test_failures*.py): a repository copy to break inputs in,
and the assertion every row of docs/failures.md makes.

Each module defines `repo` as conftest's `failure_repo`: one repository copy per module whose
inputs are restored before each test. `expect_failure` runs a command (the build by default)
and asserts exit status 2, a message naming the file, the place and the fix, and
datapackage.json, data/, schemas/, docs/, README.md and .zenodo.json byte for byte as they were. With FAILURE_TABLE set (`make failure-table`), it records the message.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from scripts.publish import backup_dir
from tests.conftest import (
    PRISTINE,
    RECORD,
    RELEASE,
    run_build,
    run_cli,
    snapshot_of,
)

RELEASE_NAME = "soumu-01tsushin08_02000172.txt"
RECORD_NAME = "soumu-01tsushin08_02000172.source.yaml"
def expect_failure(repo: Path, capsys, file: str, place: str, *words: str,
                   command: tuple = (), during=None) -> str:
    """Run `command` (default: the build of `repo`): status 2, the message, nothing changed.

    `during` is a context manager held around the run only (a resource limit, say), so that
    checking and recording the message are not subject to it."""
    capsys.readouterr()
    before = PRISTINE.get(repo) or snapshot_of(repo)
    assert before, "the copy holds published files to protect"
    with during or contextlib.nullcontext():
        status = run_cli(*command) if command else run_build(repo)
    captured = capsys.readouterr()
    error = captured.err
    assert status == 2, f"exit status {status}; stdout {captured.out!r}; stderr {error!r}"
    assert "Traceback" not in error, error
    assert file in error, error
    assert place in error, error
    assert "fix:" in error, error
    for word in words:
        assert word in error, error
    assert snapshot_of(repo) == before, "a published file changed"
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


def column(text: str, index: int) -> int:
    return index - (text.rfind("\n", 0, index) + 1) + 1


def edit(path: Path, old: str, new: str) -> str:
    text = replace_once(path.read_text(encoding="utf-8"), old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(path: Path, marker: str, occurrence: int = 0) -> int:
    """The line of the `occurrence`-th `marker` in the file (-1: the last)."""
    text = path.read_text(encoding="utf-8")
    starts = [i for i in range(len(text)) if text.startswith(marker, i)]
    assert starts, f"{marker!r} not in {path.name}"
    return line_number(text, starts[occurrence])


__all__ = ["RECORD", "RECORD_NAME", "RELEASE", "RELEASE_NAME", "column", "edit", "expect_failure",
           "line_number", "line_of", "replace_once"]
