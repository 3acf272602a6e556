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
from scripts.write_datasette import METADATA_PATH, metadata_bytes
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
    meta, files = model.package, model.package["files"]
    resources = []
    for table in model.tables:
        rows = rows_by_table[table.name]
        csv_path = out / "data" / f"{table.name}.csv"
        csv_path.write_bytes(csv_bytes(table, rows))
        parquet_path = out / "data" / f"{table.name}.parquet"
        write_parquet(table, rows, parquet_path)
        (out / "schemas" / f"{table.name}.json").write_text(
            json_text(table.json_schema()), encoding="utf-8")
        resources.append(resource(table, csv_path, out, "csv", files))
        resources.append(resource(table, parquet_path, out, "parquet", files))
    workbook = out / "data" / f"{meta['name']}.xlsx"
    workbook.write_bytes(workbook_bytes(rows_by_table, model, sources))
    resources.append(file_resource(workbook, out, "workbook", "xlsx", XLSX_MEDIATYPE,
                                   files["workbook"]))
    database = out / "data" / f"{meta['name']}.sqlite"
    database.write_bytes(sqlite_bytes(rows_by_table, model))
    resources.append(file_resource(database, out, "database", "sqlite", SQLITE_MEDIATYPE,
                                   files["database"]))
    datasette = out / METADATA_PATH
    datasette.write_bytes(metadata_bytes(model, sources))
    resources.append(file_resource(datasette, out, "datasette-metadata", "json",
                                   "application/json", files["datasette"]))
    (out / "datapackage.json").write_text(json_text(descriptor(resources, sources, meta)),
                                          encoding="utf-8")


def resource(table: Table, path: Path, out: Path, fmt: str, files: dict) -> dict:
    """A table's CSV resource (its Table Schema, which frictionless checks row by row), or its
    Parquet copy: a file resource like the workbook's, which every frictionless checks by size
    and hash without reading it as a table (reading Parquet needs frictionless's optional
    extras, and older versions fail on it); scripts/validate checks its rows and types."""
    csv_path = path.with_suffix(".csv").relative_to(out).as_posix()
    if fmt == "parquet":
        text = {key: value.format(table=table.name, csv=csv_path)
                for key, value in files["parquet"].items()}
        text["title"] = f"{table.definition['title']} {text['title']}"
        entry = file_resource(path, out, f"{table.name}-parquet", fmt,
                              "application/vnd.apache.parquet", text)
        entry["jsonSchema"] = f"schemas/{table.name}.json"
        return entry
    return {
        "name": table.name, "type": "table", "title": table.definition["title"],
        "description": table.definition["description"],
        "path": csv_path, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "bytes": path.stat().st_size, "hash": f"sha256:{sha256(path)}",
        "jsonSchema": f"schemas/{table.name}.json", "schema": published_schema(table),
    }


def published_schema(table: Table) -> dict:
    """The model's Table Schema, in the form every supported frictionless (README) reads:
    a self-reference omits `resource` (Data Package v2; frictionless up to 5.18 fails on one
    that names its own resource), and date fields have no `example` (frictionless 5.14.0 to
    5.16.0 reject any; the data dictionary and the workbook keep it)."""
    schema = table.table_schema()
    for field in schema["fields"]:
        if field["type"] == "date":
            field.pop("example", None)
    for key in schema.get("foreignKeys", []):
        if key["reference"]["resource"] == table.name:
            del key["reference"]["resource"]
    return schema


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
        **{key: meta[key] for key in ("id", "homepage") if meta.get(key)},
        "sources": sources, "resources": resources,
    }
