"""Benchmark: how long the build, our validation and frictionless take, and how they scale.

    python -m scripts bench [--runs N] [--scale 100,1000,3000] [--json]   (make bench)

Every step runs in a fresh Python process, imports included, as a user meets it; each figure
is the median of N runs, and the runs are interleaved (run 1 of every step and size, then run
2, …) so that a noisy, shared machine slows them alike. Wall time is the figure; CPU time
(user + system of the process) is given beside it.

The real package (this repository's sources/): the build (`python -m scripts build`: parse,
link, write, our full validation, publish, docs), our validation alone (`python -m scripts
validate`), frictionless alone (`frictionless validate datapackage.json`), and importing
every module a build imports that Python has not loaded at start (the libraries and the
standard library's modules: the build's floor; a build run for the purpose lists them),
then leaving, as the build does, without tearing them down.
Synthetic corpora of N releases (scripts/tools/synthetic.py) go through the same build; for
each N: build_s, per_release_s, own_checks_s (our validation of the built package),
frictionless_s (frictionless on the same package), peak_mib (the largest resident size of the
build's processes, as the system counts it). `--json` prints one JSON object per line instead
of the tables.
Nothing in the repository is changed: everything runs in temporary copies.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.lib.project import CODE_ROOT, Project
from scripts.tools.synthetic import synthetic_root

# The modules a build imports that are not ours (libraries, the standard library's included),
# in the order it imports them: printed by a build run for the purpose. Importing them is the
# build's floor.
MODULES_OF_A_BUILD = """import sys
before = set(sys.modules)
from scripts.cli import main
assert main(['build', '--root', '{root}']) == 0

def importable(name):  # not an alias (__mp_main__) nor a module made at run time (Cython's)
    spec = getattr(sys.modules[name], '__spec__', None)
    return spec is not None and spec.name == name
print('MODULES', ' '.join(name for name in sys.modules if name not in before
                          and name.split('.')[0] != 'scripts' and importable(name)))
"""
STARTUP_MODULES = "import sys; print('MODULES', ' '.join(sys.modules))"
TARGETS = {"build_1000_s": 15.0, "per_release_ratio": 1.1, "package_speedup": 10.0,
           "build_over_imports": 2.0}


def run(arguments: list[str], code: str | None = None) -> dict:
    """Wall and CPU seconds and peak MiB of one fresh process (`python -c code` or a
    command): CPU and peak as the system counts them for the process and the processes it
    waited for (its workers), peak the largest single one; its printed lines."""
    command = [sys.executable, "-c", code] if code else arguments
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=CODE_ROOT, stdout=out, stderr=err)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # Ctrl-C: no process left behind
            process.kill()
            process.wait()
            raise
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} failed: {stderr[-2000:]}")
    timed = [line.split()[1] for line in stdout.splitlines() if line.startswith("TIMED ")]
    return {"wall": float(timed[-1]) if timed else wall,
            "cpu": usage.ru_utime + usage.ru_stime, "peak": usage.ru_maxrss / 1024,
            "lines": stdout.splitlines()}


def printed_modules(code: str) -> list[str]:
    return next(line.split()[1:] for line in run([], code)["lines"]
                if line.startswith("MODULES"))


def imports_of_a_build(root: Path) -> str:
    """Code importing every module a build of `root` imports that Python has not at start
    (by name: one, sysconfig's data, is no identifier)."""
    at_start = set(printed_modules(STARTUP_MODULES))
    modules = [name for name in printed_modules(MODULES_OF_A_BUILD.format(root=root))
               if name not in at_start]
    # ... and leaves as `python -m scripts` does, without tearing them down (like for like)
    return (f"import importlib, os\nfor name in {modules!r}:\n    importlib.import_module(name)"
            "\nos._exit(0)")


def build_command(root: Path) -> list[str]:
    """What `make build` runs."""
    return [sys.executable, "-m", "scripts", "build", "--root", str(root)]


def validate_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "scripts", "validate", "--root", str(root), str(root)]


