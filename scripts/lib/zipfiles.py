"""Zip files whose bytes depend only on their entries: the workbook and the release zip."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from scripts.lib.errors import BuildError


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


def deterministic_zip(entries: list[tuple[str, bytes]], stamp: dt.datetime) -> bytes:
    """A zip of `entries` (in the order given) whose bytes depend only on names and contents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever system builds it
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()
