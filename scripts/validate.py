"""Full validation of a package directory, as published: nothing is rebuilt.

1. frictionless validates datapackage.json and every resource (CSV and Parquet; for a large
   package, in worker processes);
2. every CSV row passes its JSON Schema (schemas/<table>.json);
3. what frictionless skips: Parquet hashes and sizes, Parquet equal to CSV with the schema's
   column order and types, unique primary keys, enums and required values (via 4);
4. semantic checks: dates in order, meetings before their release, every span equals the
   source text, every foreign key resolves, no orphan organizations or forums, every file in
   data/ described;
5. the workbook and the database (data/<name>.xlsx, data/<name>.sqlite, file resources whose
   size and hash frictionless checks): the same rows as the CSVs, text and dates as text
   cells; in SQLite the model's columns, primary and foreign keys, and an index per foreign key.

Run: python -m scripts.validate [DIR]   (exit 0 when valid, 1 with the problems listed)
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from jsonschema import Draft202012Validator, FormatChecker

from scripts.model import ROOT, tables
from scripts.write import ARROW_TYPES

SPAN_TABLES = ("commitments", "commitment_forums", "participants", "contacts",
               "meeting_organizers", "meeting_sources", "source_passages")
SPAN_TEXT = {"commitments": "text_ja", "commitment_forums": "name_as_written",
             "meeting_organizers": "name_as_written", "meeting_sources": "quote",
             "source_passages": "text_ja"}


class Report:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, file: str, problem: str) -> None:
        self.problems.append(f"{file}: {problem}")

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_package(directory: Path, frictionless: bool = True) -> Report:
    report = Report()
    if (directory / ".build" / "previous").exists():
        report.add(".build/previous", "a publish was interrupted; the published files may be "
                   "a mix of two builds (run `make build`, which restores the old set first)")
        return report
    descriptor_path = directory / "datapackage.json"
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        report.add("datapackage.json", f"cannot be read: {error}")
        return report
    check_files_described(directory, descriptor, report)
    check_hashes(directory, descriptor, report)
    if not report.ok:
        return report  # a changed file: say so plainly before anything reads it
    frames = read_csvs(directory, report)
    if not report.ok:
        return report
    check_json_schemas(directory, frames, report)
    check_parquet(directory, frames, report)
    check_workbook(directory, descriptor, frames, report)
    check_sqlite(directory, descriptor, frames, report)
    check_keys(frames, report)
    check_semantics(directory, frames, report)
    if frictionless and report.ok:
        check_frictionless(directory, report)
    return report


def extra_formats(descriptor: dict) -> dict[str, str]:
    """The whole-package files: {format: path}, named after the package."""
    name = descriptor.get("name", "")
    return {"xlsx": f"data/{name}.xlsx", "sqlite": f"data/{name}.sqlite"}


def check_files_described(directory: Path, descriptor: dict, report: Report) -> None:
    described = {r["path"] for r in descriptor.get("resources", [])}
    for table in tables():
        for path in (f"data/{table.name}.csv", f"data/{table.name}.parquet"):
            if path not in described:
                report.add("datapackage.json", f"no resource for {path}")
    for fmt, path in extra_formats(descriptor).items():
        entry = next((r for r in descriptor.get("resources", []) if r["path"] == path), None)
        if entry is None:
            report.add("datapackage.json", f"no resource for {path}")
        elif entry.get("type") != "file" or entry.get("format") != fmt or "bytes" not in entry:
            report.add("datapackage.json", f"{path} must be a file resource (type \"file\", "
                       f"format \"{fmt}\", with bytes and hash), not read as a table")
    for path in sorted((directory / "data").glob("*")):
        if path.relative_to(directory).as_posix() not in described:
            report.add(path.relative_to(directory).as_posix(), "not described in datapackage.json")


def check_hashes(directory: Path, descriptor: dict, report: Report) -> None:
    for resource in descriptor.get("resources", []):
        path = directory / resource["path"]
        if not path.is_file():
            report.add(resource["path"], "missing")
            continue
        data = path.read_bytes()
        expected = resource.get("hash", "").removeprefix("sha256:")
        if hashlib.sha256(data).hexdigest() != expected:
            report.add(resource["path"], "sha256 differs from datapackage.json (file changed "
                       "after the build; rebuild with `make build` or restore the file)")
        size = resource.get("bytes", resource.get("x-bytes"))
        if size != len(data):
            report.add(resource["path"], f"size {len(data)} differs from datapackage.json "
                       f"({size})")


def read_csvs(directory: Path, report: Report) -> dict[str, pd.DataFrame]:
    frames = {}
    for table in tables():
        path = directory / "data" / f"{table.name}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                            encoding="utf-8")
        if list(frame.columns) != table.field_names:
            report.add(f"data/{table.name}.csv", f"columns {list(frame.columns)} are not the "
                       f"schema's {table.field_names}")
            continue
        frames[table.name] = typed(frame, table)
    return frames


def typed(frame: pd.DataFrame, table) -> pd.DataFrame:
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


def check_json_schemas(directory: Path, frames: dict, report: Report) -> None:
    for table in tables():
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


def check_parquet(directory: Path, frames: dict, report: Report) -> None:
    for table in tables():
        name = f"data/{table.name}.parquet"
        try:
            arrow = pq.read_table(directory / name)
        except Exception as error:  # pyarrow raises several types for a damaged file
            report.add(name, f"cannot be read: {error}")
            continue
        expected = [(f["name"], ARROW_TYPES[f["type"]]) for f in table.fields]
        actual = [(f.name, f.type) for f in arrow.schema]
        if actual != expected:
            report.add(name, f"columns/types {actual} are not the schema's {expected}")
            continue
        csv = frames[table.name].reset_index(drop=True)
        if not as_frame(arrow, table).equals(csv):
            report.add(name, "rows differ from the CSV")


def as_frame(arrow, table) -> pd.DataFrame:
    """A Parquet table in the same pandas types as `typed` gives for the CSV."""
    mapping = {pa.string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype(),
               pa.bool_(): pd.BooleanDtype()}
    frame = arrow.to_pandas(types_mapper=mapping.get, date_as_object=True)
    for field in table.fields:
        if field["type"] == "date":
            column = frame[field["name"]]
            frame[field["name"]] = column.map(
                lambda v: None if v is None or v is pd.NaT else v.isoformat()).astype("string")
    return frame


def plain(value):
    if value is None or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value


def frame_values(frame: pd.DataFrame) -> list[tuple]:
    """Typed CSV rows as plain Python values (None for no value)."""
    return [tuple(plain(v) for v in row)
            for row in frame.astype(object).itertuples(index=False, name=None)]


def check_workbook(directory: Path, descriptor: dict, frames: dict, report: Report) -> None:
    from openpyxl import load_workbook

    name = extra_formats(descriptor)["xlsx"]
    try:
        workbook = load_workbook(directory / name, read_only=True)
    except Exception as error:  # openpyxl raises several types for a damaged file
        report.add(name, f"cannot be read: {error}")
        return
    try:
        expected_sheets = ["about"] + [t.name for t in tables()]
        if workbook.sheetnames != expected_sheets:
            report.add(name, f"sheets {workbook.sheetnames} are not {expected_sheets}")
            return
        for table in tables():
            rows = list(workbook[table.name].iter_rows(values_only=True))
            if not rows or list(rows[0]) != table.field_names:
                report.add(name, f"sheet {table.name}: header is not {table.field_names}")
                continue
            if [tuple(row) for row in rows[1:]] != frame_values(frames[table.name]):
                report.add(name, f"sheet {table.name}: rows differ from "
                           f"data/{table.name}.csv (rebuild with `make build`)")
        fields = {(row[0], row[1]) for row in workbook["about"].iter_rows(values_only=True)
                  if len(row) > 1}
        for table in tables():
            for field in table.field_names:
                if (table.name, field) not in fields:
                    report.add(name, f"sheet about does not describe {table.name}.{field}")
    finally:
        workbook.close()


def check_sqlite(directory: Path, descriptor: dict, frames: dict, report: Report) -> None:
    import sqlite3

    name = extra_formats(descriptor)["sqlite"]
    path = (directory / name).resolve()
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlite3.Error as error:
        report.add(name, f"cannot be read: {error}")
        return
    try:
        for table in tables():
            columns = connection.execute(f'PRAGMA table_info("{table.name}")').fetchall()
            if [c[1] for c in columns] != table.field_names:
                report.add(name, f"table {table.name}: columns are not {table.field_names}")
                continue
            key = sorted((c[5], c[1]) for c in columns if c[5])
            if [c for _, c in key] != table.primary_key:
                report.add(name, f"table {table.name}: primary key is not {table.primary_key}")
            declared = connection.execute(
                f'PRAGMA foreign_key_list("{table.name}")').fetchall()
            found = sorted((row[2], row[3], row[4]) for row in declared)
            wanted = sorted((k["reference"]["resource"], k["fields"][0],
                             k["reference"]["fields"][0]) for k in table.foreign_keys)
            if found != wanted:
                report.add(name, f"table {table.name}: foreign keys {found} are not {wanted}")
            indexed = {connection.execute(f'PRAGMA index_info("{index[1]}")').fetchall()[0][2]
                       for index in connection.execute(
                           f'PRAGMA index_list("{table.name}")').fetchall()}
            for foreign in table.foreign_keys:
                if foreign["fields"][0] not in indexed:
                    report.add(name, f"table {table.name}: no index on {foreign['fields']}")
            order = ", ".join(f'"{k}"' for k in table.primary_key)
            rows = connection.execute(f'SELECT * FROM "{table.name}" ORDER BY {order}').fetchall()
            booleans = [f["type"] == "boolean" for f in table.fields]
            rows = [tuple(None if v is None else bool(v) if is_bool else v
                          for v, is_bool in zip(row, booleans, strict=True)) for row in rows]
            if rows != frame_values(frames[table.name]):
                report.add(name, f"table {table.name}: rows differ from data/{table.name}.csv "
                           "(rebuild with `make build`)")
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            report.add(name, f"{len(broken)} row(s) break a foreign key, first: {broken[0]}")
    finally:
        connection.close()


def check_keys(frames: dict, report: Report) -> None:
    for table in tables():
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


def check_semantics(directory: Path, frames: dict, report: Report) -> None:
    meetings, sources = frames["meetings"], frames["sources"]
    dated = meetings.dropna(subset=["start_date", "end_date"])
    for row in dated[dated["end_date"] < dated["start_date"]].itertuples():
        report.add("data/meetings.csv", f"{row.meeting_id} ends before it starts")
    joined = meetings.merge(sources[["source_id", "published"]], on="source_id", how="left")
    late = joined.dropna(subset=["end_date", "published"])
    for row in late[late["end_date"] > late["published"]].itertuples():
        report.add("data/meetings.csv", f"{row.meeting_id} ends after its source is published")
    check_spans(directory, frames, report)
    check_orphans(frames, report)


def check_spans(directory: Path, frames: dict, report: Report) -> None:
    held = frames["sources"].dropna(subset=["path"])
    texts = {row.source_id: (directory / row.path).read_text(encoding="utf-8")
             if (directory / row.path).is_file() else (ROOT / row.path).read_text("utf-8")
             for row in held.itertuples()}
    located = [(name, "source_id") for name in SPAN_TABLES]
    located.append(("sources", "named_in_source_id"))
    with duckdb.connect() as connection:
        connection.register("texts", pd.DataFrame({"source_id": list(texts),
                                                   "text": list(texts.values())}))
        for name, source_column in located:
            check_table_spans(connection, texts, frames, name, source_column, report)


def check_table_spans(connection, texts: dict, frames: dict, name: str, source_column: str,
                      report: Report) -> None:
    """Every span of one table equals the text it claims (see span_suspects)."""
    frame = frames[name].dropna(subset=["char_start"])
    if name == "commitment_forums":
        frame = frame.merge(frames["commitments"][["commitment_id", "source_id"]],
                            on="commitment_id")
    column = SPAN_TEXT.get(name)
    suspect = span_suspects(connection, frame, source_column, *span_expectations(
        name, frame))
    for row in frame[suspect].to_dict("records"):
        text = texts.get(row[source_column])
        if text is None:
            report.add(f"data/{name}.csv", f"source {row[source_column]!r} is not held")
            continue
        piece = text[row["char_start"]:row["char_end"]]
        expected = row[column] if column else None
        if name == "sources":
            expected = row["title_ja"]
        elif name == "participants":
            expected = None
        elif name == "contacts":
            expected = f"{row['person_name_ja']}{row['position_ja'] or ''}"
        if expected is not None and piece != expected:
            report.add(f"data/{name}.csv", f"span {row['char_start']}-{row['char_end']} "
                       f"of {row[source_column]} is {piece!r}, not {expected!r}")
        if name == "participants" and not span_matches_participant(piece, row, frames):
            report.add(f"data/{name}.csv", f"{row['participant_id']}: span "
                       f"{piece!r} does not name the participant")


def span_expectations(name: str, frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(text each span must equal, or missing; whether the span need only be non-empty)."""
    nonempty = pd.Series(False, index=frame.index)
    if name == "sources":
        expected = frame["title_ja"]
    elif name == "contacts":
        expected = frame["person_name_ja"] + frame["position_ja"].fillna("")
    elif name == "participants":
        head = frame["role"] == "head_of_delegation"
        expected = (frame["person_name_ja"] + frame["title_ja"]).where(head)
        nonempty = ~head.fillna(False)
    else:
        expected = frame[SPAN_TEXT[name]]
    return expected.astype("string"), nonempty


