"""The lock files hold what pyproject.toml pins, apart: the build's in requirements.lock, the
tests' in requirements-dev.lock, each consumer environment's in tests/consumers/ (all written
by `make lock`, which is not run here: it reads the package index)."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def lock(path) -> dict[str, str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    return {name.lower().replace("_", "-"): version
            for name, version in (line.split("==") for line in lines)}


def pins(requirements: list[str]) -> dict[str, str]:
    return {name.lower().replace("_", "-"): version for name, version in
            (r.split("==") if "==" in r else (r, None) for r in requirements)}


def test_build_and_test_dependencies_are_locked_apart():
    build, dev = lock(ROOT / "requirements.lock"), lock(ROOT / "requirements-dev.lock")
    assert pins(PYPROJECT["project"]["dependencies"]).items() <= build.items()
    assert pins(PYPROJECT["project"]["optional-dependencies"]["dev"]).items() <= dev.items()
    assert not build.keys() & dev.keys(), "a package is in both lock files"
    for tool in ("pytest", "hypothesis", "ruff", "pytest-xdist", "polars", "datasette"):
        assert tool in dev and tool not in build, tool
    assert not build.keys() & {"pip", "setuptools", "wheel"}


def test_make_build_installs_the_build_lock_and_make_test_adds_the_dev_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rules = {line.split(":")[0]: line for line in makefile.splitlines()
             if ":" in line and not line.startswith(("\t", "#", " "))}
    assert rules["build"].split(":")[1].split() == ["$(STAMP)"]
    assert rules["test"].split(":")[1].split() == ["$(DEV_STAMP)"]
    assert "-r requirements.lock" in makefile and "-r requirements-dev.lock" in makefile
    assert rules["$(DEV_STAMP)"].split(":")[1].split() == ["$(STAMP)", "requirements-dev.lock"]


def test_every_consumer_environment_has_its_lock():
    for name, requirements in PYPROJECT["tool"]["consumers"].items():
        locked = lock(ROOT / "tests" / "consumers" / f"{name}.lock")
        for package, version in pins(requirements).items():
            assert package in locked, (name, package)
            assert version is None or locked[package] == version, (name, package)
