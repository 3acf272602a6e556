"""No input gives a traceback: every loader walked with malformed values, every reference file
mutated at random; and the mechanism that gives every curated file its schema.

The walk: for each reference file, each kind of value it holds (organizations[*].aliases_ja,
meetings[*].evidence[*].url, …) is replaced by values of the wrong shape. A value the schema
refuses stops the build with the project's error (the failure tests show the messages); a
value it accepts goes through every stage that reads curated data (registry, series, the
release's parsing and linking, the series' merge), which must give a result or a BuildError.
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.build import build_tables
from scripts.lib.errors import BuildError
from scripts.lib.files import MAX_RELEASE_BYTES
from scripts.lib.inputs import check_reference, validators
from scripts.lib.project import Project
from scripts.lib.yamlio import dump_yaml, read_document
from tests.conftest import ROOT

REFERENCE = sorted(path.name for path in (ROOT / "reference").glob("*.yaml"))


@pytest.fixture(scope="module")
def inputs_root(tmp_path_factory) -> Path:
    """A folder with the repository's inputs only (what build_tables reads)."""
    root = tmp_path_factory.mktemp("inputs") / "root"
    for name in ("model", "reference", "sources"):
        shutil.copytree(ROOT / name, root / name)
    return root


def kinds_of_value(data, place=(), pattern=(), found=None, seen=None) -> dict[tuple, tuple]:
    """{pattern with * for list indexes: the first place that has it}; `seen` collects the
    types each pattern has in the file."""
    found = {} if found is None else found
    found.setdefault(pattern, place)
    if seen is not None:
        seen.setdefault(pattern, set()).add(type(data))
    if isinstance(data, dict):
        for key, value in data.items():
            kinds_of_value(value, (*place, key), (*pattern, key), found, seen)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            kinds_of_value(value, (*place, index), (*pattern, "*"), found, seen)
    return found


def wrong_shapes(value) -> list:
    """Values of another shape than `value` (and null)."""
    if isinstance(value, bool):
        return ["false", None]
    if isinstance(value, int):
        return [str(value), 1.5]
    if isinstance(value, str):
        return [42, [value], None]
    if isinstance(value, list):
        return ["x", None, [{"x": 1}]]
    if isinstance(value, dict):
        return ["x", [], None]
    return [42, ["x"]]


def set_at(data, place: tuple, value):
    data = copy.deepcopy(data)
    if not place:
        return value
    target = data
    for part in place[:-1]:
        target = target[part]
    target[place[-1]] = value
    return data


def reduced(data, place: tuple):
    """(a small copy of `data`, the same place in it): each list keeps one item, the one on
    `place` (validating a value against its schema does not need the others)."""
    if isinstance(data, list):
        index = place[0] if place else 0
        item, rest = reduced(data[index], place[1:]) if data else (None, ())
        return ([item] if data else []), ((0, *rest) if place else ())
    if isinstance(data, dict):
        result, inner = {}, ()
        for key, value in data.items():
            on_path = bool(place) and key == place[0]
            result[key], sub = reduced(value, place[1:] if on_path else ())
            if on_path:
                inner = (key, *sub)
        return result, inner
    return data, ()


def run_stages(root: Path) -> None:
    """Every stage that reads curated data; BuildError is the project's own error."""
    with contextlib.suppress(BuildError):
        build_tables(Project.at(root), root / "sources")


@pytest.mark.parametrize("name", REFERENCE)
def test_every_kind_of_value_malformed(inputs_root, name):
    project = Project.at(inputs_root)
    path = inputs_root / "reference" / name
    original = path.read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    validator = validators(project)[name.removesuffix(".yaml")]
    accepted, seen = 0, {}
    try:
        for pattern, place in kinds_of_value(data, seen=seen).items():
            current = data
            for part in place:
                current = current[part]
            small, small_place = reduced(data, place)
            for value in wrong_shapes(current):
                if next(validator.iter_errors(set_at(small, small_place, value)), None):
                    continue  # refused by the schema: a BuildError with its line
                accepted += 1
                if type(value) in seen[pattern]:
                    continue  # the file has such a value there already: the build reads it
                path.write_text(dump_yaml(set_at(data, place, value)), encoding="utf-8")
                run_stages(inputs_root)  # anything but BuildError fails the test
    finally:
        path.write_text(original, encoding="utf-8")
    assert accepted < len(kinds_of_value(data)) * 3  # the schema refused something


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=st.sampled_from(REFERENCE), operation=st.sampled_from(
    ["delete", "duplicate", "swap", "insert"]), first=st.integers(0, 10_000),
    second=st.integers(0, 10_000), char=st.sampled_from(
        [":", "-", " ", "'", "[", "&a ", "*a", "\t", "null", "1", "\u200b", "#"]))
