"""frictionless on the whole package, in worker processes when it is large."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

from scripts.lib.project import CODE_ROOT
from scripts.validate.report import Report

# frictionless validates a resource row by row, Parquet ~10x slower than CSV (it reads Parquet
# through pandas, DataFrame.iterrows). Above this many bytes in data/, the resources are shared
# among worker processes (one per CPU, at most 4); below it, starting them costs more than it
# saves.
PARALLEL_BYTES = 5_000_000


def check_frictionless(directory: Path, report: Report, workers: int | None = None) -> None:
    """frictionless on the whole package; `workers` processes (default: by size and CPUs)."""
    from frictionless import FrictionlessException, Package, system

    descriptor = str(directory / "datapackage.json")
    if workers is None:
        workers = default_workers(directory)
    with system.use_context(trusted=True):
        package = Package(descriptor)
        if workers <= 1:
            with plain_pandas_rows():
                result = package.validate()
            for task in result.tasks:
                for error in task.errors:
                    report.add(task.name, f"frictionless: {error.message}")
            for error in result.errors:
                report.add("datapackage.json", f"frictionless: {error.message}")
            return
        # What Package.validate does, with the resources validated in parallel: the
        # descriptor first, then each resource (the same checks, reported in the same order).
        try:
            package.to_descriptor(validate=True)
        except FrictionlessException as exception:
            for error in exception.to_errors():
                report.add("datapackage.json", f"frictionless: {error.message}")
            return
        names = [resource.name for resource in package.resources]
        cost = {resource.name: resource_cost(directory, package, resource)
                for resource in package.resources}
    results = {}
    for group in run_workers(descriptor, balanced(names, cost, workers)):
        results.update(group)
    package_errors = []
    for name in names:
        task_errors, errors = results[name]
        for task_name, message in task_errors:
            report.add(task_name, f"frictionless: {message}")
        package_errors += errors
    for message in package_errors:
        report.add("datapackage.json", f"frictionless: {message}")


def default_workers(directory: Path) -> int:
    size = sum(path.stat().st_size for path in (directory / "data").glob("*") if path.is_file())
    return min(len(os.sched_getaffinity(0)), 4) if size >= PARALLEL_BYTES else 1


PARQUET_COST = 8  # frictionless reads a Parquet row ~8x slower than the same row in CSV


def resource_cost(directory: Path, package, resource) -> int:
    """What validating a resource costs frictionless, about: the rows it reads, its own and
    those its foreign keys look up, as bytes of CSV (a Parquet row weighs PARQUET_COST)."""
    def size(name: str) -> int:
        if not package.has_resource(name):
            return 0
        path = directory / str(package.get_resource(name).path)
        csv = path.with_suffix(".csv")
        if not path.is_file():
            return 0
        if path.suffix == ".parquet" and csv.is_file():
            return PARQUET_COST * csv.stat().st_size
        return path.stat().st_size

    looked_up = {key.get("reference", {}).get("resource") or resource.name
                 for key in (resource.schema.to_descriptor().get("foreignKeys") or [])}
    return size(resource.name) + sum(size(name) for name in looked_up)


def balanced(names: list[str], cost: dict[str, int], workers: int) -> list[list[str]]:
    """The resources in `workers` groups of about equal cost (largest first, to the least
    loaded group)."""
    groups: list[list[str]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for name in sorted(names, key=lambda n: -cost[n]):
        least = loads.index(min(loads))
        groups[least].append(name)
        loads[least] += cost[name]
    return [group for group in groups if group]


def run_workers(descriptor: str, groups: list[list[str]]) -> list[dict]:
    """Each group validated by `frictionless_worker` in a fresh Python process."""
    code = ("from scripts.validate.frictionless import frictionless_worker; "
            "frictionless_worker()")
    processes = [subprocess.Popen([sys.executable, "-c", code, descriptor, *group],
                                  cwd=CODE_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for group in groups]
    results = []
    for process in processes:
        out, err = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"frictionless worker failed ({process.returncode}): {err[-2000:]}")
        results.append(json.loads(out))
    return results


def frictionless_worker(argv: list[str] | None = None) -> None:
    """Validate the named resources of a package; print {name: [task errors, errors]}."""
    from frictionless import Package, system

    descriptor, *names = sys.argv[1:] if argv is None else argv
    results = {}
    with system.use_context(trusted=True), plain_pandas_rows():
        package = Package(descriptor)
        for name in names:
            result = package.get_resource(name).validate()
            results[name] = ([(task.name, error.message) for task in result.tasks
                              for error in task.errors], [error.message for error in result.errors])
    print(json.dumps(results))


def plain_pandas_rows():
    """pandas 3 infers a string dtype for each row DataFrame.iterrows builds, a third of
    frictionless's time on Parquet; the rows' values are the same without it. The option is
    deprecated (pandas 4 drops it): where it is gone, nothing changes."""
    import pandas as pd

    stack = contextlib.ExitStack()
    stack.enter_context(warnings.catch_warnings())
    warnings.filterwarnings("ignore", message=".*future.infer_string")
    try:
        pd.get_option("future.infer_string")
    except (KeyError, pd.errors.OptionError):
        return stack
    stack.enter_context(pd.option_context("future.infer_string", False))
    return stack
