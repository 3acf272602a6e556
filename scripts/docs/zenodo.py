""".zenodo.json, generated from CITATION.cff: what Zenodo reads when a release is archived.

Only what CITATION.cff states: title, version, date, authors, abstract, keywords, licence (as
Zenodo's lowercase licence id), the message (as notes) and the references' urls (the sources
the data is derived from). Nothing is invented: no DOI, no ORCID, no community. CITATION.cff
is read and checked first (scripts/lib/citation.py): a value of the wrong type, a date that is
no day, or a licence or version that is not the package's stops the command.
"""

from __future__ import annotations

import json


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
        "version": citation["version"],
        "publication_date": citation["date-released"],
        "creators": [creator(a) for a in citation["authors"]],
        "description": citation["abstract"], "access_right": "open",
        "license": citation["license"].lower(),
        "keywords": list(citation.get("keywords", [])),
    }
    if citation.get("message"):
        document["notes"] = citation["message"]
    related = [{"identifier": r["url"], "relation": "isDerivedFrom", "scheme": "url"}
               for r in citation.get("references", [])]
    if related:
        document["related_identifiers"] = related
    return document


def render(citation: dict) -> str:
    """.zenodo.json of CITATION.cff's data, as scripts/lib/citation.py has checked it (its
    schema, model/inputs/citation.schema.json, gives every key read here its type)."""
    return json.dumps(metadata(citation), ensure_ascii=False, indent=2) + "\n"
