"""One licence statement for every file: README and LICENSE put each part of the repository
under the same terms, and leave none out."""

from __future__ import annotations

import re
import subprocess

from tests.conftest import ROOT

# The parts a licence statement names: each top-level file or folder git tracks, with
# docs/examples/ apart from docs/ and the source texts apart from their provenance records
# (LICENSE, the licences' own text, is not one).
SPLIT = {"docs/": ["docs/", "docs/examples/"],
         "sources/": ["sources/*.txt", "sources/*.source.yaml"]}


def parts() -> set[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    tops = {path.split("/")[0] + ("/" if "/" in path else "") for path in listed}
    return {part for top in tops - {"LICENSE"} for part in SPLIT.get(top, [top])}


def named(text: str, candidates: set[str]) -> set[str]:
    """The candidates a passage names, without those it excepts ("docs/ except docs/x/")."""
    text = re.sub(r"except\s+`?[^\s`),]+`?", "", text)
    tokens = set(re.findall(r"[\w.*-]+(?:/[\w.*-]+)*/?", text))
    return candidates & tokens


def readme_terms() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Licence, attribution and citation"):]
    bullets = re.findall(r"^- \*\*([^*]+)\*\*(.*?)(?=^- |^\n|\Z)", section, re.M | re.S)
    return by_part({title: re.sub(r"\]\([^)]*\)", "]", body) for title, body in bullets})


def licence_terms() -> dict[str, str]:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    sections = re.split(r"^(\d\. [A-Z][A-Z :]+.*)$", text, flags=re.M)[1:]
    # Only the paragraph that lists the parts: up to the first blank line after the heading.
    return by_part({heading: body.strip().split("\n\n")[0]
                    for heading, body in zip(sections[0::2], sections[1::2], strict=True)})


def by_part(passages: dict[str, str]) -> dict[str, str]:
    candidates, terms = parts(), {}
    for title, body in passages.items():
        for part in named(body, candidates):
            assert part not in terms, f"{part} is under both {terms[part]!r} and {title!r}"
            terms[part] = title
    return terms


def test_readme_and_licence_give_every_part_one_licence_and_agree():
    everything = parts()
    assert {"data/", "scripts/", "docs/examples/", "sources/*.txt"} <= everything
    readme, licence = readme_terms(), licence_terms()
    assert set(readme) == everything, f"README names no licence for {everything - set(readme)}"
    assert set(licence) == everything, f"LICENSE names none for {everything - set(licence)}"
    kinds = {"Data and documentation": "1. DATA AND DOCUMENTATION: CC BY 4.0",
             "The source texts": "2. SOURCE TEXTS: Government of Japan Standard Terms of Use 2.0",
             "Code": "3. CODE: MIT"}
    for part in sorted(everything):
        assert kinds[readme[part].strip(",: ")] == licence[part].strip(), part
