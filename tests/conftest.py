"""Shared test helpers: a throwaway copy of the repository to break things in."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from scripts.lib.project import Project

ROOT = Path(__file__).resolve().parent.parent
PROJECT = Project.at(ROOT)
MODEL = PROJECT.model
INPUTS = ("sources", "reference", "model", "CITATION.cff", "CHANGELOG.md")
PACKAGE = ("datapackage.json", "data", "schemas")
# What a failed build must leave byte for byte as it was: the package, docs/, README.md and
# .zenodo.json (the generated documentation is published with the package).
PUBLISHED = (*PACKAGE, "docs", "README.md", ".zenodo.json")
RELEASE = "sources/soumu-01tsushin08_02000172.txt"
RECORD = "sources/soumu-01tsushin08_02000172.source.yaml"


def published_table(name: str):
    """data/<name>.csv of the repository, every value as text, an empty cell as ""."""
    import pandas as pd

    return pd.read_csv(ROOT / "data" / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def source_text() -> str:
    return (ROOT / RELEASE).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def fresh_build(tmp_path_factory) -> Path:
    """One fresh build of the repository (staged and fully validated, not published), shared
    by the tests that only read it."""
    from scripts.build import build_into

    out = tmp_path_factory.mktemp("fresh") / "package"
    build_into(out, PROJECT, PROJECT.sources_dir)
    return out


def copy_repository(target: Path) -> Path:
    """Copy the repository's inputs and published files into `target`."""
    return copy_paths(ROOT, target, INPUTS + PUBLISHED)


def copy_paths(root: Path, target: Path, names) -> Path:
    """Copy the files and folders `names` of `root` into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def package(tmp_path) -> Path:
    """The published package with its held texts, to tamper with (docs/ depend on the
    descriptor's hashes: only the tests of docs/ copy them)."""
    return copy_paths(ROOT, tmp_path, ("datapackage.json", "data", "schemas", "sources"))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the repository's inputs and published files under tmp_path/repo."""
    return copy_repository(tmp_path / "repo")


def snapshot_of(root: Path) -> dict[str, bytes]:
    """Every published file's bytes, to prove a failed build changed nothing."""
    files = {}
    for name in PUBLISHED:
        path = root / name
        for file in sorted([path] if path.is_file() else path.rglob("*")):
            if file.is_file():
                files[file.relative_to(root).as_posix()] = file.read_bytes()
    return files


def rewrite_release(root: Path, text: str | bytes) -> None:
    """Replace the release text and update its record's checksum, as a maintainer would.

    The record is updated without decoding the text, so that tests can save bad bytes."""
    from scripts.snapshot import write_checksum

    data = text.encode("utf-8") if isinstance(text, str) else text
    (root / RELEASE).write_bytes(data)
    write_checksum(root / RECORD, data)


def run_cli(*args) -> int:
    """`python -m scripts ARGS`, in this process: its exit status."""
    from scripts.cli import main

    return main([str(arg) for arg in args])


def run_build(root: Path, *args: str) -> int:
    """`python -m scripts build --root ROOT`; with "--check", `check-fresh` instead."""
    command = "check-fresh" if "--check" in args else "build"
    return run_cli(command, "--root", root, *(a for a in args if a != "--check"))


def validate(root: Path, frictionless: bool = False, project: Project | None = None):
    """The validation report of the package folder `root` (our checks; frictionless's too
    if asked), against `project`, else its own model/ when it has one (a copy of the
    repository), else the repository's."""
    from scripts.validate import validate_package

    project = project or (Project.at(root) if (root / "model").is_dir() else PROJECT)
    return validate_package(root, project, frictionless=frictionless)


# -- the failure tests (tests/test_failures*.py, tests/failure_cases.py) ------------------------
PRISTINE = {}
PRISTINE_INPUTS: dict[str, dict | None] = {}


@pytest.fixture(scope="module")
def failure_base(tmp_path_factory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("failures") / "repo")
    PRISTINE[root] = snapshot_of(root)
    return root


def tree_state(folder: Path) -> dict | None:
    """{relative path: (mode, bytes of a regular file)} of everything under `folder` (of the
    file itself, for a file: CITATION.cff), links not followed; None if any of it cannot be
    read."""
    state = {}
    try:
        if not folder.is_dir() or folder.is_symlink():
            info = folder.lstat()
            return {"": (info.st_mode, folder.read_bytes() if stat.S_ISREG(info.st_mode)
                         else None)}
        for directory, folders, names in os.walk(folder, onerror=raise_error):
            for name in folders + names:
                path = Path(directory, name)
                info = path.lstat()
                data = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
                state[path.relative_to(folder).as_posix()] = (info.st_mode, data)
        return state
    except OSError:
        return None


def raise_error(error: OSError):
    raise error


@pytest.fixture
def failure_repo(failure_base: Path) -> Path:
    """The module's repository copy with its inputs as committed. A failing build changes no
    published file (each test asserts it), so only the inputs are restored between tests, and
    of them only the folders that differ from the repository's (entries, modes, bytes)."""
    for name in INPUTS:
        if name not in PRISTINE_INPUTS:
            PRISTINE_INPUTS[name] = tree_state(ROOT / name)
        if tree_state(failure_base / name) != PRISTINE_INPUTS[name]:
            target = failure_base / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif os.path.lexists(target):
                target.unlink()
            copy_paths(ROOT, failure_base, [name])
    shutil.rmtree(failure_base / ".build", ignore_errors=True)
    yield failure_base
    if snapshot_of(failure_base) != PRISTINE[failure_base]:  # a test failed: start the next afresh
        shutil.rmtree(failure_base, ignore_errors=True)
        copy_repository(failure_base)
