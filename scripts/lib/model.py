"""model/tables.yaml -> Table definitions: Table Schema as written, JSON Schema derived.

model/tables.yaml is the one source of truth for every table. `table_schema` gives the
Frictionless Table Schema for datapackage.json; `json_schema` derives the JSON Schema (2020-12)
for one row. tests/test_schemas.py proves the two agree on every published row and on
deliberately bad rows. A table's `span` says which of its columns locate text in a source
(see `Span`); its foreign keys say which columns refer to organizations, forums or sources.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from scripts.lib.yamlio import load_yaml

JSON_TYPES = {"string": "string", "integer": "integer", "boolean": "boolean", "date": "string"}


@dataclass(frozen=True)
class Span:
    """How a table's rows locate their text: `text[char_start:char_end]` of the source named by
    column `source` (or, with `via`, by the row the foreign key `via` points to) equals the
    first of `text`'s alternatives whose columns are not all empty, its columns joined."""

    source: str
    via: str | None
    text: tuple[tuple[str, ...], ...]
    start: str = "char_start"
    end: str = "char_end"


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

    @property
    def span(self) -> Span | None:
        span = self.definition.get("span")
        if span is None:
            return None
        return Span(span["source"], span.get("via"),
                    tuple(tuple(columns) for columns in span["text"]))

    def columns_referring_to(self, table: str) -> list[str]:
        """The columns whose foreign key points at `table` (a self-reference excluded)."""
        return [key["fields"][0] for key in self.foreign_keys
                if key["reference"]["resource"] == table and table != self.name]

    def columns_referring_to_self(self) -> list[str]:
        """The columns whose foreign key points at another row of this table (a parent)."""
        return [key["fields"][0] for key in self.foreign_keys
                if key["reference"]["resource"] == self.name]

    def reference_of(self, column: str) -> dict:
        """The foreign key declared on `column`."""
        return next(key["reference"] for key in self.foreign_keys if key["fields"] == [column])

    def table_schema(self) -> dict:
        schema = {"fields": [
            {key: field[key] for key in ("name", "type", "description", "constraints", "example")
             if key in field} for field in self.fields],
            "missingValues": [""], "primaryKey": self.primary_key}
        if self.foreign_keys:
            schema["foreignKeys"] = copy.deepcopy(self.foreign_keys)
        return schema

    def json_schema(self) -> dict:
        properties = {field["name"]: json_property(field) for field in self.fields}
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": self.definition["title"],
            "description": self.definition["description"],
            "type": "object",
            "properties": properties,
            "required": self.field_names,
            "additionalProperties": False,
        }


def json_property(field: dict) -> dict:
    """One field's JSON Schema: its type (null allowed unless required), format, constraints."""
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
    return prop


@dataclass(frozen=True)
class Model:
    """Every table of model/tables.yaml, in order, the package's metadata (package.yaml) and
    the figures' texts (figures.yaml)."""

    tables: tuple[Table, ...]
    package: dict
    figures: dict

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.tables]


def load_model(model_dir: Path) -> Model:
    document = load_yaml(model_dir / "tables.yaml")
    return Model(tuple(Table(t["name"], t) for t in document["tables"]),
                 load_yaml(model_dir / "package.yaml"), load_yaml(model_dir / "figures.yaml"))


def constraint_text(field: dict) -> str:
    """A field's constraints in words (Markdown): 'required; unique; pattern `…`'."""
    constraints = field.get("constraints", {})
    parts = []
    if constraints.get("required"):
        parts.append("required")
    if constraints.get("unique"):
        parts.append("unique")
    if "enum" in constraints:
        parts.append("one of " + ", ".join(f"`{v}`" for v in constraints["enum"]))
    if "pattern" in constraints:
        parts.append(f"pattern `{constraints['pattern']}`")
    if "minimum" in constraints:
        parts.append(f"≥ {constraints['minimum']}")
    return "; ".join(parts)
