"""Curated inputs checked as strictly as outputs: a JSON Schema for every file of reference/ and
for every provenance record, all errors of a run reported together, each at its line.

The schemas are in model/inputs/ (not schemas/, which holds the published tables' schemas):
`model/inputs/<name>.schema.json` describes `reference/<name>.yaml`, and
`model/inputs/source-record.schema.json` every `sources/*.source.yaml`,
`model/inputs/citation.schema.json` CITATION.cff (scripts/lib/citation.py). A reference file
without a schema (or a schema without its file) stops the build: nobody can add curated data
that nothing checks. The schemas use the keywords and formats of scripts/lib/schemacheck.py,
and one more:

    modelEnum: "table.field"    the enum of that field in model/tables.yaml (`orNull`: or null)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jsonschema

from scripts.lib.errors import BuildError
from scripts.lib.files import MAX_YAML_BYTES, read_input
from scripts.lib.jsonio import parse_json
from scripts.lib.project import Project
from scripts.lib.schemacheck import (  # noqa: F401 - is_http_url, InputErrors: used from here
    FORMATS,
    InputErrors,
    Problem,
    Validator,
    inline_refs,
    is_http_url,
    schema_problems,
)
from scripts.lib.yamlio import Document, copied, parse_document

RECORD_SCHEMA = "source-record"
CITATION_SCHEMA = "citation"
OUTSIDE_REFERENCE = {RECORD_SCHEMA, CITATION_SCHEMA}  # schemas of files not in reference/
COMMON_SCHEMA = "common"


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


def schema_files(project: Project) -> dict[str, bytes]:
    """{name: bytes} of model/inputs/*.schema.json; the schemas of the files outside
    reference/ (and the common definitions) must be there."""
    files = {path.name.removesuffix(".schema.json"):
             read_input(path, MAX_YAML_BYTES, "a JSON Schema of model/inputs/")
             for path in sorted(inputs_dir(project).glob("*.schema.json"))}
    for name in sorted({*OUTSIDE_REFERENCE, COMMON_SCHEMA} - set(files)):
        raise BuildError(project.relative(inputs_dir(project) / f"{name}.schema.json"), "file",
                         "is missing: the build checks "
                         + {RECORD_SCHEMA: "every provenance record of sources/",
                            CITATION_SCHEMA: "CITATION.cff",
                            COMMON_SCHEMA: "the curated files"}[name] + " against it",
                         f"restore it (git checkout -- model/inputs/{name}.schema.json)")
    return files


def load_schemas(project: Project, files: dict[str, bytes]) -> dict[str, dict]:
    """{name: schema} of model/inputs/*.schema.json (`files`: their bytes), model enums
    resolved."""
    return {name: resolve_model_enums(
        parse_json(data, str(inputs_dir(project) / f"{name}.schema.json"),
                   "restore it from git (a readable JSON Schema)"),
        project, inputs_dir(project) / f"{name}.schema.json") for name, data in files.items()}


def model_enums(project: Project) -> tuple:
    """Every enum of the model: all of the model that a schema's modelEnum reads (as repr:
    True and 1 are equal keys, not equal enums)."""
    return tuple((table.name, field["name"], repr(field["constraints"]["enum"]))
                 for table in project.model.tables for field in table.fields
                 if "enum" in field.get("constraints", {}))


def validators(project: Project) -> dict[str, jsonschema.protocols.Validator]:
    """A validator per schema of model/inputs/, made again when a schema or the model's enums
    change. Keyed by content, not folder: the many copies of the repository that the tests
    build share them, and with them the results of check_file."""
    files = schema_files(project)
    key = (tuple(files.items()), model_enums(project))
    if key not in _VALIDATORS:
        schemas = load_schemas(project, files)
        _VALIDATORS[key] = {
            name: Validator(inline_refs(schema, schemas, name), format_checker=FORMATS)
            for name, schema in schemas.items() if name != COMMON_SCHEMA}
    return _VALIDATORS[key]


_VALIDATORS: dict = {}
_CHECKED: dict = {}


# -- checking files --------------------------------------------------------------------------
def check_file(path: Path, name: str, project: Project, checks: dict,
               label: str | None = None) -> tuple[Document | None, list[Problem]]:
    """A YAML input read strictly and checked against model/inputs/<name>.schema.json
    (`checks`: validators(project), looked up once by the caller: that reads every schema;
    `label`: the file as messages name it, by default relative to the project's root)."""
    label = label or project.relative(path)
    try:
        data = read_input(path, MAX_YAML_BYTES, "a curated YAML file")
        # The same bytes give the same result whatever the folder (tests build many copies).
        key = (label, name, hashlib.sha256(data).hexdigest(), id(checks))
        if key not in _CHECKED:
            document = parse_document(path, data)
            _CHECKED[key] = (document, schema_problems(document, checks[name], label,
                                                       f"model/inputs/{name}.schema.json"))
        document, problems = _CHECKED[key]
        # a copy: a caller may change its data, and the cache must not see it
        return Document(path, copied(document.data), document.lines), problems
    except BuildError as error:
        error.file = label if error.file == str(path) else error.file
        return None, [Problem.of(error)]


def reference_schema_names(project: Project, checks: dict) -> tuple[dict[str, Path],
                                                                    list[Problem]]:
    """{schema name: reference file} for every reference/**/*.yaml; a file without a schema
    and a schema without a file are problems."""
    files = {path.relative_to(project.reference_dir).with_suffix("").as_posix()
             .replace("/", "."): path for path in sorted(project.reference_dir.rglob("*.yaml"))}
    schemas = set(checks) - OUTSIDE_REFERENCE
    problems = [Problem(project.relative(files[name]), "file", "has no schema, so nothing "
                        "checks it", f"write model/inputs/{name}.schema.json (README, 'Trust')")
                for name in sorted(set(files) - schemas)]
    problems += [Problem(f"model/inputs/{name}.schema.json", "file", f"describes "
                         f"reference/{name.replace('.', '/')}.yaml, which does not exist",
                         "restore the reference file from git, or remove the schema")
                 for name in sorted(schemas - set(files))]
    return files, problems


def check_reference(project: Project, checks: dict | None = None) -> tuple[
        dict[str, Document], list[Problem]]:
    """Every reference file, checked; ({name: document} of the readable ones, problems).
    `checks`: validators(project), when the caller has them."""
    checks = checks or validators(project)
    files, problems = reference_schema_names(project, checks)
    documents = {}
    for name, path in files.items():
        if name not in checks:
            continue
        document, found = check_file(path, name, project, checks)
        problems += found
        if document is not None:
            documents[name] = document
    return documents, problems


def check_records(paths: list[Path], project: Project, checks: dict) -> tuple[
        dict[Path, Document], list[Problem]]:
    """Every record, checked; ({path: document} of the valid ones, problems)."""
    documents, problems = {}, []
    for path in paths:
        document, found = check_file(path, RECORD_SCHEMA, project, checks)
        problems += found
        if document is not None and not found:
            documents[path] = document
    return documents, problems


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise InputErrors(problems)
