"""make release (python -m scripts release): the zip a user downloads, and its refusals."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from scripts.lib.changelog import UNRELEASED
from scripts.lib.project import Project
from tests.conftest import INPUTS, PUBLISHED, ROOT, run_build, run_cli, validate

EXTRA = ("docs", "README.md", "LICENSE", "CHANGELOG.md", "CITATION.cff", ".zenodo.json")
# The package as released: the committed one's, without +unreleased (the copies below move
# the waiting changes under the version's entry and build again, as a maintainer does)
DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
DESCRIPTOR["version"] = DESCRIPTOR["version"].removesuffix(UNRELEASED)
STEM = f"{DESCRIPTOR['name']}-{DESCRIPTOR['version']}"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), "-c", "user.name=test", "-c",
                           "user.email=test@example.invalid", *args], check=True,
                          capture_output=True, text=True).stdout


def commit(root: Path) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "test")


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """A copy of everything a release is made from, with the waiting changes cut into the
    version's entry and built again (the version then has no +unreleased)."""
    target = tmp_path_factory.mktemp("released") / "project"
    target.mkdir()
    for name in dict.fromkeys(INPUTS + PUBLISHED + EXTRA + (".gitignore",)):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / name)
    cut_unreleased(target / "CHANGELOG.md")
    assert run_build(target) == 0
    return target


@pytest.fixture
def project(released: Path, tmp_path: Path) -> Path:
    """A copy of `released`, committed to a git work tree of its own."""
    target = shutil.copytree(released, tmp_path / "project")
    shutil.rmtree(target / ".build", ignore_errors=True)
    git(target, "init", "-q")
    commit(target)
    return target


def cut_unreleased(changelog: Path) -> None:
    """The copy as a maintainer leaves it to release: nothing waits under Unreleased (the
    changes are moved under the version's own entry)."""
    text = changelog.read_text(encoding="utf-8")
    start = text.index("## [Unreleased]\n") + len("## [Unreleased]\n")
    end = text.index(f"## [{DESCRIPTOR['version']}]")
    changelog.write_text(text[:start] + "\n" + text[end:] + text[start:end], encoding="utf-8")


def test_release_writes_one_complete_zip_and_its_checksum(project, tmp_path, capsys):
    assert run_cli("release", "--root", project) == 0, capsys.readouterr().err
    dist = project / "dist"
    archive_path = dist / f"{STEM}.zip"
    data = archive_path.read_bytes()
    assert (dist / "SHA256SUMS").read_text() == (
        f"{hashlib.sha256(data).hexdigest()}  {STEM}.zip\n")
    with zipfile.ZipFile(archive_path) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert all(n.startswith(f"{STEM}/") for n in names)
        files = {n.removeprefix(f"{STEM}/") for n in names}
        expected = {"datapackage.json", "README.md", "LICENSE", "CHANGELOG.md", "CITATION.cff",
                    ".zenodo.json", "sources/soumu-01tsushin08_02000172.txt",
                    "sources/soumu-01tsushin08_02000172.source.yaml",
                    "data/datasette-metadata.json", "docs/examples/with-pandas.py",
                    f"data/{DESCRIPTOR['name']}.xlsx", f"data/{DESCRIPTOR['name']}.sqlite",
                    "docs/data-dictionary.md", "docs/dataset.jsonld"}
        expected |= {r["path"] for r in DESCRIPTOR["resources"]}
        expected |= {f"schemas/{p.name}" for p in (ROOT / "schemas").iterdir()}
        assert expected <= files
        for name in files - {"README.md", "SHA256SUMS"}:  # every file as committed
            assert archive.read(f"{STEM}/{name}") == (project / name).read_bytes(), name
        created = tuple(int(part) for part in DESCRIPTOR["created"][:10].split("-"))
        assert {i.date_time for i in archive.infolist()} == {(*created, 0, 0, 0)}
        archive.extractall(tmp_path / "unpacked")
    # the unpacked release is a valid package on its own (source texts included)
    unpacked = tmp_path / "unpacked" / STEM
    assert_links_resolve(unpacked)
    report = validate(unpacked, project=Project.at(project))
    assert report.ok, report.problems
    # ... whose every file SHA256SUMS vouches for: `sha256sum -c` agrees, and validate refuses
    # a changed byte in a file no rendering regenerates, and a file the release did not hold
    assert subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=unpacked,
                          check=False).returncode == 0
    listed = {line.split("  ", 1)[1] for line in
              (unpacked / "SHA256SUMS").read_text(encoding="utf-8").splitlines()}
    assert listed == files - {"SHA256SUMS"}
    example = unpacked / "docs" / "examples" / "with-pandas.py"
    example.write_bytes(example.read_bytes() + b"#")
    (unpacked / "docs" / "notes.md").write_text("added\n", encoding="utf-8")
    assert validate(unpacked, project=Project.at(project)).problems == [
        "docs/notes.md: is not a file of the release (SHA256SUMS does not list it)",
        "docs/examples/with-pandas.py: sha256 differs from SHA256SUMS (the file changed after "
        "the release: restore it from the release zip)"]
    # ... and the diff tool reads the zip: against the folder it came from, nothing changed
    from scripts.tools.diff import compare, load, overall

    assert overall(compare(load(archive_path), load(project))) == "none"
    # ... and what SHA256SUMS alone cannot vouch for, once its lines are rewritten to match:
    # the citation's version and the provenance record must agree with the data
    example.write_bytes(example.read_bytes()[:-1])
    (unpacked / "docs" / "notes.md").unlink()
    citation = unpacked / "CITATION.cff"
    citation.write_text(citation.read_text(encoding="utf-8").replace(
        f"version: {DESCRIPTOR['version']}", "version: 9.9.9"), encoding="utf-8")
    record = unpacked / "sources" / "soumu-01tsushin08_02000172.source.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace(
        "https://www.soumu.go.jp/", "https://www.example.jp/"), encoding="utf-8")
    sums = unpacked / "SHA256SUMS"
    sums.write_text("".join(
        f"{hashlib.sha256((unpacked / name).read_bytes()).hexdigest()}  {name}\n"
        for name in sorted(listed)), encoding="utf-8")
    found = validate(unpacked, project=Project.at(project)).problems
    assert any(p.startswith("CITATION.cff: line 5: version: is '9.9.9', but the package is "
                            f"version {DESCRIPTOR['version']!r}") for p in found), found
    assert any(p.startswith(f"sources/{record.name}: url 'https://www.example.jp/") for p in
               found), found


