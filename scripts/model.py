"""The tables' definitions (model/tables.yaml): Table Schema as written, JSON Schema derived.

model/tables.yaml is the one source of truth. `table_schema` gives the Frictionless Table
Schema for datapackage.json; `json_schema` derives the JSON Schema (2020-12) for one row.
tests/test_schemas.py proves the two agree on every published row and on deliberately bad rows.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from scripts.yamlio import load_yaml

ROOT = Path(__file__).resolve().parent.parent
JSON_TYPES = {"string": "string", "integer": "integer", "boolean": "boolean", "date": "string"}


@dataclass(frozen=True)
class Table:
    name: str
    definition: dict

    @property
    def fields(self) -> list[dict]:
        return self.definition["fields"]

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    @property
    def primary_key(self) -> list[str]:
        return self.definition["primaryKey"]

    @property
    def foreign_keys(self) -> list[dict]:
        return self.definition.get("foreignKeys", [])

    def table_schema(self) -> dict:
        schema = {"fields": [
            {key: field[key] for key in ("name", "type", "description", "constraints", "example")
             if key in field} for field in self.fields],
            "missingValues": [""], "primaryKey": self.primary_key}
        if self.foreign_keys:
            schema["foreignKeys"] = copy.deepcopy(self.foreign_keys)
        return schema

    def json_schema(self) -> dict:
        properties = {}
        for field in self.fields:
            constraints = field.get("constraints", {})
            required = constraints.get("required", False)
            kind = JSON_TYPES[field["type"]]
            prop: dict = {"description": field.get("description", "")}
            prop["type"] = kind if required else [kind, "null"]
            if field["type"] == "date":
                prop["format"] = "date"
            if "pattern" in constraints:
                # Table Schema patterns match the whole value; JSON Schema's search anywhere.
                prop["pattern"] = f"^(?:{constraints['pattern']})$"
            if "enum" in constraints:
                prop["enum"] = list(constraints["enum"]) + ([] if required else [None])
            if "minimum" in constraints:
                prop["minimum"] = constraints["minimum"]
            properties[field["name"]] = prop
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": self.definition["title"],
            "description": self.definition["description"],
            "type": "object",
            "properties": properties,
            "required": self.field_names,
            "additionalProperties": False,
        }


@cache
def tables(root: Path = ROOT) -> tuple[Table, ...]:
    document = load_yaml(root / "model" / "tables.yaml")
    return tuple(Table(t["name"], t) for t in document["tables"])


def table(name: str, root: Path = ROOT) -> Table:
    return next(t for t in tables(root) if t.name == name)


def package_metadata(root: Path = ROOT) -> dict:
    return load_yaml(root / "model" / "package.yaml")
