"""The package as its users' own tools open it (make test-consumers).

Each test makes a fresh virtual environment holding only what one line of the README's "Use
the data" installs, pinned as `make lock` resolved it (tests/consumers/<name>.lock, from
pyproject.toml [tool.consumers]), from the package index, and runs there what the README says:
`frictionless validate datapackage.json` on the repository and on the unzipped release, with
the oldest and the newest frictionless the README supports; and each example, whose output is
compared with what the CSVs say (tests/test_examples.py computes it).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_examples import (
    duckdb_results,
    frictionless_output,
    pandas_output,
    polars_output,
    r_output,
    sql_statements,
)

pytestmark = pytest.mark.consumers
LOCKS = Path(__file__).parent
CONSUMERS = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["consumers"]
FRICTIONLESS = sorted(name for name in CONSUMERS if name.startswith("frictionless"))
# Nothing of ours leaks into a consumer's environment: no PYTHONPATH, no user site-packages.
CLEAN = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
CLEAN["PYTHONNOUSERSITE"] = "1"


def environment(tmp_path: Path, name: str) -> Path:
    """A fresh virtual environment with exactly tests/consumers/<name>.lock: its bin/."""
    folder = tmp_path / name
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, env=CLEAN)
    lock = LOCKS / f"{name}.lock"
    run([folder / "bin" / "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-deps", "-r", lock], ROOT)
    frozen = run([folder / "bin" / "pip", "freeze", "--disable-pip-version-check"], ROOT)
    pins = [line for line in lock.read_text("utf-8").splitlines() if not line.startswith("#")]
    assert normalised(frozen.splitlines()) == normalised(pins), "the environment holds more"
    return folder / "bin"


def normalised(pins: list[str]) -> list[str]:
    return sorted(p.lower().replace("_", "-") for p in pins if p.strip())


def run(command: list, cwd: Path, stdin: bytes | None = None) -> str:
    result = subprocess.run([str(part) for part in command], cwd=cwd, input=stdin,
                            capture_output=True, env=CLEAN)
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} in {cwd} exited {result.returncode}:\n"
        + result.stdout.decode()[-3000:] + result.stderr.decode()[-3000:])
    return result.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    """The release zip `make release` would write, unzipped: its top folder."""
    from scripts.tools.release import read_descriptor, write_release

    folder = tmp_path_factory.mktemp("release")
    archive = write_release(ROOT, folder / "dist", read_descriptor(ROOT))
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(folder / "unpacked")
    (top,) = (folder / "unpacked").iterdir()
    return top


@pytest.mark.parametrize("name", FRICTIONLESS)
def test_a_plain_frictionless_validates_the_package_and_the_release(name, tmp_path, release):
    bin_ = environment(tmp_path, name)
    for folder in (ROOT, release):
        run([bin_ / "frictionless", "validate", "datapackage.json"], folder)
        out = run([bin_ / "python", folder / "docs/examples/with-frictionless.py"], folder)
        assert out.splitlines() == frictionless_output()


def test_the_pandas_example_runs_with_pandas_pyarrow_and_openpyxl(tmp_path, release):
    bin_ = environment(tmp_path, "pandas")
    for folder in (ROOT, release):
        out = run([bin_ / "python", folder / "docs/examples/with-pandas.py"], folder)
        assert out.splitlines() == pandas_output()


def test_the_polars_example_runs_with_polars(tmp_path):
    bin_ = environment(tmp_path, "polars")
    out = run([bin_ / "python", "docs/examples/with-polars.py"], ROOT)
    assert out.splitlines() == polars_output()


def test_the_duckdb_example_runs_in_the_duckdb_cli(tmp_path, release):
    bin_ = environment(tmp_path, "duckdb-cli")
    script = (ROOT / "docs/examples/with-duckdb.sql").read_bytes()
    for folder in (ROOT, release):
        run([bin_ / "duckdb"], folder, stdin=script)  # as the README says: duckdb < file
    results = []
    for statement in sql_statements("with-duckdb.sql"):
        out = run([bin_ / "duckdb", "-csv", "-nullvalue", "", "-c", statement], ROOT)
        results.append([typed(row) for row in list(csv.reader(io.StringIO(out)))[1:]])
    assert results == duckdb_results()


def typed(row: list[str]) -> tuple:
    """A CSV row of the DuckDB CLI (NULL written empty) as duckdb's Python API gives it."""
    return tuple(int(v) if v.isdigit() else (v or None) for v in row)


# R is no pip package: the README names its packages, and .ci/run installs Debian's.
R_PACKAGES = ("readr", "DBI", "RSQLite", "readxl")


def test_the_r_example_runs_with_readr_dbi_rsqlite_and_readxl(release):
    rscript = shutil.which("Rscript")
    assert rscript, ("the R example needs Rscript with " + ", ".join(R_PACKAGES) + " (Debian, "
                     "Ubuntu: apt install r-base-core r-cran-readr r-cran-dbi r-cran-rsqlite "
                     "r-cran-readxl), as .ci/run installs them")
    for folder in (ROOT, release):
        out = run([rscript, folder / "docs/examples/with-r.R"], folder)
        assert out.splitlines() == r_output()
