"""Zip files whose bytes depend only on their entries: the workbook and the release zip."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor

from scripts.lib.errors import BuildError
from scripts.lib.parallel import cores

LEVEL = 6  # zlib's default; the level fixes the bytes
VERSION = 20  # "2.0": the version that reads and makes deflated members
UNIX = 3  # the system that made each member, whatever system builds it
MODE = 0o644 << 16  # rw-r--r--
UTF8_NAME = 0x800  # the member's name is UTF-8 (else ASCII)
SMALL_ZIP_LIMIT = (1 << 31) - 1  # sizes and offsets beyond it need zip64 records
ENTRY_LIMIT = 0xFFFF  # more entries need zip64 records


class NeedsZipfile(Exception):
    """What our writer does not write (zip64 records, a name with NUL): zipfile writes it."""


def created_datetime(meta: dict) -> dt.datetime:
    """The package's `created` (model/package.yaml) as a naive UTC datetime."""
    value = meta["created"]
    try:
        stamp = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise BuildError("model/package.yaml", "created", f"{value!r} is not an ISO date-time",
                         "write it as 'YYYY-MM-DDT00:00:00Z'") from None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    if stamp.year < 1980:
        raise BuildError("model/package.yaml", "created", f"{value!r} is before 1980",
                         "zip files cannot record earlier dates; give the release date")
    return stamp


def deflated(data: bytes) -> bytes:
    """A member's raw deflate stream, as zipfile makes it (level 6, no zlib header)."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


class Deflater:
    """Deflates zip members on threads beside the caller (zlib works outside the GIL): a
    member handed to `start` as soon as it is made is compressed while the caller makes the
    next one, and `deterministic_zip` takes its stream from here."""

    def __init__(self, workers: int | None = None):
        self.pool = ThreadPoolExecutor(workers or cores())
        self.pending: dict[int, tuple[bytes, Future]] = {}  # by id: holds `data`, so unique

    def start(self, data: bytes) -> None:
        if self.pending.get(id(data), (None,))[0] is not data:
            self.pending[id(data)] = (data, self.pool.submit(deflated, data))

    def stream(self, data: bytes) -> bytes:
        held, future = self.pending.pop(id(data), (None, None))
        return future.result() if held is data else deflated(data)

    def __enter__(self) -> Deflater:
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def deterministic_zip(entries: list[tuple[str, bytes]], stamp: dt.datetime,
                      deflater: Deflater | None = None) -> bytes:
    """A zip of `entries` (in the order given) whose bytes depend only on names and contents:
    byte for byte what zipfile writes for them (deflated at level 6, Unix, mode 0644, the
    stamp; tests/test_zipfiles.py), its members compressed on every core (`deflater`: one
    the caller has already handed some of them to). A zip that needs zip64 records (over
    2 GiB or 65,535 members; no package comes near) is written by zipfile itself."""
    if deflater is None:
        with Deflater() as own:
            return deterministic_zip(entries, stamp, own)
    try:
        return small_zip(entries, stamp, deflater)
    except NeedsZipfile:
        return zipfile_zip(entries, stamp)


def small_zip(entries: list[tuple[str, bytes]], stamp: dt.datetime, deflater: Deflater) -> bytes:
    if len(entries) > ENTRY_LIMIT or any("\0" in name for name, _ in entries):
        raise NeedsZipfile
    for _, data in sorted(entries, key=lambda entry: -len(entry[1])):
        deflater.start(data)  # the rest, the largest first: the cores finish together
    time, date = dos_stamp(stamp)
    out, directory = io.BytesIO(), []
    for name, data in entries:
        stream, (encoded, flags) = deflater.stream(data), encoded_name(name)
        if (len(data) * 1.05 > SMALL_ZIP_LIMIT or len(stream) > SMALL_ZIP_LIMIT
                or out.tell() > SMALL_ZIP_LIMIT):
            raise NeedsZipfile
        # version needed, reserved, flags, method, time, date, crc, sizes: local and central
        common = struct.pack("<2B4HL2L", VERSION, 0, flags, zipfile.ZIP_DEFLATED, time, date,
                             zlib.crc32(data), len(stream), len(data))
        directory.append(struct.pack("<4s2B", b"PK\x01\x02", VERSION, UNIX) + common
                         + struct.pack("<5H2L", len(encoded), 0, 0, 0, 0, MODE, out.tell())
                         + encoded)
        out.write(b"PK\x03\x04" + common + struct.pack("<2H", len(encoded), 0) + encoded
                  + stream)
    start, central = out.tell(), b"".join(directory)
    if start > SMALL_ZIP_LIMIT or len(central) > SMALL_ZIP_LIMIT:
        raise NeedsZipfile
    out.write(central)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory),
                          out.tell() - start, start, 0))
    return out.getvalue()


def zipfile_zip(entries: list[tuple[str, bytes]], stamp: dt.datetime) -> bytes:
    """The same zip written by Python's zipfile, one member after the other."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = UNIX
            info.external_attr = MODE
            archive.writestr(info, data, compresslevel=LEVEL)
    return buffer.getvalue()


def encoded_name(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), UTF8_NAME


def dos_stamp(stamp: dt.datetime) -> tuple[int, int]:
    """A zip member's (time, date) fields, to the even second, as zipfile writes them."""
    return (stamp.hour << 11 | stamp.minute << 5 | stamp.second // 2,
            (stamp.year - 1980) << 9 | stamp.month << 5 | stamp.day)
