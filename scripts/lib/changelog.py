"""CHANGELOG.md's sections, as the build and `release` read them.

While "## [Unreleased]" lists changes, the published files are not the release their version
names: the build then publishes the version as `X.Y.Z+unreleased` (semantic versioning's build
metadata: X.Y.Z and changes since), so that a clone's datapackage.json, workbook and JSON-LD
never claim to be a release they are not; `make release` refuses while changes wait there.
(Semantic versioning gives build metadata no precedence: a tool that orders versions takes
X.Y.Z+unreleased for X.Y.Z; `diff` says it is not a release.)
"""

from __future__ import annotations

import re
from pathlib import Path

from scripts.lib.characters import decode_utf8
from scripts.lib.files import read_limited

UNRELEASED = "+unreleased"
UNRELEASED_HEADING = re.compile(r"^## \[Unreleased\][^\n]*\n", re.MULTILINE | re.IGNORECASE)
MAX_CHANGELOG_BYTES = 4 * 1024 * 1024
ITEM = re.compile(r"^\s*[-*+] \S", re.MULTILINE)  # a change listed: a Markdown list item


def section(text: str, heading: re.Match) -> str:
    """The body under a level-2 heading, up to the next one."""
    body = text[heading.end():]
    following = re.search(r"^## ", body, re.MULTILINE)
    return body[:following.start()] if following else body


def unreleased(text: str) -> str:
    """What "## [Unreleased]" lists ('' for no change listed: no such section, or one with
    headings such as "### Added" and no item under them)."""
    heading = UNRELEASED_HEADING.search(text)
    body = section(text, heading).strip() if heading else ""
    return body if ITEM.search(body) else ""


def published_version(version: str, root: Path) -> str:
    """The version the files carry: `version`, or `version+unreleased` while root's
    CHANGELOG.md lists unreleased changes (a root without one: `version`)."""
    path = root / "CHANGELOG.md"
    if not path.is_file():
        return version
    text = decode_utf8(path, read_limited(path, MAX_CHANGELOG_BYTES, "CHANGELOG.md"))
    return version + UNRELEASED if unreleased(text) else version
