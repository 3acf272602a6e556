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

from scripts.lib.model_check import read_model
from scripts.lib.yamlio import copied

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
    def identity(self) -> list[str]:
        """The columns that say which thing a row is (`identity`; none: the key alone)."""
        return self.definition.get("identity", [])

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

    def with_examples(self, cells: dict[str, list[dict[str, str]]]) -> Model:
        """The model with each field's `example` taken from a published row: the table's
        `example_row` (primary-key values), or the field's `example_from` where that row leaves
        it empty. `cells`: every table's rows as CSV text. A field whose row is not among
        them (a package built from other sources), or is empty there, gets no example; a test
        checks that the published package has every example the model names."""
        tables = []
        for table in self.tables:
            definition = copied(table.definition)
            rows = RowIndex(cells[table.name])
            for field in definition["fields"]:
                key = field.get("example_from") or definition.get("example_row")
                row = rows.find(key) if key else None
                if row is not None and row[field["name"]] != "":
                    field["example"] = typed_example(field, row[field["name"]])
            tables.append(Table(table.name, definition))
        return Model(tuple(tables), self.package, self.figures)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.tables]


def example_keys(table: Table) -> list[dict]:
    """The primary-key values of every row a field's example is taken from (`example_row`,
    `example_from`), so that only those rows need be given to Model.with_examples."""
    keys = [field.get("example_from") for field in table.fields]
    keys.append(table.definition.get("example_row"))
    return [key for key in keys if key]


def example_values(table: Table) -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    """example_keys grouped by their columns (sorted): {columns: {their values, as text}}, so
    that a row is an example's when its cells in some columns are among those values."""
    wanted: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for key in example_keys(table):
        columns = tuple(sorted(key))
        wanted.setdefault(columns, set()).add(tuple(str(key[c]) for c in columns))
    return wanted


class RowIndex:
    """A table's rows (CSV text) found by the values of some of their columns, each set of
    columns indexed once: one pass over the rows however many fields ask."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.rows = rows
        self.indexes: dict[tuple[str, ...], dict[tuple[str, ...], dict[str, str]]] = {}

    def find(self, key: dict) -> dict[str, str] | None:
        """The first row whose values are `key`'s, or None."""
        columns = tuple(sorted(key))
        if columns not in self.indexes:
            index: dict[tuple[str, ...], dict[str, str]] = {}
            for row in self.rows:
                index.setdefault(tuple(row[column] for column in columns), row)
            self.indexes[columns] = index
        return self.indexes[columns].get(tuple(str(key[column]) for column in columns))


def typed_example(field: dict, value: str):
    """A CSV cell as the JSON value of the field's type (integer, boolean, else text)."""
    if field["type"] == "integer":
        return int(value)
    if field["type"] == "boolean":
        return value == "true"
    return value


def load_model(model_dir: Path) -> Model:
    """The model, once its files have passed their schemas and rules (model_check)."""
    documents = read_model(model_dir)
    tables = copied(documents["tables"].data["tables"])
    return Model(tuple(Table(t["name"], t) for t in tables),
                 copied(documents["package"].data), copied(documents["figures"].data))


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
