"""Reading JSON that comes from outside (a package given to `validate` or `diff`, a release's
datapackage.json): UTF-8, well formed, and nested at most MAX_JSON_DEPTH levels, the nesting
measured before the parser runs (Python's parser recurses once per level: 100,000 `[` would
end in a RecursionError). Every refusal is a BuildError naming the file, line and column.
"""

from __future__ import annotations

import json
import re

from scripts.lib.errors import BuildError

MAX_JSON_DEPTH = 64  # datapackage.json nests 7 levels (resources, schema, fields, constraints)
# A string (skipped whole, escapes included) or a bracket: the nesting, strings aside.
TOKENS = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]', re.DOTALL)  # possessive: no backtracking
KINDS = {list: "an array", str: "a string", int: "a number", float: "a number",
         bool: "true or false", type(None): "null"}


def place_of(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    return f"line {line}, column {index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def check_depth(text: str, file: str, fix: str) -> None:
    depth = 0
    for match in TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise BuildError(file, place_of(text, match.start()), "nests arrays and objects "
                                 f"more than {MAX_JSON_DEPTH} levels deep", fix)
        elif token in "]}":
            depth -= 1


def parse_json(data: bytes, file: str, fix: str):
    """The JSON value of `data`, read from `file` (named in messages)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BuildError(file, f"byte {error.start + 1}", "is not UTF-8 text", fix) from None
    check_depth(text, file, fix)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BuildError(file, f"line {error.lineno}, column {error.colno}",
                         f"is not valid JSON: {error.msg}", fix) from None
    except (ValueError, RecursionError) as error:  # a number too long to convert, say
        raise BuildError(file, "file", f"is not valid JSON: {error}", fix) from None


def parse_object(data: bytes, file: str, fix: str) -> dict:
    """`parse_json`, refusing a value that is not an object (a JSON descriptor's form)."""
    value = parse_json(data, file, fix)
    if not isinstance(value, dict):
        raise BuildError(file, "top level", f"is {KINDS[type(value)]}, not a JSON object",
                         fix)
    return value
