"""Checking YAML data against a JSON Schema, every error at its line: the machinery that the
curated inputs (scripts/lib/inputs.py) and the model files (scripts/lib/model_check.py) share.

Beyond JSON Schema 2020-12 the schemas use two keywords of ours:

    uniqueKeys: ["key", ...]    in an array of objects, no two items share a value of the key
    regexGroups: ["g", ...]     a regular expression that defines these named groups
    formatFields: ["f", ...]    a text whose {…} placeholders are among these (str.format)

and the formats date (a valid YYYY-MM-DD), http-url (http or https, a host, no user name, in
canonical form: see `canonical_url`), regex (a Python regular expression), searching-regex (one
that does not match the empty text) and host.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
import string
import urllib.parse
from dataclasses import dataclass

import jsonschema

from scripts.lib.errors import BuildError
from scripts.lib.fastschema import Compiler
from scripts.lib.urls import canonical_url, uncanonical
from scripts.lib.yamlio import Document, shown, where

LABEL = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?"
HOST_RE = re.compile(rf"^(?=.{{1,253}}$){LABEL}(\.{LABEL})+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SPACE_RE = re.compile(r"\s")  # str.isspace()'s characters (re's \s for text is Unicode's)


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

    def __init__(self, problems: list[Problem], what: str = "the curated inputs"):
        self.problems = problems
        first = problems[0]
        super().__init__(first.file, first.place, first.problem, first.fix)
        more = f"\n{len(problems)} problems in {what}" if len(problems) > 1 else ""
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
    if not value.isprintable() or SPACE_RE.search(value):
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


@FORMATS.checks("searching-regex", raises=(re.error, ValueError))
def is_searching_regex(value) -> bool:
    """A regex that finds something: one that matches the empty text (a trailing `|`, a
    `(…)?` alone) would match every sentence, silently."""
    if isinstance(value, str) and re.compile(value).search("") is not None:
        raise ValueError("can match the empty text, so it can match where none of its words is "
                         "written (a trailing or doubled |, or a part that may be empty?)")
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


def format_fields(validator, allowed, instance, schema):
    if not isinstance(instance, str):
        return
    try:
        used = [(name, spec, conversion) for _, name, spec, conversion
                in string.Formatter().parse(instance) if name is not None]
    except ValueError as error:
        yield jsonschema.ValidationError(f"is not a text with {{…}} placeholders: {error} "
                                         "(write {{ and }} for a brace itself)")
        return
    for name, spec, conversion in used:
        if spec or conversion:  # a spec the value's type lacks fails only when it is drawn
            yield jsonschema.ValidationError(
                f"the placeholder {{{name}{'!' + conversion if conversion else ''}"
                f"{':' + spec if spec else ''}}} has a format or conversion; write {{{name}}}")
        elif name not in allowed:
            yield jsonschema.ValidationError(
                f"the placeholder {{{name}}} is not one this text is given; it may use "
                + (", ".join(f"{{{a}}}" for a in allowed) if allowed else "none"))


def is_integer(checker, instance) -> bool:
    """An integer is written as one: 12878.0 is a decimal (JSON Schema would accept it)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


OUR_KEYWORDS = {"uniqueKeys": unique_keys, "regexGroups": regex_groups,
                "formatFields": format_fields}
Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, OUR_KEYWORDS,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", is_integer))


def is_valid(validator, data) -> bool:
    """validator.is_valid(data), by the validator's schema made into one function
    (scripts/lib/fastschema.py), made once per validator."""
    entry = _FAST.get(id(validator))
    if entry is None or entry[0] is not validator:
        check = validator.is_valid
        if type(validator) is Validator:
            # a pattern of the schema's that does not compile: jsonschema's to raise
            with contextlib.suppress(re.error):
                check = Compiler(Validator, validator.format_checker, OUR_KEYWORDS).check(
                    validator.schema)
        entry = _FAST[id(validator)] = (validator, check)
    return entry[1](data)


_FAST: dict[int, tuple] = {}  # id -> (validator, kept: its id is not reused; its check)


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
        close = difflib.get_close_matches(extra[0], list(error.schema.get("properties", {})),
                                          n=1)
        hint = f" (is it {close[0]!r}, misspelt?)" if close else ""
        return (f"unknown key {extra[0]!r}{hint}" + (f" (and {', '.join(map(repr, extra[1:]))})"
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
        fix = FORMAT_FIXES.get(value, "correct the value")
        if isinstance(error.cause, re.error):  # a regex that does not compile, whatever else
            fix = FORMAT_FIXES["regex"]
        return (f"{shown(instance)} is not a valid {FORMAT_NAMES.get(value, value)}{reason}",
                fix)
    if kind in ("minItems", "minLength", "minProperties"):
        return "is empty", "give at least one value, or restore the file from git"
    if kind == "uniqueItems" and isinstance(instance, list):
        twice = next((item for index, item in enumerate(instance) if item in instance[:index]),
                     None)
        return f"lists {shown(twice)} twice", "keep one of them (each is listed once)"
    if kind == "uniqueKeys":
        return error.message, "keep one of them (each name or key must be listed once)"
    if kind == "formatFields":
        return error.message, "use only the placeholders listed"
    if kind in ("minimum", "maximum"):
        return error.message, error.schema.get("description", "correct the number")
    if kind in ("anyOf", "oneOf") and "description" in error.schema:
        return f"{shown(instance)} has none of the forms allowed", error.schema["description"]
    return error.message, "correct the value as the schema describes it"


FORMAT_NAMES = {"searching-regex": "regex"}  # as a message names them
FORMAT_FIXES = {
    "date": "write a real day as 'YYYY-MM-DD', in quotes",
    "http-url": "give the document's address as it is, https://host/path",
    "regex": "correct the regular expression (Python syntax)",
    "searching-regex": "correct the regular expression so that it needs some text to match",
    "host": "give the host only, e.g. www.soumu.go.jp",
}


def schema_problems(document: Document, validator, label: str,
                    schema_file: str) -> list[Problem]:
    """Every error of `validator` on the document's data, each at its line (JSON, read without
    lines: at its path), sorted by line."""
    if document.data is None:
        return [Problem(label, "line 1: top level", "the file is empty",
                        f"restore it from git (its form: {schema_file})")]
    if is_valid(validator, document.data):
        return []  # jsonschema finds no error where this check finds none (its tests)
    found = []
    for error in validator.iter_errors(document.data):
        place = tuple(error.absolute_path)
        problem, fix = describe(error)
        if error.validator == "additionalProperties":
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            place = (*place, extra[0])
        line = document.line(place) if document.lines else 0
        found.append(Problem(label, f"line {line}: {where(place)}" if line else where(place),
                             problem,
                             f"{fix} ({schema_file})", line))
    return sorted(found, key=lambda p: (p.line, p.place))
