"""Build the Data Package: sources -> parsed releases -> records -> tables -> files -> validation.

The new files are written into a staging directory and fully validated there; only then do
they replace the published ones (scripts/publish.py). A failure at any stage leaves data/,
schemas/ and datapackage.json as they were. After publishing, the generated documentation
(scripts/docs.py: data dictionary, dataset.jsonld, figures) is rewritten from the package.

    python -m scripts.build              build, validate, publish into the repository
    python -m scripts.build --check      build and validate into a temporary directory and
                                         compare with the committed files, generated docs
                                         included (make check-fresh)
    python -m scripts.build --sources D  read the releases from folder D instead of sources/
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

from scripts.docs import stale as stale_docs
from scripts.docs import write_all as write_docs
from scripts.errors import BuildError
from scripts.link import link_release
from scripts.model import ROOT
from scripts.parse_release import check_series, parse_release, require_complete
from scripts.publish import PUBLISHED, publish, recover
from scripts.registry import load_registry
from scripts.series import load_series, series_records
from scripts.snapshot import find_records, load_snapshot
from scripts.tables import assemble
from scripts.validate import validate_package
from scripts.write import write_package


def build_tables(root: Path, sources_dir: Path) -> tuple[dict[str, list[dict]], list[dict]]:
    registry = load_registry(root)
    record_files = find_records(sources_dir)
    if not record_files:
        raise BuildError(sources_dir, "folder", "holds no *.source.yaml records",
                         "add a release text and its record (MAINTAINING.md)")
    series = load_series(root)
    record_sets, package_sources, held = [], [], {}
    for record_path in record_files:
        snapshot = load_snapshot(record_path, root)
        release = parse_release(snapshot.text, snapshot.path.relative_to(root.resolve()),
                                registry.eras)
        check_series(release, registry.dialogue_names())
        require_complete(release)
        record_sets.append(link_release(snapshot, release, registry))
        held[snapshot.source_id] = snapshot.text
        package_sources.append({"title": release.title.text, "path": snapshot.url,
                                "version": release.published.isoformat()})
    series_rows = series_records(series, record_sets, registry, held)
    # meetings and their evidence come merged from series_records
    release_rows = [{name: rows for name, rows in records.items()
                     if name not in ("meetings", "meeting_mentions", "meeting_sources")}
                    for records in record_sets]
    return assemble([*release_rows, series_rows], registry), package_sources


def build_into(out: Path, root: Path, sources_dir: Path) -> None:
    """Build and validate a complete package in `out`; BuildError if anything is wrong."""
    rows, sources = build_tables(root, sources_dir)
    write_package(rows, out, sources, root)
    for path in {row["path"] for row in rows["sources"] if row["path"]}:
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((root / path).read_bytes())
    report = validate_package(out)
    if not report.ok:
        raise BuildError(out, "validation", "the new package is not valid:\n  "
                         + "\n  ".join(report.problems[:20]),
                         "fix the input named above; the published files were not changed")


def differences(fresh: Path, root: Path) -> list[str]:
    changed = []
    for name in PUBLISHED:
        new, old = fresh / name, root / name
        if new.is_dir():
            names = sorted({p.name for p in new.iterdir()} | (
                {p.name for p in old.iterdir()} if old.is_dir() else set()))
            changed += [f"{name}/{n}" for n in names if not (new / n).is_file()
                        or not (old / n).is_file() or not filecmp.cmp(new / n, old / n, False)]
        elif not old.is_file() or not filecmp.cmp(new, old, shallow=False):
            changed.append(name)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Data Package.")
    parser.add_argument("--check", action="store_true",
                        help="compare a fresh build with the committed files; change nothing")
    parser.add_argument("--sources", default=None, help="folder of release texts and records")
    parser.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    sources_dir = Path(args.sources).resolve() if args.sources else root / "sources"
    try:
        if not args.check:
            recover(root)
        staging_parent = root / ".build"
        staging_parent.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory(dir=staging_parent, prefix="staging-") as tmp:
            staging = Path(tmp)
            build_into(staging, root, sources_dir)
            if args.check:
                changed = differences(staging, root) + stale_docs(staging, root)
                if changed:
                    print("stale: the committed files differ from a fresh build: "
                          + ", ".join(changed) + "\n  fix: run `make build` and commit the "
                          "result", file=sys.stderr)
                    return 1
                print("fresh: the committed files equal a fresh build")
                return 0
            publish(staging, root)
        write_docs(root, root)
    except BuildError as error:
        print(f"error: {error}".replace(f"{root}/", ""), file=sys.stderr)
        print("nothing was published: data/, schemas/ and datapackage.json are unchanged",
              file=sys.stderr)
        return 2
    print(f"built and validated: {root / 'datapackage.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
