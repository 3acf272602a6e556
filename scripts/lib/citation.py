"""CITATION.cff, checked as strictly as the curated inputs: .zenodo.json is generated from it
(scripts/docs/zenodo.py) and published with the package, and a release zip holds it.

It is read with the strict YAML reader and checked against model/inputs/citation.schema.json
(the part of the Citation File Format the project writes: types, required keys, no unknown
key, a real date for date-released, http(s) urls), then against the package: its version and
its licence are the package's (model/package.yaml, or the datapackage.json of a folder
validated). The build, `docs`, `validate` and `release` all check it here; every problem is
named with the file, its line and the fix.
"""

from __future__ import annotations

from pathlib import Path

from scripts.lib.changelog import UNRELEASED
from scripts.lib.inputs import CITATION_SCHEMA, Problem, check_file, raise_problems, validators
from scripts.lib.project import Project
from scripts.lib.yamlio import Document

CITATION = "CITATION.cff"
SCHEMA_FILE = f"model/inputs/{CITATION_SCHEMA}.schema.json"


def citation_problems(folder: Path, project: Project, package: dict,
                      checks: dict | None = None) -> tuple[Document | None, list[Problem]]:
    """CITATION.cff of `folder` read and checked against its schema and against `package`
    (model/package.yaml's data, or a datapackage.json: its `version` and `licenses`);
    (the document, if it passed, and every problem)."""
    checks = checks or validators(project)
    if CITATION_SCHEMA not in checks:
        return None, [Problem(SCHEMA_FILE, "file", f"does not exist, so nothing checks "
                              f"{CITATION}", "restore it from git")]
    document, problems = check_file(folder / CITATION, CITATION_SCHEMA, project, checks,
                                    label=CITATION)
    if document is None or problems:
        return None, problems
    problems = agreement_problems(document, package)
    return (None if problems else document), problems


def agreement_problems(document: Document, package: dict) -> list[Problem]:
    """What the schema cannot say: the citation's version and licence are the package's."""
    citation, problems = document.data, []
    # the release CITATION.cff cites: the package's version without +unreleased (changes
    # since, which no release holds yet: scripts/lib/changelog.py)
    version = str(package.get("version", "")).removesuffix(UNRELEASED)
    if citation["version"] != version:
        line = document.line(("version",))
        problems.append(Problem(CITATION, f"line {line}: version", f"is "
                                f"{citation['version']!r}, but the package is version "
                                f"{version!r} (model/package.yaml, datapackage.json)",
                                f"write version: {version}, with its date-released (they "
                                "change together when a version is cut: README, 'Versions "
                                "and changes')", line))
    licences = [licence.get("name") for licence in package.get("licenses", [])
                if isinstance(licence, dict)]
    if citation["license"] not in licences[:1]:
        line = document.line(("license",))
        problems.append(Problem(CITATION, f"line {line}: license", f"is "
                                f"{citation['license']!r}, but the package's licence is "
                                f"{', '.join(map(repr, licences)) or 'not stated'} "
                                "(model/package.yaml licenses)",
                                f"write license: {licences[0] if licences else '…'}: the "
                                "citation, .zenodo.json and the package state one licence",
                                line))
    return problems


def read_citation(folder: Path, project: Project, package: dict | None = None) -> dict:
    """CITATION.cff of `folder`, once every check passes (`package`: by default the model's,
    model/package.yaml); InputErrors with every problem."""
    document, problems = citation_problems(folder, project, package or project.model.package)
    raise_problems(problems)
    return document.data
