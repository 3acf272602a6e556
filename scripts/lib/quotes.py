"""The quotes of the curated files: verbatim in the held texts they cite, and writing the
names they are cited for.

- A held release is cited by the url its record gives, written the same way.
- Any quote of reference/ (a `sources` entry of organizations.yaml, forums.yaml, terms.yaml
  or topics.yaml, an evidence entry of dialogue-series.yaml, …: a mapping with a url and a
  quote) whose url names a held release is copied from that release's text exactly.
- A name an entity's `sources` entry is cited for (`supports: name_ja, aliases_en`: the
  entity's name, aliases and abbreviation) is written in one of the quotes cited for it,
  width, case, spaces and punctuation aside, as whole words (`written_in`).
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse

from scripts.lib.errors import BuildError
from scripts.lib.ids import source_id_from_url
from scripts.lib.inputs import Problem
from scripts.lib.yamlio import placed, where

# an entity's names, in the order the rules across files report them (crossfile.py too)
NAME_FIELDS = ("name_ja", "aliases_ja", "name_en", "aliases_en", "abbreviation")
# what a source may support that is no field: that a release mentions the body, or that it
# took part (a note says where)
SUPPORTED_FACTS = ("mention", "participation")
ENTITY_FILES = ("organizations", "forums", "terms", "topics")
NOT_WORD = re.compile(r"[\W_]+")
INSIDE_WORD = re.compile(r"[.'’]")
POSSESSIVE = re.compile(r"(?<=[a-z])['’]s\b")  # the Department of Commerce’s: of Commerce
LATIN = re.compile(r"[a-z0-9]")
BESIDE_OTHER_SCRIPT = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")


def words(text: str) -> str:
    """A text's words, width and case folded (NFKC, casefold), without the stops and
    apostrophes inside them, one space between Latin words and none beside other scripts:
    U.S.-Japan and US-Japan, Washington, D.C. and Washington D.C., 国際戦略局 国際経済課 and
    国際戦略局国際経済課 are one writing."""
    text = POSSESSIVE.sub("", unicodedata.normalize("NFKC", text).casefold())
    text = INSIDE_WORD.sub("", text)
    return BESIDE_OTHER_SCRIPT.sub("", NOT_WORD.sub(" ", text)).strip()


def written_in(text: str, quote: str) -> bool:
    """Whether the quote writes the text, as whole words (NIST is not written in
    Administration, nor U.S. in discussed)."""
    written = words(text)
    if not written:
        return False
    before = r"(?<![a-z0-9])" if LATIN.match(written[0]) else ""
    after = r"(?![a-z0-9])" if LATIN.match(written[-1]) else ""  # a Latin word's own edge
    return re.search(before + re.escape(written) + after, words(quote)) is not None


def quoted(node):
    """(place, url, quote) of every mapping under `node` that quotes a url."""
    for place, value in placed(node):
        if isinstance(value, dict) and isinstance(value.get("quote"), str):
            url = value.get("url") if isinstance(value.get("url"), str) else value.get("source")
            if isinstance(url, str):
                yield place, url, value["quote"]


def document_key(url: str) -> tuple[str, str, str]:
    """What names one page whatever way its url is written: the scheme (http and https are
    told apart where the urls' source ids meet), the host without www., and the path decoded,
    in lower case, without ;parameters, a trailing / or .html/.htm (a query and fragment
    dropped)."""
    parts = urllib.parse.urlsplit(url)
    path = urllib.parse.unquote(parts.path).lower().split(";")[0].rstrip("/")
    return (parts.scheme.lower(), (parts.hostname or "").removeprefix("www."),
            re.sub(r"\.html?$", "", path))


def cited_urls(node):
    """(place, url) of every url of a curated file (a `url` or `source` value)."""
    return [(place, value) for place, value in placed(node)
            if place and place[-1] in ("url", "source") and isinstance(value, str)]


def held_url_problems(registry, held_urls: dict[str, str]) -> list[Problem]:
    """A held release cited by a url written otherwise than its record writes it
    (01tsushin08%5F02000172.html, …02000172.HTML, …02000172.html/): the url would name
    another document, whose quotes nothing checks against the held text."""
    keys = {document_key(url): (source_id, url) for source_id, url in held_urls.items()}
    problems = []
    for name, document in registry.documents.items():
        for place, url in cited_urls(document.data):
            source_id, written = keys.get(document_key(url), (None, url))
            if url != written:
                problems.append(Problem(
                    f"reference/{name}.yaml", f"line {document.line(place)}: {where(place)}",
                    f"{url!r} names the held release {source_id}, written otherwise than its "
                    f"record writes it ({written!r})", "write the url the same way in both, as "
                    "the publisher gives it (if the record's is the mistyped one, correct it "
                    "and its source_id, and rename the text and its record after it)"))
    return problems


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


def supported_fields(supports: str) -> list[str]:
    """'name_en, aliases_ja (as parent prefix)' -> ['name_en', 'aliases_ja']."""
    return [re.sub(r"\s*\([^)]*\)$", "", part.strip()) for part in supports.split(",")]


def entry_problems(registry, name: str, place: tuple, entry: dict) -> list[Problem]:
    quotes: dict[str, list[str]] = {}
    problems = []
    for index, source in enumerate(entry.get("sources") or []):
        fields = supported_fields(source.get("supports") or "")
        unknown = [f for f in fields if f not in entry and f not in SUPPORTED_FACTS]
        if unknown:
            at = (*place, "sources", index, "supports")
            problems.append(Problem(
                f"reference/{name}.yaml", f"line {registry.documents[name].line(at)}: "
                f"{where(at)}", f"{unknown[0]!r} is not a field of the entry (nor "
                + " or ".join(SUPPORTED_FACTS) + "), so what it supports is checked against "
                "nothing", "name the fields the quote supports, separated by commas "
                "(name_ja, aliases_en, …), each as the entry has it"))
        if source.get("quote"):
            for field in fields:
                quotes.setdefault(field, []).append(source["quote"])
    for field in NAME_FIELDS:
        value = entry.get(field)
        values = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, text in values:
            if isinstance(text, str) and field in quotes and not any(
                    written_in(text, quote) for quote in quotes[field]):
                at = (*place, field) + (() if index is None else (index,))
                problems.append(Problem(
                    f"reference/{name}.yaml", f"line {registry.documents[name].line(at)}: "
                    f"{where(at)}", f"{text!r} is not written in any quote cited for "
                    f"{field} (supports: {field})", "write it as the cited source does, or "
                    "cite (with its quote) a source that writes it so"))
    return problems
