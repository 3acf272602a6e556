"""The model files checked as strictly as the curated inputs: model/tables.yaml,
model/package.yaml and model/figures.yaml against their schemas in model/inputs/model/, then by
the rules a schema cannot say. A mistake there would otherwise give a traceback, or a package
that builds and is wrong (a misspelt `constraint:` is a constraint silently not applied).

Every problem of a run is reported together (InputErrors), each with file, line, path and fix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from scripts.lib.errors import BuildError
from scripts.lib.files import MAX_YAML_BYTES, read_input
from scripts.lib.jsonio import parse_json
from scripts.lib.schemacheck import (
    FORMATS,
    InputErrors,
    Problem,
    Validator,
    inline_refs,
    schema_problems,
)
from scripts.lib.yamlio import Document, parse_document, shown, where

MODEL_FILES = ("tables", "package", "figures")
# The Python type of a value of each field type, as the model writes enum values and examples.
VALUE_TYPES = {"string": str, "integer": int, "boolean": bool, "date": str}
_CHECKED: dict = {}


def schema_dir(model_dir: Path) -> Path:
    return model_dir / "inputs" / "model"


def load_schema(path: Path, label: str) -> dict:
    data = read_input(path, MAX_YAML_BYTES, "a JSON Schema of model/inputs/model/")
    schema = parse_json(data, label, "restore it from git (a readable JSON Schema)")
    return inline_refs(schema, {"own": schema}, "own")


def read_model(model_dir: Path) -> dict[str, Document]:
    """{name: document} of the three model files, each checked; InputErrors with every
    problem found."""
    raw, problems = {}, []
    for name in MODEL_FILES:
        try:
            raw[name] = read_input(model_dir / f"{name}.yaml", MAX_YAML_BYTES, "a model file")
        except BuildError as error:
            problems.append(Problem(f"model/{name}.yaml", error.place, error.problem, error.fix))
    if problems:
        raise InputErrors(problems)
    # by content, not folder: the tests' many copies of the repository share one check (its
    # problems name files relative to the root; load_model reads only the documents' data)
    key = (*(hashlib.sha256(raw[n]).hexdigest() for n in MODEL_FILES),
           *(read_input(schema_dir(model_dir) / f"{n}.schema.json", MAX_YAML_BYTES,
                        "a JSON Schema of model/inputs/model/") for n in MODEL_FILES))
    if key not in _CHECKED:
        _CHECKED[key] = check_model(model_dir, raw)
    documents, problems = _CHECKED[key]
    if problems:
        raise InputErrors(problems)
    return documents


def check_model(model_dir: Path, raw: dict[str, bytes]) -> tuple[dict[str, Document],
                                                                 list[Problem]]:
    documents, problems = {}, []
    for name in MODEL_FILES:
        label, schema_file = f"model/{name}.yaml", f"model/inputs/model/{name}.schema.json"
        try:
            document = parse_document(model_dir / f"{name}.yaml", raw[name])
            validator = Validator(load_schema(schema_dir(model_dir) / f"{name}.schema.json",
                                              schema_file), format_checker=FORMATS)
        except BuildError as error:
            problems.append(Problem(label, error.place, error.problem, error.fix))
            continue
        found = schema_problems(document, validator, label, schema_file)
        problems += found
        if not found:
            documents[name] = document
    if "tables" in documents:
        problems += ModelRules(documents["tables"]).problems()
        if "package" in documents:
            problems += label_column_problems(documents["package"], documents["tables"].data)
    return documents, problems


class ModelRules:
    """The rules of model/tables.yaml that its schema cannot say; its data passed the schema."""

    def __init__(self, document: Document):
        self.document = document
        self.tables = {t["name"]: t for t in document.data["tables"]}
        self.found: list[Problem] = []

    def add(self, place: tuple, problem: str, fix: str) -> None:
        line = self.document.line(place)
        self.found.append(Problem("model/tables.yaml", f"line {line}: {where(place)}", problem,
                                  fix, line))

    def problems(self) -> list[Problem]:
        for index, table in enumerate(self.document.data["tables"]):
            self.table(("tables", index), table)
        return sorted(self.found, key=lambda p: (p.line, p.place))

    def table(self, at: tuple, table: dict) -> None:
        for position, name in enumerate(table["primaryKey"]):
            self.column((*at, "primaryKey", position), name, table, "a primary-key field")
        for position, name in enumerate(table.get("identity", [])):
            self.column((*at, "identity", position), name, table, "an identity column")
        for position, key in enumerate(table.get("foreignKeys", [])):
            self.foreign_key((*at, "foreignKeys", position), key, table)
        if "span" in table:
            self.span((*at, "span"), table["span"], table)
        if "example_row" in table:
            self.example((*at, "example_row"), table["example_row"], table)
        for position, field in enumerate(table["fields"]):
            self.field((*at, "fields", position), field)

    def column(self, at: tuple, name: str, table: dict, what: str) -> bool:
        names = [f["name"] for f in table["fields"]]
        if name in names:
            return True
        self.add(at, f"{what}, {name!r}, is not a field of table {table['name']!r}",
                 "name one of its fields: " + ", ".join(names))
        return False

    def foreign_key(self, at: tuple, key: dict, table: dict) -> None:
        self.column((*at, "fields", 0), key["fields"][0], table, "the foreign key's field")
        reference = key["reference"]
        target = self.tables.get(reference["resource"])
        if target is None:
            self.add((*at, "reference", "resource"), f"the foreign key points to table "
                     f"{reference['resource']!r}, which model/tables.yaml does not define",
                     "name one of its tables: " + ", ".join(self.tables))
            return
        if self.column((*at, "reference", "fields", 0), reference["fields"][0], target,
                       "the field the foreign key points to") and \
                reference["fields"] != target["primaryKey"]:
            self.add((*at, "reference", "fields"), f"points to {reference['fields']}, not to "
                     f"the primary key {target['primaryKey']} of {target['name']!r}",
                     "point the foreign key to the primary key of the table it refers to")

    def span(self, at: tuple, span: dict, table: dict) -> None:
        source_table = table
        if "via" in span:
            via = next((k for k in table.get("foreignKeys", [])
                        if k["fields"] == [span["via"]]), None)
            if via is None:
                self.add((*at, "via"), f"{span['via']!r} is not a column with a foreign key "
                         f"in table {table['name']!r}", "name a column of its foreignKeys")
                return
            source_table = self.tables.get(via["reference"]["resource"], table)
        self.column((*at, "source"), span["source"], source_table, "the span's source column")
        for position, columns in enumerate(span["text"]):
            for number, name in enumerate(columns):
                self.column((*at, "text", position, number), name, table, "a span's column")
        for name in ("char_start", "char_end"):
            self.column(at, name, table, "the span's offset column")

    def example(self, at: tuple, key: dict, table: dict) -> None:
        """`example_row` or `example_from`: the primary-key values of a row of `table`."""
        if sorted(key) != sorted(table["primaryKey"]):
            self.add(at, f"names {sorted(key)}, not the primary key {table['primaryKey']} of "
                     f"{table['name']!r}", "give the values of exactly the primary-key fields")
            return
        fields = {f["name"]: f for f in table["fields"]}
        for name, value in key.items():
            self.value((*at, name), value, fields[name], "the value")

    def value(self, at: tuple, value, field: dict, what: str) -> None:
        kind = field["type"]
        fits = isinstance(value, VALUE_TYPES[kind]) and \
            (kind == "boolean" or not isinstance(value, bool)) and \
            (kind != "date" or is_day(value))
        if not fits:
            self.add(at, f"{what} {shown(value)} is not of the field's type {kind} "
                     f"({field['name']})", f"write {TYPE_HINTS[kind]}")

    def field(self, at: tuple, field: dict) -> None:
        constraints = field.get("constraints", {})
        for position, value in enumerate(constraints.get("enum", [])):
            self.value((*at, "constraints", "enum", position), value, field, "the enum value")
        if "minimum" in constraints and field["type"] != "integer":
            self.add((*at, "constraints", "minimum"), f"a minimum on a {field['type']} field "
                     "is not applied by the build", "remove it, or make the field an integer")
        if "pattern" in constraints:
            self.pattern((*at, "constraints", "pattern"), constraints["pattern"], field)
        if "example_from" in field:
            self.example((*at, "example_from"), field["example_from"],
                         self.table_of(at))

    def table_of(self, at: tuple) -> dict:
        return self.document.data["tables"][at[1]]

    def pattern(self, at: tuple, pattern: str, field: dict) -> None:
        if field["type"] != "string":
            self.add(at, f"a pattern on a {field['type']} field is not applied by every check "
                     "(JSON Schema applies patterns to text only)",
                     "remove it, or make the field a string")
            return
        reason = re2_refusal(pattern)
        if reason:
            self.add(at, f"the pattern {shown(pattern)} cannot be run by the validator (RE2): "
                     f"{reason}", "write it without look-arounds, back-references or \\s "
                     "inside [...] (RE2 syntax, https://github.com/google/re2/wiki/Syntax)")


TYPE_HINTS = {"string": "text (in quotes if it looks like a number)", "integer": "a whole "
              "number", "boolean": "true or false", "date": "a real day as 'YYYY-MM-DD'"}


def is_day(value: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and \
            dt.date.fromisoformat(value) is not None
    except ValueError:
        return False


def re2_refusal(pattern: str) -> str | None:
    """Why the validator's regular-expression engine (RE2, through pyarrow) refuses the
    pattern, or None."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from scripts.validate.checks import re2_pattern

    try:
        pc.match_substring_regex(pa.nulls(1, pa.string()), pattern=re2_pattern(pattern))
    except (ValueError, pa.ArrowInvalid) as error:
        return str(error)
    return None


def label_column_problems(package: Document, tables: dict) -> list[Problem]:
    """model/package.yaml's Datasette label columns name existing tables and columns."""
    fields = {t["name"]: [f["name"] for f in t["fields"]] for t in tables["tables"]}
    found = []
    for table, column in package.data["datasette"]["label_columns"].items():
        place = ("datasette", "label_columns", table)
        line = package.line(place)
        if table not in fields:
            found.append(Problem("model/package.yaml", f"line {line}: {where(place)}",
                                 f"{table!r} is not a table of model/tables.yaml",
                                 "name one of its tables: " + ", ".join(fields), line))
        elif column not in fields[table]:
            found.append(Problem("model/package.yaml", f"line {line}: {where(place)}",
                                 f"{column!r} is not a field of table {table!r}",
                                 "name one of its fields: " + ", ".join(fields[table]), line))
    return found