def span_suspects(connection, frame: pd.DataFrame, source_column: str, expected: pd.Series,
                  nonempty: pd.Series) -> pd.Series:
    """Rows whose span may not hold, found in one query (DuckDB counts code points, as Python
    does). Only these rows are checked one by one, as every row was before; a row the query
    clears has its source held, offsets within the text and the expected text there."""
    spans = pd.DataFrame({"pos": range(len(frame)),
                          "source_id": frame[source_column].astype("string").values,
                          "s": frame["char_start"].values, "e": frame["char_end"].values,
                          "expected": expected.values, "nonempty": nonempty.values})
    connection.register("spans", spans)
    bad = connection.execute("""
        SELECT pos FROM spans LEFT JOIN texts USING (source_id)
        WHERE NOT coalesce(text IS NOT NULL AND s >= 0 AND e >= s AND e <= length(text)
                           AND CASE WHEN nonempty THEN e > s
                                    ELSE substring(text, s + 1, e - s) = expected END, false)
        """).fetchnumpy()["pos"]
    connection.unregister("spans")
    suspect = pd.Series(False, index=frame.index)
    suspect.iloc[bad] = True
    return suspect


def span_matches_participant(piece: str, row: dict, frames: dict) -> bool:
    if row["role"] == "head_of_delegation":
        return piece == f"{row['person_name_ja']}{row['title_ja']}"
    return piece == row["name_as_written"]


