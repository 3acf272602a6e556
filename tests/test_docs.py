"""Documentation that is generated must be current."""

import re

import pytest

from tests.conftest import run_cli


def test_generated_documentation_is_current(capsys):
    assert run_cli("docs", "--check") == 0, capsys.readouterr().err


def test_the_failure_table_has_a_row_for_every_failure_test_and_no_other():
    import re

    from tests.conftest import ROOT

    table = (ROOT / "docs" / "failures.md").read_text(encoding="utf-8")
    tests = "".join(path.read_text(encoding="utf-8")
                    for path in sorted((ROOT / "tests").glob("test_failures*.py")))
    names = set(re.findall(r"^\| `(test_\w+)", table, flags=re.M))
    assert names == set(re.findall(r"^def (test_\w+)\(", tests, flags=re.M))


def test_the_build_writes_the_readme_table_and_zenodo_metadata_and_check_fresh_compares_them(
        tmp_path, capsys):
    """README.md's table of tables and .zenodo.json are published with the package: a build
    writes them from what it builds (and from CITATION.cff), and check-fresh, which `make
    release` runs, finds either one stale."""
    import json

    from tests.conftest import ROOT, copy_repository, run_build

    root = copy_repository(tmp_path / "repo")
    readme = root / "README.md"
    row = "| `meetings` |"
    line = next(line for line in readme.read_text(encoding="utf-8").splitlines()
                if line.startswith(row))
    readme.write_text(readme.read_text(encoding="utf-8").replace(line, row + " stale | 1 |"),
                      encoding="utf-8")
    assert run_build(root, "--check") == 1
    assert "README.md" in capsys.readouterr().err
    citation = root / "CITATION.cff"
    citation.write_text(re.sub(r'^date-released: .*$', 'date-released: "2099-01-01"',
                               citation.read_text(encoding="utf-8"), flags=re.M),
                        encoding="utf-8")
    assert run_build(root) == 0
    assert readme.read_bytes() == (ROOT / "README.md").read_bytes()
    zenodo = json.loads((root / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["publication_date"] == "2099-01-01"
    assert run_build(root, "--check") == 0


@pytest.mark.parametrize("edit", [
    lambda text: text.replace("\nmeeting-013,", "\nmeeting-x13,", 1),  # a row changed by hand
    lambda text: text.replace(",2023-03-06,", ",2023-13-45,", 1),  # a day that is no day
    lambda text: text + "\udcff",  # bytes that are not UTF-8
])
def test_docs_makes_nothing_from_a_package_that_is_not_valid(tmp_path, capsys, edit):
    """`python -m scripts docs` renders the documents from the published package: one that
    does not validate stops it (exit 2, the problem named, no traceback), and nothing is
    rewritten."""
    from tests.conftest import copy_repository, snapshot_of

    root = copy_repository(tmp_path / "repo")
    meetings = root / "data" / "meetings.csv"
    meetings.write_bytes(edit(meetings.read_text(encoding="utf-8")).encode(
        "utf-8", errors="surrogateescape"))
    before = snapshot_of(root)
    for command in (("docs",), ("docs", "--check")):
        assert run_cli(*command, "--root", root) == 2
        err = capsys.readouterr().err
        assert "data/meetings.csv" in err and "nothing was rewritten" in err, err
    assert snapshot_of(root) == before


def test_docs_waits_for_a_running_build_and_writes_each_file_whole(tmp_path, capsys,
                                                                   monkeypatch):
    """`docs` does not write while a build holds the lock; each document it writes replaces
    the old one in one rename (no partial file is left, the permissions are kept)."""
    import os
    import stat

    import scripts.publish
    from scripts.lib.files import replace_file
    from scripts.publish import build_lock
    from tests.conftest import copy_repository, snapshot_of

    root = copy_repository(tmp_path / "repo")
    (root / "docs" / "dataset.jsonld").write_text("stale\n", encoding="utf-8")
    before = snapshot_of(root)
    monkeypatch.setattr(scripts.publish, "LOCK_TIMEOUT", 0.3)
    with build_lock(root):
        assert run_cli("docs", "--root", root) == 2
    assert "another build of this folder is running" in capsys.readouterr().err
    assert snapshot_of(root) == before
    assert run_cli("docs", "--root", root) == 0
    assert "docs/dataset.jsonld" in capsys.readouterr().out
    target = tmp_path / "file.txt"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o640)
    replace_file(target, b"new\n")
    assert target.read_bytes() == b"new\n" and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "repo"]
    import scripts.lib.files

    def failing(source, target):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(scripts.lib.files.os, "replace", failing)
    with pytest.raises(OSError):
        replace_file(target, b"newer\n")
    assert target.read_bytes() == b"new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "repo"]
