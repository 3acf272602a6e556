"""Curated inputs checked as strictly as outputs: a JSON Schema for every file of reference/ and
for every provenance record, all errors of a run reported together, each at its line.

The schemas are in model/inputs/ (not schemas/, which holds the published tables' schemas):
`model/inputs/<name>.schema.json` describes `reference/<name>.yaml`, and
`model/inputs/source-record.schema.json` every `sources/*.source.yaml`. A reference file
without a schema (or a schema without its file) stops the build: nobody can add curated data
that nothing checks. Beyond JSON Schema 2020-12 the schemas use three keywords of ours:

    modelEnum: "table.field"    the enum of that field in model/tables.yaml (`orNull`: or null)
    uniqueKeys: ["key", ...]    in an array of objects, no two items share a value of the key
    regexGroups: ["g", ...]     a regular expression that defines these named groups

and the formats date (a valid YYYY-MM-DD), http-url (http or https, a host, no user name, in
canonical form: see `canonical_url`), regex (a Python regular expression) and host.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import hashlib
import json
import os
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from scripts.lib.errors import BuildError
from scripts.lib.files import MAX_YAML_BYTES, read_input
from scripts.lib.project import Project
from scripts.lib.urls import canonical_url, uncanonical
from scripts.lib.yamlio import Document, parse_document, shown, where

RECORD_SCHEMA = "source-record"
COMMON_SCHEMA = "common"
LABEL = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?"
HOST_RE = re.compile(rf"^(?=.{{1,253}}$){LABEL}(\.{LABEL})+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Problem:
    file: str
    place: str  # "line 27: organizations[3].aliases_ja"
    problem: str
    fix: str
    line: int = 0  # for sorting

    @classmethod
    def of(cls, error: BuildError) -> Problem:
        return cls(error.file, error.place, error.problem, error.fix)

    def text(self) -> str:
        return f"{self.file}: {self.place}: {self.problem}\n  fix: {self.fix}"


class InputErrors(BuildError):
    """Every problem the schemas found in one run; printed one after the other."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = problems[0]
        super().__init__(first.file, first.place, first.problem, first.fix)
        more = f"\n{len(problems)} problems in the curated inputs" if len(problems) > 1 else ""
        self.args = ("\n".join(p.text() for p in problems) + more,)

    def __str__(self) -> str:
        return self.args[0]


# -- formats and keywords of ours ------------------------------------------------------------
FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("date", raises=ValueError)
def is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    if not DATE_RE.match(value):
        raise ValueError("not in the form YYYY-MM-DD")
    dt.date.fromisoformat(value)
    return True


@FORMATS.checks("http-url", raises=ValueError)
def is_http_url(value) -> bool:
    if not isinstance(value, str):
        return True
    if any(char.isspace() or not char.isprintable() for char in value):
        raise ValueError("holds a space or a control character")
    parts = urllib.parse.urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValueError("does not start with http:// or https://")
    if "@" in parts.netloc:
        raise ValueError("names a user before its host (user@host)")
    if not parts.hostname or not HOST_RE.match(parts.hostname):
        raise ValueError("has no valid host")
    parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    canonical = canonical_url(parts)
    if value != canonical:
        write = f"; write {canonical}" if canonical else "; no port is written"
        raise ValueError(f"is not in canonical form ({uncanonical(value, parts)}){write}")
    return True


@FORMATS.checks("regex", raises=re.error)
def is_regex(value) -> bool:
    if isinstance(value, str):
        re.compile(value)
    return True


@FORMATS.checks("host", raises=ValueError)
def is_host(value) -> bool:
    if isinstance(value, str) and not HOST_RE.match(value):
        raise ValueError("not a host name such as www.soumu.go.jp")
    return True


def unique_keys(validator, keys, instance, schema):
    if not isinstance(instance, list):
        return
    for key in keys:
        seen: dict = {}
        for index, item in enumerate(instance):
            if not isinstance(item, dict) or not isinstance(item.get(key), str | int) or \
                    isinstance(item.get(key), bool):
                continue
            if item[key] in seen:
                error = jsonschema.ValidationError(
                    f"{key} {item[key]!r} is listed twice (also [{seen[item[key]]}])")
                error.path.extend([index, key])
                error.validator_value = key
                yield error
            seen.setdefault(item[key], index)


def regex_groups(validator, groups, instance, schema):
    if not isinstance(instance, str):
        return
    try:
        found = set(re.compile(instance).groupindex)
    except re.error:
        return  # the format check reports it
    missing = [group for group in groups if group not in found]
    if missing:
        yield jsonschema.ValidationError("the pattern lacks the named group(s) "
                                         + ", ".join(f"(?P<{g}>…)" for g in missing))


