"""Source snapshots: the release texts kept byte for byte, each with a provenance record beside it.

`sources/<name>.source.yaml` describes `sources/<name>.txt`. The text is read only after its
size and sha256 match the record, and must be UTF-8 with LF line endings and no BOM: a snapshot
is the page's text exactly as saved, so we refuse rather than normalise (normalising would
change the bytes the checksum vouches for).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from scripts.errors import BuildError
from scripts.yamlio import load_yaml

RECORD_SUFFIX = ".source.yaml"
REQUIRED = ("source_id", "kind", "file", "url", "publisher_organization_id", "language",
            "sha256", "bytes", "terms_of_use")


@dataclass(frozen=True)
class Snapshot:
    source_id: str
    kind: str
    path: Path  # the text file
    record_path: Path
    url: str
    publisher_organization_id: str
    language: str
    sha256: str
    bytes: int
    terms_of_use: str
    attribution_ja: str | None
    text: str


def find_records(sources_dir: Path) -> list[Path]:
    return sorted(sources_dir.glob(f"*{RECORD_SUFFIX}"))


def load_snapshot(record_path: Path, root: Path) -> Snapshot:
    record = load_yaml(record_path)
    if not isinstance(record, dict):
        raise BuildError(record_path, "top level", "expected a mapping of provenance fields",
                         "write the record as `key: value` lines (see README, Sources)")
    for key in REQUIRED:
        if record.get(key) in (None, ""):
            raise BuildError(record_path, f"field `{key}`", "missing",
                             f"add `{key}:` to the record")
    path = (record_path.parent / str(record["file"])).resolve()
    if not path.is_relative_to(root.resolve()):
        raise BuildError(record_path, "field `file`",
                         f"{record['file']!r} points outside the repository",
                         "keep the snapshot in sources/ and name it relative to the record")
    if not path.is_file():
        raise BuildError(record_path, "field `file`", f"{record['file']!r} does not exist",
                         "save the page text next to the record under that name")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if len(data) != record["bytes"] or digest != record["sha256"]:
        raise BuildError(
            path, "whole file",
            f"checksum mismatch: the record says {record['bytes']} bytes, sha256 "
            f"{record['sha256']}; the file has {len(data)} bytes, sha256 {digest}",
            f"restore the original text (git checkout -- {path.name}); if the source itself "
            f"changed, save the new text and update sha256 and bytes in {record_path.name}",
        )
    return Snapshot(
        source_id=record["source_id"], kind=record["kind"], path=path, record_path=record_path,
        url=record["url"], publisher_organization_id=record["publisher_organization_id"],
        language=record["language"], sha256=digest, bytes=len(data),
        terms_of_use=record["terms_of_use"], attribution_ja=record.get("attribution_ja"),
        text=decode_text(path, data),
    )


def decode_text(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        raise BuildError(path, "byte 0", "starts with a UTF-8 byte-order mark",
                         "save the text as UTF-8 without BOM, then update sha256 and bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BuildError(path, f"line {line}, byte {error.start}", "not valid UTF-8 "
                         "(Shift_JIS/CP932?)", "convert the file to UTF-8 (e.g. "
                         "`iconv -f CP932 -t UTF-8`), then update sha256 and bytes") from None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        raise BuildError(path, f"line {line}", "contains CR (CRLF or CR line endings)",
                         "convert line endings to LF (e.g. `sed -i 's/\\r$//'`), then update "
                         "sha256 and bytes")
    if not text.strip():
        raise BuildError(path, "whole file", "is empty", "save the release's page text")
    return text
