"""The README says what the tests do: its install lines are the consumer environments that
`make test-consumers` builds, its frictionless range their versions, its Datasette the pinned
one; its table of tables is generated."""

from __future__ import annotations

import csv
import re
import tomllib

import pytest

from tests.conftest import MODEL, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONSUMERS = PYPROJECT["tool"]["consumers"]


def section(heading: str) -> str:
    start = README.index(f"\n## {heading}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


USE = section("Use the data")
ROWS = {cells[0]: cells[1:] for cells in
        ([c.strip() for c in line.strip("|").split("|")]
         for line in USE.splitlines() if line.startswith("| ") and "---" not in line)}


def pins(requirements: list[str]) -> dict[str, str]:
    return dict(r.split("==") if "==" in r else (r, "") for r in requirements)


def test_use_the_data_comes_first():
    headings = re.findall(r"^## (.+)$", README, re.M)
    assert headings[0] == "Use the data"


def test_every_pip_line_is_a_consumer_environment_and_back():
    lines = {tuple(m.split()) for m in re.findall(r"`pip install ([^`]+)`", USE)}
    plain = {tuple(p) for name, reqs in CONSUMERS.items() if not name.startswith("frictionless")
             for p in [list(pins(reqs))]}
    assert plain <= lines, "a consumer environment has no install line in the README"
    assert lines - plain == {("frictionless",), ("datasette",)}


def test_the_frictionless_range_is_the_one_tested():
    versions = sorted((tuple(map(int, pins(reqs)["frictionless"].split("."))), reqs)
                      for name, reqs in CONSUMERS.items() if name.startswith("frictionless"))
    oldest, newest = (".".join(map(str, v)) for v, _ in (versions[0], versions[-1]))
    assert f"any version from {oldest} to {newest}, no extras" in ROWS["frictionless"][0]
    assert f"frictionless {oldest} to {newest}" in USE
    # the newest tested is the one the build uses
    assert pins(PYPROJECT["project"]["dependencies"])["frictionless"] == newest


def test_datasette_is_the_pinned_version():
    pinned = pins(PYPROJECT["project"]["optional-dependencies"]["dev"])["datasette"]
    assert f"tested with {pinned}" in ROWS["Datasette"][0]
    metadata = "data/datasette-metadata.json"
    assert f"--metadata {metadata}" in ROWS["Datasette"][1] and (ROOT / metadata).is_file()


def test_the_r_packages_are_those_ci_installs():
    from tests.consumers.test_consumers import R_PACKAGES

    named = re.search(r'install\.packages\(c\(([^)]*)\)\)', ROWS["R"][0]).group(1)
    assert tuple(p.strip(' "') for p in named.split(",")) == R_PACKAGES
    debian = re.search(r"`sudo apt install ([^`]+)`", ROWS["R"][0]).group(1).split()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert set(debian) <= set(re.search(r'R_PACKAGES="([^"]+)"', ci).group(1).split())
    assert {f"r-cran-{p.lower()}" for p in R_PACKAGES} == set(debian)


@pytest.mark.parametrize("tool", sorted(ROWS.keys() - {"tool"}))
def test_every_file_a_command_names_exists(tool):
    for path in re.findall(r"(?:data|docs)/[\w./-]+\.\w+", " ".join(ROWS[tool])):
        assert (ROOT / path).is_file(), f"{tool}: {path}"


def test_the_table_of_tables_is_generated_with_every_table():
    from scripts.docs.readme import END, START

    block = README[README.index(START):README.index(END)]
    assert re.findall(r"^\| `(\w+)` \|", block, re.M) == MODEL.names
    for table in MODEL.tables:
        assert table.definition.get("row"), f"model/tables.yaml: {table.name} has no `row`"
        with (ROOT / "data" / f"{table.name}.csv").open(encoding="utf-8", newline="") as handle:
            count = sum(1 for _ in csv.DictReader(handle))
        cell = re.search(rf"^\| `{table.name}` \| [^|]+ \| ([^|]+) \|", block, re.M).group(1)
        assert cell.split(":")[0].replace(",", "") == str(count), table.name
