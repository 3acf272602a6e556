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
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from scripts.lib.model import Model, Table
from scripts.write_database import SQLITE_MEDIATYPE, sqlite_bytes
from scripts.write_workbook import XLSX_MEDIATYPE, attribution_statements, workbook_bytes

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


def csv_column(values: list, kind: str) -> list[str]:
    """A column's cells as text (`cell`, with the common case of a text written out)."""
    if kind == "string":
        return ["" if v is None else v if v.__class__ is str else cell(v) for v in values]
    return [cell(v) for v in values]


def csv_bytes(table: Table, rows: list[dict]) -> bytes:
    columns = [csv_column([row[f["name"]] for row in rows], f["type"]) for f in table.fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.field_names)
    writer.writerows(zip(*columns, strict=True))
    return buffer.getvalue().encode("utf-8")


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(f["name"], ARROW_TYPES[f["type"]],
                               nullable=not f.get("constraints", {}).get("required", False))
                      for f in table.fields])


def read_csv_arrow(source, table: Table, typed: bool) -> pa.Table:
    """A CSV of ours as an Arrow table: every column text (`typed` False) or of the model's
    type; an empty cell is no value. (pyarrow's reader, not pa.array(): that imports pandas.)"""
    names = table.field_names
    types = ([ARROW_TYPES[f["type"]] for f in table.fields] if typed
             else [pa.string()] * len(names))
    return pacsv.read_csv(
        source, read_options=pacsv.ReadOptions(block_size=1 << 26),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict(zip(names, types, strict=True)), strings_can_be_null=True,
            quoted_strings_can_be_null=True, null_values=[""], true_values=["true"],
            false_values=["false"]))


def write_parquet(table: Table, csv_data: bytes, path: Path) -> None:
    """The Parquet file of a table, read from its CSV bytes: the same rows, typed."""
    columns = read_csv_arrow(io.BytesIO(csv_data), table, typed=True)
    typed = pa.Table.from_arrays(columns.columns, schema=arrow_schema(table))
    pq.write_table(typed, path, **PARQUET_OPTIONS)


def json_text(document) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def package_sources(sources_rows: list[dict]) -> list[dict]:
    """datapackage.json's `sources`: the held releases (title, url, date), in id order."""
    return [{"title": row["title_ja"], "path": row["url"], "version": cell(row["published"])}
            for row in sorted(sources_rows, key=lambda r: r["source_id"]) if row.get("path")]


def write_package(rows_by_table: dict[str, list[dict]], out: Path, model: Model,
                  publishers: dict[str, dict]) -> None:
    """Write data/, schemas/ and datapackage.json under `out` (a fresh directory);
    `publishers` are reference/publishers.yaml's, by organization id (for the attribution)."""
    sources = package_sources(rows_by_table["sources"])
    attributions = attribution_statements(rows_by_table["sources"], publishers)
    (out / "data").mkdir(parents=True)
    (out / "schemas").mkdir()
    for table in model.tables:
        rows = rows_by_table[table.name]
        data = csv_bytes(table, rows)
        (out / "data" / f"{table.name}.csv").write_bytes(data)
        write_parquet(table, data, out / "data" / f"{table.name}.parquet")
        (out / "schemas" / f"{table.name}.json").write_text(
            json_text(table.json_schema()), encoding="utf-8")
    name = model.package["name"]
    (out / "data" / f"{name}.xlsx").write_bytes(
        workbook_bytes(rows_by_table, model, sources, attributions))
    (out / "data" / f"{name}.sqlite").write_bytes(sqlite_bytes(rows_by_table, model))
    (out / "datapackage.json").write_text(json_text(package_descriptor(out, model, sources)),
                                          encoding="utf-8")


def package_descriptor(out: Path, model: Model, sources: list[dict]) -> dict:
    """datapackage.json for the files in `out`: the model's text, the files' sizes and hashes
    (scripts/validate compares the published one with it)."""
    resources = []
    for table in model.tables:
        for fmt in ("csv", "parquet"):
            resources.append(resource(table, out / "data" / f"{table.name}.{fmt}", out, fmt))
    meta, files = model.package, model.package["files"]
    resources.append(file_resource(out / "data" / f"{meta['name']}.xlsx", out, "workbook",
                                   "xlsx", XLSX_MEDIATYPE, files["workbook"]))
    resources.append(file_resource(out / "data" / f"{meta['name']}.sqlite", out, "database",
                                   "sqlite", SQLITE_MEDIATYPE, files["database"]))
    return descriptor(resources, sources, meta)


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
