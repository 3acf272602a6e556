"""docs/failures.md: the table of bad inputs the build refuses, with the messages it prints.

The messages come from the failure tests themselves, so the table shows what a maintainer
really sees (`make failure-table` runs them with FAILURE_TABLE set, then this script):

    FAILURE_TABLE=.build/failures.jsonl python -m pytest tests/test_failures.py
    python -m scripts failure-table .build/failures.jsonl
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from scripts.lib.errors import BuildError
from scripts.lib.project import Project

INTRO = """# What a bad input does

Every expected failure stops `make build` with exit status 2 and a message that names the file,
the place and the fix; `data/`, `schemas/` and `datapackage.json` are left byte for byte as they
were (the build writes into a staging folder and validates there before it replaces anything).
Each row is a test in `tests/test_failures.py`, which asserts the status, the message and the
untouched files; the messages below were printed by those tests (`make failure-table` writes
this page; temporary folder names removed, long lines cut).

Decisions: a release text must be UTF-8 without BOM and with LF line endings; a BOM, CRLF or
Shift_JIS/CP932 bytes are refused, not normalised, because the snapshot's checksum vouches for
its exact bytes (convert, then update `sha256` and `bytes` in the record). A text cut short
anywhere is refused: every part of the release must be found, down to the page's closing line
「ページトップへ戻る」.

An interrupted publish (the process killed between moving the old files aside and moving the
new ones in) is undone by the next `make build`, which restores the old set first; until then
`make validate` reports it. `tests/test_failures.py::test_interrupted_publish_is_recovered`
simulates it at every step.

| case (test) | message | fix |
| --- | --- | --- |
"""


PIPE = "\\|"  # a | inside a Markdown table cell


def row(entry: dict) -> str:
    name = entry["test"].split("::")[-1].removesuffix(" (call)")
    error = re.sub(r"/\S*?/repo/", "", entry["error"])
    first = error.split("\n")[0].removeprefix("error: ")
    fix = next((line.strip().removeprefix("fix: ") for line in error.split("\n")
                if line.strip().startswith("fix:")), "")
    if len(first) > 220:
        first = first[:217] + "…"
    cells = [cell.replace("|", PIPE) for cell in (first, fix)]
    return f"| `{name}` | {cells[0]} | {cells[1]} |"


def write_table(project: Project, messages: Path) -> int:
    """docs/failures.md from the failure tests' messages (one JSON object per line)."""
    if not messages.is_file():
        raise BuildError(messages, "file", "does not exist",
                         "run the failure tests with FAILURE_TABLE set (make failure-table)")
    entries = [json.loads(line) for line in messages.read_text("utf-8").splitlines()]
    (project.root / "docs" / "failures.md").write_text(
        INTRO + "\n".join(map(row, entries)) + "\n", encoding="utf-8")
    return 0
