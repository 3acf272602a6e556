"""The synthetic corpus (scripts/synthetic.py) goes through the real build and full validation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scripts.synthetic import generate, synthetic_root
from scripts.validate import validate_package
from tests.conftest import run_build

N = 5


def test_synthetic_releases_build_and_validate(tmp_path: Path, capsys):
    root = tmp_path / "root"
    assert not synthetic_root(root, N, seed=7)
    assert run_build(root) == 0, capsys.readouterr().err
    report = validate_package(root)
    assert report.ok, report.problems

    def load(name: str) -> pd.DataFrame:
        return pd.read_csv(root / "data" / f"{name}.csv", dtype=str, keep_default_na=False)

    meetings = load("meetings")
    assert list(meetings["number"]) == [str(n) for n in range(1, N + 2)]
    assert list(meetings["status"]) == ["held"] * N + ["planned"]
    assert set(meetings.loc[meetings["status"] == "held", "start_date"]) != {""}
    sources = load("sources")
    assert (sources["path"] != "").sum() == N
    assert set(sources.loc[sources["path"] != "", "source_id"]) == {
        f"soumu-01tsushin08-{90_000_000 + n:08d}" for n in range(1, N + 1)}
    commitments = load("commitments")
    assert set(commitments["meeting_id"]) == {f"meeting-{n:03d}" for n in range(1, N + 1)}
    assert len(commitments) > 10 * N
    assert {"commitment", "reaffirmation", "recognition"} <= set(commitments["kind"])
    assert len(load("contacts")) >= N
    assert set(load("participants")["role"]) == {"head_of_delegation", "member",
                                                 "private_sector"}


def test_generator_is_deterministic(tmp_path: Path):
    def corpus(folder: str, seed: int) -> dict[str, bytes]:
        paths = generate(N, tmp_path / folder, seed)
        return {p.name: p.read_bytes() for p in sorted((tmp_path / folder).iterdir())
                if p in paths or p.name.endswith(".source.yaml")}

    first, again, other = corpus("a", 3), corpus("b", 3), corpus("c", 4)
    assert len(first) == 2 * N
    assert first == again
    assert first != other
