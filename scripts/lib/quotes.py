"""The quotes of the curated files: verbatim in the held texts they cite, and writing the
names they are cited for.

- Any quote of reference/ (a `sources` entry of organizations.yaml, forums.yaml, terms.yaml
  or topics.yaml, an evidence entry of dialogue-series.yaml, …: a mapping with a url and a
  quote) whose url names a held release is copied from that release's text exactly.
- A name an entity's `sources` entry is cited for (`supports: name_ja, aliases_en`: the
  entity's name, aliases and abbreviation) is written in one of the quotes cited for it,
  width, case, spaces and punctuation aside (`comparable`).
"""

from __future__ import annotations

import re
import unicodedata

from scripts.lib.errors import BuildError
from scripts.lib.ids import source_id_from_url
from scripts.lib.inputs import Problem
from scripts.lib.yamlio import where

NAME_FIELDS = ("name_ja", "name_en", "aliases_ja", "aliases_en", "abbreviation")
ENTITY_FILES = ("organizations", "forums", "terms", "topics")
NOT_WORD = re.compile(r"[\W_]+")


def comparable(text: str) -> str:
    """The letters and digits of a text, width and case folded (NFKC, casefold): U.S.-Japan
    and US-Japan, Washington, D.C. and Washington D.C. are one writing."""
    return NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def quoted(node, place: tuple = ()):
    """(place, url, quote) of every mapping under `node` that quotes a url."""
    if isinstance(node, dict):
        url = node.get("url") if isinstance(node.get("url"), str) else node.get("source")
        if isinstance(url, str) and isinstance(node.get("quote"), str):
            yield place, url, node["quote"]
        for key, value in node.items():
            yield from quoted(value, (*place, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from quoted(value, (*place, index))


def held_quote_problems(registry, held: dict[str, str]) -> list[Problem]:
    """Every quote of reference/ that cites a held release, found in its text."""
    problems = []
    for name, document in registry.documents.items():
        for place, url, quote in quoted(document.data):
            try:
                source_id = source_id_from_url(url)
            except BuildError:
                continue  # not a url (the schemas say where one is required)
            if source_id in held and quote not in held[source_id]:
                problems.append(Problem(
                    f"reference/{name}.yaml", f"line {document.line((*place, 'quote'))}: "
                    f"{where((*place, 'quote'))}", f"the quote is not in the held text of "
                    f"{source_id}", "quote the source verbatim: copy the words from its text "
                    "in sources/ (line breaks, brackets and spaces as they are)"))
    return problems


def supported_name_problems(registry) -> list[Problem]:
    """Each name a `sources` entry is cited for is written in a quote cited for it."""
    problems = []
    for name in ENTITY_FILES:
        document = registry.documents.get(name)
        entries = next((v for v in (document.data or {}).values() if isinstance(v, list)),
                       []) if document else []
        for index, entry in enumerate(entries):
            problems += entry_problems(registry, name, (name, index), entry)
    return problems


def entry_problems(registry, name: str, place: tuple, entry: dict) -> list[Problem]:
    quotes: dict[str, list[str]] = {}
    for source in entry.get("sources") or []:
        if source.get("quote"):
            for field in (source.get("supports") or "").split(","):
                quotes.setdefault(field.strip(), []).append(source["quote"])
    problems = []
    for field in NAME_FIELDS:
        value = entry.get(field)
        values = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, text in values:
            if isinstance(text, str) and field in quotes and not any(
                    comparable(text) in comparable(quote) for quote in quotes[field]):
                at = (*place, field) + (() if index is None else (index,))
                problems.append(Problem(
                    f"reference/{name}.yaml", f"line {registry.documents[name].line(at)}: "
                    f"{where(at)}", f"{text!r} is not written in any quote cited for "
                    f"{field} (supports: {field})", "write it as the cited source does, or "
                    "cite (with its quote) a source that writes it so"))
    return problems