# The checks alone, timed inside a fresh process after its imports: what each costs beyond
# starting Python and loading its libraries.
TIMED_OURS = """import time
from pathlib import Path
import pyarrow, pyarrow.compute, pyarrow.csv, pyarrow.parquet
import scripts.validate.checks, scripts.validate.formats, scripts.validate.semantics
import scripts.validate.workbook, scripts.docs
from scripts.lib.project import Project
from scripts.validate import validate_package
project = Project.at('{root}')
start = time.perf_counter()
assert validate_package(project.root, project).ok
print('TIMED', time.perf_counter() - start)
"""
# What frictionless checks, as our checks do it (tests/test_differential.py: same findings):
# files and hashes, then every value's type and constraints and every key.
TIMED_EQUIVALENT = """import json, time
import pyarrow, pyarrow.compute, pyarrow.csv
from scripts.lib.project import Project
from scripts.validate import checks, files, tables
from scripts.validate.report import Report
project = Project.at('{root}')
start = time.perf_counter()
report, model, root = Report(), project.model, project.root
descriptor = json.loads((root / 'datapackage.json').read_text(encoding='utf-8'))
files.check_files_described(root, descriptor, model, report)
files.check_hashes(root, descriptor, report)
csvs = tables.read_tables(root, model, report)
checks.check_fields(csvs, model, report)
checks.check_foreign_keys(csvs, model, report)
assert report.ok
print('TIMED', time.perf_counter() - start)
"""
TIMED_FRICTIONLESS = """import time
from frictionless import Package, system
from scripts.validate.frictionless import plain_pandas_rows
with system.use_context(trusted=True), plain_pandas_rows():
    start = time.perf_counter()
    assert Package('{root}/datapackage.json').validate().valid
print('TIMED', time.perf_counter() - start)
"""


def frictionless_command(root: Path) -> list[str]:
    return [str(Path(sys.executable).parent / "frictionless"), "validate",
            str(root / "datapackage.json")]


def steps_for(root: Path) -> dict[str, tuple[list[str], str | None]]:
    return {"build": (build_command(root), None), "own_checks": (validate_command(root), None),
            "frictionless": (frictionless_command(root), None)}


def interleaved(roots: dict, runs: int, extra: dict | None = None) -> dict:
    """{(label, step): [measures]}: every step of every root once per round, `runs` rounds."""
    results: dict = {}
    for _ in range(runs):
        for label, root in roots.items():
            for step, (command, code) in {**steps_for(root), **(extra or {})}.items():
                results.setdefault((label, step), []).append(run(command, code))
    return results


def median(measures: list[dict], key: str = "wall") -> float:
    return statistics.median(m[key] for m in measures)


def row_count(root: Path) -> int:
    return sum(sum(1 for _ in path.open(encoding="utf-8")) - 1
               for path in sorted((root / "data").glob("*.csv")))


def copy_repository(project: Project, target: Path) -> None:
    for name in ("sources", "reference", "model", "data", "schemas", "docs"):
        shutil.copytree(project.root / name, target / name)
    for name in ("datapackage.json", "CHANGELOG.md"):  # (CHANGELOG.md: the version it has)
        shutil.copy2(project.root / name, target / name)


def machine() -> str:
    """The machine and the moment (UTC): figures are quoted with both."""
    moment = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python "
            f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}, {moment}")


