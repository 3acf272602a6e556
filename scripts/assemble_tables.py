"""Stage 6, records of every release and of the series -> tables: merged, complete, sorted.

Rows from several inputs are merged by primary key; each table gets every column of the model
(empty where no input gives it), sorted by key. The organizations and forums tables hold the
registry entries that some row refers to (through a foreign key of the model), with their
ancestors, so the published tables have no orphans.
"""

from __future__ import annotations

import datetime as dt

from scripts.lib.errors import BuildError
from scripts.lib.ids import WHERE
from scripts.lib.model import Model, Table
from scripts.registry import Registry

# A document can be given by several inputs: held in sources/ (its snapshot record), cited by
# reference/dialogue-series.yaml, named by a release (an annex, a related release). Its row
# takes each value from the first input that gives it, in that order; two inputs that give
# different values for the same column stop the build. A document's location in a release
# that names it (named_in_source_id, char_start, char_end) is kept only when it is not held.
SOURCE_PRECEDENCE = ("held", "reference", "named")
NAMING_COLUMNS = ("named_in_source_id", "char_start", "char_end", WHERE)
# The Python type of each field type's values as the build computes them (None: no value).
COMPUTED_TYPES = {"string": str, "integer": int, "boolean": bool, "date": dt.date}


def assemble(record_sets: list[dict[str, list]], registry: Registry,
             model: Model) -> dict[str, list[dict]]:
    merged: dict[str, dict[tuple, dict]] = {t.name: {} for t in model.tables}
    for records in record_sets:
        for name, rows in records.items():
            table = model_table(model, name)
            for row in rows:
                key = tuple(row[k] for k in table.primary_key)
                if name == "sources":
                    merged[name][key] = merge_source(merged[name].get(key), row)
                elif key in merged[name]:
                    raise BuildError(name, f"key {key}", "given by two inputs",
                                     "keep one release per meeting in sources/")
                else:
                    merged[name][key] = row
    merged["organizations"] = {(r["organization_id"],): r for r in organization_rows(
        referenced(merged, model, "organizations"), registry)}
    merged["forums"] = {(r["forum_id"],): r for r in forum_rows(
        referenced(merged, model, "forums"), registry)}
    return {t.name: ordered(t, merged[t.name].values()) for t in model.tables}


def origin(row: dict) -> str:
    if row.get("path"):
        return "held"
    return "named" if row.get("named_in_source_id") else "reference"


def merge_source(current: dict | None, row: dict) -> dict:
    if current is None:
        return row
    first, second = sorted((current, row), key=lambda r: SOURCE_PRECEDENCE.index(origin(r)))
    merged = dict(first)
    for column, value in second.items():
        if column in NAMING_COLUMNS and first.get("path"):
            continue
        if merged.get(column) is None:
            merged[column] = value
        elif value is not None and value != merged[column] and column not in NAMING_COLUMNS:
            disagree(first, second, column, merged[column], value)
    return merged


def disagree(first: dict, second: dict, column: str, kept, value) -> None:
    """Two inputs give one document different values: name both, by file and line."""
    file, place = first.get(WHERE, ("sources", first["source_id"]))
    other = ", ".join(second.get(WHERE, (origin(second),)))
    raise BuildError(file, f"{place}: {column}" if column != "url" else place,
                     f"{first['source_id']}: {column} given as {kept!r} here ({origin(first)}) "
                     f"and {value!r} in {other} ({origin(second)})",
                     "correct the input that is wrong (for a url, the same scheme http or "
                     "https, host and path in both)")


def model_table(model: Model, name: str) -> Table:
    if name not in model.names:
        raise BuildError("model/tables.yaml", "tables", f"has no table {name!r}, which the "
                         "build computes", f"restore the table {name!r} (git), or change the "
                         "build that computes it")
    return model.table(name)


def check_computed(table: Table, rows) -> None:
    """Every value the build computed fits its field's type, and every column it computed is
    a field of the model: a column the model lacks would be dropped without a word."""
    kinds = {f["name"]: COMPUTED_TYPES[f["type"]] for f in table.fields}
    columns: set = set()
    for row in rows:
        columns.update(row)
    if columns <= {*kinds, WHERE} and all(
            {row.get(column).__class__ for row in rows} <= {kinds[column], type(None)}
            for column in columns - {WHERE}):
        return  # every value fits (the loop below names the first that does not)
    for row in rows:
        for column, value in row.items():
            kind = kinds.get(column)
            if column == WHERE:  # where an input gave the row, for messages; never published
                continue
            if kind is None:
                raise BuildError("model/tables.yaml", f"tables: {table.name}.fields",
                                 f"has no field {column!r}, which the build computes",
                                 f"add the field {column!r} to table {table.name!r} (or restore "
                                 "the file from git, if it was renamed)")
            if value is not None and (value.__class__ is not kind):
                field = next(f for f in table.fields if f["name"] == column)
                raise BuildError("model/tables.yaml", f"tables: {table.name}.fields: {column}",
                                 f"declares type {field['type']}, but the build computes "
                                 f"{type(value).__name__} values such as {value!r} (row "
                                 f"{[row.get(k) for k in table.primary_key]})",
                                 "declare the type the field's values have (or restore the "
                                 "file from git)")


def ordered(table: Table, rows) -> list[dict]:
    rows = list(rows)
    check_computed(table, rows)
    complete = [{field: row.get(field) for field in table.field_names} for row in rows]
    return sorted(complete, key=lambda r: tuple(r[k] for k in table.primary_key))


def referenced(merged: dict[str, dict], model: Model, target: str) -> set[str]:
    """The ids of `target` that a row of another table refers to by a foreign key."""
    found = set()
    for table in model.tables:
        columns = table.columns_referring_to(target)
        for row in merged[table.name].values():
            found |= {row[c] for c in columns if row.get(c)}
    return found


def with_ancestors(ids: set[str], entities: dict[str, dict]) -> set[str]:
    result = set()
    for entity_id in ids:
        while entity_id is not None and entity_id not in result:
            result.add(entity_id)
            entity_id = entities[entity_id].get("parent")
    return result


def organization_rows(ids: set[str], registry: Registry) -> list[dict]:
    return entity_rows(ids, registry.organizations, "organization_id", "parent_organization_id",
                       ("name_ja", "name_en", "abbreviation", "country", "sector", "kind"))


def forum_rows(ids: set[str], registry: Registry) -> list[dict]:
    return entity_rows(ids, registry.forums, "forum_id", "parent_forum_id",
                       ("name_ja", "name_en", "abbreviation", "kind"))


def entity_rows(ids, entities, id_column, parent_column, fields) -> list[dict]:
    """Registry entries (and their ancestors) as table rows: the id, `fields`, the parent."""
    return [{id_column: entity_id, **{f: entities[entity_id].get(f) for f in fields},
             parent_column: entities[entity_id].get("parent")}
            for entity_id in sorted(with_ancestors(ids, entities))]
