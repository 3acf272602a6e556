""".zenodo.json says what CITATION.cff says (read here with YAML), and is current."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.conftest import ROOT

CITATION = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
ZENODO = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))


def test_zenodo_metadata_is_the_citation():
    assert ZENODO["upload_type"] == "dataset" and CITATION["type"] == "dataset"
    assert ZENODO["title"] == CITATION["title"]
    assert ZENODO["version"] == str(CITATION["version"])
    assert ZENODO["publication_date"] == str(CITATION["date-released"])
    assert [c["name"] for c in ZENODO["creators"]] == [a["name"] for a in CITATION["authors"]]
    assert ZENODO["description"] == CITATION["abstract"]
    assert ZENODO["keywords"] == CITATION["keywords"]
    assert ZENODO["license"] == "cc-by-4.0" and CITATION["license"] == "CC-BY-4.0"
    assert [r["identifier"] for r in ZENODO["related_identifiers"]] == [
        r["url"] for r in CITATION["references"]]
    assert "doi" not in ZENODO  # none exists yet: never invented


def test_zenodo_metadata_is_regenerated_from_the_citation(tmp_path):
    from scripts.docs import stale
    from scripts.lib.project import Project
    from tests.conftest import copy_repository

    root = copy_repository(tmp_path / "repo")
    for name in ("CITATION.cff", ".zenodo.json"):
        (root / name).write_bytes((ROOT / name).read_bytes())
    citation = root / "CITATION.cff"
    citation.write_text(citation.read_text(encoding="utf-8").replace(
        "version: 0.1.0", "version: 0.2.0"), encoding="utf-8")
    assert ".zenodo.json" in stale(Project.at(root))


@pytest.mark.parametrize("missing", ["title", "abstract"])
def test_a_citation_without_what_zenodo_needs_is_refused(missing):
    from scripts.docs.zenodo import render
    from scripts.lib.errors import BuildError

    text = yaml.safe_dump({k: v for k, v in CITATION.items() if k != missing})
    with pytest.raises(BuildError) as error:
        render(text)
    assert error.value.place == missing and error.value.problem == "is missing"