def package_figures(project: Project, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        copy_repository(project, root)
        extra = {"imports": ([], imports_of_a_build(root)),
                 "own_checks_after_imports": ([], TIMED_OURS.format(root=root)),
                 "equivalent_checks_after_imports": ([], TIMED_EQUIVALENT.format(root=root)),
                 "frictionless_after_imports": ([], TIMED_FRICTIONLESS.format(root=root))}
        results = interleaved({"package": root}, runs, extra)
        rows = row_count(root)
    figures = {"package": "real", "rows": rows, "runs": runs}
    for step in ("build", "own_checks", "frictionless", "imports", "own_checks_after_imports",
                 "equivalent_checks_after_imports", "frictionless_after_imports"):
        figures[f"{step}_s"] = round(median(results[("package", step)]), 3)
        figures[f"{step}_cpu_s"] = round(median(results[("package", step)], "cpu"), 3)
    figures["peak_mib"] = round(max(m["peak"] for m in results[("package", "build")]), 1)
    return figures


def scale_figures(project: Project, sizes: list[int], runs: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        roots = {}
        for n in sizes:
            roots[n] = Path(tmp) / f"n{n}"
            synthetic_root(roots[n], n, project=project)
            run(build_command(roots[n]))  # build once: the package the checks read
        results = interleaved(roots, runs)
        rows = {n: row_count(root) for n, root in roots.items()}
        commitments = {n: row_count_of(root, "commitments") for n, root in roots.items()}
    lines = []
    for n in sizes:
        build = results[(n, "build")]
        lines.append({"releases": n, "rows": rows[n], "commitments": commitments[n],
                      "runs": runs, "build_s": round(median(build), 3),
                      "build_cpu_s": round(median(build, "cpu"), 3),
                      "per_release_s": round(median(build) / n, 5),
                      "own_checks_s": round(median(results[(n, "own_checks")]), 3),
                      "frictionless_s": round(median(results[(n, "frictionless")]), 3),
                      "peak_mib": round(max(m["peak"] for m in build), 1)})
    return lines


def row_count_of(root: Path, table: str) -> int:
    return sum(1 for _ in (root / "data" / f"{table}.csv").open(encoding="utf-8")) - 1


def print_tables(package: dict | None, scale: list[dict]) -> None:
    if package:
        print(f"Real package: median of {package['runs']} interleaved runs, each a fresh "
              "process; wall s (CPU s of the process)")
        labels = {"build": "build (python -m scripts build)",
                  "own_checks": "our validation (python -m scripts validate)",
                  "frictionless": "frictionless validate datapackage.json",
                  "imports": "importing the modules a build imports",
                  "own_checks_after_imports": "our validation, after its imports",
                  "equivalent_checks_after_imports": "  of which what frictionless checks",
                  "frictionless_after_imports": "frictionless's validation, after its imports"}
        for step, label in labels.items():
            # a step timed after its imports: the wall time is the step's, the CPU its process's
            cpu = "" if step.endswith("_after_imports") else (
                f" ({package[step + '_cpu_s']:.2f} CPU)")
            print(f"  {label:<46} {package[step + '_s']:>7.2f}{cpu}")
        print(f"  peak memory of the build: {package['peak_mib']:.0f} MiB")
    if scale:
        print(f"\nSynthetic corpora: median of {scale[0]['runs']} interleaved runs, wall s")
        print(f"{'releases':>8} {'rows':>9} {'build s':>8} {'cpu s':>7} {'s/release':>9} "
              f"{'our checks s':>12} {'frictionless s':>14} {'peak MiB':>8}")
        for line in scale:
            print(f"{line['releases']:>8} {line['rows']:>9} {line['build_s']:>8.2f} "
                  f"{line['build_cpu_s']:>7.2f} {line['per_release_s']:>9.4f} "
                  f"{line['own_checks_s']:>12.2f} {line['frictionless_s']:>14.2f} "
                  f"{line['peak_mib']:>8.0f}")
    for verdict in targets(package, scale):
        print(verdict)


def targets(package: dict | None, scale: list[dict]) -> list[str]:
    """The issue's targets, each with the measured figure and holds/MISSED."""
    by_n = {line["releases"]: line for line in scale}
    verdicts = []

    def say(text: str, value: float, holds: bool) -> None:
        verdicts.append(f"target: {text}: {value:.2f}, {'holds' if holds else 'MISSED'}")
    if 1000 in by_n:
        line = by_n[1000]
        say(f"N=1,000 build + full validation <= {TARGETS['build_1000_s']:.0f} s",
            line["build_s"], line["build_s"] <= TARGETS["build_1000_s"])
        say("N=1,000 build / frictionless alone (< 1)", line["build_s"] / line[
            "frictionless_s"], line["build_s"] < line["frictionless_s"])
    if 1000 in by_n and 3000 in by_n:
        ratio = by_n[3000]["per_release_s"] / by_n[1000]["per_release_s"]
        say(f"per release at 3,000 / at 1,000 (<= {TARGETS['per_release_ratio']})", ratio,
            ratio <= TARGETS["per_release_ratio"])
    if package:
        for ours, words in (("equivalent_checks", "our checks of what it checks"),
                            ("own_checks", "our full validation")):
            speedup = package["frictionless_after_imports_s"] / package[
                f"{ours}_after_imports_s"]
            say(f"real package, after imports: frictionless / {words} (>= "
                f"{TARGETS['package_speedup']:.0f})", speedup,
                speedup >= TARGETS["package_speedup"])
        ratio = package["build_s"] / package["imports_s"]
        say(f"real package: build / importing its libraries (<= "
            f"{TARGETS['build_over_imports']:.0f})", ratio,
            ratio <= TARGETS["build_over_imports"])
    return verdicts


def bench(project: Project, runs: int = 5, scale: str = "100,1000,3000", scale_runs: int = 3,
          package: bool = True, as_json: bool = False) -> int:
    if not as_json:
        print(f"machine: {machine()}")
    sizes = [] if scale == "none" else [int(n) for n in scale.split(",")]
    package_line = package_figures(project, runs) if package else None
    scale_lines = scale_figures(project, sizes, scale_runs) if sizes else []
    if as_json:
        for line in ([package_line] if package_line else []) + scale_lines:
            print(json.dumps({**line, "machine": machine()}))
        return 0
    print_tables(package_line, scale_lines)
    return 0