def is_integer(checker, instance) -> bool:
    """An integer is written as one: 12878.0 is a decimal (JSON Schema would accept it)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, {"uniqueKeys": unique_keys, "regexGroups": regex_groups},
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", is_integer))


# -- the schemas -----------------------------------------------------------------------------
def inputs_dir(project: Project) -> Path:
    return project.model_dir / "inputs"


def resolve_model_enums(node, project: Project, path: Path):
    """A copy of a schema with every {"modelEnum": "table.field"} an `enum` of the model's."""
    if isinstance(node, list):
        return [resolve_model_enums(item, project, path) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: resolve_model_enums(value, project, path) for key, value in node.items()}
    if "modelEnum" in node:
        table, _, name = node.pop("modelEnum").partition(".")
        try:
            field = next(f for f in project.model.table(table).fields if f["name"] == name)
            values = list(field["constraints"]["enum"])
        except (StopIteration, KeyError):
            raise BuildError(path, "modelEnum", f"{table}.{name} is not a field of "
                             "model/tables.yaml with an enum",
                             "name a field that has one") from None
        node["enum"] = values + ([None] if node.pop("orNull", False) else [])
    return node


def load_schemas(project: Project) -> dict[str, dict]:
    """{name: schema} of model/inputs/*.schema.json, model enums resolved."""
    schemas = {}
    for path in sorted(inputs_dir(project).glob("*.schema.json")):
        data = read_input(path, MAX_YAML_BYTES, "a JSON Schema of model/inputs/")
        try:
            schema = json.loads(data.decode("utf-8"))
        except ValueError as error:
            raise BuildError(path, "file", f"is not a readable JSON Schema: {error}",
                             "restore it from git") from None
        schemas[path.name.removesuffix(".schema.json")] = resolve_model_enums(
            schema, project, path)
    return schemas


