"""The package's files: nothing missing, nothing extra, every byte accounted for.

Every file of data/ and schemas/ is one the model names; each resource's sha256 and size are
the descriptor's; datapackage.json is, byte for byte, the descriptor the model generates for
these files (licence, descriptions, keys, everything); each JSON Schema is, byte for byte, the
one the model generates; the generated documents in docs/ (when the folder has docs/) equal a
fresh rendering of the package, and so do README.md's table of tables and .zenodo.json (when
the folder has them; CITATION.cff, which .zenodo.json is made from, is checked as the build
checks it).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from scripts.lib.errors import BuildError
from scripts.lib.files import desktop_file
from scripts.lib.model import Model
from scripts.validate.report import Report
from scripts.write_datasette import METADATA_PATH, metadata_bytes
from scripts.write_tables import json_text, package_descriptor, package_sources


def package_file_names(model: Model) -> dict[str, str]:
    """The whole-package files: {kind: path}, named after the package."""
    name = model.package["name"]
    return {"xlsx": f"data/{name}.xlsx", "sqlite": f"data/{name}.sqlite",
            "datasette": METADATA_PATH}


def check_files_described(directory: Path, descriptor: dict, model: Model,
                          report: Report) -> None:
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not all(isinstance(r, dict) and isinstance(
            r.get("path"), str) for r in resources):
        report.add("datapackage.json", "resources must be a list of objects with a path")
        return
    described = {r["path"] for r in resources}
    expected = {f"data/{t.name}.{fmt}" for t in model.tables for fmt in ("csv", "parquet")}
    expected |= set(package_file_names(model).values())
    for path in sorted(expected - described):
        report.add("datapackage.json", f"no resource for {path}")
    for path in sorted(described - expected):
        report.add("datapackage.json", f"resource {path} is not a file of the model")
    schemas = {f"schemas/{t.name}.json" for t in model.tables}
    for folder, wanted in (("data", expected), ("schemas", schemas)):
        for path in sorted((directory / folder).glob("*")):
            name = path.relative_to(directory).as_posix()
            if name not in wanted and not desktop_file(path):
                report.add(name, "is not a file of the package (remove it, or rebuild with "
                           "`make build`)")
    for name in sorted(schemas):
        if not (directory / name).is_file():
            report.add(name, "missing")


def file_size(resource: dict):
    """A resource's size as the descriptor states it (`bytes`, or `x-bytes` where frictionless
    must not read it)."""
    return resource.get("bytes", resource.get("x-bytes"))


def check_hashes(directory: Path, descriptor: dict, report: Report) -> None:
    for resource in descriptor.get("resources", []):
        path = directory / resource["path"]
        if not path.resolve().is_relative_to(directory.resolve()) or not path.is_file():
            report.add(resource["path"], "missing" if path.resolve().is_relative_to(
                directory.resolve()) else "is outside the package folder")
            continue
        data = path.read_bytes()
        expected = str(resource.get("hash", "")).removeprefix("sha256:")
        if hashlib.sha256(data).hexdigest() != expected:
            report.add(resource["path"], "sha256 differs from datapackage.json (the file "
                       "changed after the build: restore it from the release zip or git, or "
                       "rebuild with `make build` in the repository)")
        if file_size(resource) != len(data):
            report.add(resource["path"], f"size {len(data)} differs from datapackage.json "
                       f"({file_size(resource)})")


def check_descriptor(directory: Path, text: bytes, sources_rows: list[dict], model: Model,
                     report: Report) -> None:
    """datapackage.json equals the descriptor the model generates for these files."""
    expected = json_text(package_descriptor(directory, model, package_sources(sources_rows)))
    if text == expected.encode("utf-8"):
        return
    try:
        actual = json.loads(text)
    except ValueError:
        actual = {}
    wanted = json.loads(expected)
    keys = [key for key in dict.fromkeys([*wanted, *actual]) if wanted.get(key) != actual.get(
        key)] if isinstance(actual, dict) else ["the whole file"]
    report.add("datapackage.json", "differs from the descriptor model/ generates for these "
               f"files ({', '.join(keys) or 'formatting'}); rebuild with `make build`")


def check_datasette(directory: Path, sources_rows: list[dict], model: Model,
                    report: Report) -> None:
    """data/datasette-metadata.json is, byte for byte, what the model generates."""
    if (directory / METADATA_PATH).read_bytes() != metadata_bytes(
            model, package_sources(sources_rows)):
        report.add(METADATA_PATH, "differs from the Datasette metadata model/ generates "
                   "(rebuild with `make build`)")


def check_json_schemas(directory: Path, model: Model, report: Report) -> None:
    for table in model.tables:
        path = directory / "schemas" / f"{table.name}.json"
        if not path.is_file():
            continue  # reported as missing
        if path.read_bytes() != json_text(table.json_schema()).encode("utf-8"):
            report.add(f"schemas/{table.name}.json", "differs from the JSON Schema "
                       "model/tables.yaml generates (rebuild with `make build`)")


MANIFEST = "SHA256SUMS"  # in a release's top folder: every other file's sha256


def check_manifest(directory: Path, report: Report) -> None:
    """In an unpacked release: every file is one SHA256SUMS lists, with its sha256 (the
    examples and other files no rendering can regenerate included)."""
    manifest = directory / MANIFEST
    if not manifest.is_file():
        return  # a repository or a staging folder: its files are checked one by one
    listed = {}
    for number, line in enumerate(manifest.read_text("utf-8", "replace").splitlines(), 1):
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            report.add(MANIFEST, f"line {number} is not '<sha256>  <path>'")
            continue
        listed[name] = digest
    present = {p.relative_to(directory).as_posix() for p in directory.rglob("*")
               if (p.is_file() or p.is_symlink()) and not desktop_file(p)} - {MANIFEST}
    for name in sorted(present - set(listed)):
        report.add(name, f"is not a file of the release ({MANIFEST} does not list it)")
    for name, digest in sorted(listed.items()):
        path = directory / name
        if name not in present or path.is_symlink():
            report.add(name, f"missing ({MANIFEST} lists it)")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            report.add(name, f"sha256 differs from {MANIFEST} (the file changed after the "
                       "release: restore it from the release zip)")


def check_citation(directory: Path, project, descriptor: dict, report: Report) -> None:
    """Where the folder has CITATION.cff (a repository, an unpacked release): it passes the
    checks the build makes (scripts/lib/citation.py), and cites the version and licence
    datapackage.json states."""
    from scripts.lib.citation import CITATION, citation_problems

    if not (directory / CITATION).is_file():
        return
    for problem in citation_problems(directory, project, descriptor)[1]:
        report.add(problem.file, f"{problem.place}: {problem.problem} (fix: {problem.fix})")


def check_project_documents(directory: Path, project, report: Report) -> None:
    """Where the folder has them: README.md's table of tables (between its marker lines) is
    the one its package gives, and .zenodo.json the one its CITATION.cff gives, as the build
    writes them (scripts/docs: project_documents)."""
    from scripts.docs import project_documents
    from scripts.lib.citation import CITATION

    if (directory / CITATION).is_file() and not (directory / ".zenodo.json").is_file() and (
            directory.resolve() == project.root.resolve()):
        report.add(".zenodo.json", f"is missing: the build publishes it with the package, from "
                   f"{CITATION} (restore it from git, or run `make build`)")
    try:
        rendered = project_documents(project, directory, directory)
    except BuildError as error:  # README.md without the marker lines; CITATION.cff: reported
        for problem in getattr(error, "problems", None) or [error]:
            report.add(problem.file, f"{problem.place}: {problem.problem} (fix: {problem.fix})")
        return
    what = {"README.md": "its table of tables (between the marker lines) differs from the one "
                         "the package's files give",
            ".zenodo.json": f"differs from the metadata {CITATION} generates"}
    for path, data in rendered.items():
        target = directory / path
        if target.is_file() and target.read_bytes() != data:
            report.add(path, f"{what[path]} (restore it from the release zip or git, or run "
                       "`make docs` in the repository)")


def check_documents(directory: Path, model: Model, report: Report,
                    rendered: dict[str, bytes] | None = None) -> None:
    """When the folder has docs/: every generated document equals a fresh rendering
    (`rendered`, if the caller has just made it from this folder)."""
    if not (directory / "docs").is_dir():
        return  # a folder without the generated documents: nothing to compare
    from scripts.docs import render_all

    rendered = render_all(directory, model) if rendered is None else rendered
    figures = directory / "docs" / "figures"
    for path in sorted(figures.iterdir() if figures.is_dir() else []):
        name = path.relative_to(directory).as_posix()
        if name not in rendered:
            report.add(name, "is not a document the build writes (remove it)")
    for path, data in rendered.items():
        target = directory / path
        if not target.is_file():
            report.add(path, "is missing (restore it from the release zip or git, or run "
                       "`make docs` in the repository)")
        elif target.read_bytes() != data:
            report.add(path, "differs from a fresh rendering of the package (restore it, or "
                       "run `make docs` in the repository)")
