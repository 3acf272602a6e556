"""Benchmark: how long the build, the validation and loading the tables take.

    python -m scripts.bench [--runs N]      (make bench)

Each step runs N times in a fresh process (imports included, as a user meets them) and the
median wall time is printed, with the peak memory (max RSS) of that process. Nothing in the
repository is changed: builds go to a temporary copy.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.model import ROOT, tables

STEPS = {
    "build (parse, link, write, validate, publish)": "from scripts.build import main\n"
    "assert main(['--root', '{root}']) == 0",
    "our validation (python -m scripts.validate)": "from scripts.validate import main\n"
    "assert main(['{root}']) == 0",
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


def run(code: str) -> tuple[float, float]:
    """(seconds, peak MiB) of one fresh Python process running `code`."""
    probe = ("\nimport resource, sys\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
             " file=sys.stderr)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code + probe], cwd=ROOT, check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024


def copy_repository(target: Path) -> None:
    for name in ("sources", "reference", "model", "data", "schemas"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy2(ROOT / "datapackage.json", target / "datapackage.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    names = [t.name for t in tables()]
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
          f"{len(__import__('os').sched_getaffinity(0))} cores, Python "
          f"{platform.python_version()}; median of {args.runs} runs, each a fresh process")
    print(f"{'step':<50} {'median s':>9} {'min s':>7} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        copy_repository(root)
        for label, template in STEPS.items():
            code = template.format(root=root, names=names)
            times, peaks = [], []
            for _ in range(args.runs):
                seconds, peak = run(code)
                times.append(seconds)
                peaks.append(peak)
            print(f"{label:<50} {statistics.median(times):>9.2f} {min(times):>7.2f} "
                  f"{max(peaks):>9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
