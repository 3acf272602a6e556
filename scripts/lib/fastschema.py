"""A schema made into one Python function that says whether a value is valid: jsonschema then
runs only on a value found invalid, to say why (scripts/lib/schemacheck.py).

jsonschema walks the schema for every value, making a validator object at every step: on the
curated inputs that was most of their check (0.35 s for the translations of a 1,000-release
corpus; this takes a tenth of it). The function is made once per schema, from the keywords our
schemas use, each with jsonschema's meaning (Draft 2020-12, as schemacheck.Validator extends
it: an integer is an int, not a bool or 12.0; our keywords uniqueKeys, regexGroups,
formatFields). A part of a schema with any other keyword is checked by jsonschema itself, so
that an unknown keyword can never be skipped. tests/test_fastschema.py compares the verdicts
with jsonschema's on every input and on many changed ones.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable

Check = Callable[[object], bool]

# Keywords that assert nothing (annotations), and those compiled here.
ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description",
                         "examples", "default"})
COMPILED = frozenset({"type", "properties", "required", "additionalProperties", "items",
                      "minItems", "maxItems", "minLength", "maxLength", "minProperties",
                      "uniqueItems", "enum", "const", "pattern", "format", "minimum", "maximum",
                      "propertyNames", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
                      "uniqueKeys", "regexGroups", "formatFields"})


def is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


TYPES: dict[str, Check] = {
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": is_number,
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
}


def always(value) -> bool:
    return True


def never(value) -> bool:
    return False


class Compiler:
    """Makes the check of a schema for `validator_class` (schemacheck.Validator) with its
    `format_checker`; `keywords`: our keywords' functions, by name, as the class calls them."""

    def __init__(self, validator_class, format_checker, keywords: dict):
        self.validator_class = validator_class
        self.format_checker = format_checker
        self.keywords = keywords

    def check(self, node) -> Check:
        if node is True:
            return always
        if node is False:
            return never
        if not isinstance(node, dict):
            return self.by_jsonschema(node)
        asserting = set(node) - ANNOTATIONS
        if asserting - COMPILED:
            return self.by_jsonschema(node)
        checks = [check for key in sorted(asserting)
                  if (check := self.keyword(key, node[key], node)) is not None]
        return all_of(checks)

    def by_jsonschema(self, node) -> Check:
        return self.validator_class(node, format_checker=self.format_checker).is_valid

    def keyword(self, key: str, value, node: dict) -> Check | None:
        """The check of one keyword, or None where it asserts nothing."""
        if key in self.keywords:
            return ours(self.keywords[key], value, node)
        return getattr(self, "k_" + key)(value, node)

    def k_type(self, value, node) -> Check:
        kinds = value if isinstance(value, list) else [value]
        if any(kind not in TYPES for kind in kinds):
            return self.by_jsonschema({"type": value})
        return any_of([TYPES[kind] for kind in kinds])

    def k_properties(self, value, node) -> Check:
        pairs = tuple((name, self.check(schema)) for name, schema in value.items())

        def properties(instance) -> bool:
            if not isinstance(instance, dict):
                return True
            for name, check in pairs:
                if name in instance and not check(instance[name]):
                    return False
            return True
        return properties

    def k_required(self, value, node) -> Check:
        names = tuple(value)
        return lambda instance: not isinstance(instance, dict) or all(
            name in instance for name in names)

    def k_additionalProperties(self, value, node) -> Check:
        # (with patternProperties, not compiled, the whole node is jsonschema's)
        known = frozenset(node.get("properties", {}))
        if value is False:
            return lambda instance: not isinstance(instance, dict) or known.issuperset(instance)
        check = self.check(value)
        return lambda instance: not isinstance(instance, dict) or all(
            check(item) for name, item in instance.items() if name not in known)

    def k_items(self, value, node) -> Check:
        check = self.check(value)
        return lambda instance: not isinstance(instance, list) or all(map(check, instance))

    def k_minItems(self, value, node) -> Check:
        return lambda instance: not isinstance(instance, list) or len(instance) >= value

    def k_maxItems(self, value, node) -> Check:
        return lambda instance: not isinstance(instance, list) or len(instance) <= value

    def k_minLength(self, value, node) -> Check:
        return lambda instance: not isinstance(instance, str) or len(instance) >= value

    def k_maxLength(self, value, node) -> Check:
        return lambda instance: not isinstance(instance, str) or len(instance) <= value

    def k_minProperties(self, value, node) -> Check:
        return lambda instance: not isinstance(instance, dict) or len(instance) >= value

    def k_uniqueItems(self, value, node) -> Check | None:
        if not value:
            return None
        slow = self.by_jsonschema({"uniqueItems": True})

        def unique(instance) -> bool:
            if not isinstance(instance, list):
                return True
            if all(isinstance(item, str) for item in instance):
                return len(set(instance)) == len(instance)
            return slow(instance)  # jsonschema's equality: 1 and True differ, [1] and [1.0] not
        return unique

    def k_enum(self, value, node) -> Check:
        texts = frozenset(item for item in value if isinstance(item, str))
        slow = self.by_jsonschema({"enum": value})
        # a text equals only a text (jsonschema's `equal`); other values are jsonschema's call
        return lambda instance: instance in texts if isinstance(instance, str) else slow(
            instance)

    def k_const(self, value, node) -> Check:
        return self.k_enum([value], node) if isinstance(value, str) else self.by_jsonschema(
            {"const": value})

    def k_pattern(self, value, node) -> Check:
        search = re.compile(value).search
        return lambda instance: not isinstance(instance, str) or search(instance) is not None

    def k_format(self, value, node) -> Check | None:
        checker = self.format_checker
        if checker is None:
            return None
        return lambda instance: checker.conforms(instance, value)

    def k_minimum(self, value, node) -> Check:
        return lambda instance: not (is_number(instance) and instance < value)

    def k_maximum(self, value, node) -> Check:
        return lambda instance: not (is_number(instance) and instance > value)

    def k_propertyNames(self, value, node) -> Check:
        check = self.check(value)
        return lambda instance: not isinstance(instance, dict) or all(map(check, instance))

    def k_allOf(self, value, node) -> Check:
        return all_of([self.check(schema) for schema in value])

    def k_anyOf(self, value, node) -> Check:
        return any_of([self.check(schema) for schema in value])

    def k_oneOf(self, value, node) -> Check:
        checks = [self.check(schema) for schema in value]
        return lambda instance: sum(1 for check in checks if check(instance)) == 1

    def k_not(self, value, node) -> Check:
        check = self.check(value)
        return lambda instance: not check(instance)

    def k_if(self, value, node) -> Check | None:
        if "then" not in node and "else" not in node:
            return None  # an `if` alone asserts nothing
        condition = self.check(value)
        then, otherwise = self.check(node.get("then", True)), self.check(node.get("else", True))
        return lambda instance: then(instance) if condition(instance) else otherwise(instance)

    def k_then(self, value, node) -> None:
        return None  # applied by `if`; without it, nothing

    def k_else(self, value, node) -> None:
        return None


def ours(function, value, node: dict) -> Check:
    """One of our keywords, by the function jsonschema calls (a generator of errors)."""
    return lambda instance: next(function(None, value, instance, node), None) is None


def all_of(checks: list[Check]) -> Check:
    if not checks:
        return always
    if len(checks) == 1:
        return checks[0]
    checks = tuple(checks)

    def every(instance) -> bool:
        for check in checks:  # noqa: SIM110 - a loop: all() over a generator is slower
            if not check(instance):
                return False
        return True
    return every


def any_of(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]
    checks = tuple(checks)
    return lambda instance: any(check(instance) for check in checks)
