"""The build: the stages in the order the data flows through them, then publishing.

    sources/ ──snapshot──▶ ──parse_release──▶ ──link_records──▶ (reference/ ──registry──▶)
      ──merge_series──▶ ──assemble_tables──▶ ──write_tables, write_workbook, write_database──▶
      ──docs──▶ staging folder ──validate──▶ ──publish──▶ datapackage.json, data/, schemas/, docs/
                                                             (and README.md, .zenodo.json)

Every curated input is first checked against its schema (model/inputs/, all problems at once).
The new files, with the documentation generated from them (scripts/docs: data dictionary,
dataset.jsonld, figures, README.md's table of tables, .zenodo.json), are written into a
staging folder and fully validated there; only then do they replace the published ones,
together (scripts/publish.py). A failure at any stage leaves them all as they were. One build
of a folder runs at a time (.build/build.lock). (README.md's table is rendered into the text
README.md has as the build ends, just before the publish.)
"""

from __future__ import annotations

import contextlib
import errno
import filecmp
import gc
import os
import sys
import tempfile
from pathlib import Path

from scripts.assemble_tables import assemble
from scripts.code_statement import topic_rows
from scripts.docs import project_documents, render_all
from scripts.lib import parallel
from scripts.lib.citation import CITATION, citation_problems
from scripts.lib.crossfile import site_problems, translation_problems, unused_people_problems
from scripts.lib.errors import BuildError
from scripts.lib.inputs import check_records, check_reference, raise_problems, validators
from scripts.lib.model import Model, example_values
from scripts.lib.parallel import outcomes_in_order, portable
from scripts.lib.project import Project
from scripts.lib.quotes import held_quote_problems, held_url_problems
from scripts.lib.yamlio import Document
from scripts.link_records import link_release
from scripts.merge_series import load_series, series_records
from scripts.merge_series.events import check_event_sentences
from scripts.parse_release import check_labels, check_series, parse_release, require_complete
from scripts.publish import (
    PROJECT_DOCUMENTS,
    PUBLISHED,
    build_lock,
    preflight,
    publish,
    recover,
    remove_leftovers,
)
from scripts.registry import Registry, load_registry
from scripts.snapshot import find_records, load_snapshot
from scripts.validate import validate_package
from scripts.validate.files import check_documents
from scripts.write_tables import cell, write_package
from scripts.write_workbook import load_publishers


def check_inputs(project: Project, record_files: list[Path]) -> tuple[dict, dict]:
    """Every reference file and every record against its schema, and CITATION.cff (which
    .zenodo.json is made from) against its own and the package's version and licence; all
    problems at once. The reference files' documents, and the records' (by path)."""
    checks = validators(project)
    documents, problems = check_reference(project, checks)
    records, more = check_records(record_files, project, checks)
    if (project.root / CITATION).is_file():
        more += citation_problems(project.root, project, project.model.package, checks)[1]
    raise_problems(problems + more)
    return documents, records


def check_one_record(snapshot, records: dict) -> None:
    """Two records with one source_id (a copied record, or one page saved twice) would merge
    two texts into one source: both record files are named."""
    first = records.setdefault(snapshot.source_id, snapshot)
    if first is not snapshot:
        raise BuildError(snapshot.record_label, f"line {snapshot.record_lines('source_id')}: "
                         "source_id", f"{snapshot.source_id!r} is also the source_id of "
                         f"{first.record_label} (line {first.record_lines('source_id')})",
                         "keep one record (and one text) per page; a different page has its "
                         "own url and source_id")


def work_on_release(record_path: Path, record: Document, project: Project,
                    registry: Registry) -> tuple:
    """One release (`record`: its record, checked by check_inputs): its snapshot, the release
    parsed and checked, its linked records. A stage that fails gives its error in its place
    and stops the later ones (the snapshot's error is raised: there is nothing to give), so
    that read_releases raises it when working alone would have met it."""
    snapshot = load_snapshot(record_path, record, project)
    try:
        release = parse_release(snapshot.text, project.relative(snapshot.path),
                                registry.vocabulary)
        check_series(release, registry.dialogue_names())
        check_labels(release, registry.dialogue_abbreviations())
        require_complete(release)
    except Exception as error:  # raised in its turn
        return snapshot, portable(error), None
    try:
        return snapshot, release, link_release(snapshot, release, registry, project)
    except Exception as error:  # raised in its turn
        return snapshot, release, portable(error)