def inline_refs(node, schemas: dict[str, dict], own: str):
    """The schema with every $ref replaced by what it points to (our schemas do not recurse),
    so that validation does not resolve references value by value."""
    if isinstance(node, list):
        return [inline_refs(item, schemas, own) for item in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    reference = node.pop("$ref", None)
    node = {key: inline_refs(value, schemas, own) for key, value in node.items()}
    if reference is None:
        return node
    document, _, pointer = reference.partition("#")
    name = document.removesuffix(".schema.json") if document else own
    target = schemas[name]
    for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
        target = target[part]
    target = inline_refs(target, schemas, name)
    if set(target) & set(node):
        return {**node, "allOf": [target]}
    return {**target, **node}


def validators(project: Project) -> dict[str, jsonschema.protocols.Validator]:
    """A validator per schema of model/inputs/, made again when a schema file changes."""
    key = (project.root, signature(inputs_dir(project)), signature(project.model_dir))
    if key not in _VALIDATORS:
        schemas = load_schemas(project)
        _VALIDATORS[key] = {
            name: Validator(inline_refs(schema, schemas, name), format_checker=FORMATS)
            for name, schema in schemas.items() if name != COMMON_SCHEMA}
    return _VALIDATORS[key]


def signature(folder: Path) -> tuple:
    """(name, size, mtime, mode) of each entry of a folder, links not followed (a link that
    loops is an entry like any other): cheap to take at every check."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return ()
    stats = [(e.name, e.stat(follow_symlinks=False)) for e in entries]  # a link loop too
    return tuple(sorted((name, info.st_size, info.st_mtime_ns, info.st_mode)
                        for name, info in stats))


_VALIDATORS: dict = {}
_CHECKED: dict = {}


# -- messages --------------------------------------------------------------------------------
TYPE_WORDS = {"array": "a list", "object": "a mapping (key: value lines)", "string": "text",
              "integer": "a whole number", "number": "a number", "boolean": "true or false",
              "null": "null"}


def type_words(expected) -> str:
    kinds = expected if isinstance(expected, list) else [expected]
    return " or ".join(TYPE_WORDS.get(kind, kind) for kind in kinds)


def describe(error: jsonschema.ValidationError) -> tuple[str, str]:
    """(problem, fix) in words, for one schema error."""
    if error.validator in ("type", "required", "additionalProperties"):
        return describe_shape(error)
    return describe_value(error)


def describe_shape(error: jsonschema.ValidationError) -> tuple[str, str]:
    """A value of the wrong type, a key missing, an unknown key."""
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "type":
        if isinstance(instance, dt.date):
            return (f"must be {type_words(value)}: an unquoted YAML date is read as a date",
                    f"write it in quotes: '{instance.isoformat()}'")
        return (f"must be {type_words(value)}, not {shown(instance)}",
                f"write {type_words(value)} there" + (" ([] when there is none)"
                                                      if "array" in str(value) else ""))
    if kind == "required":
        missing = next((key for key in value if key not in instance), value[0])
        unknown = [key for key in instance if key not in error.schema.get("properties", {})]
        close = difflib.get_close_matches(missing, unknown, n=1)
        hint = f" (is {close[0]!r} it, misspelt?)" if close else ""
        return (f"lacks the key {missing!r}{hint}",
                f"add `{missing}:` with its value (null where the schema allows it)")
    if kind == "additionalProperties":
        extra = sorted(set(instance) - set(error.schema.get("properties", {})))
        return (f"unknown key {extra[0]!r}" + (f" (and {', '.join(map(repr, extra[1:]))})"
                                               if extra[1:] else ""),
                "correct its spelling or remove it; the keys allowed are "
                + ", ".join(error.schema.get("properties", {})))
    return error.message, "correct the value as the schema describes it"


def describe_value(error: jsonschema.ValidationError) -> tuple[str, str]:
    """A value of the right type that is not allowed."""
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind in ("enum", "const"):
        allowed = value if kind == "enum" else [value]
        return (f"{shown(instance)} is not one of {', '.join(map(str, allowed))}",
                "use one of the listed values")
    if kind == "pattern":
        return (f"{shown(instance)} does not match {value}",
                error.schema.get("description", "correct the value"))
    if kind == "format":
        reason = f": {error.cause}" if error.cause else ""
        return (f"{shown(instance)} is not a valid {value}{reason}",
                FORMAT_FIXES.get(value, "correct the value"))
    if kind in ("minItems", "minLength", "minProperties"):
        return "is empty", "give at least one value, or restore the file from git"
    if kind == "uniqueItems" and isinstance(instance, list):
        twice = next((item for index, item in enumerate(instance) if item in instance[:index]),
                     None)
        return f"lists {shown(twice)} twice", "keep one of them (each is listed once)"
    if kind == "uniqueKeys":
        return error.message, "keep one of them (each name or key must be listed once)"
    if kind in ("minimum", "maximum"):
        return error.message, error.schema.get("description", "correct the number")
    return error.message, "correct the value as the schema describes it"


FORMAT_FIXES = {
    "date": "write a real day as 'YYYY-MM-DD', in quotes",
    "http-url": "give the document's address as it is, https://host/path",
    "regex": "correct the regular expression (Python syntax)",
    "host": "give the host only, e.g. www.soumu.go.jp",
}


def problems_of(document: Document, name: str, label: str, project: Project) -> list[Problem]:
    validator = validators(project)[name]
    schema_file = f"model/inputs/{name}.schema.json"
    if document.data is None:
        return [Problem(label, "line 1: top level", "the file is empty",
                        f"restore it from git (its form: {schema_file})")]
    found = []
    for error in validator.iter_errors(document.data):
        place = tuple(error.absolute_path)
        problem, fix = describe(error)
        if error.validator == "additionalProperties":
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            place = (*place, extra[0])
        line = document.line(place)
        found.append(Problem(label, f"line {line}: {where(place)}", problem,
                             f"{fix} ({schema_file})", line))
    return sorted(found, key=lambda p: (p.line, p.place))


# -- checking files --------------------------------------------------------------------------
def check_file(path: Path, name: str, project: Project) -> tuple[Document | None, list[Problem]]:
    """A YAML input read strictly and checked against model/inputs/<name>.schema.json."""
    label = project.relative(path)
    try:
        data = read_input(path, MAX_YAML_BYTES, "a curated YAML file")
        # The same bytes give the same result whatever the folder (tests build many copies).
        key = (label, name, hashlib.sha256(data).hexdigest(), id(validators(project)))
        if key not in _CHECKED:
            document = parse_document(path, data)
            _CHECKED[key] = (document, problems_of(document, name, label, project))
        document, problems = _CHECKED[key]
        # a copy: a caller may change its data, and the cache must not see it
        return Document(path, copy.deepcopy(document.data), document.lines), problems
    except BuildError as error:
        error.file = label if error.file == str(path) else error.file
        return None, [Problem.of(error)]


def reference_schema_names(project: Project) -> tuple[dict[str, Path], list[Problem]]:
    """{schema name: reference file} for every reference/**/*.yaml; a file without a schema
    and a schema without a file are problems."""
    files = {path.relative_to(project.reference_dir).with_suffix("").as_posix()
             .replace("/", "."): path for path in sorted(project.reference_dir.rglob("*.yaml"))}
    schemas = set(validators(project)) - {RECORD_SCHEMA}
    problems = [Problem(project.relative(files[name]), "file", "has no schema, so nothing "
                        "checks it", f"write model/inputs/{name}.schema.json (README, 'Trust')")
                for name in sorted(set(files) - schemas)]
    problems += [Problem(f"model/inputs/{name}.schema.json", "file", f"describes "
                         f"reference/{name.replace('.', '/')}.yaml, which does not exist",
                         "restore the reference file from git, or remove the schema")
                 for name in sorted(schemas - set(files))]
    return files, problems


def check_reference(project: Project) -> tuple[dict[str, Document], list[Problem]]:
    """Every reference file, checked; ({name: document} of the readable ones, problems)."""
    files, problems = reference_schema_names(project)
    documents = {}
    for name, path in files.items():
        if name not in validators(project):
            continue
        document, found = check_file(path, name, project)
        problems += found
        if document is not None:
            documents[name] = document
    return documents, problems


def check_records(paths: list[Path], project: Project) -> tuple[dict[Path, Document],
                                                                 list[Problem]]:
    documents, problems = {}, []
    for path in paths:
        document, found = check_file(path, RECORD_SCHEMA, project)
        problems += found
        if document is not None and not found:
            documents[path] = document
    return documents, problems


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise InputErrors(problems)
