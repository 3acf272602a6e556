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

import copy
import marshal
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

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
STR_TAG = "tag:yaml.org,2002:str"


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


def placed(node, place: Path_ = ()):
    """(place, value) of `node` and of every value under it, mappings and lists entered."""
    yield place, node
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(
        node, list) else ()
    for key, value in items:
        yield from placed(value, (*place, key))


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


def checked_events(path: Path, text: str, loader) -> list:
    """The document's events; anchors (&a) and aliases (*a) are refused, and nesting deeper
    than MAX_DEPTH, while they are read (before anything is built from them)."""
    events, depth = [], 0
    for event in yaml.parse(text, Loader=loader):
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            alias = isinstance(event, yaml.AliasEvent)
            written = f"{'*' if alias else '&'}{anchor}"
            raise BuildError(path, f"line {event.start_mark.line + 1}", f"uses "
                             f"{'an alias' if alias else 'an anchor'} ({written}): anchors and "
                             "aliases are refused in curated files",
                             "write the value out in full where it is used")
        depth += isinstance(event, yaml.CollectionStartEvent)
        depth -= isinstance(event, yaml.CollectionEndEvent)
        if depth > MAX_DEPTH:
            raise BuildError(path, f"line {event.start_mark.line + 1}, column "
                             f"{event.start_mark.column + 1}",
                             f"nests lists and mappings more than {MAX_DEPTH} levels deep",
                             "write the value with the nesting its schema describes (no input "
                             "of this project nests that deep)")
        events.append(event)
    return events


def read_events(path: Path, text: str) -> list:
    try:
        return checked_events(path, text, SAFE_LOADER)
    except yaml.YAMLError:
        pass  # parse again with the pure-Python parser, whose messages are the ones we report
    try:
        return checked_events(path, text, yaml.SafeLoader)  # it may find an anchor first
    except yaml.YAMLError as error:
        raise yaml_error(path, error) from None


