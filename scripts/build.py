"""The build: the stages in the order the data flows through them, then publishing.

    sources/ ──snapshot──▶ ──parse_release──▶ ──link_records──▶ (reference/ ──registry──▶)
      ──merge_series──▶ ──assemble_tables──▶ ──write_tables, write_workbook, write_database──▶
      staging folder ──validate──▶ ──publish──▶ data/, schemas/, datapackage.json ──docs──▶ docs/

The new files are written into a staging folder and fully validated there; only then do they
replace the published ones (scripts/publish.py). A failure at any stage leaves data/, schemas/
and datapackage.json as they were. After publishing, the generated documentation
(scripts/docs: data dictionary, dataset.jsonld, figures) is rewritten from the package.
"""

from __future__ import annotations

import contextlib
import filecmp
import gc
import sys
import tempfile
from pathlib import Path

from scripts.assemble_tables import assemble
from scripts.code_statement import topic_rows
from scripts.docs import stale as stale_docs
from scripts.docs import write_all as write_docs
from scripts.lib.errors import BuildError
from scripts.lib.model import Model, example_keys
from scripts.lib.project import Project
from scripts.link_records import link_release
from scripts.merge_series import load_series, series_records
from scripts.parse_release import check_series, parse_release, require_complete
from scripts.publish import PUBLISHED, publish, recover
from scripts.registry import load_registry
from scripts.snapshot import find_records, load_snapshot
from scripts.validate import validate_package
from scripts.write_tables import cell, write_package
from scripts.write_workbook import load_publishers


def build_tables(project: Project, sources_dir: Path) -> tuple[dict[str, list[dict]], list[dict]]:
    """Every table's rows, and the package's `sources` (the releases read)."""
    registry = load_registry(project)
    record_files = find_records(sources_dir)
    if not record_files:
        raise BuildError(sources_dir, "folder", "holds no *.source.yaml records",
                         "add a release text and its record (MAINTAINING.md)")
    series = load_series(project)
    releases, package_sources, held = [], [], {}
    for record_path in record_files:
        snapshot = load_snapshot(record_path, project)
        release = parse_release(snapshot.text, project.relative(snapshot.path),
                                registry.vocabulary)
        check_series(release, registry.dialogue_names())
        require_complete(release)
        releases.append(link_release(snapshot, release, registry, project))
        held[snapshot.source_id] = snapshot.text
        package_sources.append({"title": release.title.text, "path": snapshot.url,
                                "version": release.published.isoformat()})
    series_rows = series_records(series, releases, registry, held)
    topics = {"topics": topic_rows(registry, held)}
    tables = assemble([*(records.tables for records in releases), series_rows, topics],
                      registry, project.model)
    return tables, package_sources


def published_model(model: Model, rows: dict[str, list[dict]]) -> Model:
    """The model with every field's example taken from the rows (Model.with_examples); only
    the rows an example names are written out as text."""
    cells = {}
    for table in model.tables:
        keys = [{c: str(v) for c, v in key.items()} for key in example_keys(table)]
        cells[table.name] = [{k: cell(v) for k, v in row.items()} for row in rows[table.name]
                             if any(all(cell(row[c]) == v for c, v in key.items())
                                    for key in keys)]
    return model.with_examples(cells)


@contextlib.contextmanager
def fewer_collections():
    """The build keeps every row alive until it is written: Python's cyclic collector would
    rescan them all again and again (the time per release grew with N); it runs less often
    while the tables are built."""
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def build_into(out: Path, project: Project, sources_dir: Path,
               frictionless: bool = False) -> None:
    """Build and validate a complete package in `out`; BuildError if anything is wrong."""
    with fewer_collections():
        rows, _ = build_tables(project, sources_dir)
        write_package(rows, out, published_model(project.model, rows),
                      load_publishers(project))
        held = {row["path"] for row in rows["sources"] if row["path"]}
        del rows
    for path in held:
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((project.root / path).read_bytes())
    report = validate_package(out, project, frictionless=frictionless)
    if not report.ok:
        raise BuildError(out, "validation", "the new package is not valid:\n  "
                         + "\n  ".join(report.problems[:20]),
                         "fix the input named above; the published files were not changed")


def differences(fresh: Path, root: Path) -> list[str]:
    """The published files (and files in published folders) that differ between two roots."""
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


def staging(project: Project) -> tempfile.TemporaryDirectory:
    project.build_dir.mkdir(exist_ok=True)
    return tempfile.TemporaryDirectory(dir=project.build_dir, prefix="staging-")


def build(project: Project, sources_dir: Path | None = None, frictionless: bool = False) -> int:
    """Build, validate (with frictionless too, if asked) and publish the package, then write
    the generated documentation."""
    recover(project.root)
    with staging(project) as tmp:
        build_into(Path(tmp), project, sources_dir or project.sources_dir, frictionless)
        publish(Path(tmp), project.root)
    write_docs(project)
    print(f"built and validated: {project.root / 'datapackage.json'}")
    return 0


def check_fresh(project: Project, sources_dir: Path | None = None) -> int:
    """0 when the committed files, generated docs included, equal a fresh build; 1 if not."""
    with staging(project) as tmp:
        fresh = Path(tmp)
        build_into(fresh, project, sources_dir or project.sources_dir)
        changed = differences(fresh, project.root) + stale_docs(project, fresh)
    if changed:
        print("stale: the committed files differ from a fresh build: " + ", ".join(changed)
              + "\n  fix: run `make build` and commit the result", file=sys.stderr)
        return 1
    print("fresh: the committed files equal a fresh build")
    return 0
