"""The synthetic corpus (scripts/tools/synthetic.py) goes through the real build and full validation."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

from scripts.parse_release import parse_release
from scripts.registry import load_registry
from scripts.tools.synthetic import generate, plan_corpus, synthetic_root
from tests.conftest import PROJECT, run_build, validate

N = 15  # past the 13th and 14th meetings, where the real series renamed the dialogue


def test_synthetic_releases_build_and_validate(tmp_path: Path, capsys):
    root = tmp_path / "root"
    assert not synthetic_root(root, N, seed=7)
    assert run_build(root) == 0, capsys.readouterr().err
    report = validate(root)
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
        paths = generate(N, tmp_path / folder, PROJECT, seed)
        return {p.name: p.read_bytes() for p in sorted((tmp_path / folder).iterdir())
                if p in paths or p.name.endswith(".source.yaml")}

    first, again, other = corpus("a", 3), corpus("b", 3), corpus("c", 4)
    assert len(first) == 2 * N
    assert first == again
    assert first != other


def test_parser_reads_back_what_the_generator_wrote(tmp_path: Path):
    """Every phrasing the generator varies is read as meant: numbers, dates, parts."""
    n, seed = 120, 11
    paths = generate(n, tmp_path, PROJECT, seed)
    plans = plan_corpus(n, random.Random(seed))
    registry = load_registry(PROJECT)
    seen = set()
    for path, plan in zip(paths, plans, strict=True):
        text = path.read_text(encoding="utf-8")
        release = parse_release(text, path.name, registry.vocabulary)
        assert release.missing == []
        assert (release.number, release.published) == (plan.number, plan.published)
        assert (release.start_date, release.end_date) == (plan.start, plan.end), path.name
        assert release.title.text == plan.title
        assert release.host_country in ("JP", "US") and release.format is not None
        assert [n for n, _ in release.sections] == list(
            range(release.sections[0][0], release.sections[0][0] + len(release.sections)))
        if release.related:
            assert release.related[0].number == plan.number - 1
        seen |= {"us-time" if release.us_start_date else "jp-time",
                 "kanji" if not plan.label[1].isascii() else "arabic",
                 "director-general" if "局長級" in plan.label else "meeting",
                 "year-omitted" if "年" not in release.parts["lead"].text.split("、")[0]
                 else "year-stated", "heisei" if "平成" in text else "reiwa",
                 "numbered-overview" if "(1)総括" in text else "overview"}
    assert seen == {"us-time", "jp-time", "kanji", "arabic", "director-general", "meeting",
                    "year-omitted", "year-stated", "heisei", "reiwa", "numbered-overview",
                    "overview"}
