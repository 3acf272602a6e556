"""The per-release work of a large build, split over the machine's cores, in order.

Each release is read, parsed and linked on its own (nothing of one release depends on another
until the series is merged), so a corpus of many releases is worked on by one process per core,
forked from the build (they inherit its loaded inputs; only the results travel back, pickled).
The outcomes come back in the order of the releases, each a value or the BuildError it raised,
so that the build reports the same first error as when it works alone. A small build (the real
series, the tests) works in its own process: forking costs more than it saves there.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence

from scripts.lib.errors import BuildError

# Below these, one process (a fork and the results' trip cost about 0.1 s): releases for the
# per-release work, rows of all tables for the database beside the other files.
MIN_ITEMS = 200
LARGE_ROWS = 20_000
_WORK: tuple | None = None  # (function, items): what the forked workers inherit


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def outcome(function: Callable, item) -> tuple:
    """(value, None), or (None, the BuildError)."""
    try:
        return function(item), None
    except BuildError as error:
        return None, error


def _run(index: int) -> tuple:
    function, items = _WORK
    return outcome(function, items[index])


def large(rows: int) -> bool:
    """Whether a package of this many rows is worth a process of its own for its database."""
    return rows >= LARGE_ROWS


def outcomes_in_order(function: Callable, items: Sequence,
                      workers: int | None = None) -> list[tuple]:
    """[(value, error)] of function(item) for every item, in the items' order; an exception
    other than BuildError (a bug) is raised as it is."""
    global _WORK
    workers = cores() if workers is None else workers
    forks = "fork" in multiprocessing.get_all_start_methods()
    if workers <= 1 or len(items) < MIN_ITEMS or not forks:
        return [outcome(function, item) for item in items]
    _WORK = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_run, range(len(items)), chunksize=max(1, len(items) // (4 * workers)))
    finally:
        _WORK = None


class Beside:
    """function(*arguments) worked on beside the caller: in a forked process when `alone` is
    false (the arguments are inherited, not sent), else when the result is asked for. The
    result, or its BuildError, comes with `result()`, so that errors come in the order of
    working alone when the caller asks for it after its own work."""

    def __init__(self, function: Callable, *arguments, alone: bool):
        global _WORK
        self.call, self.pool, self.pending = (function, arguments), None, None
        if not alone and cores() > 1 and "fork" in multiprocessing.get_all_start_methods():
            _WORK = (lambda _: function(*arguments), [None])
            try:
                self.pool = multiprocessing.get_context("fork").Pool(1)
                self.pending = self.pool.apply_async(_run, (0,))
            finally:
                _WORK = None

    def result(self):
        try:
            value, error = (self.pending.get() if self.pending is not None
                            else outcome(lambda _: self.call[0](*self.call[1]), None))
        finally:
            self.close()
        if error is not None:
            raise error
        return value

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
