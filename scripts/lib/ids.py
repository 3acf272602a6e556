"""Every ID format of the package, in one place (README, "IDs"; MAINTAINING.md, "Source ids").

IDs are lowercase, start with a letter (no spreadsheet turns them into numbers or dates) and are
never reused or renumbered.
"""

from __future__ import annotations

import datetime as dt
import re

from scripts.lib.errors import BuildError

ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")  # curated ids: jp-mic, itu, gdcp
# (a query or fragment names the same document, as in the general rule: one id, so that the
# url given twice, once with ?print, is one document whose urls disagree)
MIC_RELEASE_RE = re.compile(r"^https?://(?:www\.)?soumu\.go\.jp/menu_news/s-news/"
                            r"(?P<name>[0-9A-Za-z_]+)\.html?(?:[?#].*)?$")
URL_PARTS_RE = re.compile(r"^https?://(?:www\.)?(?P<host>[^/?#]+)(?P<path>[^?#]*)")
# A sources row's origin for messages, (file, place); not a column (the tables drop it).
WHERE = "_where"


def meeting_id(number: int) -> str:
    """meeting-014: the meeting's number in the series, zero-padded to three digits."""
    return f"meeting-{number:03d}"


def commitment_id(meeting: str, position: int) -> str:
    """meeting-014-s012: sentence 12 of the meeting's joint statement."""
    return f"{meeting}-s{position:03d}"


PARTICIPANT_ROLES = {"head_of_delegation": "head", "member": "member",
                     "private_sector": "private"}


def participant_id(meeting: str, role: str, key: str) -> str:
    """meeting-014-head-jp, meeting-014-member-us-doc-ntia, meeting-014-private-jp-accj: what
    the row is. A head of delegation by the delegation (one per side and meeting, whatever body
    the title names); a listed body by the role and the organization's id."""
    return f"{meeting}-{PARTICIPANT_ROLES[role]}-{key.lower()}"


def with_participant_ids(rows: list[dict], where: str, locate=None) -> list[dict]:
    """The rows (of one meeting, in the source's order) with their participant_id and
    list_position; two rows that would get one id stop the build, at the second row's place
    (`locate(row)`: its line in the release, say) when it has one."""
    seen: dict[str, dict] = {}
    for position, row in enumerate(rows, start=1):
        key = row["delegation"] if row["role"] == "head_of_delegation" else row["organization_id"]
        if key is None:
            raise BuildError(where, f"{row['meeting_id']}, {row['role']}", "a participant "
                             "without delegation or organization has no id",
                             "name the body (or, for a head, the delegation) it belongs to")
        pid = participant_id(row["meeting_id"], row["role"], key)
        if pid in seen:
            first = f", also {locate(seen[pid])}" if locate else ""
            raise BuildError(where, locate(row) if locate else row["meeting_id"],
                             f"{pid} is listed twice ({seen[pid].get('name_as_written')!r}, "
                             f"{row.get('name_as_written')!r}{first})",
                             "list each body once per role and meeting")
        seen[pid] = row
        row["participant_id"], row["list_position"] = pid, position
    return rows


def event_id(meeting: str, kind: str, day: dt.date | None) -> str:
    """meeting-012-gdcp-working-group-20211019: the meeting it belongs to, the event's kind and,
    where a source dates it, its day (meeting-006-side-event when none does)."""
    stem = f"{meeting}-{kind.replace('_', '-')}"
    return f"{stem}-{day:%Y%m%d}" if day is not None else stem


def contact_id(source_id: str, position: int) -> str:
    """soumu-01tsushin08-02000172-c01: the person's order in the release's contact block."""
    return f"{source_id}-c{position:02d}"


def passage_id(source_id: str, part: str) -> str:
    """soumu-01tsushin08-02000172-next-meeting: the part of the release."""
    return f"{source_id}-{part.replace('_', '-')}"


def annex_source_id(source_id: str, kind: str, language: str | None) -> str:
    """soumu-01tsushin08-02000172-annex-ja: an attachment the release lists. A joint statement
    (the attachment of the series' releases) by its language; any other attachment by its kind
    and language (…-annex-press-release-ja); by its kind alone when it states no language."""
    words = [] if kind == "joint_statement" and language else [kind.replace("_", "-")]
    return "-".join([f"{source_id}-annex", *words, *([language] if language else [])])


def named_document_id(meeting: str, document: str) -> str:
    """meeting-013-joint-statement, meeting-014-private-sector-joint-statement: a document a
    release names without an address, by the meeting it belongs to and what it is, so that every
    release naming it gives the same id."""
    return f"{meeting}-{document.replace('_', '-')}"


def source_id_from_url(url: str) -> str:
    """The id of the document at `url` (MAINTAINING.md, 'Source ids').

    1. A MIC Japanese press release, https://www.soumu.go.jp/menu_news/s-news/<name>.html
       (with or without a query or fragment): soumu- and the file name, lowercased, _ as -:
       soumu-01tsushin08-02000149.
    2. Any other url: its host without a leading www., then its path without the file
       extension, query and fragment, lowercased, each run of characters other than a-z and
       0-9 turned into one -; web- in front when that would start with a digit:
       japan2-usembassy-gov-e-p-2010-tp-20101101-78, web-2009-2017-state-gov-r-pa-prs-ps-…
    """
    match = MIC_RELEASE_RE.match(url)
    if match:
        return "soumu-" + match.group("name").lower().replace("_", "-")
    parts = URL_PARTS_RE.match(url)
    slug = ""
    if parts:
        path = re.sub(r"\.[A-Za-z0-9]+$", "", parts.group("path").rstrip("/"))
        slug = re.sub(r"[^a-z0-9]+", "-", f"{parts.group('host')}{path}".lower()).strip("-")
    if not slug:
        raise BuildError(url, "url", "cannot derive a source id from this url",
                         "give the document's address as an http(s) url")
    return f"web-{slug}" if slug[0].isdigit() else slug
