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

from scripts.lib import parallel
from scripts.lib.model import Model, Table
from scripts.lib.zipfiles import Deflater, created_datetime, deterministic_zip
from scripts.write_database import SQLITE_MEDIATYPE, sqlite_bytes
from scripts.write_datasette import METADATA_PATH, metadata_bytes
from scripts.write_workbook import XLSX_MEDIATYPE, attribution_statements, workbook_parts

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
    return csv_text_bytes(table.field_names, columns)


def csv_text_bytes(header: list[str], columns: list[list[str]]) -> bytes:
    """The CSV of text columns ("" for no value), as the package writes every CSV: UTF-8,
    LF line ends, minimal quoting (validation writes it again to compare every byte)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(zip(*columns, strict=True))
    return buffer.getvalue().encode("utf-8")


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(f["name"], ARROW_TYPES[f["type"]],
                               nullable=not f.get("constraints", {}).get("required", False))
                      for f in table.fields])


def block_size(source: io.BytesIO | Path) -> int:
    """pyarrow's CSV block: the whole file up to 64 MiB (one block: one chunk per column, so
    the Parquet pages do not depend on the reader), but no larger than the file (a block is
    allocated whole: 64 MiB per small table cost more than reading it)."""
    size = (source.getbuffer().nbytes if isinstance(source, io.BytesIO)
            else Path(source).stat().st_size)
    return min(max(size + 1, 1 << 16), 1 << 26)


def read_csv_arrow(source, table: Table, typed: bool) -> pa.Table:
    """A CSV of ours as an Arrow table: every column text (`typed` False) or of the model's
    type; an empty cell is no value. (pyarrow's reader, not pa.array(): that imports pandas.)"""
    names = table.field_names
    types = ([ARROW_TYPES[f["type"]] for f in table.fields] if typed
             else [pa.string()] * len(names))
    return pacsv.read_csv(
        source, read_options=pacsv.ReadOptions(block_size=block_size(source)),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict(zip(names, types, strict=True)), strings_can_be_null=True,
            quoted_strings_can_be_null=True, null_values=[""], true_values=["true"],
            false_values=["false"]))


def write_parquet(table: Table, csv_data: bytes, path: Path) -> tuple[pa.Table, bytes]:
    """The Parquet file of a table, read from its CSV bytes: the same rows, typed; the typed
    table and the file's bytes."""
    columns = read_csv_arrow(io.BytesIO(csv_data), table, typed=True)
    data = parquet_bytes(table, columns)
    path.write_bytes(data)
    return pa.Table.from_arrays(columns.columns, schema=arrow_schema(table)), data


def parquet_bytes(table: Table, columns: pa.Table) -> bytes:
    """The Parquet file of a table's typed CSV columns (validation writes it again to compare
    every byte)."""
    buffer = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_arrays(columns.columns, schema=arrow_schema(table)), buffer,
                   **PARQUET_OPTIONS)
    return buffer.getvalue().to_pybytes()


def json_text(document) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def package_sources(sources_rows: list[dict]) -> list[dict]:
    """datapackage.json's `sources`: the held releases (title, url, date), in id order."""
    return [{"title": row["title_ja"], "path": row["url"], "version": cell(row["published"])}
            for row in sorted(sources_rows, key=lambda r: r["source_id"]) if row.get("path")]


def write_package(rows_by_table: dict[str, list[dict]], out: Path, model: Model,
                  publishers: dict[str, dict]) -> dict:
    """Write data/, schemas/ and datapackage.json under `out` (a fresh directory);
    `publishers` are reference/publishers.yaml's, by organization id (for the attribution).
    The workbook and the Parquet files are made of the CSVs as read back: what is returned,
    {"workbook": its parts, "parquet": {table: the file's bytes}}, is what the validation
    would make of the CSVs."""
    # a large package's database is made in a process of its own, beside the other files
    large = parallel.large(sum(map(len, rows_by_table.values())))
    sources = package_sources(rows_by_table["sources"])
    with parallel.Beside(sqlite_bytes, rows_by_table, model, alone=not large) as database:
        made = write_files(rows_by_table, out, model, sources, publishers)
        name = model.package["name"]
        (out / "data" / f"{name}.sqlite").write_bytes(database.result())
    (out / METADATA_PATH).write_bytes(metadata_bytes(model, sources))
    (out / "datapackage.json").write_text(json_text(package_descriptor(out, model, sources)),
                                          encoding="utf-8")
    return made


def write_files(rows_by_table: dict[str, list[dict]], out: Path, model: Model,
                sources: list[dict], publishers: dict[str, dict]) -> dict:
    """The CSV, Parquet and JSON Schema files of every table and the workbook (`sources`:
    the package's, package_sources); the workbook's parts and the Parquet files' bytes."""
    attributions = attribution_statements(rows_by_table["sources"], publishers)
    (out / "data").mkdir(parents=True)
    (out / "schemas").mkdir()
    columns, parquet = {}, {}
    for table in model.tables:
        data = csv_bytes(table, rows_by_table[table.name])
        (out / "data" / f"{table.name}.csv").write_bytes(data)
        typed, parquet[table.name] = write_parquet(table, data,
                                                   out / "data" / f"{table.name}.parquet")
        columns[table.name] = [typed.column(name).to_pylist() for name in table.field_names]
        (out / "schemas" / f"{table.name}.json").write_text(
            json_text(table.json_schema()), encoding="utf-8")
    name = model.package["name"]
    with Deflater() as deflater:
        parts = workbook_parts(columns, model, sources, attributions, deflater)
        del columns
        (out / "data" / f"{name}.xlsx").write_bytes(
            deterministic_zip(parts, created_datetime(model.package), deflater))
    return {"workbook": parts, "parquet": parquet}


def package_descriptor(out: Path, model: Model, sources: list[dict]) -> dict:
    """datapackage.json for the files in `out`: the model's text, the files' sizes and hashes
    (scripts/validate compares the published one with it)."""
    meta, files = model.package, model.package["files"]
    resources = []
    for table in model.tables:
        for fmt in ("csv", "parquet"):
            path = out / "data" / f"{table.name}.{fmt}"
            resources.append(resource(table, path, out, fmt, files))
    resources.append(file_resource(out / "data" / f"{meta['name']}.xlsx", out, "workbook",
                                   "xlsx", XLSX_MEDIATYPE, files["workbook"]))
    resources.append(file_resource(out / "data" / f"{meta['name']}.sqlite", out, "database",
                                   "sqlite", SQLITE_MEDIATYPE, files["database"]))
    resources.append(file_resource(out / METADATA_PATH, out, "datasette-metadata", "json",
                                   "application/json", files["datasette"]))
    return descriptor(resources, sources, meta)


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
