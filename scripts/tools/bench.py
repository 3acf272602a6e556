"""Benchmark: how long the build, the validation and loading the tables take, and how they scale.

    python -m scripts bench [--runs N] [--scale 10,100,1000] [--scale-runs N]   (make bench)

Two tables. The first times each step on the real package: each step runs N times in a fresh
process (imports included, as a user meets them) and prints the median wall time and the peak
memory (max RSS) of that process. The second builds synthetic corpora of N releases
(scripts/synthetic.py) through the real build, which validates fully before it publishes,
and prints per N the median build time, time per release, peak memory, and how much of it is
frictionless's validation and how much our own checks (each timed inside a fresh process,
after its imports). Nothing in the repository is changed: everything runs in temporary copies.
`--scale none` skips the second table.
"""

from __future__ import annotations

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

STEPS = {
    "build (parse, link, write, validate, publish)": "from scripts.cli import main\n"
    "assert main(['build', '--root', '{root}']) == 0",
    "our validation (python -m scripts validate)": "from scripts.cli import main\n"
    "assert main(['validate', '--root', '{root}', '{root}']) == 0",
    "  of which our own checks (no frictionless)": "from scripts.lib.project import Project\n"
    "from scripts.validate import validate_package\n"
    "project = Project.at('{root}')\n"
    "assert validate_package(project.root, project.model, frictionless=False).ok",
    "frictionless validate datapackage.json": "from frictionless import Package, system\n"
    "with system.use_context(trusted=True):\n"
    "    assert Package('{root}/datapackage.json').validate().valid",
    "load all tables: pandas, CSV": "import pandas as pd\n"
    "for t in {names}: pd.read_csv('{root}/data/'+t+'.csv', dtype=str, keep_default_na=False)",
    "load all tables: pandas, Parquet": "import pandas as pd\n"
    "for t in {names}: pd.read_parquet('{root}/data/'+t+'.parquet', dtype_backend='pyarrow')",
    "load all tables: DuckDB, Parquet": "import duckdb\ncon = duckdb.connect()\n"
    "for t in {names}: con.sql(\"select * from '{root}/data/\"+t+\".parquet'\").fetchall()",
}
# Scale runs build a synthetic root (its own model/ and reference/) with this code.
SCALE_BUILD = "from scripts.cli import main\nassert main(['build', '--root', '{root}']) == 0"
TIMED = ("import time\nimport frictionless\nfrom scripts.lib.project import Project\n"
         "from scripts.validate import Report, check_frictionless, validate_package\n"
         "project = Project.at('{root}')\nroot = project.root\nstart = time.perf_counter()\n"
         "{call}\nprint(time.perf_counter() - start)")
SCALE_FRICTIONLESS = TIMED.replace("{call}", "report = Report()\ncheck_frictionless(root, "
                                   "report)\nassert report.ok, report.problems[:5]")
SCALE_OURS = TIMED.replace("{call}", "assert validate_package(root, project.model, "
                           "frictionless=False).ok")
TARGET_SECONDS, TARGET_RATIO = 60, 1.5


# Peak memory of the process itself: VmHWM (Linux), the high-water mark of its own address
# space. ru_maxrss would also count the parent's memory at fork, before exec.
PROBE = """
import resource, sys
try:
    status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]
except (OSError, IndexError):
    status = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(status, file=sys.stderr)
"""


