"""Characters an input may not hold: invisible, format and control characters, and digits of
scripts other than ASCII and full-width.

A release text and a curated file are compared, matched and quoted character for character, so
a character one cannot see (U+200B ZERO WIDTH SPACE, U+00AD SOFT HYPHEN, U+FEFF inside the text,
a bidirectional control such as U+202E, a combining mark that makes か look like が) would make a
name, a sentence or a translation silently stop matching. They are refused, with the line, the
column and the code point, rather than removed: the file must stay as it was published.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from scripts.lib.errors import BuildError

# Unicode general categories refused: Cc control (tab and line feed excepted), Cf format (zero
# width characters, bidirectional controls, soft hyphen, BOM), Co private use, Cn unassigned,
# Cs surrogates, Zl/Zp line and paragraph separators, Mn/Me combining marks (variation
# selectors included).
REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp", "Mn", "Me"}
ALLOWED_CONTROLS = frozenset("\n\t")
ALLOWED_DIGITS = set("0123456789０１２３４５６７８９")


def describe(char: str) -> str:
    """'U+200B ZERO WIDTH SPACE'."""
    unnamed = "CONTROL CHARACTER" if unicodedata.category(char) == "Cc" else "unnamed character"
    return f"U+{ord(char):04X} {unicodedata.name(char, unnamed)}"


def position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def refused(char: str, digits: bool, controls: frozenset = ALLOWED_CONTROLS) -> str | None:
    """Why `char` is refused, or None; `controls`: the control characters allowed."""
    if char in controls:
        return None
    category = unicodedata.category(char)
    if category in REFUSED_CATEGORIES:
        return "an invisible, format or control character"
    if digits and category == "Nd" and char not in ALLOWED_DIGITS:
        return "a digit of another script (numerals are ASCII, full-width or kanji)"
    return None


# The characters found acceptable so far, per (digits, controls): a text's characters are
# looked up once each, not once per text.
_ACCEPTED: dict[tuple[bool, frozenset], set[str]] = {}


def first_refused(text: str, digits: bool = False,
                  controls: frozenset = ALLOWED_CONTROLS) -> tuple[int, str] | None:
    """(index, reason) of the first refused character of `text`, or None."""
    accepted = _ACCEPTED.setdefault((digits, controls), set())
    bad = {}
    for char in set(text).difference(accepted):
        reason = refused(char, digits, controls)
        if reason:
            bad[char] = reason
        else:
            accepted.add(char)
    if not bad:
        return None
    index = min(text.index(char) for char in bad)
    return index, bad[text[index]]


def check_characters(path: str | Path, text: str, *, digits: bool, fix: str) -> None:
    """Stop at the first refused character of `text`; `digits`: refuse other scripts' digits."""
    found = first_refused(text, digits)
    if found:
        index, reason = found
        raise BuildError(path, position(text, index), f"holds {describe(text[index])}: {reason}",
                         fix)


def decode_utf8(path: str | Path, data: bytes, then: str = "") -> str:
    """`data` as UTF-8 without BOM; `then` is added to the fix (e.g. ', then update sha256')."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise BuildError(path, "byte 0", "starts with a UTF-8 byte-order mark",
                         f"save the file as UTF-8 without BOM{then}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BuildError(path, f"line {line}, byte {error.start}", "not valid UTF-8 "
                         "(Shift_JIS/CP932?)", "convert the file to UTF-8 (e.g. `iconv -f "
                         f"CP932 -t UTF-8`){then}") from None
