"""The JSON Schemas (generated) and the Table Schemas (as written) agree.

On every published row both accept; on deliberately broken rows both reject. A row is
checked by frictionless as a one-row CSV with the table's Table Schema (without foreign keys,
which need the other tables), and by jsonschema as JSON values.
"""

from __future__ import annotations

import csv
import json

import pytest
from frictionless import Resource, Schema
from jsonschema import Draft202012Validator, FormatChecker

from scripts.validate.tables import read_rows
from tests.conftest import MODEL, ROOT

TABLES = {t.name: t for t in MODEL.tables}


def json_valid(table, row: dict) -> bool:
    schema = json.loads((ROOT / "schemas" / f"{table.name}.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return not list(validator.iter_errors(row))


def frictionless_valid(table, row: dict, tmp_path) -> bool:
    path = tmp_path / f"{table.name}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(table.field_names)
        writer.writerow(["" if row[f] is None else
                         ("true" if row[f] is True else "false" if row[f] is False else row[f])
                         for f in table.field_names])
    descriptor = table.table_schema()
    descriptor.pop("foreignKeys", None)
    resource = Resource(path=path.name, basepath=str(tmp_path),
                        schema=Schema.from_descriptor(descriptor))
    return resource.validate().valid


@pytest.fixture(scope="module")
def published_rows() -> dict[str, list[dict]]:
    return read_rows(ROOT, MODEL)


def test_committed_json_schemas_are_generated_from_the_model():
    for table in MODEL.tables:
        committed = json.loads((ROOT / "schemas" / f"{table.name}.json").read_text("utf-8"))
        assert committed == table.json_schema(), table.name


@pytest.mark.parametrize("name", list(TABLES))
def test_every_published_row_passes_both(name, published_rows, tmp_path):
    table = TABLES[name]
    assert published_rows[name], f"{name} has no rows"
    for row in published_rows[name]:
        assert json_valid(table, row), row
    # frictionless on the whole published CSV, also without foreign keys
    descriptor = table.table_schema()
    descriptor.pop("foreignKeys", None)
    report = Resource(path=f"data/{name}.csv", basepath=str(ROOT),
                      schema=Schema.from_descriptor(descriptor)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])


def broken_rows(table, row: dict):
    """(description, row) pairs, each breaking one constraint of the table's schema."""
    for field in table.fields:
        constraints = field.get("constraints", {})
        name = field["name"]
        if constraints.get("required"):
            yield f"{name} missing", {**row, name: None}
        if "enum" in constraints:
            yield f"{name} not in enum", {**row, name: "not-a-value"}
        if "pattern" in constraints:
            yield f"{name} breaks pattern", {**row, name: "Not A Valid Value!"}
        if field["type"] == "integer":
            yield f"{name} not an integer", {**row, name: "twelve"}
            if "minimum" in constraints:
                yield f"{name} below minimum", {**row, name: constraints["minimum"] - 1}
        if field["type"] == "date":
            yield f"{name} impossible date", {**row, name: "2024-02-30"}
        if field["type"] == "boolean":
            yield f"{name} not a boolean", {**row, name: "maybe"}


@pytest.mark.parametrize("name", list(TABLES))
def test_both_reject_each_broken_row(name, published_rows, tmp_path):
    table = TABLES[name]
    row = published_rows[name][0]
    cases = list(broken_rows(table, row))
    assert cases, f"{name}: no constraint to break"
    for description, bad in cases:
        assert not json_valid(table, bad), f"JSON Schema accepts: {description}"
        assert not frictionless_valid(table, bad, tmp_path), f"frictionless accepts: {description}"