class Builder:
    """Python values from the parser's events (as PyYAML's composer and safe constructor
    would make them, without building its nodes), recording each value's line; keys once, as
    text."""

    def __init__(self, path: Path, text: str, events: list):
        self.path = path
        self.lines: dict[Path_, int] = {}
        self.events, self.at = events, 0
        self.scalars = SafeConstructor()
        self.resolver = Resolver()
        # The raw text has passed the character rules (decode): without an escape (a
        # backslash), a value holds only the raw text's characters, and of those only the line
        # feeds and tabs that the raw text may hold but a value outside a quote may not.
        self.escapes = "\\" in text

    def document(self):
        """The value of the stream's one document (None for none); another document is an
        error, as for yaml.compose."""
        self.at = 1  # after StreamStartEvent
        if isinstance(self.events[self.at], yaml.StreamEndEvent):
            return None
        self.at += 1  # after DocumentStartEvent
        value = self.build(())
        self.at += 1  # after DocumentEndEvent
        event = self.events[self.at]
        if not isinstance(event, yaml.StreamEndEvent):
            raise BuildError(self.path, f"line {event.start_mark.line + 1}, column "
                             f"{event.start_mark.column + 1}", "YAML does not parse: but found "
                             "another document", "fix the YAML syntax at that place")
        return value

    def build(self, place: Path_):
        event = self.events[self.at]
        self.at += 1
        self.lines[place] = event.start_mark.line + 1
        if isinstance(event, yaml.CollectionStartEvent):
            self.plain_collection(event, place)
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(place)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list = []
            while not isinstance(self.events[self.at], yaml.SequenceEndEvent):
                items.append(self.build((*place, len(items))))
            self.at += 1
            return items
        value = self.scalar(event, place)
        if isinstance(value, str):
            self.check_text(value, event, place)
        return value

    def plain_collection(self, event, place: Path_) -> None:
        """A mapping or list with a tag (!!set, !!omap, !foo) is not what it looks like:
        refused (a curated file writes plain mappings and lists)."""
        plain = ("tag:yaml.org,2002:map" if isinstance(event, yaml.MappingStartEvent)
                 else "tag:yaml.org,2002:seq")
        if event.tag not in (None, "!", plain):
            raise BuildError(self.path, f"line {event.start_mark.line + 1}", f"{where(place)}: "
                             f"the tag {event.tag} is not read in curated files",
                             "write a plain mapping or list, without a tag")

    def scalar(self, event, place: Path_):
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == STR_TAG:
            return event.value  # what the safe constructor makes of a text
        line = f"line {event.start_mark.line + 1}"
        if tag in NUMBER_TAGS and len(event.value) > MAX_NUMBER_CHARS:
            raise BuildError(self.path, line, f"{where(place)}: the number "
                             f"{shown(event.value)} has {len(event.value)} characters, more "
                             "than any number of this project", "write the right number")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                               style=event.style)
        try:
            return self.scalars.construct_object(node)
        except (ConstructorError, ValueError, OverflowError, KeyError, AttributeError,
                TypeError, IndexError) as error:  # e.g. `!!bool JP`, `!!timestamp JP`
            raise BuildError(self.path, line, f"{where(place)}: the value {shown(event.value)} "
                             f"cannot be read: {getattr(error, 'problem', None) or error}",
                             "write it as plain text, a number, true/false or null") from None

    def check_text(self, text: str, event, place: Path_) -> None:
        """The raw text's character rules, for the value as decoded (escapes included: only a
        double-quoted scalar has them; any other holds only the raw text's characters)."""
        quote = bool(place) and place[-1] in QUOTE_KEYS
        escaped = self.escapes and event.style == '"'
        if not escaped and (quote or ("\n" not in text and "\t" not in text)):
            return
        found = first_refused(text, controls=frozenset("\n\t" if quote else ""))
        if found:
            index, reason = found
            raise BuildError(self.path, f"line {event.start_mark.line + 1}: {where(place)}",
                             f"the value holds {describe(text[index])} (character "
                             f"{index + 1}): {reason}" + ("; only a quote may hold line breaks "
                                                          "and tabs" if text[index] in "\n\t"
                                                          else ""),
                             "delete it, or the escape that writes it (such as \\u200b or "
                             "\\n in double quotes)")

    def mapping(self, place: Path_) -> dict:
        result: dict = {}
        while not isinstance(self.events[self.at], yaml.MappingEndEvent):
            line = self.events[self.at].start_mark.line + 1
            key = self.build((*place, "<key>"))
            if not isinstance(key, str):
                raise BuildError(self.path, f"line {line}", f"{where(place)}: the key {key!r} "
                                 "is not text", "write keys as names (quote it if need be)")
            if key in result:
                raise BuildError(self.path, f"line {line}", f"{where((*place, key))}: the key "
                                 f"{key!r} is written twice in one mapping (YAML would keep "
                                 "the last silently)", "keep one of them")
            result[key] = self.build((*place, key))
            self.lines[(*place, key)] = line
        self.at += 1
        self.lines.pop((*place, "<key>"), None)
        return result


def read_document(path: Path, limit: int = MAX_YAML_BYTES) -> Document:
    path = Path(path)
    return parse_document(path, read_input(path, limit, "a curated YAML file"))


def parse_document(path: Path, data: bytes) -> Document:
    text = decode(path, data)
    builder = Builder(path, text, read_events(path, text))
    value = builder.document()
    return Document(path, value, builder.lines)


def load_yaml(path: Path):
    """The data of a YAML file, read as `read_document` reads it."""
    return read_document(path).data


def dump_yaml(data) -> str:
    """The canonical form of a curated YAML file (what `make format-reference` writes)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000,
                          default_flow_style=False, indent=2)


def copied(data):
    """A deep copy of a document's data (YAML's plain values: marshal copies them at C speed;
    anything else, such as an unquoted date the schema refuses, by deepcopy)."""
    try:
        return marshal.loads(marshal.dumps(data))
    except ValueError:
        return copy.deepcopy(data)
