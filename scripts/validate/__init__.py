"""Stage 8, package folder -> Report: full validation of a package as published; nothing rebuilt.

1. files.py: every file in data/ is a resource of datapackage.json, and each resource's sha256
   and size are the descriptor's;
2. tables.py: every CSV has the model's columns and every row passes its JSON Schema
   (schemas/<table>.json, which must equal the model's); primary keys, unique fields and
   foreign keys hold;
3. formats.py: the Parquet files (columns and types in schema order, the same rows as the
   CSV), the workbook (the same rows, text and dates as text cells, every field described) and
   the SQLite database (the model's columns, keys and indexes, the same rows);
4. semantics.py: dates in order, meetings before their release, every span equals the text it
   claims (model/tables.yaml `span`), no organization or forum that nothing refers to;
5. frictionless.py: frictionless validates datapackage.json and every resource (for a large
   package, in worker processes).

    python -m scripts validate [DIR]   (exit 0 when valid, 2 with the problems listed)
"""

from __future__ import annotations

import json
from pathlib import Path

from scripts.lib.model import Model
from scripts.validate.files import check_files_described, check_hashes
from scripts.validate.formats import check_parquet, check_sqlite, check_workbook
from scripts.validate.frictionless import check_frictionless
from scripts.validate.report import Report
from scripts.validate.semantics import check_semantics
from scripts.validate.tables import check_json_schemas, check_keys, read_csvs

__all__ = ["Report", "validate_package"]


def validate_package(directory: Path, model: Model, frictionless: bool = True) -> Report:
    report = Report()
    if (directory / ".build" / "previous").exists():
        report.add(".build/previous", "a publish was interrupted; the published files may be "
                   "a mix of two builds (run `make build`, which restores the old set first)")
        return report
    descriptor_path = directory / "datapackage.json"
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        report.add("datapackage.json", f"cannot be read: {error}")
        return report
    if not isinstance(descriptor, dict):
        report.add("datapackage.json", "is not a JSON object")
        return report
    check_files_described(directory, descriptor, model, report)
    check_hashes(directory, descriptor, report)
    if not report.ok:
        return report  # a changed file: say so plainly before anything reads it
    frames = read_csvs(directory, model, report)
    if not report.ok:
        return report
    check_json_schemas(directory, frames, model, report)
    check_parquet(directory, frames, model, report)
    check_workbook(directory, descriptor, frames, model, report)
    check_sqlite(directory, descriptor, frames, model, report)
    check_keys(frames, model, report)
    check_semantics(directory, frames, model, report)
    if frictionless and report.ok:
        check_frictionless(directory, report)
    return report
