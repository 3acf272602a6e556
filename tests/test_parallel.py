"""A large build works on its releases in forked processes, and makes and compares its
database beside the other files (scripts/lib/parallel.py): the package and the first error
must be exactly those of the build working alone."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from scripts.lib import parallel
from scripts.snapshot import write_checksum
from scripts.tools.synthetic import synthetic_root
from tests.conftest import run_build

N = 8


def package_files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for name in ("datapackage.json", "data", "schemas", "docs")
            for p in sorted([root / name] if (root / name).is_file() else
                            (root / name).rglob("*")) if p.is_file()}


def together(monkeypatch, on: bool) -> None:
    """Work in forked processes from 2 releases and 1 row on (on), or never (off)."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2 if on else 10**9)
    monkeypatch.setattr(parallel, "LARGE_ROWS", 1 if on else 10**9)
    monkeypatch.setattr(parallel, "cores", lambda: 2)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "root"
    synthetic_root(root, N, seed=5)
    return root


def copy_of(corpus: Path, target: Path) -> Path:
    import shutil

    shutil.copytree(corpus, target)
    return target


def test_the_package_is_the_same_worked_on_together_or_alone(corpus, tmp_path, monkeypatch,
                                                             capsys):
    built = {}
    for on in (False, True):
        root = copy_of(corpus, tmp_path / f"on-{on}")
        together(monkeypatch, on)
        calls = []
        fork = parallel.multiprocessing.get_context

        def counted(method, fork=fork, calls=calls):
            calls.append(method)
            return fork(method)
        monkeypatch.setattr(parallel.multiprocessing, "get_context", counted)
        assert run_build(root) == 0, capsys.readouterr().err
        assert bool(calls) == on  # the forked path was taken (and only when asked for)
        built[on] = package_files(root)
    assert built[True] == built[False]


def break_text(root: Path, number: int, old: str, new: str, record: bool) -> None:
    """Change release `number`'s text; update its record's checksum too when `record`."""
    text_path = sorted((root / "sources").glob("*.txt"))[number - 1]
    text = text_path.read_text(encoding="utf-8")
    assert old in text
    data = text.replace(old, new, 1).encode("utf-8")
    text_path.write_bytes(data)
    if record:
        write_checksum(text_path.with_name(text_path.stem + ".source.yaml"), data)


def test_the_first_error_is_the_same_worked_on_together_or_alone(corpus, tmp_path,
                                                                 monkeypatch, capsys):
    errors = {}
    for on in (False, True):
        root = copy_of(corpus, tmp_path / f"on-{on}")
        break_text(root, 3, "月", "月月", record=True)  # the release date unreadable
        break_text(root, 6, "。", "、", record=False)  # a checksum mismatch, later
        together(monkeypatch, on)
        assert run_build(root) == 2
        errors[on] = capsys.readouterr().err
    assert errors[True] == errors[False]
    assert "soumu-01tsushin08_90000003.txt" in errors[True], errors[True]
