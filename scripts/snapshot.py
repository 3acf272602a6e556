"""Stage 1, sources/*.txt + *.source.yaml -> Snapshot: a release text, checked, with its provenance.

    python -m scripts snapshot sources/NAME.txt --url URL   write sources/NAME.source.yaml
    python -m scripts snapshot sources/NAME.txt --update    new sha256 and bytes after a re-save

The text must be a *.txt file of sources/ (or of the folder given with --sources, as for the
build): a record anywhere else would describe a text no build reads.

`sources/<name>.source.yaml` describes `sources/<name>.txt`. The text is read only after its
size and sha256 match the record, and must be UTF-8 with LF line endings and no BOM: a snapshot
is the page's text exactly as saved, so we refuse rather than normalise (normalising would
change the bytes the checksum vouches for).
"""

from __future__ import annotations

import functools
import hashlib
import os
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scripts.lib.characters import check_characters, decode_utf8
from scripts.lib.errors import BuildError
from scripts.lib.files import MAX_RELEASE_BYTES, read_input, read_limited
from scripts.lib.ids import source_id_from_url
from scripts.lib.inputs import is_http_url
from scripts.lib.project import Project
from scripts.lib.yamlio import Document

RECORD_SUFFIX = ".source.yaml"
MAX_LINE_CHARS = 4000  # the longest line of a release held so far has 475 characters


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
    record_label: str = ""  # the record as messages name it
    record_lines: Callable[[str], int] = field(default=lambda key: 1, compare=False, repr=False)


def find_records(sources_dir: Path) -> list[Path]:
    """The records of sources/; a file there that is neither a record nor a text with its
    record beside it (a record misnamed *.source.yml, a text saved without one) is refused,
    rather than skipped."""
    records = sorted(sources_dir.glob(f"*{RECORD_SUFFIX}"))
    for path in sorted(sources_dir.iterdir()) if sources_dir.is_dir() else []:
        if path.name.endswith(RECORD_SUFFIX):
            continue
        record = path.with_name(path.stem + RECORD_SUFFIX)
        if path.suffix != ".txt":
            raise BuildError(path, "file", "is neither a release text (*.txt) nor its record "
                             f"(*{RECORD_SUFFIX}), so the build would skip it",
                             f"name a record <name>{RECORD_SUFFIX} beside <name>.txt, or "
                             "move the file out of sources/")
        if not os.path.lexists(record):
            raise BuildError(path, "file", f"has no record {record.name} beside it, so the "
                             "build would skip it", "write its record (python -m scripts "
                             f"snapshot {path.name} --url URL; MAINTAINING.md), or remove it")
    return records


def load_snapshot(record_path: Path, document: Document, project: Project) -> Snapshot:
    """The record (`document`: as checked against model/inputs/source-record.schema.json,
    check_records) and its text, once the text's size and sha256 match the record."""
    record = document.data
    label = project.relative(record_path)
    if record["source_id"] != source_id_from_url(record["url"]):
        raise BuildError(label, f"line {document.line(('source_id',))}: source_id",
                         f"{record['source_id']!r} is not the id its url gives",
                         f"use source_id: {source_id_from_url(record['url'])} "
                         "(MAINTAINING.md, 'Source ids')")
    text_name = record_path.name.removesuffix(RECORD_SUFFIX) + ".txt"
    if record["file"] != text_name:
        # the text beside a record is the one find_records pairs with it, and the one the
        # package's validation holds to the record
        raise BuildError(label, f"line {document.line(('file',))}: file",
                         f"is {record['file']!r}, but this record's text is {text_name!r}, "
                         "beside it", f"write file: {text_name} (a record describes the text "
                         "of its own name; rename both files together)")
    path = Path(os.path.abspath(record_path.parent / record["file"]))  # links not followed
    if not path.is_relative_to(project.root):
        raise BuildError(label, f"line {document.line(('file',))}: file",
                         f"{record['file']!r} points outside the repository",
                         "keep the snapshot in sources/ and name it relative to the record")
    data = read_input(path, MAX_RELEASE_BYTES, "a release's page text")
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
        text=decode_text(path, data), record_label=label,
        record_lines=functools.partial(record_line, document),
    )


