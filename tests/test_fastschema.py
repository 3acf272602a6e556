"""The compiled schema check (scripts/lib/fastschema.py) gives jsonschema's verdict: on every
curated input, model file and the descriptor as they are, and on each of them changed in many
ways at every kind of place. jsonschema is the reference: its own is_valid, which the
compiled check replaces on the build's path (schemacheck.schema_problems)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math

import pytest

from scripts.lib import inputs, model_check
from scripts.lib.fastschema import Compiler
from scripts.lib.schemacheck import FORMATS, OUR_KEYWORDS, Validator, is_valid
from scripts.lib.yamlio import read_document
from scripts.snapshot import find_records
from scripts.tools.package_files import descriptor_validator
from tests.conftest import PROJECT, ROOT

# What a curator might write in the wrong place (each is valid somewhere in some schema).
REPLACEMENTS = [None, "", " padded ", "x", "two  spaces", "UPPER", "a-b", "JP", "jp", 0, 1, -1,
                99, 100, 12.0, 1.5, math.nan, True, False, [], [""], ["a", "a"], [1, True],
                {}, {"unknown": 1}, "https://www.soumu.go.jp/", "http://Example.com",
                "https://user@host.jp/", "not a url", "2024-02-27", "2024-02-30", "24-2-27",
                dt.date(2024, 2, 27), "(?P<name>x)", "(", "{x}", "{x!r}", "www.soumu.go.jp",
                "公式", "\u3000全角"]


def documents() -> list[tuple[str, object, object]]:
    """(label, validator, data) of every input the build checks against a schema."""
    checks = inputs.validators(PROJECT)
    files, _ = inputs.reference_schema_names(PROJECT, checks)
    found = [(f"reference/{name}", checks[name], read_document(path).data)
             for name, path in files.items()]
    found += [(PROJECT.relative(path), checks[inputs.RECORD_SCHEMA], read_document(path).data)
              for path in find_records(PROJECT.sources_dir)]
    for name in model_check.MODEL_FILES:
        schema = model_check.load_schema(model_check.schema_dir(PROJECT.model_dir)
                                         / f"{name}.schema.json", name)
        found.append((f"model/{name}", Validator(schema, format_checker=FORMATS),
                      read_document(PROJECT.model_dir / f"{name}.yaml").data))
    found.append(("datapackage.json", descriptor_validator(),
                  json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))))
    return found


DOCUMENTS = documents()


def shortened(data, keep: int = 2):
    """The data with every list cut to its first items and its last: each change is checked
    on a small document."""
    if isinstance(data, list):
        items = data if len(data) <= keep else [*data[:keep - 1], data[-1]]
        return [shortened(item, keep) for item in items]
    if isinstance(data, dict):
        return {key: shortened(value, keep) for key, value in data.items()}
    return data


def places(data, at=(), seen=None):
    """Each kind of place once (the first list item, and the last: where a list's own checks
    meet it), by its path with the list indexes left out."""
    seen = set() if seen is None else seen
    kind = tuple(part if isinstance(part, str) else (part > 0) for part in at)
    if kind not in seen:
        seen.add(kind)
        yield at
    if isinstance(data, dict):
        for key, value in data.items():
            yield from places(value, (*at, key), seen)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from places(value, (*at, index), seen)


def changed(data, place, how):
    """A copy of `data` with the value at `place` changed `how`."""
    data = copy.deepcopy(data)
    if not place:
        return how[1] if how[0] == "replace" else data
    parent = data
    for part in place[:-1]:
        parent = parent[part]
    last, (kind, value) = place[-1], how
    if kind == "replace":
        parent[last] = value
    elif kind == "delete":
        del parent[last]
    elif kind == "add" and isinstance(parent[last], dict):
        parent[last]["not_a_key"] = value
    elif kind == "twice" and isinstance(parent[last], list) and parent[last]:
        parent[last].append(copy.deepcopy(parent[last][0]))
    return data


CHANGES = ([("replace", value) for value in REPLACEMENTS]
           + [("delete", None), ("add", "x"), ("twice", None)])
STRIDE = 5


def fast(validator):
    return Compiler(Validator, validator.format_checker, OUR_KEYWORDS).check(validator.schema)


@pytest.mark.parametrize("label, validator, data", DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_the_compiled_check_agrees_with_jsonschema_on_every_input_and_its_changes(
        label, validator, data):
    check = fast(validator)
    assert check(data) is validator.is_valid(data) is True, label
    small = shortened(data)
    verdicts, disagreements = [], []
    for number, place in enumerate(places(small)):
        # every change at the top and at the first places; a turn of them at each other place
        chosen = CHANGES if number < 3 else CHANGES[number % STRIDE::STRIDE]
        for how in chosen:
            mutated = changed(small, place, how)
            expected = validator.is_valid(mutated)
            verdicts.append(expected)
            if check(mutated) != expected:
                disagreements.append((place, how, expected))
    assert not disagreements, disagreements[:5]
    # the changes reach the schema: many are refused, and some are still valid
    assert verdicts.count(False) > 10 and verdicts.count(True) > 0, label


@pytest.mark.parametrize("schema, value, valid", [
    ({"type": "integer"}, True, False),  # a bool is no integer (ours: nor is 12.0)
    ({"type": "integer"}, 12.0, False),
    ({"type": "number"}, False, False),
    ({"minimum": 1}, math.nan, True),  # NaN is not less than 1 (jsonschema's comparison)
    ({"enum": [1]}, True, False),
    ({"enum": ["1"]}, 1, False),
    ({"uniqueItems": True}, [1, True], True),
    ({"uniqueItems": True}, [[1], [1.0]], False),
    ({"not": {"type": "string"}}, "x", False),  # a keyword not compiled: jsonschema checks it
    ({"type": "string", "x-ours": 1}, 3, False),
    ({"properties": {"a": False}}, {"a": 1}, False),
    ({"additionalProperties": {"type": "string"}, "properties": {"a": {}}}, {"a": 1, "b": 2},
     False),
    ({"propertyNames": {"pattern": "^[a-z]+$"}}, {"A": 1}, False),
    ({"regexGroups": ["name"]}, "(?P<name>x)", True),
    ({"oneOf": [{"type": "integer"}, {"minimum": 0}]}, 5, False),  # both: not exactly one
    ({"oneOf": [{"type": "integer"}, {"type": "string"}]}, "x", True),
    ({"anyOf": [{"type": "integer"}, {"type": "string"}]}, None, False),
    ({"not": {"type": "integer"}}, True, True),
    ({"if": {"type": "string"}, "then": {"minLength": 2}}, "x", False),
    ({"if": {"type": "string"}, "then": {"minLength": 2}}, 1, True),
    ({"if": {"type": "string"}, "else": {"minimum": 2}}, 1, False),
    ({"if": {"type": "string"}}, "x", True),
    ({"then": False}, "x", True),  # `then` without `if`: nothing
    ({"formatFields": ["x"]}, "{y}", False),
])
def test_the_compiled_check_keeps_jsonschemas_edge_cases(schema, value, valid):
    validator = Validator(schema, format_checker=FORMATS)
    assert validator.is_valid(value) is valid
    assert fast(validator)(value) is valid
    assert is_valid(validator, value) is valid
