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


class Deadline:
    """Fail, rather than wait for ever, if the build has not ended in `seconds`."""

    def __init__(self, seconds: int):
        self.seconds = seconds

    def __enter__(self):
        import signal

        def expired(*_):
            raise AssertionError(f"the build did not end in {self.seconds} s")
        self.previous = signal.signal(signal.SIGALRM, expired)
        signal.alarm(self.seconds)

    def __exit__(self, *exc):
        import signal

        signal.alarm(0)
        signal.signal(signal.SIGALRM, self.previous)


def test_a_worker_that_dies_stops_the_build_with_an_error(corpus, tmp_path, monkeypatch,
                                                          capsys):
    """A worker killed (the out-of-memory killer, say) must not leave the build waiting."""
    import os

    import scripts.build

    root = copy_of(corpus, tmp_path / "root")
    before = package_files(root)
    link = scripts.build.link_release

    def dying(snapshot, *args):
        if snapshot.source_id.endswith("0000005"):
            os._exit(9)  # as if killed
        return link(snapshot, *args)
    monkeypatch.setattr(scripts.build, "link_release", dying)
    together(monkeypatch, True)
    with Deadline(120):
        status = run_build(root)
    error = capsys.readouterr().err
    assert status == 2, error
    assert "a worker process ended before its work was done" in error and "fix:" in error
    assert package_files(root) == before


def test_a_crash_in_one_release_does_not_hide_an_earlier_input_error(corpus, tmp_path,
                                                                     monkeypatch, capsys):
    """An unexpected error while linking release 7 comes, as working alone, after release 3's
    input error, which the maintainer is told about."""
    import scripts.build

    link = scripts.build.link_release

    def crashing(snapshot, *args):
        if snapshot.source_id.endswith("0000007"):
            raise RuntimeError("a bug")
        return link(snapshot, *args)
    monkeypatch.setattr(scripts.build, "link_release", crashing)
    for on in (False, True):
        root = copy_of(corpus, tmp_path / f"on-{on}")
        break_text(root, 3, "月", "月月", record=True)
        together(monkeypatch, on)
        assert run_build(root) == 2
        assert "soumu-01tsushin08_90000003.txt" in capsys.readouterr().err


def test_a_worker_does_not_hold_the_build_lock(tmp_path, monkeypatch):
    """A worker closes the lock's descriptor it inherits: a killed build's workers do not keep
    the next build waiting."""
    from scripts.publish import build_lock

    def still_open(descriptors):
        return [d for d in descriptors if _is_open(d)]
    together(monkeypatch, True)
    with build_lock(tmp_path):
        held = set(parallel.INHERITED)
        assert held and still_open(held) == sorted(held)
        with parallel.Beside(still_open, held, alone=False) as worker:
            assert worker.result() == []


def _is_open(descriptor: int) -> bool:
    import os

    try:
        os.fstat(descriptor)
    except OSError:
        return False
    return True


def test_when_the_system_cannot_fork_the_work_is_done_in_the_build_itself(monkeypatch):
    import errno

    def no_fork(workers):
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
    together(monkeypatch, True)
    monkeypatch.setattr(parallel, "pool", no_fork)
    assert parallel.outcomes_in_order(lambda n: n * n, [1, 2, 3]) == [(1, None), (4, None),
                                                                         (9, None)]
    with parallel.Beside(lambda a, b: a + b, 2, 3, alone=False) as beside:
        assert beside.result() == 5


def test_a_file_a_worker_cannot_read_is_reported_as_working_alone(corpus, tmp_path,
                                                                  monkeypatch, capsys):
    """An OSError in a worker (a release that cannot be read) travels back as itself, so that
    the build words it as working alone does (the file, the fix, status 2), not as a crash."""
    import scripts.snapshot

    read = scripts.snapshot.read_input

    def unreadable(path, *args):  # the release text, which a worker reads
        if path.name.endswith("0000005.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return read(path, *args)
    monkeypatch.setattr(scripts.snapshot, "read_input", unreadable)
    errors = []
    for on in (False, True):
        root = copy_of(corpus, tmp_path / f"on-{on}")
        together(monkeypatch, on)
        assert run_build(root) == 2
        errors.append(capsys.readouterr().err.replace(str(root), "ROOT"))
    assert "Permission denied" in errors[0] and "Traceback" not in errors[1]
    assert errors[0] == errors[1]


def test_a_build_reads_each_record_and_each_input_schema_once(corpus, tmp_path, monkeypatch):
    """The records are checked once (check_inputs) and their documents handed to the
    releases' work: a release that read its record and the input schemas again cost about a
    third of its time."""
    import collections

    import scripts.lib.files
    import scripts.snapshot

    root = copy_of(corpus, tmp_path / "root")
    together(monkeypatch, False)
    reads: collections.Counter = collections.Counter()
    read = scripts.lib.files.read_limited

    def counted(path, *args):
        reads[Path(path).resolve()] += 1
        return read(path, *args)
    monkeypatch.setattr(scripts.lib.files, "read_limited", counted)
    monkeypatch.setattr(scripts.snapshot, "read_limited", counted)
    assert run_build(root) == 0
    records = sorted((root / "sources").resolve().glob("*.source.yaml"))
    schemas = sorted((root / "model/inputs").resolve().glob("*.schema.json"))
    assert len(records) == N and schemas
    assert {path: reads[path] for path in records + schemas} == dict.fromkeys(
        records + schemas, 1)
