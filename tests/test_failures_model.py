"""Every expected failure of a model file (model/tables.yaml, model/package.yaml,
model/figures.yaml: checked against its schema in model/inputs/model/ and by the rules a schema
cannot say) stops the build with exit status 2, a message naming the file, the line, the
value's path and the fix, and changes no published file: a mistake there never gives a
traceback, nor a package that builds and is wrong. Rows of docs/failures.md."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import ROOT
from tests.failure_cases import edit, expect_failure, line_of


@pytest.fixture
def repo(failure_repo):
    """One repository copy per module, its inputs restored before each test."""
    return failure_repo


BYTES = 'type: integer, description: "Size'
PUBLISHER_KEY = "fields: [publisher_organization_id]\n    reference: {resource: organizations, " \
    "fields: [organization_id]}"
SHA = 'pattern: "[0-9a-f]{64}"'
LANGUAGE = "enum: [ja, en]"
TERMS = 'constraints: {minimum: 1}}\n  - {name: terms_of_use, type: string'

# (id, file, old text, new text, marker (its line is the message's), path, words)
PACKAGE_VERSION = yaml.safe_load((ROOT / "model" / "package.yaml").read_text(
    encoding="utf-8"))["version"]  # what the file says now
CASES = [
    # -- types and keys the build does not know (class: a rule silently not applied)
    ("an unknown field type", "tables", BYTES, 'type: int, description: "Size', "type: int",
     "tables[0].fields[11].type", ("'int' is not one of string, integer, boolean, date",)),
    ("a misspelt constraints key", "tables", TERMS,
     'constraint: {minimum: 1}}\n  - {name: terms_of_use, type: string', "constraint:",
     "tables[0].fields[11].constraint", ("unknown key 'constraint'", "is it 'constraints'")),
    ("an unknown constraint", "tables", TERMS,
     'constraints: {minimum: 1, maximum: 9}}\n  - {name: terms_of_use, type: string',
     "maximum: 9", "tables[0].fields[11].constraints.maximum", ("unknown key 'maximum'",)),
    ("a format key", "tables", '(ISO 639-1).", constraints', '(ISO 639-1).", format: email, '
     'constraints', "format: email",
     "tables[0].fields[7].format", ("unknown key 'format'",)),
    ("a misspelt table key", "tables", "primaryKey: [meeting_id]\n",
     "primary_key: [meeting_id]\n", "- name: meetings", "tables[1]",
     ("lacks the key 'primaryKey'", "is 'primary_key' it, misspelt?")),
    # -- constraints that do not fit their field
    ("an enum that is not a list", "tables", LANGUAGE, "enum: ja", "enum: ja",
     "tables[0].fields[7].constraints.enum", ("must be a list, not 'ja'",)),
    ("an enum value of another type", "tables", LANGUAGE, "enum: [ja, 1]", "enum: [ja, 1]",
     "tables[0].fields[7].constraints.enum[1]",
     ("the enum value 1 is not of the field's type string",)),
    ("a pattern that is not a regular expression", "tables", SHA, 'pattern: "[0-9a-f{64}"',
     "[0-9a-f{64}", "tables[0].fields[10].constraints.pattern", ("is not a valid regex",)),
    ("a pattern the validator cannot run", "tables", SHA, 'pattern: "(?=[0-9])[0-9a-f]{64}"',
     "(?=[0-9])", "tables[0].fields[10].constraints.pattern",
     ("cannot be run by the validator (RE2)",)),
    ("a pattern on an integer field", "tables", TERMS,
     'constraints: {minimum: 1, pattern: "[0-9]+"}}\n  - {name: terms_of_use, type: string',
     'pattern: "[0-9]+"', "tables[0].fields[11].constraints.pattern",
     ("a pattern on a integer field is not applied",)),
    ("a minimum on a text field", "tables", LANGUAGE, "enum: [ja, en], minimum: 1",
     "minimum: 1", "tables[0].fields[7].constraints.minimum",
     ("a minimum on a string field is not applied",)),
    # -- names that point nowhere
    ("a primary key field that does not exist", "tables", "primaryKey: [meeting_id]\n",
     "primaryKey: [meeting]\n", "primaryKey: [meeting]", "tables[1].primaryKey[0]",
     ("a primary-key field, 'meeting', is not a field of table 'meetings'",)),
    ("a foreign key to a table that does not exist", "tables", PUBLISHER_KEY,
     PUBLISHER_KEY.replace("resource: organizations", "resource: organisations"),
     "resource: organisations", "tables[0].foreignKeys[0].reference.resource",
     ("points to table 'organisations', which model/tables.yaml does not define",)),
    ("a foreign key to a field that does not exist", "tables", PUBLISHER_KEY,
     PUBLISHER_KEY.replace("fields: [organization_id]", "fields: [org_id]"),
     "fields: [org_id]", "tables[0].foreignKeys[0].reference.fields[0]",
     ("'org_id', is not a field of table 'organizations'",)),
    ("a foreign key from a field that does not exist", "tables", PUBLISHER_KEY,
     PUBLISHER_KEY.replace("[publisher_organization_id]", "[publisher_id]"),
     "[publisher_id]", "tables[0].foreignKeys[0].fields[0]",
     ("the foreign key's field, 'publisher_id', is not a field of table 'sources'",)),
    ("a foreign key of two fields", "tables", PUBLISHER_KEY,
     PUBLISHER_KEY.replace("[publisher_organization_id]", "[publisher_organization_id, url]"),
     "[publisher_organization_id, url]", "tables[0].foreignKeys[0].fields",
     ("is too long",)),
    ("an identity column that does not exist", "tables", "identity: [number]\n",
     "identity: [numbr]\n", "identity: [numbr]", "tables[1].identity[0]",
     ("an identity column, 'numbr', is not a field of table 'meetings'",)),
    ("a span column that does not exist", "tables",
     "span: {source: source_id, text: [[quote]]}", "span: {source: source_id, text: [[qoute]]}",
     "[[qoute]]", "tables[2].span.text[0][0]",
     ("a span's column, 'qoute', is not a field of table 'meeting_sources'",)),
    ("an example row that is not the primary key", "tables",
     "example_row: {meeting_id: meeting-014}", "example_row: {meeting: meeting-014}",
     "example_row: {meeting:", "tables[1].example_row",
     ("names ['meeting'], not the primary key ['meeting_id']",)),
    ("an example row value of another type", "tables",
     "example_row: {meeting_id: meeting-014}", "example_row: {meeting_id: 14}",
     "example_row: {meeting_id: 14}", "tables[1].example_row.meeting_id",
     ("the value 14 is not of the field's type string",)),
    ("a field listed twice", "tables", '{name: publisher_name, type: string',
     '{name: published, type: string', "{name: published, type: date",
     "tables[0].fields[5].name", ("name 'published' is listed twice (also [4])",)),
    # -- model/package.yaml and model/figures.yaml
    ("a label column that does not exist", "package", "sources: url", "sources: uri",
     "sources: uri", "datasette.label_columns.sources",
     ("'uri' is not a field of table 'sources'",)),
    ("a version that is not text", "package", f"version: {PACKAGE_VERSION}", "version: 0.1",
     "version: 0.1",
     "version", ("must be text, not 0.1",)),
    ("a misspelt package key", "package", "homepage: null", "home_page: null", "home_page",
     "home_page", ("unknown key 'home_page' (is it 'homepage', misspelt?)",)),
    ("a figure placeholder the figure does not fill", "figures",
     "  meeting: '{ordinal} meeting'\n  no_dates", "  meeting: '{ordnal} meeting'\n  no_dates",
     "{ordnal}", "timeline.meeting", ("the placeholder {ordnal} is not one this text is given",)),
    ("a figure placeholder with a format", "figures", "total: '{heading}: {n} sentences'",
     "total: '{heading}: {n:q} sentences'", "{n:q}", "sentences.total",
     ("the placeholder {n:q} has a format or conversion; write {n}",)),
    ("a figure text with a lone brace", "figures",
     "  meeting: '{ordinal} meeting'\n  no_dates", "  meeting: '{ordinal meeting'\n  no_dates",
     "{ordinal meeting", "timeline.meeting", ("is not a text with {…} placeholders",)),
]


@pytest.mark.parametrize(("name", "old", "new", "marker", "path", "words"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_model_file_that_breaks_its_schema_or_a_rule(repo, capsys, name, old, new, marker,
                                                     path, words):
    file = repo / "model" / f"{name}.yaml"
    edit(file, old, new)
    expect_failure(repo, capsys, f"model/{name}.yaml",
                   f"line {line_of(file, marker)}: {path}:", "fix:", *words)


def test_model_not_a_mapping(repo, capsys):
    (repo / "model" / "tables.yaml").write_text("[]\n", encoding="utf-8")
    expect_failure(repo, capsys, "model/tables.yaml", "line 1: top level",
                   "must be a mapping (key: value lines), not []")


def test_all_problems_of_the_model_are_reported_together(repo, capsys):
    edit(repo / "model" / "tables.yaml", BYTES, 'type: int, description: "Size')
    edit(repo / "model" / "tables.yaml", LANGUAGE, "enum: ja")
    edit(repo / "model" / "figures.yaml", "  meeting: '{ordinal} meeting'\n  no_dates",
         "  meeting: '{ordnal} meeting'\n  no_dates")
    expect_failure(repo, capsys, "model/tables.yaml", "tables[0].fields[11].type",
                   "tables[0].fields[7].constraints.enum", "model/figures.yaml: line 7: timeline.meeting",
                   "3 problems")


# -- what the build computes must fit what the model declares
def test_a_field_typed_other_than_the_build_computes_it(repo, capsys):
    edit(repo / "model" / "tables.yaml",
         '{name: title_ja, type: string, description: "Title as written',
         '{name: title_ja, type: integer, description: "Title as written')
    expect_failure(repo, capsys, "model/tables.yaml", "tables: sources.fields: title_ja",
                   "declares type integer, but the build computes str values")


def test_a_field_the_build_computes_missing_from_the_model(repo, capsys):
    edit(repo / "model" / "tables.yaml", "{name: publisher_name, type: string",
         "{name: publisher, type: string")
    expect_failure(repo, capsys, "model/tables.yaml", "tables: sources.fields",
                   "has no field 'publisher_name', which the build computes")
