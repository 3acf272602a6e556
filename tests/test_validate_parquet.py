"""A Parquet file rewritten with the same columns, types and values, but a footer that makes a
reader see other data, is refused: validation holds the footer to what write_parquet writes."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from scripts.write_tables import PARQUET_OPTIONS
from tests.conftest import ROOT, validate
from tests.test_validate_bytes import rehash

PATH = "data/meetings.parquet"
REFUSED = ", which scripts/write_tables.py does not write and a reader acts on (rebuild with " \
          "`make build`)"


def rewrite(package: Path, table=None, **options) -> None:
    """Rewrite the meetings' Parquet file (its own rows unless `table`) with the writer's
    options changed by `options`, and update its hash and size in datapackage.json."""
    path = package / PATH
    table = pq.read_table(path) if table is None else table
    pq.write_table(table, path, **{**PARQUET_OPTIONS, **options})
    rehash(package, PATH)


def test_the_writer_s_options_again_are_valid(package):
    rewrite(package)
    assert validate(package).ok


def test_pandas_metadata_that_makes_meeting_id_the_index(package):
    table = pq.read_table(package / PATH)
    pandas = {"index_columns": ["meeting_id"], "column_indexes": [], "pandas_version": "2.2.3",
              "columns": [{"name": f.name, "field_name": f.name, "pandas_type": "unicode",
                           "numpy_type": "object", "metadata": None} for f in table.schema]}
    rewrite(package, table.replace_schema_metadata({"pandas": json.dumps(pandas)}),
            store_schema=True)
    import pandas as pd

    assert "meeting_id" not in pd.read_parquet(package / PATH).columns  # what a user would get
    assert validate(package).problems == [
        f"{PATH}: the footer holds key-value metadata (ARROW:schema, pandas){REFUSED}"]


def test_a_claimed_sort_order(package):
    rewrite(package, sorting_columns=[pq.SortingColumn(3, descending=True)])
    assert validate(package).problems == [f"{PATH}: row group 0 claims a sort order{REFUSED}"]


def test_a_field_id(package):
    table = pq.read_table(package / PATH)
    fields = [f.with_metadata({"PARQUET:field_id": "7"}) if f.name == "number" else f
              for f in table.schema]
    rewrite(package, table.cast(pa.schema(fields)))
    assert validate(package).problems == [
        f"{PATH}: column number holds metadata (a field id){REFUSED}"]


def test_a_page_index_a_bloom_filter_or_another_format_version(package):
    rewrite(package, write_page_index=True)
    assert validate(package).problems == [
        f"{PATH}: row group 0, column meeting_id: has a page index{REFUSED}"]
    rewrite(package, bloom_filter_options={"status": {}})
    assert validate(package).problems == [
        f"{PATH}: row group 0, column status: has a bloom filter{REFUSED}"]
    rewrite(package, version="1.0")
    assert validate(package).problems == [f"{PATH}: format version is 1.0, not 2.6{REFUSED}"]


def test_statistics_that_hide_rows_from_a_filtering_reader(package):
    """The footer's max of meeting_id lowered to meeting-010 (the data pages untouched): a
    reader that filters by statistics skips the row group and finds no meeting-014."""
    data = (package / PATH).read_bytes()
    length = int.from_bytes(data[-8:-4], "little")
    start = len(data) - 8 - length
    footer = data[start:-8]
    assert footer.count(b"meeting-015") == 1
    (package / PATH).write_bytes(data[:start] + footer.replace(b"meeting-015", b"meeting-010")
                                 + data[-8:])
    rehash(package, PATH)
    assert pq.read_table(package / PATH).num_rows == 15  # every value still there
    assert pq.read_table(package / PATH, filters=[("meeting_id", "=", "meeting-014")]
                         ).num_rows == 0
    assert validate(package).problems == [
        f"{PATH}: row group 0, column meeting_id: its statistics state min and max "
        "{'min': 'meeting-001', 'max': 'meeting-010'}, not the values' "
        f"{{'min': 'meeting-001', 'max': 'meeting-015'}}{REFUSED}"]


def footer_edited(path: Path, column: str, old: bytes, new: bytes) -> None:
    """Replace the bytes right after a column's name in the Thrift footer (its SchemaElement's
    next fields: converted type, logical type), keeping the file readable."""
    import struct

    data = path.read_bytes()
    size = struct.unpack("<I", data[-8:-4])[0]
    start = len(data) - 8 - size
    footer = data[start:-8]
    key = bytes([0x18, len(column)]) + column.encode()
    at = footer.index(key) + len(key)
    assert footer[at:at + len(old)] == old, footer[at:at + len(old) + 4].hex()
    footer = footer[:at] + new + footer[at + len(old):]
    path.write_bytes(data[:start] + footer + struct.pack("<I", len(footer)) + b"PAR1")


def test_a_converted_type_that_contradicts_the_logical_one(package):
    """start_date: LogicalType DATE kept, ConvertedType DATE turned TIME_MILLIS. pyarrow reads
    the logical type and sees no change; DuckDB reads the converted one (a time of day)."""
    footer_edited(package / PATH, "start_date", bytes.fromhex("250c4c6c"),
                  bytes.fromhex("250e4c6c"))
    rehash(package, PATH)
    assert pq.read_table(package / PATH).equals(pq.read_table(ROOT / PATH))
    problems = validate(package).problems
    assert len(problems) == 1 and problems[0].startswith(
        f"{PATH}: holds the CSV's rows but not as scripts/write_tables.py writes them (byte "
    ), problems


def test_a_column_whose_value_is_too_long_for_statistics_is_the_writer_s():
    """pyarrow writes no min and max for a chunk with a value over 4 KiB (the joint statement's
    passage is 10 kB): a file the writer wrote is not refused for it."""
    from scripts.validate.formats import parquet_footer_problem

    table = pa.table({"text": pa.array(["あ" * 4000, "b"])})
    buffer = pa.BufferOutputStream()
    pq.write_table(table, buffer, **PARQUET_OPTIONS)
    file = pq.ParquetFile(pa.BufferReader(buffer.getvalue()))
    assert not file.metadata.row_group(0).column(0).statistics.has_min_max
    assert parquet_footer_problem(file.metadata, file.read()) is None
