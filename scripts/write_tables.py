"""Stage 7, tables -> files: CSV, Parquet, JSON Schemas and datapackage.json, byte-stable.

CSV: UTF-8 without BOM, LF, RFC 4180 quoting (only where needed), header row, columns in
schema order; empty cell = no value. Parquet: the same rows with typed columns, written with
fixed options so the same rows give the same bytes. The workbook (write_workbook) and the
database (write_database) hold every table; datapackage.json lists them as file resources
(type "file"), so frictionless checks their size and hash without reading them as tables, and
scripts/validate checks that their rows equal the CSVs.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from scripts.lib.model import Model, Table
from scripts.write_database import SQLITE_MEDIATYPE, sqlite_bytes
from scripts.write_workbook import XLSX_MEDIATYPE, workbook_bytes

ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_(),
               "date": pa.date32()}
PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 3, "use_dictionary": False,
                   "write_statistics": True, "version": "2.6", "data_page_version": "1.0",
                   "store_schema": False}


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_bytes(table: Table, rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.field_names)
    for row in rows:
        writer.writerow([cell(row[name]) for name in table.field_names])
    return buffer.getvalue().encode("utf-8")


def arrow_table(table: Table, rows: list[dict]) -> pa.Table:
    schema = pa.schema([pa.field(f["name"], ARROW_TYPES[f["type"]],
                                 nullable=not f.get("constraints", {}).get("required", False))
                        for f in table.fields])
    columns = {name: [row[name] for row in rows] for name in table.field_names}
    return pa.Table.from_pydict(columns, schema=schema)


def write_parquet(table: Table, rows: list[dict], path: Path) -> None:
    pq.write_table(arrow_table(table, rows), path, **PARQUET_OPTIONS)


def json_text(document) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_package(rows_by_table: dict[str, list[dict]], out: Path, sources: list[dict],
                  model: Model) -> None:
    """Write data/, schemas/ and datapackage.json under `out` (a fresh directory)."""
    (out / "data").mkdir(parents=True)
    (out / "schemas").mkdir()
    resources = []
    for table in model.tables:
        rows = rows_by_table[table.name]
        csv_path = out / "data" / f"{table.name}.csv"
        csv_path.write_bytes(csv_bytes(table, rows))
        parquet_path = out / "data" / f"{table.name}.parquet"
        write_parquet(table, rows, parquet_path)
        (out / "schemas" / f"{table.name}.json").write_text(
            json_text(table.json_schema()), encoding="utf-8")
        resources.append(resource(table, csv_path, out, "csv"))
        resources.append(resource(table, parquet_path, out, "parquet"))
    meta, files = model.package, model.package["files"]
    workbook = out / "data" / f"{meta['name']}.xlsx"
    workbook.write_bytes(workbook_bytes(rows_by_table, model, sources))
    resources.append(file_resource(workbook, out, "workbook", "xlsx", XLSX_MEDIATYPE,
                                   files["workbook"]))
    database = out / "data" / f"{meta['name']}.sqlite"
    database.write_bytes(sqlite_bytes(rows_by_table, model))
    resources.append(file_resource(database, out, "database", "sqlite", SQLITE_MEDIATYPE,
                                   files["database"]))
    (out / "datapackage.json").write_text(json_text(descriptor(resources, sources, meta)),
                                          encoding="utf-8")


def resource(table: Table, path: Path, out: Path, fmt: str) -> dict:
    schema = table.table_schema()
    name = table.name if fmt == "csv" else f"{table.name}-parquet"
    if fmt == "parquet":
        # frictionless 5.21 reads Parquet through pandas, where an empty integer cell becomes
        # NaN and then the text "nan": declaring it missing avoids a false type error. No text
        # value in the package is "nan" (scripts/validate.py checks).
        schema["missingValues"] = ["", "nan"]
        # The foreign keys are declared on the CSV resources only: frictionless re-reads a
        # referenced Parquet file for every lookup (most of its validation time), and the
        # Parquet rows are checked equal to the CSV rows by scripts/validate.py.
        schema.pop("foreignKeys", None)
    entry = {
        "name": name, "type": "table",
        "title": table.definition["title"] + (" (Parquet)" if fmt == "parquet" else ""),
        "description": table.definition["description"],
        "path": path.relative_to(out).as_posix(), "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else "application/vnd.apache.parquet",
    }
    if fmt == "csv":
        entry["encoding"] = "utf-8"
        entry["bytes"] = path.stat().st_size
    else:
        # frictionless 5.21 misreads `bytes` on Parquet (a false byte-count error), so the size
        # goes under our own key; scripts/validate.py checks it and the hash.
        entry["x-bytes"] = path.stat().st_size
    entry["hash"] = f"sha256:{sha256(path)}"
    entry["jsonSchema"] = f"schemas/{table.name}.json"
    entry["schema"] = schema
    return entry


def file_resource(path: Path, out: Path, name: str, fmt: str, mediatype: str,
                  text: dict) -> dict:
    """A non-tabular resource: frictionless checks its bytes and hash, not its content."""
    return {"name": name, "type": "file", "title": text["title"],
            "description": text["description"],
            "path": path.relative_to(out).as_posix(), "format": fmt, "mediatype": mediatype,
            "bytes": path.stat().st_size, "hash": f"sha256:{sha256(path)}"}


def descriptor(resources: list[dict], sources: list[dict], meta: dict) -> dict:
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": meta["name"], "title": meta["title"], "description": meta["description"],
        "version": meta["version"], "created": meta["created"], "keywords": meta["keywords"],
        "licenses": meta["licenses"], "contributors": meta["contributors"],
        **({"homepage": meta["homepage"]} if meta.get("homepage") else {}),
        "sources": sources, "resources": resources,
    }
