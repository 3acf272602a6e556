"""`written_in`: whether a quote writes a name, as whole words, width, case, spaces and
punctuation aside (the rule that a listed body, a head's name or an entity's cited name is
written in its quote)."""

from __future__ import annotations

import pytest

from scripts.lib.quotes import written_in

WRITTEN = [
    ("Department of State", "officials representing the Department of State, the Federal"),
    ("Washington, D.C.", "was held in Washington D.C."),
    ("U.S.-Japan Policy Cooperation", "the US-Japan Policy Cooperation Dialogue"),
    ("MIC", "In addition to the MIC, the Ministry of Foreign Affairs"),
    ("国際戦略局 国際経済課", "総務省国際戦略局国際経済課"),
    ("アジア太平洋経済協力", "アジア太平洋経済協力(APEC)において"),
    ("APEC", "アジア太平洋経済協力(APEC)において"),
    ("AIセーフティ・インスティテュート", "新たに設立されるAIセーフティ・インスティテュート間の協力"),
    ("ＭＩＣ", "the MIC"),
    ("Department of Commerce", "the Department of Commerce’s National Institute of Standards"),
    ("NTIA", "NTIA's Administrator"),
]
NOT_WRITTEN = [
    ("NIST", "the National Telecommunications and Information Administration"),
    ("U.S.", "the two sides discussed"),
    ("U.S. Department of Defense", "the Department of Homeland Security"),
    ("Phillip Verveer", "Ambassador Philip Verveer"),
    ("Department of State (FCC)", "the Department of State, the Federal Communications"),
    ("", "anything"),
]


@pytest.mark.parametrize(("text", "quote"), WRITTEN)
def test_written(text, quote):
    assert written_in(text, quote)


@pytest.mark.parametrize(("text", "quote"), NOT_WRITTEN)
def test_not_written(text, quote):
    assert not written_in(text, quote)