def test_release_bytes_do_not_depend_on_the_clock(project, tmp_path):
    from scripts.tools.release import read_descriptor, write_release

    descriptor = read_descriptor(project)
    first = write_release(project, tmp_path / "a", descriptor).read_bytes()
    (project / "README.md").touch()  # a new mtime changes nothing
    second = write_release(project, tmp_path / "b", descriptor).read_bytes()
    assert first == second


def refused(project: Path, capsys, *, commit_first: bool = True) -> str:
    if commit_first:  # so that the refusal tested is not that of an uncommitted change
        commit(project)
    assert run_cli("release", "--root", project) == 2
    assert not (project / "dist").exists() or not list((project / "dist").glob("*.zip"))
    err = capsys.readouterr().err
    assert "release refused" in err and "fix: " in err
    return err


def test_refuses_without_a_changelog_entry(project, capsys):
    changelog = project / "CHANGELOG.md"
    changelog.write_text(changelog.read_text(encoding="utf-8").replace(
        f"## [{DESCRIPTOR['version']}]", "## [0.0.9]"), encoding="utf-8")
    err = refused(project, capsys)
    assert f"CHANGELOG.md: version {DESCRIPTOR['version']}: has no entry" in err


def test_refuses_an_empty_changelog_entry(project, capsys):
    changelog = project / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    heading = re.search(rf"^## \[{re.escape(DESCRIPTOR['version'])}\][^\n]*\n", text,
                        re.MULTILINE).group(0)
    changelog.write_text(text[:text.index(heading) + len(heading)], encoding="utf-8")
    assert "the entry is empty" in refused(project, capsys)


def test_refuses_changes_waiting_under_unreleased(project, capsys):
    changelog = project / "CHANGELOG.md"
    changelog.write_text(changelog.read_text(encoding="utf-8").replace(
        "## [Unreleased]\n", "## [Unreleased]\n\n### Fixed\n- a correction\n"),
        encoding="utf-8")
    err = refused(project, capsys)
    assert "CHANGELOG.md: ## [Unreleased]: lists changes that no version holds" in err
    assert "python -m scripts diff" in err


def test_refuses_a_version_older_than_the_newest_entry(project, capsys):
    changelog = project / "CHANGELOG.md"
    changelog.write_text(changelog.read_text(encoding="utf-8").replace(
        "## [Unreleased]\n", "## [Unreleased]\n\n## [9.0.0] - 2027-01-01\n- later\n"),
        encoding="utf-8")
    err = refused(project, capsys)
    assert f"## [{DESCRIPTOR['version']}]: is not the newest entry (## [9.0.0]" in err


def test_refuses_a_citation_of_another_version(project, capsys):
    citation = project / "CITATION.cff"
    citation.write_text(citation.read_text(encoding="utf-8").replace(
        f"version: {DESCRIPTOR['version']}", "version: 9.9.9"), encoding="utf-8")
    assert "CITATION.cff: line 5: version: is '9.9.9'" in refused(project, capsys)


