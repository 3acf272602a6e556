"""Every ID format of the package, in one place (README, "IDs"; MAINTAINING.md, "Source ids").

IDs are lowercase, start with a letter (no spreadsheet turns them into numbers or dates) and are
never reused or renumbered.
"""

from __future__ import annotations

import re

from scripts.lib.errors import BuildError

ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")  # curated ids: jp-mic, itu, gdcp
MIC_RELEASE_RE = re.compile(r"^https?://(?:www\.)?soumu\.go\.jp/menu_news/s-news/"
                            r"(?P<name>[0-9A-Za-z_]+)\.html?$")
URL_PARTS_RE = re.compile(r"^https?://(?:www\.)?(?P<host>[^/?#]+)(?P<path>[^?#]*)")


def meeting_id(number: int) -> str:
    """meeting-014: the meeting's number in the series, zero-padded to three digits."""
    return f"meeting-{number:03d}"


def commitment_id(meeting: str, position: int) -> str:
    """meeting-014-s012: sentence 12 of the meeting's joint statement."""
    return f"{meeting}-s{position:03d}"


def participant_id(meeting: str, position: int) -> str:
    """meeting-014-p01: the row's order in the meeting's list."""
    return f"{meeting}-p{position:02d}"


def event_id(meeting: str, position: int) -> str:
    """meeting-012-r01: the event's order among the meeting's related events."""
    return f"{meeting}-r{position:02d}"


def contact_id(source_id: str, position: int) -> str:
    """soumu-01tsushin08-02000172-c01: the person's order in the release's contact block."""
    return f"{source_id}-c{position:02d}"


def passage_id(source_id: str, part: str) -> str:
    """soumu-01tsushin08-02000172-next-meeting: the part of the release."""
    return f"{source_id}-{part.replace('_', '-')}"


def annex_source_id(source_id: str, language: str | None, position: int) -> str:
    """soumu-01tsushin08-02000172-annex-ja: an attachment the release lists, by its language
    (by its row's position among the release's documents when it states none)."""
    return f"{source_id}-annex-{language or position}"


def related_source_id(source_id: str, url: str | None, position: int) -> str:
    """A release listed under 【関係報道資料】: the id its url gives, else by its position."""
    return source_id_from_url(url) if url is not None else f"{source_id}-related-{position}"


def source_id_from_url(url: str) -> str:
    """The id of the document at `url` (MAINTAINING.md, 'Source ids').

    1. A MIC Japanese press release, https://www.soumu.go.jp/menu_news/s-news/<name>.html:
       soumu- and the file name, lowercased, _ as -: soumu-01tsushin08-02000149.
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
