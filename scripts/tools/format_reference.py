"""Canonical form of the curated YAML files in reference/.

A file is its leading comment block, then the data as `scripts.lib.yamlio.dump_yaml` writes it
(block style, two-space indents, keys in the order written, Japanese unescaped). Registries
keep their entries sorted by key (SORTED below); other lists keep their meaningful order
(classification rules apply in order; translations follow the document). Comments go in the
header, not between entries, so that rewriting a file never loses one.

    python -m scripts format-reference          rewrite every file in canonical form
    python -m scripts format-reference --check  exit 1 and name the files that are not
"""

from __future__ import annotations

import sys
from pathlib import Path

from scripts.lib.project import Project
from scripts.lib.yamlio import dump_yaml, load_yaml

SORTED = {"organizations.yaml": ("organizations", "id"), "forums.yaml": ("forums", "id"),
          "terms.yaml": ("terms", "abbreviation"),
          "publishers.yaml": ("publishers", "organization_id"),
          "countries.yaml": ("countries", "code")}
VERBATIM = {"dialogue-series.yaml"}  # copied byte for byte from its curators: not reformatted


def split_header(text: str) -> tuple[str, str]:
    lines = text.splitlines(keepends=True)
    count = 0
    while count < len(lines) and lines[count].startswith("#"):
        count += 1
    return "".join(lines[:count]), "".join(lines[count:])


def canonical(path: Path) -> str:
    header, _ = split_header(path.read_text(encoding="utf-8"))
    data = load_yaml(path)
    if path.name in SORTED:
        key, field = SORTED[path.name]
        data[key] = sorted(data[key], key=lambda entry: str(entry[field]))
    return header + dump_yaml(data)


def files(project: Project) -> list[Path]:
    return [p for p in sorted(project.reference_dir.glob("*.yaml")) if p.name not in VERBATIM]


def format_reference(project: Project, check: bool = False) -> int:
    """Rewrite the files in canonical form; with `check`, 1 and their names when any is not."""
    stale = [p for p in files(project) if p.read_text(encoding="utf-8") != canonical(p)]
    for path in stale:
        name = project.relative(path)
        if check:
            print(f"{name}: not in canonical order and format\n"
                  "  fix: python -m scripts format-reference", file=sys.stderr)
        else:
            path.write_text(canonical(path), encoding="utf-8")
            print(f"formatted {name}")
    if not stale:
        print("reference/: every file is in canonical order and format")
    return 1 if check and stale else 0
