"""The curated-YAML reader builds values from the parser's events itself (scripts/lib/yamlio.py):
every value must be what PyYAML's safe loader makes of the same text, for every YAML file of
the repository and for the forms YAML can write a value in."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scripts.lib.errors import BuildError
from scripts.lib.yamlio import parse_document
from tests.conftest import ROOT

FILES = sorted(p for folder in ("reference", "model", "sources")
               for p in (ROOT / folder).rglob("*.yaml"))
FORMS = [
    "a: 1\nb: -0x1F\nc: 0o17\nd: 1_000\ne: 3.5\nf: .inf\ng: -.Inf\nh: .nan\n",
    "a: true\nb: False\nc: yes\nd: off\ne: ~\nf: null\ng:\nh: ''\n",
    "a: '2024-02-06'\nb: 2024-02-06\nc: 2024-02-06T10:00:00Z\n",
    "a: !!str 12\nb: !!int '12'\nc: !!float 1\nd: !!null ''\ne: !!bool 'true'\n",
    "- quote: |\n    two\n    lines\n- quote: >\n    folded\n    text\n\n    kept\n"
    "- quote: \"x\\ty\"\n- a: 'it''s'\n  b: \"\\u00e9\"\n",
    "- [1, two, {three: 3}]\n- {}\n- []\n- - nested\n  - list\n",
    "? complex\n: value\nplain: multi\n  line plain\n",
    "---\nkey: value\n...\n",
    "# only a comment\n",
    "",
    "just a scalar\n",
    "---\n",
]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_file_reads_as_the_safe_loader_reads_it(path: Path):
    data = path.read_bytes()
    assert parse_document(path, data).data == yaml.safe_load(data.decode("utf-8"))


@pytest.mark.parametrize("text", FORMS)
def test_every_form_of_a_value_reads_as_the_safe_loader_reads_it(text: str):
    expected = yaml.safe_load(text)
    got = parse_document(Path("form.yaml"), text.encode("utf-8")).data
    assert repr(got) == repr(expected)  # nan == nan is false; their reprs are equal


@pytest.mark.parametrize("text, words", [
    ("a: 1\n---\nb: 2\n", ["line 2, column 1", "but found another document"]),
    ("a: &x 1\nb: *x\n", ["line 1", "an anchor (&x)"]),
    ("a: 1\na: 2\n", ["line 2", "written twice"]),
    ("? [1]\n: v\n", ["line 1", "is not text"]),
    ("a: !!python/name:os.system x\n", ["line 1", "cannot be read"]),
    ("a: 12345678901234567890123456789012\n", ["line 1", "more than any number"]),
    ("a: [1\n", ["YAML does not parse"]),
    ("country: !!bool JP\n", ["line 1", "cannot be read"]),
    ("day: !!timestamp JP\n", ["line 1", "cannot be read"]),
    ("names: !!set {a, b}\n", ["line 1", "the tag tag:yaml.org,2002:set"]),
    ("pairs: !!omap [a: 1]\n", ["line 1", "not read in curated files"]),
    ("items: !custom [1]\n", ["line 1", "not read in curated files"]),
])
def test_what_the_safe_loader_would_accept_silently_or_refuses_is_refused_at_its_line(
        text, words):
    with pytest.raises(BuildError) as raised:
        parse_document(Path("bad.yaml"), text.encode("utf-8"))
    message = str(raised.value)
    for word in words:
        assert word in message, message
