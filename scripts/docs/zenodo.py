""".zenodo.json, generated from CITATION.cff: what Zenodo reads when a release is archived.

Only what CITATION.cff states: title, version, date, authors, abstract, keywords, licence (as
Zenodo's lowercase licence id), the message (as notes) and the references' urls (the sources
the data is derived from). Nothing is invented: no DOI, no ORCID, no community.
"""

from __future__ import annotations

import json

import yaml

from scripts.lib.errors import BuildError

REQUIRED = ("title", "version", "date-released", "authors", "license", "abstract")


def creator(author: dict) -> dict:
    name = author.get("name") or ", ".join(
        part for part in (author.get("family-names"), author.get("given-names")) if part)
    entry = {"name": name}
    if author.get("affiliation"):
        entry["affiliation"] = author["affiliation"]
    return entry


def metadata(citation: dict) -> dict:
    document = {
        "upload_type": "dataset", "title": citation["title"],
        "version": str(citation["version"]),
        "publication_date": str(citation["date-released"]),
        "creators": [creator(a) for a in citation["authors"]],
        "description": citation["abstract"], "access_right": "open",
        "license": str(citation["license"]).lower(),
        "keywords": list(citation.get("keywords", [])),
    }
    if citation.get("message"):
        document["notes"] = citation["message"]
    related = [{"identifier": r["url"], "relation": "isDerivedFrom", "scheme": "url"}
               for r in citation.get("references", []) if r.get("url")]
    if related:
        document["related_identifiers"] = related
    return document


def render(citation_text: str, where: str = "CITATION.cff") -> str:
    try:
        citation = yaml.safe_load(citation_text)
    except yaml.YAMLError as error:
        raise BuildError(where, "file", f"is not valid YAML: {error}",
                         "fix CITATION.cff (https://citation-file-format.github.io/)") from None
    missing = [key for key in REQUIRED if not isinstance(citation, dict) or not citation.get(key)]
    if missing:
        raise BuildError(where, ", ".join(missing), "is missing",
                         "add it to CITATION.cff; .zenodo.json is generated from it")
    return json.dumps(metadata(citation), ensure_ascii=False, indent=2) + "\n"
