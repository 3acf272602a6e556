"""A publish that cannot lose data, and readers that stay inside the package: each failure
exits 2 with the file, the place and the fix, and leaves datapackage.json, data/, schemas/,
docs/, README.md and .zenodo.json byte for byte as they were. Rows of docs/failures.md.

The disk-full, read-only and cross-file-system cases are simulated (monkeypatched `os` calls):
as root, permissions do not stop writes. The build's stages are replaced by a copy of a staged
set (`quick_build`), so that each case costs no build; tests/test_publish.py runs real
processes (two builds at once, SIGKILL at a step of the swap).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import subprocess
import zipfile
from collections import namedtuple
from pathlib import Path

import pytest

import scripts.build
import scripts.publish
from scripts.publish import PUBLISHED, build_lock, publish
from tests.conftest import ROOT, copy_repository
from tests.failure_cases import (
    edit,
    expect_failure,
)


@pytest.fixture
def repo(failure_repo):
    """One repository copy per module, its inputs restored before each test."""
    return failure_repo


def stage_new_set(target: Path) -> Path:
    """A new published set, as a build writes it into its staging folder: the committed one
    with every entry changed."""
    for name in PUBLISHED:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, target / name)
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["description"] += " (new)"
    (target / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for name in PUBLISHED[1:]:
        path = target / name
        for file in [path] if path.is_file() else sorted(path.iterdir()):
            file.write_bytes(file.read_bytes() + b"\n")
    return target


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> Path:
    return stage_new_set(tmp_path_factory.mktemp("staged"))


@pytest.fixture
def quick_build(monkeypatch, staged):
    """The build with its stages replaced by a copy of `staged` into the staging folder."""
    def copy_staged(out: Path, project, sources_dir, frictionless=False) -> None:
        for name in PUBLISHED:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if (staged / name).is_dir() else shutil.copy2)(staged / name,
                                                                            out / name)
    monkeypatch.setattr(scripts.build, "build_into", copy_staged)


# ---------------------------------------------------------------------------------------------
# One build at a time.
# ---------------------------------------------------------------------------------------------
def test_a_second_build_waits_then_stops(repo, capsys, quick_build, monkeypatch):
    monkeypatch.setattr(scripts.publish, "LOCK_TIMEOUT", 0.3)
    with build_lock(repo):  # another build holds the lock (another open file: flock conflicts)
        error = expect_failure(repo, capsys, ".build/build.lock", "lock",
                               "another build of this folder is running", "wait for it")
    assert "waiting: another build" in error


# ---------------------------------------------------------------------------------------------
# Before anything moves: room, writable targets, one file system.
# ---------------------------------------------------------------------------------------------
def test_disk_full_before_the_swap(repo, capsys, quick_build, monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(scripts.publish.shutil, "disk_usage", lambda path: usage(1, 1, 0))
    expect_failure(repo, capsys, "the repository folder", "publish", "the disk has 0 bytes free",
                   "nothing was moved", "free disk space")


def test_disk_full_while_writing_the_new_package(repo, capsys, monkeypatch):
    def full(out: Path, project, sources_dir, frictionless=False) -> None:
        (out / "data").mkdir()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out / "data" / "x.csv"))

    monkeypatch.setattr(scripts.build, "build_into", full)
    expect_failure(repo, capsys, "x.csv", "file", "No space left on device while building",
                   "free disk space")
    assert not [p for p in (repo / ".build").iterdir() if p.name.startswith("staging-")]


def test_a_file_size_limit_while_writing_the_database(repo, capsys):
    """A file-size limit (ulimit -f) that the database, the largest file, exceeds."""
    largest = max(p.stat().st_size for p in (ROOT / "data").iterdir() if p.suffix != ".sqlite")
    expect_failure(repo, capsys, "data/*.sqlite (written first in the temporary folder)",
                   "file", "SQLite could not write the database", "ulimit -f",
                   during=file_size_limit(largest + 4096))


@contextlib.contextmanager
def file_size_limit(size: int):
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


READ_ONLY = ["data", "schemas", "datapackage.json", "docs/dataset.jsonld", "docs/figures", "docs",
             "."]


@pytest.mark.parametrize("name", READ_ONLY, ids=[n if n != "." else "the repository folder"
                                                 for n in READ_ONLY])
def test_a_target_that_cannot_be_written(repo, capsys, quick_build, monkeypatch, name):
    denied = (repo / name).resolve()
    real_access = os.access
    monkeypatch.setattr(scripts.publish.os, "access", lambda path, mode, **kw: False if Path(
        path).resolve() == denied else real_access(path, mode, **kw))
    label = "the repository folder" if name == "." else name
    expect_failure(repo, capsys, label, "publish", "is not writable", "nothing was moved",
                   "chattr -i")


def test_build_folder_on_another_file_system(repo, capsys, quick_build, monkeypatch):
    real_stat = os.stat
    build = os.path.abspath(repo / ".build")

    def stat(path, *args, **kwargs):
        result = real_stat(path, *args, **kwargs)
        if isinstance(path, str | os.PathLike) and os.path.abspath(path) == build:  # a tmpfs
            fields = list(result)
            fields[2] += 1  # st_dev
            return os.stat_result(fields)
        return result

    monkeypatch.setattr(os, "stat", stat)
    expect_failure(repo, capsys, ".build/", "publish", "is on another file system",
                   "make .build/ a plain folder")


def test_published_folder_that_is_a_mount_point(repo, capsys, quick_build, monkeypatch):
    monkeypatch.setattr(scripts.publish, "is_mount_point", lambda path: path.name == "data")
    expect_failure(repo, capsys, "data/", "publish", "is a mount point", "unmount it")


def test_build_folder_that_cannot_be_written(repo, capsys, quick_build, monkeypatch):
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("build.lock"):
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(scripts.publish.os, "open", refuse)
    expect_failure(repo, capsys, ".build/", "folder", "cannot hold the build lock",
                   "writable folder")


# ---------------------------------------------------------------------------------------------
# After the first move: a failure restores the old set before the build exits; a kill is
# repaired by the next build, even one that fails.
# ---------------------------------------------------------------------------------------------
def failing_rename(monkeypatch, at: int, code: int = errno.ENOSPC) -> None:
    calls = [0]
    real_rename = os.rename

    def rename(source, target, *args, **kwargs):
        calls[0] += 1
        if calls[0] == at:
            raise OSError(code, os.strerror(code), str(source))
        return real_rename(source, target, *args, **kwargs)

    monkeypatch.setattr(scripts.publish.os, "rename", rename)


def test_disk_full_in_the_middle_of_the_swap(repo, capsys, quick_build, monkeypatch):
    failing_rename(monkeypatch, at=9)  # the old set is aside, two new entries are in
    expect_failure(repo, capsys, "publish", "publish", "No space left on device",
                   "the old set was put back", "free disk space")


def test_a_folder_turned_read_only_in_the_middle_of_the_swap(repo, capsys, quick_build,
                                                             monkeypatch):
    failing_rename(monkeypatch, at=4, code=errno.EROFS)  # two old entries are aside
    expect_failure(repo, capsys, "publish", "publish", "Read-only file system",
                   "the old set was put back", "remount")


def test_a_build_after_a_killed_publish_that_fails_on_an_input(repo, capsys, staged, tmp_path):
    stage = tmp_path / "stage"
    shutil.copytree(staged, stage)
    with pytest.raises(KeyboardInterrupt):
        publish(stage, repo, fail_after=10)  # killed: the old set aside, some new entries in
    edit(repo / "reference" / "places.yaml", "places:\n", "places: [\n")
    expect_failure(repo, capsys, "reference/places.yaml", "line", "YAML does not parse")


# ---------------------------------------------------------------------------------------------
# Readers: inspect and diff read regular files within bounds, inside the package.
# ---------------------------------------------------------------------------------------------
def special_file(tmp_path: Path, kind: str) -> Path:
    if kind == "/dev/zero":
        return Path("/dev/zero")
    path = tmp_path / kind
    if kind == "a FIFO":
        os.mkfifo(path)
    elif kind == "a folder":
        path.mkdir()
    else:  # a sparse file of 5 GiB
        with open(path, "wb") as handle:
            handle.truncate(5 * 1024 ** 3)
    return path


@pytest.mark.parametrize(("kind", "words"), [
    ("/dev/zero", ("is not a regular file",)), ("a FIFO", ("is not a regular file",)),
    ("a folder", ("is a folder, not a file",)), ("a 5 GiB file", ("over the bound of 1 MiB",)),
], ids=["/dev/zero", "a FIFO", "a folder", "a 5 GiB file"])
def test_inspect_refuses_what_is_not_a_release_text(repo, capsys, tmp_path, kind, words):
    path = special_file(tmp_path, kind)
    expect_failure(repo, capsys, str(path), "file", *words,
                   command=("inspect", path, "--root", repo))


def package_with_path(tmp_path: Path, path: str) -> Path:
    """A copy of the package whose commitments resource points at `path`."""
    target = copy_repository(tmp_path / "new")
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    next(r for r in descriptor["resources"] if r["name"] == "commitments")["path"] = path
    (target / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return target


@pytest.mark.parametrize(("path", "words"), [
    ("/etc/passwd", ("leads outside the package",)),
    ("../../../../../../etc/passwd", ("leads outside the package",)),
    ("data/link.csv", ("leads outside the package (a link)",)),
    ("data/fifo.csv", ("is not a regular file",)),
], ids=["an absolute path", "a path climbing out", "a link out", "a FIFO"])
def test_diff_refuses_paths_outside_the_package(repo, capsys, tmp_path, path, words):
    new = package_with_path(tmp_path, path)
    if path == "data/link.csv":
        (new / path).symlink_to("/etc/passwd")
    if path == "data/fifo.csv":
        os.mkfifo(new / path)
    error = expect_failure(repo, capsys, Path(path).name, "path" if "fifo" not in path else
                           "file", *words, command=("diff", ROOT, new))
    assert "root:" not in error


def zip_declaring(tmp_path: Path, name: str, size: int) -> Path:
    """A small zip whose central directory declares member `name` to be `size` bytes (a zip
    bomb declares its sizes so; reading is bounded by the declared size)."""
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("pkg/datapackage.json", "{}")
        archive.writestr(name, "x")
    data = bytearray(path.read_bytes())
    entry = data.rindex(b"PK\x01\x02")  # the last member's central directory header
    data[entry + 24:entry + 28] = size.to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(("name", "size", "words"), [
    ("pkg/data/commitments.csv", 3 * 1024 ** 3, ("declares 3221225472 bytes", "over the bound")),
    ("../evil.csv", 1, ("leads outside the package",)),
    ("/etc/evil.csv", 1, ("leads outside the package",)),
], ids=["a zip bomb", "a member climbing out", "an absolute member"])
def test_diff_refuses_a_zip_that_leaves_its_folder_or_bounds(repo, capsys, tmp_path, name, size,
                                                             words):
    archive = zip_declaring(tmp_path, name, size)
    expect_failure(repo, capsys, "bomb.zip", "", *words, command=("diff", ROOT, archive))


# ---------------------------------------------------------------------------------------------
# make release: from a clean git tree, of the files git tracks.
# ---------------------------------------------------------------------------------------------
def test_release_refuses_untracked_files(repo, capsys, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(repo, project)
    for name in ("README.md", "LICENSE", "CHANGELOG.md", "CITATION.cff", ".gitignore"):
        shutil.copy2(ROOT / name, project / name)
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "t"], check=True)
    (project / "docs" / "notes-private.md").write_text("not for release\n", encoding="utf-8")
    expect_failure(repo, capsys, str(project), "work tree", "docs/notes-private.md (untracked)",
                   "commit them", command=("release", "--root", project))


def test_synthetic_refuses_a_folder_that_holds_files(repo, capsys):
    """The synthetic corpus, written into the repository's own sources/, would overwrite or
    mix with the real releases: the folder must be new or empty, and stays as it was."""
    before = {path.name: path.read_bytes() for path in (repo / "sources").iterdir()}
    expect_failure(repo, capsys, str(repo / "sources"), "folder", "is not an empty folder",
                   "give a new or empty folder", command=("synthetic", "3", repo / "sources"))
    assert {path.name: path.read_bytes() for path in (repo / "sources").iterdir()} == before


def test_a_file_of_ones_own_in_a_published_folder(repo, capsys, monkeypatch):
    """data/, schemas/ and docs/figures/ are replaced whole: a note saved there, which no
    build made, would be deleted without a word. The build stops instead, and keeps it."""
    from tests.conftest import PRISTINE, snapshot_of

    (repo / "data" / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (repo / "schemas" / "extra.json").write_text("{}\n", encoding="utf-8")
    monkeypatch.setitem(PRISTINE, repo, snapshot_of(repo))
    expect_failure(repo, capsys, "data/notes.txt", "publish", "is not a file of the package",
                   "data/, schemas/", "schemas/extra.json", "move it out of that folder")
    assert (repo / "data" / "notes.txt").read_text(encoding="utf-8") == "my notes\n"
