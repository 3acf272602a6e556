"""Trust: reproducible bytes, tamper evidence, canonical inputs, no network, safe parsing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.validate.tables import read_rows
from scripts.write_tables import csv_bytes
from tests.conftest import (
    MODEL,
    PACKAGE,
    PUBLISHED,
    RELEASE,
    ROOT,
    copy_repository,
    rewrite_release,
    run_build,
    run_cli,
    snapshot_of,
    validate,
)


def published_files(root: Path) -> list[str]:
    return sorted(snapshot_of(root))


# --- reproducible -------------------------------------------------------------------------------
def build_in_subprocess(root: Path, cwd: Path, env: dict[str, str]) -> None:
    environment = {**os.environ, **env}
    result = subprocess.run([sys.executable, "-m", "scripts", "build", "--root", str(root)],
                            cwd=cwd, env={**environment, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_two_builds_under_different_settings_are_byte_identical(tmp_path):
    first, second = copy_repository(tmp_path / "a"), copy_repository(tmp_path / "b")
    for root in (first, second):
        for name in PACKAGE:  # build from nothing, so no old file can survive
            path = root / name
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    build_in_subprocess(first, cwd=tmp_path, env={
        "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "1"})
    build_in_subprocess(second, cwd=Path("/"), env={
        "TZ": "America/Los_Angeles", "LC_ALL": "C", "LANG": "ja_JP.UTF-8",
        "PYTHONHASHSEED": "4242"})
    a, b = snapshot_of(first), snapshot_of(second)
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], f"{name} differs between the two builds"
    assert a == snapshot_of(ROOT), "a fresh build differs from the committed files"


@pytest.mark.parametrize("name", [t.name for t in MODEL.tables])
def test_csv_round_trips_through_our_writer(name):
    table = MODEL.table(name)
    rewritten = csv_bytes(table, read_rows(ROOT, MODEL)[name])
    assert rewritten == (ROOT / "data" / f"{name}.csv").read_bytes()


def test_reference_yaml_is_canonical(capsys):
    assert run_cli("format-reference", "--check") == 0, capsys.readouterr().err


# --- tamper-evident -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", [f"data/{t.name}.{ext}" for t in MODEL.tables
                                  for ext in ("csv", "parquet")])
def test_one_changed_byte_is_detected(name, repo):
    path = repo / name
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle] = (data[middle] + 1) % 256
    path.write_bytes(bytes(data))
    report = validate(repo, frictionless=False)
    assert not report.ok
    assert any(problem.startswith(name) for problem in report.problems), report.problems


def test_validate_command_reports_a_changed_file(repo):
    path = repo / "data" / "meetings.csv"
    path.write_bytes(path.read_bytes().replace(b"Tokyo", b"Tokyx"))
    result = subprocess.run([sys.executable, "-m", "scripts", "validate", str(repo)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "data/meetings.csv" in result.stderr and "sha256" in result.stderr


# --- safe to open and to run --------------------------------------------------------------------
NO_NETWORK = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network access attempted")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from scripts.cli import main
sys.exit(main(["build", "--root", sys.argv[1]]))
"""


def test_build_runs_with_the_network_blocked(tmp_path):
    root = copy_repository(tmp_path / "repo")
    result = subprocess.run([sys.executable, "-c", NO_NETWORK, str(root)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert snapshot_of(root) == snapshot_of(ROOT)


def test_code_uses_no_eval_pickle_or_unsafe_yaml():
    import yaml

    from scripts.lib.yamlio import SAFE_LOADER

    assert SAFE_LOADER in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", None))
    pattern = re.compile(r"\beval\(|\bexec\(|\bpickle\b|yaml\.unsafe|Loader=yaml\.(?!C?SafeLoader)"
                         r"|yaml\.load\((?![^)]*Loader=SAFE_LOADER)")
    paths = sorted((ROOT / "scripts").rglob("*.py"))
    assert len(paths) > 20
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert not pattern.search(text), f"{path.name}: {pattern.search(text).group(0)}"


# --- any mutation of the source: a valid package or the project's own error ---------------------
SOURCE_LINES = (ROOT / RELEASE).read_text(encoding="utf-8").split("\n")
mutations = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, len(SOURCE_LINES) - 1), st.just(0)),
    st.tuples(st.just("duplicate"), st.integers(0, len(SOURCE_LINES) - 1), st.just(0)),
    st.tuples(st.just("swap"), st.integers(0, len(SOURCE_LINES) - 1),
              st.integers(0, len(SOURCE_LINES) - 1)),
    st.tuples(st.just("insert"), st.integers(0, 12877), st.sampled_from(
        ["。", "(", ")", "「", "、", "\n", "2", "第", " ", "x", "\u00a0"])),
)


def mutate(lines: list[str], operation: tuple) -> str:
    kind, first, second = operation
    lines = list(lines)
    if kind != "insert":  # earlier deletions may have shortened the text
        first %= len(lines)
        second = second % len(lines) if kind == "swap" else second
    if kind == "delete":
        del lines[first]
    elif kind == "duplicate":
        lines.insert(first, lines[first])
    elif kind == "swap":
        lines[first], lines[second] = lines[second], lines[first]
    else:
        text = "\n".join(lines)
        at = first % (len(text) + 1)
        return text[:at] + second + text[at:]
    return "\n".join(lines)


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(operations=st.lists(mutations, min_size=1, max_size=3))
def test_mutated_source_gives_a_valid_package_or_a_clear_error(operations, capsys):
    text_lines = SOURCE_LINES
    text = "\n".join(text_lines)
    for operation in operations:
        text = mutate(text.split("\n"), operation)
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_repository(Path(tmp) / "repo")
        rewrite_release(root, text)
        before = snapshot_of(root)
        status = run_build(root)  # any exception other than BuildError fails the test
        err = capsys.readouterr().err
        if status == 0:
            assert validate(root).ok
        else:
            assert status == 2
            assert "fix:" in err and "error:" in err
            assert snapshot_of(root) == before


def test_validation_reports_an_interrupted_publish(repo):
    from scripts.publish import publish

    staging = repo / ".build" / "staging-test"
    staging.mkdir(parents=True)
    for name in PUBLISHED:
        source = repo / name
        shutil.copytree(source, staging / name) if source.is_dir() else shutil.copy2(
            source, staging / name)
    with pytest.raises(KeyboardInterrupt):
        publish(staging, repo, fail_after=4)  # old set moved aside, new set half moved in
    report = validate(repo, frictionless=False)
    assert not report.ok
    assert report.problems[0].startswith(".build/previous")
    assert "interrupted" in report.problems[0]


@pytest.mark.parametrize("links", [True, False])
def test_the_staged_held_texts_are_the_sources_bytes_linked_or_copied(repo, monkeypatch,
                                                                       links):
    """The staged package's held texts and their records, which its validation reads, are
    hard links to the sources where the file system allows, else copies: either way the build
    validates the same bytes, and the sources are left as they were."""
    import errno

    import scripts.build
    from tests.conftest import RECORD, RELEASE, run_build

    before = (repo / RELEASE).read_bytes()
    staged = []
    real_link = os.link

    def link(source, target):
        staged.append(Path(target))
        if not links:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real_link(source, target)
    monkeypatch.setattr(scripts.build.os, "link", link)
    assert run_build(repo) == 0
    assert sorted(path.name for path in staged) == sorted([Path(RECORD).name,
                                                            Path(RELEASE).name])
    assert (repo / RELEASE).read_bytes() == before
    assert (repo / RELEASE).stat().st_nlink == (repo / RECORD).stat().st_nlink == 1
