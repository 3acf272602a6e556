"""docs/failures.md: the table of bad inputs the build refuses, with the messages it prints.

The messages come from the failure tests themselves, so the table shows what a maintainer
really sees (`make failure-table` runs them with FAILURE_TABLE set, then this script):

    FAILURE_TABLE=.build/failures.jsonl python -m pytest tests/test_failures*.py
    python -m scripts failure-table .build/failures.jsonl
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from scripts.lib.errors import BuildError
from scripts.lib.project import Project

INTRO = """# What a bad input does

Every expected failure stops the command with exit status 2 and a message that names the file,
the place (line, column, the value's path) and the fix; `datapackage.json`, `data/`, `schemas/`
and `docs/` are left byte for byte as they were. Each row is a test of `tests/test_failures*.py`
(one file per kind of input: release texts, reference files, publishing, …) that asserts the
status, the message and the untouched files; the messages below were printed by those tests (`make
failure-table` writes this page; temporary folder names removed, long lines cut; one row per
case, many cases per class).

Decisions:

- A release text must be UTF-8 without BOM, with LF line endings, no line over 4,000
  characters, and no invisible, format or control character (U+200B, U+FEFF, U+00AD, U+2060,
  bidirectional controls, combining marks, variation selectors: every Unicode category Cc but
  tab and line feed, Cf, Co, Cn, Zl, Zp, Mn, Me); digits are ASCII, full-width or kanji. Such a
  text is refused, not normalised, because the snapshot's checksum vouches for its exact bytes.
  A text cut short anywhere is refused, and so is a text that states a part twice (title,
  release date, lead, a heading, an attendee side, a contact line), numbers its statement's
  sections out of order, or names different meetings or dialogues in its title, lead,
  headings and first sentence.
- Every curated file (reference/*.yaml) and every provenance record has a JSON Schema in
  `model/inputs/`; all their problems are reported together. YAML anchors and aliases, a key
  written twice and an unquoted date are refused, and so is nesting deeper than 32 levels. A
  decoded value (escapes included) obeys the raw text's character rules; only a quote may hold
  line feeds and tabs. A name is not blank, has no space at either end or two in a row, and
  belongs to one entity, names compared under NFKC, case folding and collapsed spaces; every
  sentence and section title of a held release has its translation and every translation its
  sentence; a url is in canonical form (lower-case host, no port, no dot or empty segments),
  and a held text's url is on its publisher's site. Every input is a regular file inside the
  repository, not a link, and every file of sources/ is a record or a text with its record.
- Publishing is one build at a time (`.build/build.lock`), checked before anything moves
  (writable targets, one file system, room), and put back before the build exits when it fails
  half-way; the generated documentation is published with the package. A publish killed at any
  step is undone by the next build, even one that fails. The disk-full, read-only and
  cross-file-system cases are simulated (as root, permissions do not stop writes);
  `tests/test_publish.py` kills real processes at steps of the swap and runs builds at once.
- `inspect` reads regular files of at most 1 MiB; `diff` reads only files inside the package,
  each of at most 256 MiB (a zip's members: at most 1 GiB in all); `make release` zips the
  files git tracks, from a work tree without uncommitted or untracked files.

| case (test) | message | fix |
| --- | --- | --- |
"""


PIPE = "\\|"  # a | inside a Markdown table cell


def row(entry: dict) -> str:
    name = entry["test"].split("::")[-1].removesuffix(" (call)")
    error = re.sub(r"/\S*?/pytest-\d+/[^/\s]+/", "", entry["error"])  # temporary folders
    error = re.sub(r"/\S*?/repo/", "", error)
    error = re.sub(r"staging-[\w]+", "staging-…", error)
    lines = error.split("\n")
    first = next((line for line in lines if line.startswith("error: ")), lines[0])
    first = first.removeprefix("error: ")
    fix = next((line.strip().removeprefix("fix: ") for line in error.split("\n")
                if line.strip().startswith("fix:")), "")
    if len(first) > 220:
        first = first[:217] + "…"
    cells = [cell.replace("|", PIPE) for cell in (first, fix)]
    return f"| `{name}` | {cells[0]} | {cells[1]} |"


def read_messages(messages: Path) -> list[dict]:
    """The failure tests' messages, one JSON object with `test` and `error` per line."""
    try:
        lines = messages.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BuildError(messages, "file", f"cannot be read: {error}",
                         "run `make failure-table`, which writes it") from None
    entries = []
    for number, line in enumerate(lines, start=1):
        try:
            entry = json.loads(line)
        except ValueError as error:
            entry, problem = None, f"is not JSON ({error.msg})"
        else:
            problem = "is not an object with text `test` and `error`"
        if not (isinstance(entry, dict) and isinstance(entry.get("test"), str)
                and isinstance(entry.get("error"), str)):
            raise BuildError(messages, f"line {number}", problem,
                             "run `make failure-table`, which writes it whole")
        entries.append(entry)
    if not entries:
        raise BuildError(messages, "file", "holds no messages: the table would be empty",
                         "run `make failure-table` (the failure tests write the messages)")
    return entries


def write_table(project: Project, messages: Path) -> int:
    """docs/failures.md from the failure tests' messages (one JSON object per line)."""
    if not messages.is_file():
        raise BuildError(messages, "file", "does not exist",
                         "run the failure tests with FAILURE_TABLE set (make failure-table)")
    entries = read_messages(messages)
    (project.root / "docs" / "failures.md").write_text(
        INTRO + "\n".join(map(row, entries)) + "\n", encoding="utf-8")
    print(f"wrote docs/failures.md: {len(entries)} rows")
    return 0
