"""Documents generated from the package, so that they cannot drift from the data.

    docs/data-dictionary.md    every table and field, with a diagram of the keys (dictionary.py)
    docs/dataset.jsonld        schema.org Dataset description of datapackage.json (jsonld.py)
    docs/figures/*.svg         the meetings' timeline, the statement's sentences (figures.py)
    README.md                  its table of tables, with the row counts (readme.py)
    .zenodo.json               Zenodo's metadata, from CITATION.cff (zenodo.py)

`python -m scripts build` writes them with the package it builds and publishes them together
(scripts/publish.py); `check-fresh`, and so `make release`, compare them too; `python -m
scripts docs` rewrites them from the published package.
"""

from __future__ import annotations

import csv
import operator
import os
from pathlib import Path

from scripts.docs import dictionary, figures, jsonld, readme, zenodo
from scripts.lib.citation import CITATION, read_citation
from scripts.lib.errors import BuildError
from scripts.lib.files import replace_file
from scripts.lib.jsonio import parse_object
from scripts.lib.model import Model, Table, example_values
from scripts.lib.project import Project


def render_all(package: Path, model: Model) -> dict[str, bytes]:
    """{path relative to the repository: content} for a package folder (built or published).
    The fields' examples come from the package's rows (Model.with_examples)."""
    descriptor = parse_object((package / "datapackage.json").read_bytes(),
                              str(package / "datapackage.json"), "rebuild it with `make build`")
    model = model.with_examples({table.name: example_cells(package, table)
                                 for table in model.tables})
    documents = {"docs/data-dictionary.md": dictionary.render(model),
                 "docs/dataset.jsonld": jsonld.render(descriptor)}
    documents.update(figures.render(package, model))
    return {path: text.encode("utf-8") for path, text in documents.items()}


def example_cells(package: Path, table: Table) -> list[dict[str, str]]:
    """The rows of data/<table>.csv that an example is taken from (example_values), in order,
    as {column: text}: all that Model.with_examples reads of them."""
    wanted = example_values(table)
    with (package / "data" / f"{table.name}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        tests = []  # (the key's cells of a row, the keys' values)
        for columns, values in wanted.items():
            if all(column in header for column in columns):
                cells = operator.itemgetter(*(header.index(column) for column in columns))
                tests.append((cells, values if len(columns) > 1 else {v for v, in values}))
        return [dict(zip(header, row, strict=True)) for row in reader
                if len(row) == len(header) and any(cells(row) in values
                                                   for cells, values in tests)]


def project_documents(project: Project, package: Path,
                      folder: Path | None = None) -> dict[str, bytes]:
    """The project's own files with generated content, where `folder` (default: the
    project's root) has them: the README's table of tables (from `package`), .zenodo.json
    (from CITATION.cff, once it is checked: scripts/lib/citation.py)."""
    folder = folder or project.root
    files = {}
    if (folder / "README.md").is_file():
        text = (folder / "README.md").read_text(encoding="utf-8")
        files["README.md"] = readme.render(text, package, project.model)
    if (folder / CITATION).is_file():
        files[".zenodo.json"] = zenodo.render(read_citation(folder, project))
    elif os.path.lexists(folder / CITATION) or (folder / ".zenodo.json").exists():
        # .zenodo.json would be kept as it is, generated from a CITATION.cff no longer there
        raise BuildError(CITATION, "file", "is not a file" if os.path.lexists(
            folder / CITATION) else "does not exist, but .zenodo.json, which is generated "
            "from it, does", "restore CITATION.cff (git checkout -- CITATION.cff)")
    return {path: text.encode("utf-8") for path, text in files.items()}


def documents(project: Project, package: Path | None = None) -> dict[str, bytes]:
    package = package or project.root
    return render_all(package, project.model) | project_documents(project, package)


def write_all(project: Project, package: Path | None = None) -> list[str]:
    """Write the documents of `package` (default: the published one) into the project; the
    paths rewritten."""
    written = []
    for path, data in documents(project, package).items():
        target = project.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != data:
            replace_file(target, data)
            written.append(path)
    return written


def stale(project: Project, package: Path | None = None) -> list[str]:
    """The project's documents that differ from those of `package` (default: the published)."""
    return [path for path, data in documents(project, package).items()
            if not (project.root / path).is_file() or (project.root / path).read_bytes() != data]