def read_releases(project: Project, records: dict[Path, Document], registry: Registry):
    """[(snapshot, parsed release, linked records)] of every record (`records`: the checked
    records, by path), once each release is complete, its labels agree, its url is on its
    publisher's site, and its sentences and the translations match
    (reference/translations-en.yaml). Errors are raised in the order of working alone: every
    release read and parsed, then the checks across them, then linked."""
    done = outcomes_in_order(lambda path: work_on_release(path, records[path], project,
                                                          registry), list(records))
    read, by_id = [], {}
    for value, error in done:
        if error is not None:
            raise error
        snapshot, release, linked = value
        check_one_record(snapshot, by_id)
        if isinstance(release, Exception):
            raise release
        read.append((snapshot, release, linked))
    problems = [problem for snapshot, release, _ in read
                for problem in site_problems(registry, snapshot, release, snapshot.record_lines)]
    raise_problems(problems + translation_problems(registry, [release for _, release, _ in read]))
    for _, _, linked in read:
        if isinstance(linked, Exception):
            raise linked
    return read


def build_tables(project: Project, sources_dir: Path) -> tuple[dict[str, list[dict]], list[dict]]:
    """Every table's rows, and the package's `sources` (the releases read)."""
    record_files = find_records(sources_dir)
    if not record_files:
        raise BuildError(sources_dir, "folder", "holds no *.source.yaml records",
                         "add a release text and its record (MAINTAINING.md)")
    documents, records = check_inputs(project, record_files)
    registry = load_registry(project, documents)
    series = load_series(project, registry.documents["dialogue-series"].data)
    releases, package_sources, held, held_urls, parsed = [], [], {}, {}, []
    for snapshot, release, linked in read_releases(project, records, registry):
        releases.append(linked)
        parsed.append((snapshot.url, release))
        held[snapshot.source_id] = snapshot.text
        held_urls[snapshot.source_id] = snapshot.url
        package_sources.append({"title": release.title.text, "path": snapshot.url,
                                "version": release.published.isoformat()})
    raise_problems(unused_people_problems(registry, people_named(releases, series))
                   + held_url_problems(registry, held_urls) + held_quote_problems(registry, held))
    check_event_sentences(series, parsed)
    series_rows = series_records(series, releases, registry, held)
    topics = {"topics": topic_rows(registry, held)}
    tables = assemble([*(records.tables for records in releases), series_rows, topics],
                      registry, project.model)
    return tables, package_sources


def people_named(releases: list, series) -> set[str]:
    """The Japanese names of the people the held releases and the series file name."""
    named = {row["person_name_ja"] for records in releases
             for row in records.tables["participants"] if row.get("person_name_ja")}
    for meeting in series.meetings.values():
        for head in (meeting.get("heads_of_delegation") or {}).values():
            if head and head.get("name_ja"):
                named.add(head["name_ja"])
    return named


def published_model(model: Model, rows: dict[str, list[dict]]) -> Model:
    """The model with every field's example taken from the rows (Model.with_examples); only
    the rows an example names are written out as text."""
    cells = {}
    for table in model.tables:
        wanted = example_values(table)
        cells[table.name] = [{k: cell(v) for k, v in row.items()} for row in rows[table.name]
                             if any(tuple(cell(row[c]) for c in columns) in values
                                    for columns, values in wanted.items())]
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
    """Build and validate (with frictionless too, if asked) a complete package in `out`, its
    generated documentation included; BuildError if anything is wrong."""
    with fewer_collections():
        rows, _ = build_tables(project, sources_dir)
        made = write_package(rows, out, published_model(project.model, rows),
                             load_publishers(project))
        held = {row["path"] for row in rows["sources"] if row["path"]}
        large = parallel.large(sum(map(len, rows.values())))
        del rows
    stage_held_texts(held, project.root, out)
    # The documents are rendered from the new files beside the validation (a large package's
    # in a process of its own), then written and compared once the files are found valid. The
    # workbook and the Parquet files were just made from this folder's CSVs: the validation
    # compares the files with what was made instead of making it again.
    with parallel.Beside(render_all, out, project.model, alone=not large) as documents:
        report = validate_package(out, project, frictionless=frictionless,
                                  made=made)
        rendered = documents.result() if report.ok else {}
    for path, data in rendered.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    if report.ok:
        check_documents(out, project.model, report, rendered)
    if not report.ok:
        raise BuildError(out, "validation", "the new package is not valid:\n  "
                         + "\n  ".join(report.problems[:20]),
                         "fix the input named above; the published files were not changed")
    write_project_documents(out, project)