def test_mutated_reference_file_gives_a_result_or_the_projects_error(
        inputs_root, name, operation, first, second, char):
    path = inputs_root / "reference" / name
    original = path.read_text(encoding="utf-8")
    lines = original.split("\n")
    i, j = first % len(lines), second % len(lines)
    if operation == "delete":
        del lines[i]
    elif operation == "duplicate":
        lines.insert(i, lines[i])
    elif operation == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    else:
        lines[i] = lines[i][:j % (len(lines[i]) + 1)] + char + lines[i][j % (len(lines[i]) + 1):]
    try:
        path.write_text("\n".join(lines), encoding="utf-8")
        run_stages(inputs_root)
    finally:
        path.write_text(original, encoding="utf-8")


# --- the mechanism ------------------------------------------------------------------------------
def test_every_reference_file_has_a_schema_and_passes_it():
    documents, problems = check_reference(Project.at(ROOT))
    assert not problems, [p.text() for p in problems]
    assert sorted(f"{name}.yaml" for name in documents) == REFERENCE
    schemas = {p.name.removesuffix(".schema.json") for p in (ROOT / "model/inputs").glob("*.json")}
    assert schemas == {n.removesuffix(".yaml") for n in REFERENCE} | {"common", "source-record", "citation"}


def test_the_record_schema_states_the_release_bound():
    schema = json.loads((ROOT / "model/inputs/source-record.schema.json").read_text())
    assert schema["properties"]["bytes"]["maximum"] == MAX_RELEASE_BYTES


def test_model_enums_are_the_models(inputs_root):
    """modelEnum copies the enum of model/tables.yaml: a new code there is a code here."""
    project = Project.at(inputs_root)
    tables = inputs_root / "model" / "tables.yaml"
    original = tables.read_text(encoding="utf-8")
    assert "enum: [in_person, virtual, hybrid]" in original
    try:
        tables.write_text(original.replace("enum: [in_person, virtual, hybrid]",
                                           "enum: [in_person, virtual]"), encoding="utf-8")
        fresh = Project.at(inputs_root)  # a new Project reads the model again
        documents, problems = check_reference(fresh)
        assert any("'hybrid' is not one of in_person, virtual" in p.problem for p in problems)
    finally:
        tables.write_text(original, encoding="utf-8")
    assert not check_reference(project)[1]


@pytest.mark.parametrize(("text", "words"), [
    ("a: &x 1\nb: *x\n", "uses an anchor (&x)"),
    ("a: 1\na: 2\n", "the key 'a' is written twice"),
    ("a: 1\n---\nb: 2\n", "YAML does not parse"),
    ("1: x\n", "the key 1 is not text"),
    ("a: !!python/object:os.system x\n", "cannot be read"),
    ("a: 2010-02-30\n", "cannot be read"),
    ("a: b\u202ec\n", "U+202E"),
])
def test_strict_yaml(tmp_path, text, words):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BuildError, match=re.escape(words)):
        read_document(path)


def test_lines_of_values(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a:\n- id: x\n  names:\n  - one\n  - two\n", encoding="utf-8")
    document = read_document(path)
    assert document.line(("a", 0, "names", 1)) == 5
    assert document.line(("a", 0, "id")) == 2
    assert document.line(("a", 0, "missing")) == 2  # the nearest enclosing value


def test_checks_shared_by_copies_follow_each_copys_files(tmp_path):
    """The checks are kept by content, not by folder (the tests build hundreds of copies): copies
    checked in turn in one process each get the result of their own files: a schema changed,
    only an enum of the model changed, a model file changed."""
    roots = {name: tmp_path / name for name in ("same", "schema", "enum", "model")}
    for root in roots.values():
        for name in ("model", "reference"):
            shutil.copytree(ROOT / name, root / name)

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    edit(roots["schema"] / "model/inputs/organizations.schema.json",
         '"required": ["id", "name_ja",', '"required": ["id", "name_fr", "name_ja",')
    edit(roots["enum"] / "model/tables.yaml", "enum: [in_person, virtual, hybrid]",
         "enum: [in_person, virtual]")
    edit(roots["model"] / "model/package.yaml", "\nname:", "\nunknown_key: 1\nname:")
    for _ in range(2):
        assert not check_reference(Project.at(roots["same"]))[1]
        problems = [p.text() for p in check_reference(Project.at(roots["schema"]))[1]]
        assert problems and all("add `name_fr:`" in p for p in problems), problems
        problems = [p.text() for p in check_reference(Project.at(roots["enum"]))[1]]
        assert problems and all("'hybrid' is not one of" in p for p in problems), problems
        assert Project.at(roots["same"]).model.tables
        with pytest.raises(BuildError, match="unknown_key"):
            Project.at(roots["model"]).model  # noqa: B018 - reading it checks it