def test_refuses_a_package_that_fails_validation(project, capsys):
    meetings = project / "data" / "meetings.csv"
    meetings.write_bytes(meetings.read_bytes().replace(b"Tokyo", b"Tokio"))
    err = refused(project, capsys)
    assert "data/meetings.csv: sha256 differs from datapackage.json" in err


def test_refuses_stale_documentation(project, capsys):
    figure = project / "docs" / "figures" / "meetings-timeline.svg"
    figure.write_text(figure.read_text(encoding="utf-8").replace("13th", "12th"),
                      encoding="utf-8")
    err = refused(project, capsys)
    assert "docs/figures/meetings-timeline.svg" in err
    assert "differs from a fresh rendering" in err


def test_refuses_an_uncommitted_change(project, capsys):
    readme = project / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nedited\n", encoding="utf-8")
    err = refused(project, capsys, commit_first=False)
    assert "work tree: has uncommitted or untracked files: README.md (changed)" in err
    assert "fix: commit them" in err


def test_refuses_an_untracked_file(project, capsys):
    (project / "data" / "notes.txt").write_text("not part of the release\n", encoding="utf-8")
    err = refused(project, capsys, commit_first=False)
    assert "data/notes.txt (untracked)" in err


def test_refuses_outside_a_git_work_tree(project, capsys):
    shutil.rmtree(project / ".git")
    err = refused(project, capsys, commit_first=False)
    assert "is not a git work tree" in err


def test_zips_only_the_files_git_tracks(project):
    from scripts.tools.release import release_files

    gitignore = project / ".gitignore"
    gitignore.write_text(gitignore.read_text(encoding="utf-8") + "*.tmp\n", encoding="utf-8")
    commit(project)
    (project / "docs" / "scratch.tmp").write_text("ignored, never released\n", encoding="utf-8")
    files = release_files(project)
    assert "docs/scratch.tmp" not in files
    assert set(files) <= set(git(project, "ls-files").split("\n"))
    assert "datapackage.json" in files and "docs/data-dictionary.md" in files


LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?\s*$"
                  r"|(?:href|src)=\"([^\"]+)\"", re.MULTILINE)


def links(markdown: str) -> list[str]:
    """Every link target of a Markdown text: inline, image, reference definition, HTML."""
    return [next(g for g in match.groups() if g) for match in LINK.finditer(markdown)]


def assert_links_resolve(folder: Path) -> None:
    """Every relative link of every Markdown file under `folder` names a path under it."""
    checked = 0
    for document in sorted(folder.rglob("*.md")):
        for target in links(document.read_text(encoding="utf-8")):
            path = target.split("#")[0]
            if not path or re.match(r"[a-zA-Z][a-zA-Z+.-]*:", path):
                continue  # a url, or an anchor in the same file
            resolved = (document.parent / path).resolve()
            assert resolved.is_relative_to(folder.resolve()) and resolved.exists(), (
                f"{document.relative_to(folder)} links to {target}, which the zip lacks")
            checked += 1
    assert checked, "no relative link was checked"


def test_links_are_found_in_every_form():
    text = ('[a](docs/a.md) ![b](docs/b.svg "title") [c](https://x.org) <img src="d.png">\n'
            "[e]: sources/e.txt\n[f](#anchor)")
    assert links(text) == ["docs/a.md", "docs/b.svg", "https://x.org", "d.png",
                           "sources/e.txt", "#anchor"]


def test_the_zip_readme_is_written_for_a_reader_without_the_repository(project, tmp_path):
    from scripts.tools.release import read_descriptor, release_files, write_release

    archive = write_release(project, tmp_path / "dist", read_descriptor(project))
    with zipfile.ZipFile(archive) as opened:
        readme = opened.read(f"{STEM}/README.md").decode("utf-8")
    assert readme.startswith(f"# {DESCRIPTOR['title']}, version {DESCRIPTOR['version']}\n")
    for heading in ("## Use the data", "## The tables at a glance",
                    "## Licence, attribution and citation"):
        assert heading in readme
    assert "## Set-up" not in readme and "## How it is built" not in readme
    files = release_files(project)
    assert "sources/soumu-01tsushin08_02000172.source.yaml" in files


def test_a_readme_section_linking_outside_the_zip_refuses_the_release(project, tmp_path):
    from scripts.lib.errors import BuildError
    from scripts.tools.release import read_descriptor, write_release

    readme = project / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace(
        "## Use the data\n", "## Use the data\n\nSee [the guide](MAINTAINING.md).\n"),
        encoding="utf-8")
    with pytest.raises(BuildError) as error:
        write_release(project, tmp_path / "dist", read_descriptor(project))
    assert "links to MAINTAINING.md, which is not in the release zip" in str(error.value)
    assert not (tmp_path / "dist").exists()
