"""Stage 1, sources/*.txt + *.source.yaml -> Snapshot: a release text, checked, with its provenance.

    python -m scripts snapshot sources/NAME.txt --url URL   write sources/NAME.source.yaml
    python -m scripts snapshot sources/NAME.txt --update    new sha256 and bytes after a re-save

`sources/<name>.source.yaml` describes `sources/<name>.txt`. The text is read only after its
size and sha256 match the record, and must be UTF-8 with LF line endings and no BOM: a snapshot
is the page's text exactly as saved, so we refuse rather than normalise (normalising would
change the bytes the checksum vouches for).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from scripts.lib.errors import BuildError
from scripts.lib.ids import source_id_from_url
from scripts.lib.project import Project
from scripts.lib.yamlio import load_yaml

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


def load_snapshot(record_path: Path, project: Project) -> Snapshot:
    record = load_yaml(record_path)
    if not isinstance(record, dict):
        raise BuildError(record_path, "top level", "expected a mapping of provenance fields",
                         "write the record as `key: value` lines (see README, Sources)")
    for key in REQUIRED:
        if record.get(key) in (None, ""):
            raise BuildError(record_path, f"field `{key}`", "missing",
                             f"add `{key}:` to the record")
    if record["source_id"] != source_id_from_url(record["url"]):
        raise BuildError(record_path, "field `source_id`", f"{record['source_id']!r} is not "
                         "the id its url gives", f"use source_id: "
                         f"{source_id_from_url(record['url'])} (MAINTAINING.md, 'Source ids')")
    path = (record_path.parent / str(record["file"])).resolve()
    if not path.is_relative_to(project.root):
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
    nul = data.find(b"\x00")
    if nul >= 0:
        raise BuildError(path, f"byte {nul}", "holds NUL bytes: not a text file",
                         "save the release's page text as plain UTF-8 text")
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


def record_text(path: Path, url: str, publisher: dict, language: str, kind: str) -> str:
    """The provenance record of a saved release text (MAINTAINING.md, step 3); `publisher` is
    its entry in reference/publishers.yaml (terms of use, attribution)."""
    data = path.read_bytes()
    decode_text(path, data)  # refuse what the build would refuse, now
    source_id = source_id_from_url(url)
    return "\n".join([
        "# Provenance of the snapshot beside this file. The build checks sha256 and bytes before "
        "parsing.",
        f"source_id: {source_id}",
        f"kind: {kind}",
        f"file: {path.name}",
        f"url: {url}",
        f"publisher_organization_id: {publisher['organization_id']}",
        f"language: {language}",
        "media_type: text/plain",
        "form: Plain text of the web page, UTF-8, LF line endings.",
        f"sha256: {hashlib.sha256(data).hexdigest()}",
        f"bytes: {len(data)}",
        f"terms_of_use: {publisher['terms_of_use']}",
        f"attribution_ja: {publisher['attribution_ja'].format(url=url)}",
        ""])


def write_record(path: Path, url: str | None, publisher: dict, language: str, kind: str,
                 update: bool = False) -> Path:
    """Write (or with `update`, refresh the checksum of) the record beside a saved text."""
    record_path = path.with_name(path.stem + RECORD_SUFFIX)
    if not path.is_file():
        raise BuildError(path, "file", "does not exist", "save the page text there first")
    if update:
        update_record(record_path, path)
    elif url is None:
        raise BuildError(path, "--url", "missing", "give the page's address with --url")
    elif record_path.exists():
        raise BuildError(record_path, "file", "exists already",
                         "use --update to refresh its checksum, or remove it first")
    else:
        record_path.write_text(record_text(path, url, publisher, language, kind),
                               encoding="utf-8")
    return record_path


def update_record(record_path: Path, path: Path) -> None:
    """Put the text's current sha256 and size into its record, keeping everything else."""
    data = path.read_bytes()
    decode_text(path, data)
    write_checksum(record_path, data)


def write_checksum(record_path: Path, data: bytes) -> None:
    """Set the record's sha256 and bytes lines to those of `data`; other lines stay as they are."""
    lines = []
    for line in record_path.read_text(encoding="utf-8").splitlines():
        if line.startswith("sha256:"):
            line = f"sha256: {hashlib.sha256(data).hexdigest()}"
        elif line.startswith("bytes:"):
            line = f"bytes: {len(data)}"
        lines.append(line)
    record_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
