""".zenodo.json says what CITATION.cff says (read here with YAML), and is current."""

from __future__ import annotations

import json
import re

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
    citation.write_text(re.sub(r'^date-released: .*$', 'date-released: "2099-01-01"',
                               citation.read_text(encoding="utf-8"), flags=re.M),
                        encoding="utf-8")
    assert ".zenodo.json" in stale(Project.at(root))


@pytest.mark.parametrize("missing", ["title", "abstract"])
def test_a_citation_without_what_zenodo_needs_is_refused(tmp_path, missing):
    from scripts.lib.citation import read_citation
    from scripts.lib.errors import BuildError
    from tests.conftest import PROJECT

    (tmp_path / "CITATION.cff").write_text(yaml.safe_dump(
        {k: v for k, v in CITATION.items() if k != missing}, allow_unicode=True),
        encoding="utf-8")
    with pytest.raises(BuildError) as error:
        read_citation(tmp_path, PROJECT)
    assert error.value.place == "line 1: top level"
    assert error.value.problem == f"lacks the key {missing!r}"
