"""The CSVs: the model's columns, every row valid against its JSON Schema, keys that hold."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from jsonschema import Draft202012Validator, FormatChecker

from scripts.lib.model import Model, Table
from scripts.validate.report import Report


def read_csvs(directory: Path, model: Model, report: Report) -> dict[str, pd.DataFrame]:
    frames = {}
    for table in model.tables:
        path = directory / "data" / f"{table.name}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                            encoding="utf-8")
        if list(frame.columns) != table.field_names:
            report.add(f"data/{table.name}.csv", f"columns {list(frame.columns)} are not the "
                       f"schema's {table.field_names}")
            continue
        frames[table.name] = typed(frame, table)
    return frames


def typed(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """CSV strings -> the schema's types (nullable), so CSV and Parquet compare as values."""
    out = pd.DataFrame(index=frame.index)
    for field in table.fields:
        column = frame[field["name"]]
        if field["type"] == "integer":
            out[field["name"]] = pd.to_numeric(column, errors="coerce").astype("Int64")
        elif field["type"] == "boolean":
            out[field["name"]] = column.map({"true": True, "false": False}).astype("boolean")
        else:
            out[field["name"]] = column.astype("string")
    return out


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON values (None for empty), for JSON Schema."""
    clean = frame.astype(object).where(frame.notna(), None)
    return [{key: json_value(v) for key, v in row.items()} for row in clean.to_dict("records")]


# JSON Schema keywords under which a row is valid exactly when each of its values is valid
# against its property's subschema: then each column's distinct values are validated once.
ROW_KEYWORDS = {"$schema", "title", "description", "type", "properties", "required",
                "additionalProperties"}
VALUE_KEYWORDS = {"title", "description", "examples", "type", "format", "pattern", "enum",
                  "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                  "minLength", "maxLength"}
ANNOTATIONS = {"title", "description", "examples"}


def check_json_schemas(directory: Path, frames: dict, model: Model, report: Report) -> None:
    for table in model.tables:
        schema = json.loads((directory / "schemas" / f"{table.name}.json").read_text("utf-8"))
        if schema != table.json_schema():
            report.add(f"schemas/{table.name}.json", "differs from model/tables.yaml")
        validator = Draft202012Validator(schema, format_checker=FormatChecker())
        frame = frames[table.name]
        problems: list[tuple[int, int, str]] = []  # (line, order within the line, problem)
        if by_column(schema, validator, table):
            problems += column_errors(schema, frame)
        else:
            for line, row in enumerate(records(frame), start=2):
                for error in validator.iter_errors(row):
                    where = "/".join(str(p) for p in error.absolute_path) or "row"
                    problems.append((line, 0, f"{where}: {error.message}"))
        raw = pd.read_csv(directory / "data" / f"{table.name}.csv", dtype=str,
                          keep_default_na=False)
        for order, field in enumerate(table.fields, start=len(table.fields)):
            if field["type"] not in ("integer", "boolean"):
                continue
            original = raw[field["name"]]
            for index in frame.index[((original != "") & frame[field["name"]].isna()).values]:
                problems.append((index + 2, order, f"{field['name']}: {original[index]!r} is "
                                 f"not a {field['type']}"))
        for line, _, problem in sorted(problems, key=lambda p: (p[0], p[1])):
            report.add(f"data/{table.name}.csv", f"line {line}, {problem}")


def by_column(schema: dict, validator, table) -> bool:
    """True when the schema is one object of independent properties and every row has them."""
    properties = schema.get("properties")
    if (set(schema) - ROW_KEYWORDS or schema.get("type") != "object"
            or not isinstance(properties, dict) or list(properties) != table.field_names
            or any(not isinstance(sub, dict) or set(sub) - VALUE_KEYWORDS
                   for sub in properties.values())):
        return False
    # The row-level keywords say the same of every row (each has the table's columns): if
    # they object, the rows are validated whole, so that each row reports it as before.
    shape = {**schema, "properties": dict.fromkeys(properties, True)}
    return validator.evolve(schema=shape).is_valid(dict.fromkeys(table.field_names))


def column_errors(schema: dict, frame: pd.DataFrame) -> list[tuple[int, int, str]]:
    """Each column's distinct values against its property's subschema, errors mapped to lines.

    A subschema that constrains only the type is first tried on one value of each Python
    type the column holds (str, int or bool decide "type" alone); only if one fails, or for
    any other subschema, is every distinct value validated.
    """
    problems = []
    for order, (name, subschema) in enumerate(schema["properties"].items()):
        validator = Draft202012Validator(subschema, format_checker=FormatChecker())
        column = frame[name]
        missing = column.isna()
        values = [json_value(v) for v in column[~missing].astype(object).unique()]
        kinds = {type(v): v for v in values}
        if (set(subschema) - ANNOTATIONS <= {"type"} and set(kinds) <= {str, int, bool}
                and all(validator.is_valid(v) for v in kinds.values())):
            values = []
        for value in values + ([None] if missing.any() else []):
            errors = list(validator.iter_errors(value))
            if not errors:
                continue
            rows = missing if value is None else (column == value).fillna(False) & ~missing
            for index in frame.index[rows.values]:
                problems += [(index + 2, order, f"{name}: {e.message}") for e in errors]
    return problems


def json_value(value):
    """A cell of a typed frame, as object, as a JSON value: numpy integers become int."""
    return int(value) if hasattr(value, "item") and not isinstance(value, bool | str) else value


def check_keys(frames: dict, model: Model, report: Report) -> None:
    for table in model.tables:
        frame = frames[table.name]
        for field in table.fields:
            # "nan" is declared missing for the Parquet resources (see scripts/write.py).
            if field["type"] == "string" and (frame[field["name"]] == "nan").any():
                report.add(f"data/{table.name}.csv", f"{field['name']} holds the text 'nan'")
        duplicated = frame.duplicated(subset=table.primary_key, keep=False)
        for key in frame.loc[duplicated, table.primary_key].drop_duplicates().values.tolist():
            report.add(f"data/{table.name}.csv", f"duplicate primary key {key}")
        for field in table.fields:
            unique = field.get("constraints", {}).get("unique")
            if unique and frame[field["name"]].dropna().duplicated().any():
                report.add(f"data/{table.name}.csv", f"{field['name']} is not unique")
        for foreign in table.foreign_keys:
            target = frames[foreign["reference"]["resource"]]
            column, target_column = foreign["fields"][0], foreign["reference"]["fields"][0]
            values = frame[column].dropna()
            missing = values[~values.isin(target[target_column])]
            for value in sorted(set(missing)):
                report.add(f"data/{table.name}.csv", f"{column} {value!r} has no row in "
                           f"{foreign['reference']['resource']}")
