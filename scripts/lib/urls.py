"""The canonical form of a url: one way to write each address.

A release's source id is made from its url, so two ways of writing one address
(`https://WWW.SOUMU.GO.JP/…`, `…go.jp:443/…`, `…/menu_news/../s-news/…`) would publish one
release under two ids. A url of a record or of a curated file must be written canonically:
lower-case scheme and host, no port, no `.`, `..` or empty segments, a `/` after the host.
"""

from __future__ import annotations

import urllib.parse

DEFAULT_PORTS = {"http": 80, "https": 443}


def uncanonical(value: str, parts: urllib.parse.SplitResult) -> str:
    """What makes a url (already known to have a scheme and a host) not canonical."""
    segments = parts.path.split("/")[1:]
    host = parts.netloc.rpartition("@")[2]
    reasons = [
        (parts.port is not None, "a port"),
        (parts.port is None and ":" in host, "an empty port (:)"),
        (host.split(":")[0] != parts.hostname, "capital letters in the host"),
        (not value.startswith(parts.scheme), "capital letters in the scheme"),
        (any(s in (".", "..") for s in segments), "'.' or '..' segments"),
        (any(s == "" for s in segments[:-1]), "an empty segment (//)"),
        (parts.path == "", "no / after the host"),
    ]
    return ", ".join(reason for found, reason in reasons if found) or "its form"


def canonical_url(parts: urllib.parse.SplitResult) -> str | None:
    """The one way to write a url: lower-case scheme and host, no port (the scheme's default
    port is dropped; another one has no canonical form), no '.', '..' or empty segments.
    Two ways of writing one address would give one release two source ids."""
    if parts.port is not None and parts.port != DEFAULT_PORTS[parts.scheme]:
        return None
    segments = []
    for segment in parts.path.split("/")[1:]:
        if segment == "..":
            segments = segments[:-1]
        elif segment not in (".", ""):
            segments.append(segment)
    path = "/" + "/".join(segments)
    if parts.path.endswith(("/", "/.", "/..")) and segments:
        path += "/"
    return urllib.parse.urlunsplit((parts.scheme, parts.hostname, path, parts.query,
                                    parts.fragment))
