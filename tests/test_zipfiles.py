"""The zip writer (scripts/lib/zipfiles.py) writes, byte for byte, what Python's zipfile writes
for the same members: the workbook and the release zip keep their bytes, and every zip reader
reads them as it reads zipfile's."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile

import pytest

from scripts.lib.zipfiles import Deflater, deterministic_zip
from tests.conftest import ROOT

STAMP = dt.datetime(2024, 2, 27, 13, 45, 59)


def zipfile_bytes(entries: list[tuple[str, bytes]], stamp: dt.datetime) -> bytes:
    """The same members written by zipfile (how the package's zips were made before)."""
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


def test_an_equal_member_not_handed_over_is_compressed_for_itself():
    """The deflater knows a member by the object, not by equal bytes made again."""
    first, again = b"<row/>" * 1000, b"<row/>" * 1000
    with Deflater(1) as deflater:
        deflater.start(first)
        assert deflater.stream(again) == deflater.stream(first)
    with zipfile.ZipFile(io.BytesIO(deterministic_zip([("a", first), ("b", again)],
                                                      STAMP))) as archive:
        assert archive.testzip() is None
        assert archive.read("b") == again
