"""The publish journal (scripts/publish.py) at every step: killed, failing, interrupted while
recovering, signalled, and run by two processes at once. After any of them, and the next
build, the published set is the old one or the new one, whole (never a mix, never a gap)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import scripts.publish
from scripts.lib.errors import BuildError
from scripts.publish import (
    PUBLISHED,
    SimulatedKill,
    backup_dir,
    build_lock,
    publish,
    recover,
    signals_deferred,
)
from tests.conftest import PUBLISHED as TEST_PUBLISHED
from tests.conftest import ROOT, copy_repository, snapshot_of
from tests.test_failures_publish import stage_new_set

STEPS = 2 * len(PUBLISHED) + 3  # mkdir, each old entry aside, the marker, each new one in, done


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    """(a repository with the old set, a staged new set, their snapshots)."""
    base = copy_repository(tmp_path_factory.mktemp("publish") / "repo")
    staging = stage_new_set(tmp_path_factory.mktemp("staging"))
    old = snapshot_of(base)
    new = {**old, **{name: data for name, data in snapshot_of(staging).items()}}
    assert new != old
    return base, staging, old, new


def fresh(sets, target: Path, full: bool = False) -> tuple[Path, Path]:
    """Copies of the old set (with the inputs when `full`) and of the staged new set."""
    base, staging, _, _ = sets
    root, stage = target / "repo", target / "staging"
    if full:
        shutil.copytree(base, root)
    else:
        root.mkdir()
        for name in TEST_PUBLISHED:
            (shutil.copytree if (base / name).is_dir() else shutil.copy2)(base / name,
                                                                          root / name)
    shutil.copytree(staging, stage)
    return root, stage


def published(root: Path) -> dict[str, bytes]:
    return snapshot_of(root)


@pytest.mark.parametrize("k", range(1, STEPS + 1))
def test_killed_at_every_step_then_recovered(sets, tmp_path, k):
    _, _, old, new = sets
    root, stage = fresh(sets, tmp_path)
    with pytest.raises(SimulatedKill):
        publish(stage, root, fail_after=k)
    restored = recover(root)
    after = published(root)
    assert after in (old, new), "a mix of old and new files, or files missing"
    assert after == (new if k == STEPS else old)
    assert restored == (k < STEPS)
    assert not backup_dir(root).exists()
    assert recover(root) is False  # nothing left to do


def test_a_complete_publish(sets, tmp_path):
    _, _, _, new = sets
    root, stage = fresh(sets, tmp_path)
    publish(stage, root)
    assert published(root) == new
    assert recover(root) is False
    assert not [p for p in (root / ".build").iterdir() if p.name != "build.lock"]


@pytest.mark.parametrize("at", range(1, 2 * len(PUBLISHED) + 3))
def test_a_failing_rename_restores_the_old_set_before_exit(sets, tmp_path, monkeypatch, at):
    _, _, old, _ = sets
    root, stage = fresh(sets, tmp_path)
    calls, real = [0], os.rename

    def rename(source, target):
        calls[0] += 1
        if calls[0] == at:
            raise OSError(28, "No space left on device", str(source))
        return real(source, target)

    monkeypatch.setattr(scripts.publish.os, "rename", rename)
    with pytest.raises(BuildError, match="the old set was put back"):
        publish(stage, root)
    assert published(root) == old  # (a failed last rename too: the old set, whole)
    assert not backup_dir(root).exists()


@pytest.mark.parametrize("m", range(1, 16))
def test_killed_while_recovering_then_recovered(sets, tmp_path, monkeypatch, m):
    """A kill inside recover() (after a kill in the middle of the swap) is repaired too."""
    _, _, old, _ = sets
    root, stage = fresh(sets, tmp_path)
    with pytest.raises(SimulatedKill):
        publish(stage, root, fail_after=len(PUBLISHED) + 4)  # old aside, two new entries in
    calls = [0]

    def killing(function):
        def call(*args, **kwargs):
            calls[0] += 1
            if calls[0] == m:
                raise SimulatedKill(f"killed at call {m} of recover")
            return function(*args, **kwargs)
        return call

    with monkeypatch.context() as patch:
        for name in ("rename", "unlink"):
            patch.setattr(scripts.publish.os, name, killing(getattr(os, name)))
        patch.setattr(scripts.publish.shutil, "rmtree", killing(shutil.rmtree))
        with contextlib.suppress(SimulatedKill):
            recover(root)
    recover(root)
    assert published(root) == old


def test_stopping_signals_wait_for_the_swap():
    with pytest.raises(KeyboardInterrupt), signals_deferred():
        signal.raise_signal(signal.SIGINT)  # Ctrl-C in the middle of the swap
        reached = True  # the swap goes on
    assert reached


HOLD = textwrap.dedent("""
    import fcntl, os, sys, time
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
""")


def test_a_second_build_waits_for_the_first(tmp_path):
    (tmp_path / ".build").mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / ".build/build.lock"),
                               "0.6"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    with build_lock(tmp_path, timeout=30):
        waited = time.monotonic() - started
    holder.wait()
    assert waited > 0.2  # it waited for the holder, then went on


QUICK_BUILD = textwrap.dedent("""
    # A build whose stages are a copy of a staged set; KILL_AT=k sends SIGKILL to this
    # process at the k-th rename of the swap (a real kill, nothing is cleaned up).
    import os, shutil, signal, sys, time
    from pathlib import Path
    import scripts.build, scripts.publish
    from scripts.cli import main

    staged, kill_at = Path(sys.argv[2]), int(sys.argv[3])
    def copy_staged(out, project, sources_dir, frictionless=False):
        time.sleep(0.3)  # so that two builds overlap
        for name in scripts.publish.PUBLISHED:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if (staged / name).is_dir() else shutil.copy2)(staged / name,
                                                                            out / name)
    scripts.build.build_into = copy_staged
    calls, real = [0], os.rename
    def rename(source, target):
        calls[0] += 1
        if calls[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(source, target)
    scripts.publish.os.rename = rename
    sys.exit(main(["build", "--root", sys.argv[1]]))
""")


def quick_build(root: Path, staged: Path, kill_at: int = 0) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", QUICK_BUILD, str(root), str(staged),
                             str(kill_at)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_builds_at_once(sets, tmp_path):
    _, staging, _, new = sets
    root, _ = fresh(sets, tmp_path)
    builds = [quick_build(root, staging) for _ in range(3)]
    for build in builds:
        _, err = build.communicate(timeout=120)
        assert build.returncode == 0, err
        assert "Traceback" not in err
    assert published(root) == new
    assert not [p for p in (root / ".build").iterdir() if p.name != "build.lock"]


@pytest.mark.parametrize("kill_at", [len(PUBLISHED) + 1, len(PUBLISHED) + 4])
def test_a_real_kill_during_the_swap_is_repaired_by_the_next_build(sets, tmp_path, kill_at):
    _, staging, old, _ = sets
    root, _ = fresh(sets, tmp_path, full=True)
    killed = quick_build(root, staging, kill_at)
    killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL
    assert list((root / ".build").glob("staging-*"))  # the killed build's leftovers
    (root / "reference" / "places.yaml").write_text("places: [\n", encoding="utf-8")
    failing = subprocess.run([sys.executable, "-m", "scripts", "build", "--root", str(root)],
                             cwd=ROOT, capture_output=True, text=True)
    assert failing.returncode == 2 and "YAML does not parse" in failing.stderr
    assert published(root) == old  # killed before the swap's last rename: the old set back
    assert not list((root / ".build").glob("staging-*"))  # leftovers removed


def test_a_journal_left_by_a_build_with_a_smaller_set_is_undone_for_its_names_only(tmp_path):
    """A publish killed once its old set was aside, by a build from before README.md and
    .zenodo.json joined the set: the next build restores that set and leaves README.md and
    .zenodo.json, which it never moved aside, where they are."""
    from scripts.publish import COMPLETE, LEGACY_PUBLISHED

    root = tmp_path / "repo"
    backup = backup_dir(root)
    (backup / COMPLETE).mkdir(parents=True)
    (backup / "docs").mkdir()
    (backup / "datapackage.json").write_text("old\n", encoding="utf-8")
    (root / "datapackage.json").write_text("new\n", encoding="utf-8")
    for name in ("README.md", ".zenodo.json"):
        (root / name).write_text(f"{name}: not in the old journal\n", encoding="utf-8")
    assert "README.md" not in LEGACY_PUBLISHED
    assert recover(root) is True
    assert (root / "datapackage.json").read_text(encoding="utf-8") == "old\n"
    for name in ("README.md", ".zenodo.json"):
        assert (root / name).read_text(encoding="utf-8") == f"{name}: not in the old journal\n"
    assert not backup.exists()


def test_what_an_earlier_build_made_may_go_and_nothing_else(tmp_path):
    """A table the model no longer has leaves its old files, which the old datapackage.json
    names: the swap may drop those, but not a file no build made."""
    from scripts.publish import strangers

    root, staging = tmp_path / "root", tmp_path / "staging"
    for folder in (root / "data", root / "schemas", staging / "data", staging / "schemas"):
        folder.mkdir(parents=True)
    (root / "datapackage.json").write_text(
        '{"resources": [{"name": "gone", "type": "table", "path": "data/gone.csv"}, '
        '{"name": "gone-parquet", "type": "file", "path": "data/gone.parquet"}]}')
    for name in ("data/gone.csv", "data/gone.parquet", "schemas/gone.json", "data/kept.csv",
                 "data/mine.txt", "schemas/mine.json"):
        (root / name).write_text("x")
    (staging / "data" / "kept.csv").write_text("y")
    (root / "data" / "empty-folder").mkdir()  # nothing of anyone's is lost with it
    (root / "docs" / "figures").mkdir(parents=True)
    (root / "docs" / "figures" / "renamed.svg").write_text("<svg/>")  # an old figure's name
    (root / "docs" / "figures" / "notes.txt").write_text("mine")
    assert strangers(staging, root) == ["data/mine.txt", "schemas/mine.json",
                                        "docs/figures/notes.txt"]
    (root / "datapackage.json").write_text("not json")  # an unreadable one names nothing
    assert "data/gone.csv" in strangers(staging, root)


def test_a_desktop_s_own_files_do_not_stop_the_build_or_validation(tmp_path):
    """Finder's .DS_Store, Explorer's Thumbs.db and the lock file of a workbook open in Excel
    sit beside the package's files on users' machines: neither the swap nor validate takes
    them for files of the package."""
    from scripts.publish import strangers
    from tests.conftest import copy_repository, validate

    root = copy_repository(tmp_path / "repo")
    for name in ("data/.DS_Store", "data/~$us-japan.xlsx", "schemas/Thumbs.db", ".DS_Store"):
        (root / name).write_bytes(b"\\0")
    assert strangers(root / "nothing-staged", root) == []
    assert validate(root).ok, validate(root).problems
