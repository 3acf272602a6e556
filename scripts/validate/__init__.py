"""Stage 8, package folder -> Report: full validation of a package as published; nothing rebuilt.

Every byte the build publishes is checked, by checks generated from model/tables.yaml, vectorised
(pyarrow over all rows at once):

1. files.py: every file of data/ and schemas/ is one the model names, nothing is missing, and
   each resource's sha256 and size are the descriptor's; in an unpacked release, every file
   is one SHA256SUMS lists, with its sha256 (the hand-written docs/examples/ too, which
   nothing else checks here: the tests run them); CITATION.cff, where the folder has it, passes
   the build's checks and cites the package's version and licence;
2. tables.py, checks.py: every CSV has the model's columns, and every value its type, required
   values, enums, patterns, minimum and maximum, unique fields, primary and foreign keys (what
   frictionless checks, reported by table, row and field as frictionless reports them); no
   cell starts with =, +, - or @ (a spreadsheet would read a formula);
3. files.py: datapackage.json, each JSON Schema and the Datasette metadata are byte for byte
   what the model generates;
4. formats.py, workbook.py: the Parquet files (columns, types, the CSV's values), the workbook
   (every part what the writer makes of the CSVs: sheets, about sheet, print settings) and the
   SQLite database (exactly the model's schema, the CSV's rows);
5. semantics.py: dates in order, meetings before their release, every held source text in
   this folder is the bytes its row of sources.csv describes (sha256, size), its provenance
   record says the same (and the url), and every span
   equals the text it claims there (model/tables.yaml `span`), no organization or forum that
   nothing refers to;
6. files.py: docs/, when the folder has it, equals a fresh rendering of the package; so do
   README.md's table of tables and .zenodo.json (from CITATION.cff), when the folder has them;
7. frictionless.py, on request: frictionless validates the package as our users run it.

    python -m scripts validate [DIR] [--with-frictionless]   (exit 0 valid, 2 problems listed)
"""

from __future__ import annotations

from pathlib import Path

from scripts.lib import parallel
from scripts.lib.errors import BuildError
from scripts.lib.files import MAX_PACKAGE_FILE_BYTES, read_limited
from scripts.lib.project import Project
from scripts.tools.package_files import descriptor_of
from scripts.validate.report import Finding, Report

__all__ = ["Finding", "Report", "validate_package"]


def read_descriptor(directory: Path, report: Report) -> tuple[dict | None, bytes]:
    if (directory / ".build" / "previous").exists():
        report.add(".build/previous", "a publish was interrupted; the published files may be "
                   "a mix of two builds (run `make build`, which restores the old set first)")
        return None, b""
    path = directory / "datapackage.json"
    if directory.is_file():
        raise BuildError(directory, "path", "is a file: validate checks a package folder",
                         "give the package's folder (unzip a release zip first)")
    try:
        text = read_limited(path, MAX_PACKAGE_FILE_BYTES, "a package's datapackage.json")
    except OSError as error:
        raise BuildError(path, "file", f"cannot be read: {error.strerror or error}",
                         "give the folder of a package built by `make build`") from None
    return descriptor_of(text, str(path)), text


def validate_package(directory: Path, project: Project, frictionless: bool = False,
                     made: dict | None = None, documents: bool = True) -> Report:
    """Every check of the package folder `directory`, against `project`'s model and
    publishers (reference/publishers.yaml, for the workbook's attribution). `made`: what the
    caller has just made of this folder's CSVs (the build: {"workbook": its parts, "parquet":
    {table: bytes}}), compared
    with the files instead of making it again. (The build renders the documents beside this
    validation and compares them itself, once the files are found valid; `documents` False
    leaves docs/ out: `python -m scripts docs` validates the files it renders them from.)"""
    from scripts.validate import files

    report, model = Report(), project.model
    descriptor, text = read_descriptor(directory, report)
    if descriptor is None:
        return report
    if descriptor.get("version") != model.package["version"]:
        # every file would differ from what this model generates: say why, once
        report.add("datapackage.json", f"is version {descriptor.get('version')}, but this "
                   f"repository's model is version {model.package['version']}: validate a "
                   "package with the repository at the commit that built it (the release's "
                   "version), or rebuild it with `make build`")
        return report
    files.check_files_described(directory, descriptor, model, report)
    files.check_manifest(directory, report)
    if report.ok:
        files.check_hashes(directory, descriptor, report)
    if not report.ok:
        return report  # a changed or missing file: say so plainly before anything reads it
    check_contents(directory, project, descriptor, text, report, made or {}, documents)
    files.check_citation(directory, project, descriptor, report)
    if report.ok and documents:  # what the build publishes beside the package
        files.check_project_documents(directory, project, report)
    if frictionless:
        from scripts.validate.frictionless import check_frictionless

        check_frictionless(directory, report)
    return report


def sqlite_findings(directory: Path, path: str, columns: dict, model) -> list[Finding]:
    from scripts.validate import formats

    report = Report()
    formats.check_sqlite(directory, path, columns, model, report)
    return report.findings


def check_contents(directory: Path, project: Project, descriptor: dict, text: bytes,
                   report: Report, made: dict, documents: bool = True) -> None:
    from scripts.validate import checks, files, formats, semantics, tables, workbook
    from scripts.write_workbook import load_publishers

    csvs = tables.read_tables(directory, project.model, report)
    model = tables.published_model(project.model, csvs)
    checks.check_fields(csvs, model, report)
    checks.check_formulas(csvs, model, report)
    checks.check_foreign_keys(csvs, model, report)
    checks.check_missing_values(csvs, descriptor, model, report)
    typed = tables.typed_tables(csvs, model)
    # a table that could not be read: the workbook and the database cannot be compared
    complete = len(typed) == len(model.tables)
    columns = ({t.name: tables.columns(typed[t.name], t) for t in model.tables} if complete
               else {})
    paths = files.package_file_names(model)
    # a large package's database is compared in a process of its own, beside the other checks
    large = parallel.large(sum(table.num_rows for table in typed.values()))
    with parallel.Beside(sqlite_findings, directory, paths["sqlite"], columns, model,
                alone=not (complete and large)) as database:
        semantics.check_semantics(directory, typed, model, report)
        sources_rows = tables.rows(typed["sources"]) if "sources" in typed else []
        files.check_descriptor(directory, text, sources_rows, model, report)
        files.check_json_schemas(directory, model, report)
        files.check_datasette(directory, sources_rows, model, report)
        formats.check_parquet(directory, csvs, model, report, made.get("parquet"))
        if not complete:
            return
        workbook.check_workbook(directory, paths["xlsx"], columns, sources_rows, model,
                                load_publishers(project), report, made.get("workbook"))
        report.findings += database.result()
    if report.ok and documents:  # rendered from the rows, which must be valid for that
        files.check_documents(directory, project.model, report)
