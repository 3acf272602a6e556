"""Telephone numbers as the releases print them, in RFC 3966 form (tel:+81-3-5253-5928).

A number is a domestic number of its country (reference/countries.yaml): digits in groups
joined by hyphens (or with the area code in parentheses), starting with the trunk prefix, and
of the length the country's numbering gives numbers with its first digits (Japan: 10 digits,
11 for 050, 070, 080, 090, 020 and 0800): a digit too many or too few is a misprint or a
typing error, not a number to publish.
"""

from __future__ import annotations

import re

from scripts.lib.errors import BuildError

FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９－", "0123456789-")


def rfc3966(phone: str, country: dict, file: str, place: str) -> str:
    """03-5253-5928 (or 03(5253)5928) -> tel:+81-3-5253-5928: a domestic number of `country`
    (reference/countries.yaml) without its trunk prefix, after + and the calling code."""
    # 03(5253)5928 and (03)5253-5928 are 03-5253-5928 written with parentheses
    digits = re.sub(r"\((\d+)\)", r"-\1-", phone.translate(FULL_WIDTH_DIGITS)).strip("-")
    digits = re.sub(r"-{2,}", "-", digits)
    if not re.fullmatch(r"[0-9]+(-[0-9]+)*", digits):
        raise BuildError(file, place, f"phone {phone!r} is not digits in groups joined by "
                         "hyphens (03-5253-5928)", "correct the number as published, or teach "
                         "scripts/lib/phones.py this form")
    if not digits.startswith(country["trunk_prefix"]):
        raise BuildError(file, place, f"phone {phone!r} is not a domestic number of "
                         f"{country['code']} (trunk prefix {country['trunk_prefix']})",
                         "correct the number as published, or teach scripts/lib/phones.py "
                         "this form")
    number = digits.replace("-", "")
    prefix, length = max(((rule["prefix"], rule["digits"]) for rule in country["number_lengths"]
                          if number.startswith(rule["prefix"])), default=(None, None),
                         key=lambda rule: len(rule[0]))
    if length is not None and len(number) != length:
        raise BuildError(file, place, f"phone {phone!r} has {len(number)} digits, but a "
                         f"number of {country['code']} starting {prefix} has {length} "
                         "(reference/countries.yaml, number_lengths)", "correct the number "
                         "as published (a digit too many or too few?)")
    return f"tel:+{country['calling_code']}-" + digits[len(country["trunk_prefix"]):]
