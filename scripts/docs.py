"""Documentation generated from the package, so that it cannot drift from the data.

    docs/data-dictionary.md    every table and field, with a diagram of the keys (model)
    docs/dataset.jsonld        schema.org Dataset description (datapackage.json)
    docs/figures/*.svg         the meetings' timeline, the statement's sentences (data/*.csv)

`python -m scripts.build` writes them after publishing and `--check` compares them too.

    python -m scripts.docs            write them from the published package
    python -m scripts.docs --check    exit 1, naming the stale files, if any differs
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scripts import dictionary, figures, jsonld
from scripts.model import ROOT


def render_all(package: Path) -> dict[str, bytes]:
    """{path relative to the repository: content} for a package folder (built or published)."""
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    documents = {"docs/data-dictionary.md": dictionary.render(),
                 "docs/dataset.jsonld": jsonld.render(descriptor)}
    documents.update(figures.render(package))
    return {path: text.encode("utf-8") for path, text in documents.items()}


def write_all(package: Path, root: Path) -> None:
    for path, data in render_all(package).items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)


def stale(package: Path, root: Path) -> list[str]:
    return [path for path, data in render_all(package).items()
            if not (root / path).is_file() or (root / path).read_bytes() != data]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare; change nothing")
    parser.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    if args.check:
        changed = stale(root, root)
        if changed:
            print("stale: " + ", ".join(changed) + "\n  fix: run `make build` (or "
                  "`python -m scripts.docs`) and commit the result", file=sys.stderr)
            return 1
        print("fresh: the generated documentation is current")
        return 0
    write_all(root, root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