def check_orphans(frames: dict, report: Report) -> None:
    used = set()
    for name, column in (("participants", "organization_id"), ("contacts", "organization_id"),
                         ("meeting_organizers", "organization_id"),
                         ("sources", "publisher_organization_id")):
        used |= set(frames[name][column].dropna())
    parents = set(frames["organizations"]["parent_organization_id"].dropna())
    for org in sorted(set(frames["organizations"]["organization_id"]) - used - parents):
        report.add("data/organizations.csv", f"{org} is referenced by no row")
    used_forums = set(frames["commitment_forums"]["forum_id"])
    parents = set(frames["forums"]["parent_forum_id"].dropna())
    for forum in sorted(set(frames["forums"]["forum_id"]) - used_forums - parents):
        report.add("data/forums.csv", f"{forum} is referenced by no row")


# frictionless validates a resource row by row, Parquet ~10x slower than CSV (it reads Parquet
# through pandas, DataFrame.iterrows). Above this many bytes in data/, the resources are shared
# among worker processes (one per CPU, at most 4); below it, starting them costs more than it
# saves.
PARALLEL_BYTES = 5_000_000
CODE_ROOT = Path(__file__).resolve().parent.parent  # where `scripts` is importable from


def check_frictionless(directory: Path, report: Report, workers: int | None = None) -> None:
    """frictionless on the whole package; `workers` processes (default: by size and CPUs)."""
    from frictionless import FrictionlessException, Package, system

    descriptor = str(directory / "datapackage.json")
    if workers is None:
        workers = default_workers(directory)
    with system.use_context(trusted=True):
        package = Package(descriptor)
        if workers <= 1:
            with plain_pandas_rows():
                result = package.validate()
            for task in result.tasks:
                for error in task.errors:
                    report.add(task.name, f"frictionless: {error.message}")
            for error in result.errors:
                report.add("datapackage.json", f"frictionless: {error.message}")
            return
        # What Package.validate does, with the resources validated in parallel: the
        # descriptor first, then each resource (the same checks, reported in the same order).
        try:
            package.to_descriptor(validate=True)
        except FrictionlessException as exception:
            for error in exception.to_errors():
                report.add("datapackage.json", f"frictionless: {error.message}")
            return
        names = [resource.name for resource in package.resources]
        cost = {resource.name: resource_cost(directory, package, resource)
                for resource in package.resources}
    results = {}
    for group in run_workers(descriptor, balanced(names, cost, workers)):
        results.update(group)
    package_errors = []
    for name in names:
        task_errors, errors = results[name]
        for task_name, message in task_errors:
            report.add(task_name, f"frictionless: {message}")
        package_errors += errors
    for message in package_errors:
        report.add("datapackage.json", f"frictionless: {message}")


