"""Canonical form of the curated YAML files in reference/.

A file is its leading comment block, then the data as `scripts.yamlio.dump_yaml` writes it
(block style, two-space indents, keys in the order written, Japanese unescaped). Registries
keep their entries sorted by key (SORTED below); other lists keep their meaningful order
(classification rules apply in order; translations follow the document). Comments go in the
header, not between entries, so that rewriting a file never loses one.

    python -m scripts.format_reference          rewrite every file in canonical form
    python -m scripts.format_reference --check  exit 1 and name the files that are not
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.model import ROOT
from scripts.yamlio import dump_yaml, load_yaml

SORTED = {"organizations.yaml": ("organizations", "id"), "forums.yaml": ("forums", "id"),
          "terms.yaml": ("terms", "abbreviation")}
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


def files(root: Path = ROOT) -> list[Path]:
    return [p for p in sorted((root / "reference").glob("*.yaml")) if p.name not in VERBATIM]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write or check reference/*.yaml formatting.")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    stale = [p for p in files() if p.read_text(encoding="utf-8") != canonical(p)]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(ROOT)}: not in canonical order and format\n"
                  "  fix: python -m scripts.format_reference", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(canonical(path), encoding="utf-8")
        print(f"formatted {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
