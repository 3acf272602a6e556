"""Stage 7d, model -> data/datasette-metadata.json: how Datasette shows the SQLite database.

    datasette data/<name>.sqlite --metadata data/datasette-metadata.json

Datasette's metadata file (the format of Datasette 0.65, which the tests run): the package's
title, description, licence and source for the instance; for each table its title, its
description and every column's description, and the label column (model/package.yaml,
`datasette.label_columns`) that Datasette shows beside a foreign key's id, so that a link to an
organization reads 総務省, not jp-mic. Everything comes from the model and the package's
sources; the bytes depend only on them.
"""

from __future__ import annotations

import json

from scripts.lib.errors import BuildError
from scripts.lib.model import Model

METADATA_PATH = "data/datasette-metadata.json"


def label_columns(model: Model) -> dict[str, str]:
    """{table: its label column}, each checked against the model."""
    labels = (model.package.get("datasette") or {}).get("label_columns") or {}
    for table, column in labels.items():
        if table not in model.names:
            raise BuildError("model/package.yaml", f"datasette.label_columns.{table}",
                             "names no table of model/tables.yaml",
                             f"use one of: {', '.join(model.names)}")
        if column not in model.table(table).field_names:
            raise BuildError("model/package.yaml", f"datasette.label_columns.{table}",
                             f"names no column of {table}: {column!r}",
                             f"use one of: {', '.join(model.table(table).field_names)}")
    return labels


def table_metadata(model: Model, labels: dict[str, str]) -> dict:
    tables = {}
    for table in model.tables:
        entry = {"title": table.definition["title"],
                 "description": table.definition["description"],
                 "columns": {f["name"]: f.get("description", "") for f in table.fields}}
        if table.name in labels:
            entry["label_column"] = labels[table.name]
        tables[table.name] = entry
    return tables


def metadata(model: Model, sources: list[dict]) -> dict:
    """The metadata document for the package's database, named after the package."""
    meta = model.package
    licence = meta["licenses"][0]
    document = {"title": meta["title"], "description": meta["description"],
                "license": licence.get("title", licence["name"]),
                "license_url": licence["path"]}
    if sources:
        document["source"] = "; ".join(s["title"] for s in sources)
        document["source_url"] = sources[0]["path"]
    if meta.get("homepage"):
        document["about"], document["about_url"] = meta["title"], meta["homepage"]
    document["databases"] = {meta["name"]: {
        "title": meta["title"], "description": meta["description"],
        "tables": table_metadata(model, label_columns(model))}}
    return document


def metadata_bytes(model: Model, sources: list[dict]) -> bytes:
    return (json.dumps(metadata(model, sources), ensure_ascii=False, indent=2) + "\n").encode()