def record_line(document, key: str) -> int:
    """The line of a record's key (a function of its own, so that a snapshot can be sent to
    another process)."""
    return document.line((key,))


def decode_text(path: Path, data: bytes) -> str:
    nul = data.find(b"\x00")
    if nul >= 0 and not data.startswith(b"\xef\xbb\xbf"):
        raise BuildError(path, f"byte {nul}", "holds NUL bytes: not a text file",
                         "save the release's page text as plain UTF-8 text")
    text = decode_utf8(path, data, then=", then update sha256 and bytes")
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        raise BuildError(path, f"line {line}", "contains CR (CRLF or CR line endings)",
                         "convert line endings to LF (e.g. `sed -i 's/\\r$//'`), then update "
                         "sha256 and bytes")
    if not text.strip():
        raise BuildError(path, "whole file", "is empty", "save the release's page text")
    check_characters(path, text, digits=True, fix="save the page's text again without it "
                     "(a copy from the browser may have added it), then update sha256 and bytes")
    check_line_lengths(path, text)
    return text


def check_line_lengths(path: Path, text: str) -> None:
    """A release's paragraph is a few hundred characters; a far longer line is not a page's
    text (and would make the parser's patterns slow)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise BuildError(path, f"line {number}", f"is {len(line)} characters long, over "
                             f"the bound of {MAX_LINE_CHARS} for a line of a release",
                             "save the page's text as it is published, one paragraph a line")


def record_text(path: Path, url: str, publisher: dict, language: str, kind: str) -> str:
    """The provenance record of a saved release text (MAINTAINING.md, step 3); `publisher` is
    its entry in reference/publishers.yaml (terms of use, attribution)."""
    data = read_limited(path, MAX_RELEASE_BYTES, "a release's page text")
    decode_text(path, data)  # refuse what the build would refuse, now
    check_url(url, publisher)
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


def check_url(url: str, publisher: dict) -> None:
    """The url of a held text: http(s), and on its publisher's site (reference/publishers.yaml)."""
    try:
        is_http_url(url)
    except ValueError as error:
        raise BuildError(url, "--url", f"is not a usable url: {error}",
                         "give the page's address as it is, https://host/path") from None
    if urllib.parse.urlsplit(url).hostname != publisher["site"]:
        raise BuildError(url, "--url", f"is not on {publisher['organization_id']}'s site "
                         f"{publisher['site']} (reference/publishers.yaml)",
                         "give the address at which the publisher published the text")


def check_in_sources(path: Path, sources_dir: Path) -> None:
    """A text the build reads: a *.txt file directly in the sources folder (find_records). A
    record written anywhere else (README.md, a text in another folder) describes a text that
    no build reads."""
    folder = Path(os.path.abspath(path)).parent.resolve()
    if folder != sources_dir.resolve():
        raise BuildError(path, "file", f"is not in {sources_dir}/, the folder the build reads "
                         "release texts and their records from: no build would read it",
                         f"save the page's text as {sources_dir / 'NAME.txt'} and run snapshot "
                         "on that file (or give the build's folder with --sources)")
    if path.suffix != ".txt":
        raise BuildError(path, "file", "is not a release text (*.txt), the only files of "
                         "sources/ the build reads with their records",
                         f"save the page's text as {sources_dir / (path.stem + '.txt')}")


def write_record(path: Path, url: str | None, publisher: dict, language: str, kind: str,
                 sources_dir: Path, update: bool = False) -> Path:
    """Write (or with `update`, refresh the checksum of) the record beside a saved text, a
    text of `sources_dir` (the folder the build reads)."""
    record_path = path.with_name(path.stem + RECORD_SUFFIX)
    if not path.is_file():
        raise BuildError(path, "file", "does not exist", "save the page text there first")
    check_in_sources(path, sources_dir)
    if update and url is not None:
        # --update keeps every line but sha256 and bytes: a new url would be dropped unsaid
        raise BuildError(path, "--url", "is given with --update, which refreshes sha256 and "
                         "bytes only and keeps the record's url", "leave out --url; to record "
                         "another address, edit the record's url and source_id (and rename "
                         "the text and its record after it: MAINTAINING.md, 'Source ids')")
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
    data = read_limited(path, MAX_RELEASE_BYTES, "a release's page text")
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
