"""A schema.org Dataset description (JSON-LD) generated from datapackage.json.

    docs/dataset.jsonld     written by `python -m scripts build` (scripts/docs/__init__.py)

For search engines and catalogues: name, description, version, keywords, licence, creator,
the documents it is based on, one DataDownload per file (with its sha256) and one
PropertyValue per field. Every value comes from datapackage.json; nothing is added by hand.
contentUrl is relative to the package folder while model/package.yaml has no `homepage`;
with one, it is the homepage joined with the file's path.
"""

from __future__ import annotations

import json


def dataset(descriptor: dict) -> dict:
    homepage = descriptor.get("homepage")
    base = homepage.rstrip("/") + "/" if homepage else ""
    document: dict = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": descriptor["title"],
        "alternateName": descriptor["name"],
        "description": descriptor["description"],
        "version": descriptor["version"],
        "dateCreated": descriptor["created"],
        "keywords": descriptor.get("keywords", []),
        "license": [licence["path"] for licence in descriptor.get("licenses", [])
                    if licence.get("path")],
    }
    if homepage:
        document["url"] = homepage
    if descriptor.get("id"):
        document["identifier"] = descriptor["id"]
    creators = [c for c in descriptor.get("contributors", []) if "creator" in c.get("roles", [])]
    document["creator"] = [{"@type": "Organization", "name": c["title"],
                            **({"url": c["path"]} if c.get("path") else {})} for c in creators]
    # datapackage.json `sources`: what the data is read from; `version` is the publication
    # date of the source as printed on it (scripts/build.py).
    document["isBasedOn"] = [{"@type": "CreativeWork", "name": s["title"], "url": s["path"],
                              "version": s.get("version")} for s in descriptor.get("sources", [])]
    document["distribution"] = [download(resource, base) for resource in descriptor["resources"]]
    document["variableMeasured"] = [{
        "@type": "PropertyValue",
        "name": f"{resource['name']}.{field['name']}",
        "description": field.get("description", ""),
    } for resource in descriptor["resources"]
        if resource.get("format") == "csv" and "schema" in resource
        for field in resource["schema"]["fields"]]
    return document


def download(resource: dict, base: str) -> dict:
    """One file of the package as a schema.org DataDownload."""
    return {
        "@type": "DataDownload",
        "name": resource["name"],
        "description": resource.get("title", resource["name"]),
        "encodingFormat": resource.get("mediatype", resource.get("format")),
        "contentUrl": base + resource["path"],
        "contentSize": f"{resource.get('bytes', resource.get('x-bytes'))} B",
        "sha256": resource["hash"].removeprefix("sha256:"),
    }


def render(descriptor: dict) -> str:
    return json.dumps(dataset(descriptor), ensure_ascii=False, indent=2) + "\n"
