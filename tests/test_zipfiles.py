"""The zip writer (scripts/lib/zipfiles.py) writes, byte for byte, what Python's zipfile writes
for the same members: the workbook and the release zip keep their bytes, and every zip reader
reads them as it reads zipfile's."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
import zlib

import pytest

from scripts.lib import zipfiles
from scripts.lib.zipfiles import Deflater, deterministic_zip
from tests.conftest import ROOT

STAMP = dt.datetime(2024, 2, 27, 13, 45, 59)


def zipfile_bytes(entries: list[tuple[str, bytes]], stamp: dt.datetime) -> bytes:
    """The same members written by zipfile (how the package's zips were made before), with
    its settings written out here, not taken from scripts/lib/zipfiles.py: a changed constant
    there (system, mode, level) fails the comparison."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


def published_workbook_parts() -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(ROOT / "data" / "us-japan-digital-economy-dialogue.xlsx") as book:
        return [(info.filename, book.read(info)) for info in book.infolist()]


def sample_entries() -> list[tuple[str, bytes]]:
    noise = random.Random(7)
    return [("empty.txt", b""), ("a/日本語の名前.csv", "行,値\n".encode() * 3000),
            ("random.bin", bytes(noise.getrandbits(8) for _ in range(70_000))),
            ("repeated.xml", b"<row/>" * 200_000), ("one", b"x")]


@pytest.mark.parametrize("entries", [published_workbook_parts(), sample_entries()],
                         ids=["the published workbook's parts", "names and contents of "
                              "every kind"])
def test_the_writer_writes_what_zipfile_writes(entries):
    assert deterministic_zip(entries, STAMP) == zipfile_bytes(entries, STAMP)


def test_members_handed_over_early_or_not_give_the_same_bytes():
    entries = sample_entries()
    with Deflater(2) as deflater:
        for _, data in entries[::2]:
            deflater.start(data)
        early = deterministic_zip(entries, STAMP, deflater)
    assert early == zipfile_bytes(entries, STAMP)


def test_a_member_is_known_by_its_object_not_by_a_reused_id():
    """Python reuses the id of a freed object: a stream started for one object is never
    taken for another that has its id now (simulated: the other under the first's entry)."""
    first, other = b"<row/>" * 1000, b"<cell/>" * 1000
    with Deflater(1) as deflater:
        deflater.start(first)
        deflater.pending[id(other)] = deflater.pending.pop(id(first))
        assert zlib.decompress(deflater.stream(other), -15) == other
        deflater.start(first)
        deflater.pending[id(other)] = deflater.pending.pop(id(first))
        archive = zipfile.ZipFile(io.BytesIO(deterministic_zip([("b", other)], STAMP,
                                                               deflater)))
    assert archive.testzip() is None and archive.read("b") == other


def test_a_zip_that_needs_zip64_records_is_written_as_zipfile_writes_it(monkeypatch):
    """Over 2 GiB (a member's offset, the central directory's) or 65,535 members, zipfile
    writes zip64 records: so is our zip then (the limits lowered to make such a zip small)."""
    noise = random.Random(11)
    entries = [(f"m{i}", bytes(noise.getrandbits(8) for _ in range(6000))) for i in range(3)]
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 10_000)
    monkeypatch.setattr(zipfiles, "SMALL_ZIP_LIMIT", 10_000)
    assert deterministic_zip(entries, STAMP) == zipfile_bytes(entries, STAMP)
    monkeypatch.undo()
    many = [(f"e{i}", b"x") for i in range(5)]
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 3)
    monkeypatch.setattr(zipfiles, "ENTRY_LIMIT", 3)
    assert deterministic_zip(many, STAMP) == zipfile_bytes(many, STAMP)


def test_a_name_with_nul_is_cut_as_zipfile_cuts_it():
    entries = [("a\0b.txt", b"text")]
    assert deterministic_zip(entries, STAMP) == zipfile_bytes(entries, STAMP)