def write_project_documents(out: Path, project: Project) -> None:
    """README.md with the new package's table of tables, and .zenodo.json from CITATION.cff,
    into `out`: they are published with the package (a root without README.md or CITATION.cff
    keeps the file it has, if any, as it is)."""
    documents = project_documents(project, out)
    for name in PROJECT_DOCUMENTS:
        data = documents.get(name)
        if data is None and (project.root / name).is_file():
            data = (project.root / name).read_bytes()
        if data is not None:
            (out / name).write_bytes(data)


def stage_held_texts(paths: set[str], root: Path, out: Path) -> None:
    """The held source texts and their provenance records in the staged package, for its
    validation (which reads them from the package folder): hard links where the file system
    allows (they are not published from the staging folder, only read), else copies."""
    for path in sorted(paths | {Path(p).with_suffix(".source.yaml").as_posix() for p in paths}):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(root / path, target)
        except OSError:
            target.write_bytes((root / path).read_bytes())


def differences(fresh: Path, root: Path) -> list[str]:
    """The published files (and files in published folders) that differ between two roots."""
    changed = []
    for name in PUBLISHED:
        new, old = fresh / name, root / name
        if not os.path.lexists(new) and not os.path.lexists(old):
            continue  # a root without README.md or CITATION.cff: neither has the document
        if new.is_dir():
            names = sorted({p.name for p in new.iterdir()} | (
                {p.name for p in old.iterdir()} if old.is_dir() else set()))
            changed += [f"{name}/{n}" for n in names if not (new / n).is_file()
                        or not (old / n).is_file() or not filecmp.cmp(new / n, old / n, False)]
        elif not old.is_file() or not filecmp.cmp(new, old, shallow=False):
            changed.append(name)
    return changed


def staging(project: Project) -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(dir=project.build_dir, prefix="staging-")


def io_error(error: OSError, project: Project) -> BuildError:
    """A failed read or write of the build as the project's error (nothing was published)."""
    name = (project.relative(Path(error.filename)) if error.filename else
            "the new package (.build/staging-*)")
    fix = {errno.ENOSPC: "free disk space and build again",
           errno.EDQUOT: "free disk space (quota) and build again"}.get(
        error.errno, "make it readable and writable, and build again")
    return BuildError(name, "file", f"{error.strerror} while building", fix)


def build(project: Project, sources_dir: Path | None = None, frictionless: bool = False) -> int:
    """Build, validate and publish the package and its generated documentation, one build at
    a time; an interrupted publish is undone first, leftovers removed."""
    with build_lock(project.root):
        recover(project.root)
        remove_leftovers(project.root)
        try:
            with staging(project) as tmp:
                preflight(Path(tmp), project.root)  # before the work, and again before moving
                build_into(Path(tmp), project, sources_dir or project.sources_dir, frictionless)
                publish(Path(tmp), project.root)
        except OSError as error:
            raise io_error(error, project) from None
    print(f"built and validated: {project.root / 'datapackage.json'}")
    return 0


def check_fresh(project: Project, sources_dir: Path | None = None) -> int:
    """0 when the published files as they are in the folder (committed or edited), generated
    docs included, equal a fresh build; 1 if not."""
    with build_lock(project.root):
        remove_leftovers(project.root)
        try:
            with staging(project) as tmp:
                fresh = Path(tmp)
                build_into(fresh, project, sources_dir or project.sources_dir)
                changed = differences(fresh, project.root)
        except OSError as error:
            raise io_error(error, project) from None
    if changed:
        print("stale: these published files differ from a fresh build: " + ", ".join(changed)
              + "\n  fix: run `make build` and commit the result", file=sys.stderr)
        return 1
    print("fresh: the published files equal a fresh build")
    return 0
