"""Reading and writing the curated YAML files: safe, strict, and with the line of every value.

`read_document` reads a file the way the build trusts it: a regular file within a size bound,
UTF-8 without BOM, no invisible or format characters, one YAML document, no anchors or aliases
(`&a` / `*a`: an alias bomb expands to gigabytes, and a shared value is not what a curator
reads), no key written twice in one mapping (YAML would keep the last silently). It returns the
data and the line of every value, so that a schema error names its line
(`reference/organizations.yaml: line 27: organizations[3].aliases_ja: must be a list`).

The character rules of the raw text hold for every value as YAML decodes it too: an escape
(`"\u202e"`, `"\0"`, `"\n"`) must not bring in what the raw text may not hold. Only a verbatim
quote (a key `quote`) may hold line feeds and tabs, as the texts it quotes do. Nesting is bounded
(MAX_DEPTH) while the events are read, before anything is built from them, and a number is
refused once it is longer than any number of this project (MAX_NUMBER_CHARS).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from scripts.lib.characters import check_characters, decode_utf8, describe, first_refused
from scripts.lib.errors import BuildError
from scripts.lib.files import MAX_YAML_BYTES, read_input

# libyaml's C parser when PyYAML was built with it (the pinned wheel is): the same documents,
# several times faster. A document it rejects is parsed again by the pure-Python parser, so
# that errors read as they always have.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Path_ = tuple  # a value's place in the document: ("organizations", 3, "aliases_ja")
MAX_DEPTH = 32  # the deepest curated or model file nests 7 levels
MAX_NUMBER_CHARS = 30  # a size in bytes, a meeting's number, a year: far fewer characters
QUOTE_KEYS = {"quote"}  # verbatim quotes: may hold the line feeds and tabs of what they quote
NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


@dataclass
class Document:
    path: Path
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)  # place -> 1-based line

    def line(self, place: Path_) -> int:
        """The line of the value at `place`, or of the nearest enclosing value."""
        place = tuple(place)
        while place not in self.lines and place:
            place = place[:-1]
        return self.lines.get(place, 1)


def shown(value, limit: int = 60) -> str:
    """repr(value), cut to `limit` characters: a message never echoes a whole long value."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "…"


def where(place: Path_) -> str:
    """("organizations", 3, "aliases_ja") -> 'organizations[3].aliases_ja'."""
    text = ""
    for part in place:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "top level"


def decode(path: Path, data: bytes) -> str:
    text = decode_utf8(path, data)
    check_characters(path, text, digits=False, fix="delete the character (retype the text "
                     "around it if it was pasted)")
    return text


def yaml_error(path: Path, error: yaml.YAMLError) -> BuildError:
    mark = getattr(error, "problem_mark", None)
    place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
    problem = getattr(error, "problem", None) or str(error)
    return BuildError(path, place, f"YAML does not parse: {problem}",
                      "fix the YAML syntax at that place")


def check_events(path: Path, text: str) -> None:
    """Anchors (&a) and aliases (*a) are refused, and nesting deeper than MAX_DEPTH, before
    anything is built from the events (building nests as deep as the document)."""
    depth = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        line = event.start_mark.line + 1
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            alias = isinstance(event, yaml.AliasEvent)
            written = f"{'*' if alias else '&'}{anchor}"
            raise BuildError(path, f"line {line}", f"uses {'an alias' if alias else 'an anchor'} "
                             f"({written}): anchors and aliases are refused in curated files",
                             "write the value out in full where it is used")
        depth += isinstance(event, yaml.CollectionStartEvent)
        depth -= isinstance(event, yaml.CollectionEndEvent)
        if depth > MAX_DEPTH:
            raise BuildError(path, f"line {line}, column {event.start_mark.column + 1}",
                             f"nests lists and mappings more than {MAX_DEPTH} levels deep",
                             "write the value with the nesting its schema describes (no input "
                             "of this project nests that deep)")


def compose(path: Path, text: str):
    try:
        check_events(path, text)
        return yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        pass  # parse again with the pure-Python parser, whose messages are the ones we report
    try:
        check_events(path, text)  # the C parser may have stopped before the anchor
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise yaml_error(path, error) from None


class Builder:
    """Python values from composed nodes, recording each value's line; keys once, as text."""

    def __init__(self, path: Path, text: str = "\\"):
        self.path = path
        self.lines: dict[Path_, int] = {}
        self.scalars = SafeConstructor()
        # The raw text has passed the character rules (decode): without an escape (a
        # backslash), a value holds only the raw text's characters, and of those only the line
        # feeds and tabs that the raw text may hold but a value outside a quote may not.
        self.escapes = "\\" in text

    def build(self, node, place: Path_):
        self.lines[place] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, place)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*place, index)) for index, item in enumerate(node.value)]
        value = self.scalar(node, place)
        if isinstance(value, str):
            self.check_text(value, node, place)
        return value

    def scalar(self, node, place: Path_):
        line = f"line {node.start_mark.line + 1}"
        if node.tag in NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
            raise BuildError(self.path, line, f"{where(place)}: the number {shown(node.value)} "
                             f"has {len(node.value)} characters, more than any number of this "
                             "project", "write the right number")
        try:
            return self.scalars.construct_object(node)
        except (ConstructorError, ValueError, OverflowError) as error:
            raise BuildError(self.path, line, f"{where(place)}: the value {shown(node.value)} "
                             f"cannot be read: {getattr(error, 'problem', None) or error}",
                             "write it as plain text, a number, true/false or null") from None

    def check_text(self, text: str, node, place: Path_) -> None:
        """The raw text's character rules, for the value as decoded (escapes included)."""
        quote = bool(place) and place[-1] in QUOTE_KEYS
        if not self.escapes and (quote or ("\n" not in text and "\t" not in text)):
            return
        found = first_refused(text, controls=frozenset("\n\t" if quote else ""))
        if found:
            index, reason = found
            raise BuildError(self.path, f"line {node.start_mark.line + 1}: {where(place)}",
                             f"the value holds {describe(text[index])} (character "
                             f"{index + 1}): {reason}" + ("; only a quote may hold line breaks "
                                                          "and tabs" if text[index] in "\n\t"
                                                          else ""),
                             "delete it, or the escape that writes it (such as \\u200b or "
                             "\\n in double quotes)")

    def mapping(self, node, place: Path_) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = self.build(key_node, (*place, "<key>"))
            if not isinstance(key, str):
                raise BuildError(self.path, f"line {line}", f"{where(place)}: the key {key!r} "
                                 "is not text", "write keys as names (quote it if need be)")
            if key in result:
                raise BuildError(self.path, f"line {line}", f"{where((*place, key))}: the key "
                                 f"{key!r} is written twice in one mapping (YAML would keep "
                                 "the last silently)", "keep one of them")
            result[key] = self.build(value_node, (*place, key))
            self.lines[(*place, key)] = line
        self.lines.pop((*place, "<key>"), None)
        return result


def read_document(path: Path, limit: int = MAX_YAML_BYTES) -> Document:
    path = Path(path)
    return parse_document(path, read_input(path, limit, "a curated YAML file"))


def parse_document(path: Path, data: bytes) -> Document:
    text = decode(path, data)
    node = compose(path, text)
    if node is None:
        return Document(path, None, {})
    builder = Builder(path, text)
    data = builder.build(node, ())
    return Document(path, data, builder.lines)


def load_yaml(path: Path):
    """The data of a YAML file, read as `read_document` reads it."""
    return read_document(path).data


def dump_yaml(data) -> str:
    """The canonical form of a curated YAML file (what `make format-reference` writes)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000,
                          default_flow_style=False, indent=2)
