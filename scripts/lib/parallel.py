"""The per-release work of a large build, split over the machine's cores, in order.

Each release is read, parsed and linked on its own (nothing of one release depends on another
until the series is merged), so a corpus of many releases is worked on by one process per core,
forked from the build (they inherit its loaded inputs; only the results travel back, pickled).
The outcomes come back in the order of the releases, each a value or the error it raised, so
that the build reports the same first error as when it works alone. A small build (the real
series, the tests) works in its own process: forking costs more than it saves there.

The workers are concurrent.futures processes: a worker that dies (killed, out of memory) stops
the build with an error instead of leaving it waiting; they ignore Ctrl-C (the build's own
process stops them) and close the build lock they inherit, so that a killed build's workers
do not keep the next build waiting. If the system cannot fork, the work is done in the build's
own process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scripts.lib.errors import BuildError

# Below these, one process: releases for the per-release work, rows of all tables for the
# database beside the other files (and the documents beside the validation). Starting the
# workers costs about 15 ms here, but each release's records travel back pickled (about 1 ms
# a release, unpickled by the build while the workers work) and the forked pages are copied as
# they are touched: at 100 releases, working together was no faster than alone.
MIN_ITEMS = 200
LARGE_ROWS = 20_000
INHERITED: set[int] = set()  # descriptors a worker closes (the build lock: scripts/publish.py)
_WORK: tuple | None = None  # (function, items): what the forked workers inherit
_IN_WORKER = False


class Crash(Exception):
    """An unexpected error in a worker (a bug), with the worker's traceback as text (the
    error itself may not survive the trip back)."""


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def large(rows: int) -> bool:
    """Whether a package of this many rows is worth a process of its own for its database."""
    return rows >= LARGE_ROWS


def portable(error: Exception) -> Exception:
    """The error as it can travel from a worker back to the build: a BuildError or an OSError
    (a file that cannot be read or written: the build words it) as it is, anything else (in a
    worker) as a Crash that carries its traceback."""
    if isinstance(error, BuildError | OSError) or not _IN_WORKER:
        return error
    return Crash("".join(traceback.format_exception(error)).rstrip())


def outcome(function: Callable, item) -> tuple:
    """(value, None), or (None, the error it raised)."""
    try:
        return function(item), None
    except Exception as error:  # given back, raised in the items' order
        return None, portable(error)


def _start_worker() -> None:
    global _IN_WORKER
    _IN_WORKER = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for descriptor in INHERITED:
        with contextlib.suppress(OSError):
            os.close(descriptor)


def _run(index: int) -> tuple:
    function, items = _WORK
    return outcome(function, items[index])


def workers_lost() -> BuildError:
    return BuildError("the build", "worker processes", "a worker process ended before its "
                      "work was done (killed, or out of memory)", "build again; if it ends so "
                      "again, free memory or build on a machine with more")


def can_fork(workers: int) -> bool:
    return workers > 1 and "fork" in multiprocessing.get_all_start_methods()


def pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker)


def stop(executor: ProcessPoolExecutor | None) -> None:
    """Stop the workers now, whatever they are doing (a failed or interrupted build)."""
    if executor is None:
        return
    for process in list(getattr(executor, "_processes", {}).values()):
        process.terminate()
    executor.shutdown(wait=True, cancel_futures=True)


def outcomes_in_order(function: Callable, items: Sequence) -> list[tuple]:
    """[(value, error)] of function(item) for every item, in the items' order."""
    global _WORK
    workers = cores()
    if len(items) < MIN_ITEMS or not can_fork(workers):
        return [outcome(function, item) for item in items]
    _WORK, executor = (function, items), None
    try:
        executor = pool(workers)
        chunk = max(1, len(items) // (4 * workers))
        done = list(executor.map(_run, range(len(items)), chunksize=chunk))
    except BrokenProcessPool:
        stop(executor)
        raise workers_lost() from None
    except OSError:  # the system cannot fork now: the same work, in this process
        stop(executor)
        return [outcome(function, item) for item in items]
    except BaseException:  # Ctrl-C, or a result that cannot travel: stop them now
        stop(executor)
        raise
    finally:
        _WORK = None
    executor.shutdown(wait=True)
    return done


class Beside:
    """function(*arguments) worked on beside the caller: in a forked process when `alone` is
    false (the arguments are inherited, not sent), else when the result is asked for. The
    result, or its error, comes with `result()`, so that errors come in the order of working
    alone when the caller asks for it after its own work."""

    def __init__(self, function: Callable, *arguments, alone: bool):
        global _WORK
        self.call = lambda _: function(*arguments)
        self.executor: ProcessPoolExecutor | None = None
        self.pending: Future | None = None
        if alone or not can_fork(cores()):
            return
        _WORK = (self.call, [None])
        try:
            self.executor = pool(1)
            self.pending = self.executor.submit(_run, 0)
        except OSError:  # the system cannot fork now: worked on when asked for
            self.close()
        finally:
            _WORK = None

    def result(self):
        try:
            value, error = (self.pending.result() if self.pending is not None
                            else outcome(self.call, None))
        except BrokenProcessPool:
            raise workers_lost() from None
        finally:
            self.close(finished=True)
        if error is not None:
            raise error
        return value

    def close(self, finished: bool = False) -> None:
        """Stop the worker (at once, unless its work is finished)."""
        if self.executor is not None:
            if finished:
                self.executor.shutdown(wait=True)
            else:
                stop(self.executor)
            self.executor, self.pending = None, None

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
