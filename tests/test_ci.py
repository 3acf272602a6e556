"""The GitHub Actions workflow for forks runs the two checks the README promises."""

from __future__ import annotations

import yaml

from tests.conftest import ROOT


def test_workflow_runs_the_tests_and_frictionless_on_push_and_pull_request():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    (job,) = workflow["jobs"].values()
    commands = [step.get("run", "") for step in job["steps"]]
    assert any(c.startswith("make test") for c in commands)
    assert any(c.endswith("frictionless validate datapackage.json") for c in commands)
    # the image the committed files are built in (see the workflow's comment)
    assert job["container"] == "python:3.11.7-bookworm"


def test_ci_runs_the_tests_then_the_consumer_tests():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in script.splitlines()
                if line.strip() and not line.startswith("#")]
    makes = [c for c in commands if c.startswith("make ")]
    assert makes == ["make test", "make test-consumers"]
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    (job,) = workflow["jobs"].values()
    assert any(s.get("run", "").startswith("make test-consumers") for s in job["steps"])