def default_workers(directory: Path) -> int:
    size = sum(path.stat().st_size for path in (directory / "data").glob("*") if path.is_file())
    return min(len(os.sched_getaffinity(0)), 4) if size >= PARALLEL_BYTES else 1


PARQUET_COST = 8  # frictionless reads a Parquet row ~8x slower than the same row in CSV


def resource_cost(directory: Path, package, resource) -> int:
    """What validating a resource costs frictionless, about: the rows it reads, its own and
    those its foreign keys look up, as bytes of CSV (a Parquet row weighs PARQUET_COST)."""
    def size(name: str) -> int:
        if not package.has_resource(name):
            return 0
        path = directory / str(package.get_resource(name).path)
        csv = path.with_suffix(".csv")
        if not path.is_file():
            return 0
        if path.suffix == ".parquet" and csv.is_file():
            return PARQUET_COST * csv.stat().st_size
        return path.stat().st_size

    looked_up = {key.get("reference", {}).get("resource") or resource.name
                 for key in (resource.schema.to_descriptor().get("foreignKeys") or [])}
    return size(resource.name) + sum(size(name) for name in looked_up)


def balanced(names: list[str], cost: dict[str, int], workers: int) -> list[list[str]]:
    """The resources in `workers` groups of about equal cost (largest first, to the least
    loaded group)."""
    groups: list[list[str]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for name in sorted(names, key=lambda n: -cost[n]):
        least = loads.index(min(loads))
        groups[least].append(name)
        loads[least] += cost[name]
    return [group for group in groups if group]


def run_workers(descriptor: str, groups: list[list[str]]) -> list[dict]:
    """Each group validated by `frictionless_worker` in a fresh Python process."""
    code = "import sys; from scripts.validate import frictionless_worker; frictionless_worker()"
    processes = [subprocess.Popen([sys.executable, "-c", code, descriptor, *group],
                                  cwd=CODE_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for group in groups]
    results = []
    for process in processes:
        out, err = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"frictionless worker failed ({process.returncode}): {err[-2000:]}")
        results.append(json.loads(out))
    return results


def frictionless_worker(argv: list[str] | None = None) -> None:
    """Validate the named resources of a package; print {name: [task errors, errors]}."""
    from frictionless import Package, system

    descriptor, *names = sys.argv[1:] if argv is None else argv
    results = {}
    with system.use_context(trusted=True), plain_pandas_rows():
        package = Package(descriptor)
        for name in names:
            result = package.get_resource(name).validate()
            results[name] = ([(task.name, error.message) for task in result.tasks
                              for error in task.errors], [error.message for error in result.errors])
    print(json.dumps(results))


def plain_pandas_rows():
    """pandas 3 infers a string dtype for each row DataFrame.iterrows builds, a third of
    frictionless's time on Parquet; the rows' values are the same without it. The option is
    deprecated (pandas 4 drops it): where it is gone, nothing changes."""
    stack = contextlib.ExitStack()
    stack.enter_context(warnings.catch_warnings())
    warnings.filterwarnings("ignore", message=".*future.infer_string")
    try:
        pd.get_option("future.infer_string")
    except (KeyError, pd.errors.OptionError):
        return stack
    stack.enter_context(pd.option_context("future.infer_string", False))
    return stack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default=str(ROOT))
    args = parser.parse_args(argv)
    report = validate_package(Path(args.directory))
    if report.ok:
        print(f"valid: {args.directory}")
        return 0
    print("\n".join(report.problems), file=sys.stderr)
    print(f"invalid: {len(report.problems)} problem(s)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