def run(code: str, cwd: Path = CODE_ROOT) -> tuple[float, float, str]:
    """(seconds, peak MiB, stdout) of one fresh Python process running `code`."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code + PROBE], cwd=cwd, check=True,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024, done.stdout.strip()


def worker_peak(root: Path) -> float:
    """Peak MiB of the largest of the build's frictionless workers (scripts/validate.py),
    each group of resources run once as the build runs it; 0 when the build uses none."""
    code = ("import json\nfrom pathlib import Path\nfrom frictionless import Package, system\n"
            "from scripts.validate.frictionless import balanced, default_workers, "
            "resource_cost\n"
            f"root = Path('{root}')\nwith system.use_context(trusted=True):\n"
            "    package = Package(str(root / 'datapackage.json'))\n"
            "    cost = {r.name: resource_cost(root, package, r) for r in package.resources}\n"
            "workers = default_workers(root)\n"
            "print(json.dumps(balanced(list(cost), cost, workers) if workers > 1 else []))")
    groups = json.loads(run(code)[2])
    worker = ("from scripts.validate.frictionless import frictionless_worker\n"
              "frictionless_worker(['{descriptor}', *{group}])")
    return max((run(worker.format(descriptor=root / "datapackage.json", group=group))[1]
                for group in groups), default=0.0)


def copy_repository(project: Project, target: Path) -> None:
    for name in ("sources", "reference", "model", "data", "schemas"):
        shutil.copytree(project.root / name, target / name)
    shutil.copy2(project.root / "datapackage.json", target / "datapackage.json")


def machine() -> str:
    return (f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python "
            f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}")


def package_table(project: Project, runs: int) -> None:
    names = project.model.names
    print(f"Real package (sources/ of this repository): median of {runs} runs, each a fresh "
          "process")
    print(f"{'step':<50} {'median s':>9} {'min s':>7} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        copy_repository(project, root)
        for label, template in STEPS.items():
            code = template.format(root=root, names=names)
            times, peaks = [], []
            for _ in range(runs):
                seconds, peak, _ = run(code)
                times.append(seconds)
                peaks.append(peak)
            print(f"{label:<50} {statistics.median(times):>9.2f} {min(times):>7.2f} "
                  f"{max(peaks):>9.0f}")


def scale_table(project: Project, sizes: list[int], runs: int) -> None:
    print(f"\nSynthetic corpora (scripts/tools/synthetic.py, seed 0): median of {runs} runs; "
          "build = python -m scripts build (parse, link, write, full validation, publish)")
    print(f"{'releases':>8} {'commitments':>11} {'build s':>8} {'s/release':>9} "
          f"{'peak MiB':>8} {'worker MiB':>10} {'frictionless s':>14} {'share':>6} "
          f"{'our checks s':>12}")
    per_release, notes = {}, []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "root"
            if synthetic_root(root, n, project=project):
                notes.append(f"N={n}: meeting numbers reach {n + 1}; the copy's model/tables.yaml"
                             " widens meeting-[0-9]{3} to meeting-[0-9]{3,} (the repository's "
                             "model allows 999 meetings)")
            builds = [run(SCALE_BUILD.format(root=root)) for _ in range(runs)]
            ours = [float(run(SCALE_OURS.replace("{root}", str(root)))[2])
                    for _ in range(runs)]
            friction = [float(run(SCALE_FRICTIONLESS.replace("{root}", str(root)))[2])
                        for _ in range(runs)]
            workers = worker_peak(root)
            rows = sum(1 for _ in (root / "data" / "commitments.csv").open(encoding="utf-8")) - 1
        seconds = statistics.median(b[0] for b in builds)
        per_release[n] = seconds / n
        print(f"{n:>8} {rows:>11} {seconds:>8.1f} {seconds / n:>9.3f} "
              f"{max(b[1] for b in builds):>8.0f} {f'{workers:.0f}' if workers else '-':>10} "
              f"{statistics.median(friction):>14.1f} "
              f"{statistics.median(friction) / seconds:>6.0%} {statistics.median(ours):>12.1f}")
    for note in notes:
        print(f"note: {note}")
    print("frictionless s: its validation of all resources (CSV and Parquet, row by row), "
          "timed alone after imports; share = of the build's median time. worker MiB: the "
          "largest of the processes among which the build shares frictionless's validation "
          "when data/ exceeds 5 MB ('-': none); they run beside the main process")
    print_targets(per_release)


def print_targets(per_release: dict[int, float]) -> None:
    if 1000 in per_release:
        verdict = "holds" if per_release[1000] * 1000 < TARGET_SECONDS else "MISSED"
        print(f"target: 1,000 releases built and validated in under {TARGET_SECONDS} s: "
              f"{per_release[1000] * 1000:.1f} s, {verdict}")
    if 100 in per_release and 1000 in per_release:
        ratio = per_release[1000] / per_release[100]
        verdict = "holds" if ratio <= TARGET_RATIO else "MISSED"
        print(f"target: time per release at 1,000 within {TARGET_RATIO}x of that at 100: "
              f"{ratio:.2f}x, {verdict}")


def bench(project: Project, runs: int = 5, scale: str = "10,100,1000", scale_runs: int = 3,
          package: bool = True) -> int:
    print(f"machine: {machine()}")
    if package:
        package_table(project, runs)
    if scale != "none":
        scale_table(project, [int(n) for n in scale.split(",") if n], scale_runs)
    return 0
