"""The version the files carry: X.Y.Z+unreleased while CHANGELOG.md lists a change under
Unreleased, X.Y.Z once none waits there (scripts/lib/changelog.py)."""

from __future__ import annotations

import pytest

from scripts.lib.changelog import published_version

RELEASED = "## [0.1.0] - 2026-11-27\n\nFirst release.\n"


@pytest.mark.parametrize(("unreleased", "version"), [
    ("", "0.1.0"),
    ("### Added\n\n### Fixed\n", "0.1.0"),  # headings waiting for items: nothing listed
    ("### Fixed\n- A wrong date.\n", "0.1.0+unreleased"),
    ("Some words, then:\n\n* an item\n", "0.1.0+unreleased"),
])
def test_the_version_follows_what_waits_under_unreleased(tmp_path, unreleased, version):
    (tmp_path / "CHANGELOG.md").write_text(
        f"# Changelog\n\n## [Unreleased]\n\n{unreleased}\n{RELEASED}", encoding="utf-8")
    assert published_version("0.1.0", tmp_path) == version


def test_a_root_without_a_changelog_carries_its_version(tmp_path):
    assert published_version("0.1.0", tmp_path) == "0.1.0"


def test_a_changelog_that_is_not_utf8_is_named(tmp_path):
    from scripts.lib.errors import BuildError

    (tmp_path / "CHANGELOG.md").write_bytes(b"## [Unreleased]\n- \xff\n")
    with pytest.raises(BuildError, match="CHANGELOG.md"):
        published_version("0.1.0", tmp_path)
