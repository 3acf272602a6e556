"""What the parser reads from one release text of the series, as JSON (MAINTAINING.md, step 2).

    python -m scripts inspect FILE

The meeting's number, the dialogue's name, the release date, the meeting's dates, place and
organisers, the parts found (`sections`, in document order) and those not found (`missing`).
A release cut short is read as far as it goes; `unknown` lists names the reference data does
not hold (a new city or body); `labels`, where the text names the meeting (the build stops
unless they agree). Exit 0 when the file is a release of the series, 2 with a message when it
is not, or cannot be read as the build would read it: a regular file of at most 1 MiB, UTF-8,
LF line endings, no BOM, no invisible or format characters, digits ASCII or full-width.
"""

from __future__ import annotations

from pathlib import Path

from scripts.lib.errors import BuildError
from scripts.lib.files import MAX_RELEASE_BYTES, read_limited
from scripts.lib.project import Project
from scripts.parse_release import PART_NAMES, Release, check_series, parse_release
from scripts.parse_release.document import line_number
from scripts.registry import Registry, load_registry
from scripts.snapshot import decode_text


def iso(day) -> str | None:
    return day.isoformat() if day else None


def text(span) -> str | None:
    return span.text if span else None


def describe(release: Release, registry: Registry) -> dict:
    unknown: list[str] = []
    place = describe_place(release, registry, unknown)
    organizers = describe_organizers(release, registry, unknown)
    dialogue = None
    if release.dialogue_name is not None:
        dialogue = registry.dialogue(release.dialogue_name.text, f"{release.path}: title")
    sections = sorted((name for name in PART_NAMES if name in release.parts),
                      key=lambda name: release.parts[name].start)
    return {
        "file": release.path, "title": text(release.title), "number": release.number,
        "dialogue_name_ja": text(release.dialogue_name),
        "dialogue_abbr": dialogue["abbreviation"] if dialogue else None,
        "published": iso(release.published), "publisher": text(release.publisher),
        "start_date": iso(release.start_date), "end_date": iso(release.end_date),
        "us_start_date": iso(release.us_start_date), "us_end_date": iso(release.us_end_date),
        **place, "organizers": organizers, "format": release.format,
        "host_country": release.host_country, "sessions": list(release.sessions),
        "participants": [{"delegation": a.delegation, "head": text(a.head),
                          "organizations": [o.text for o in a.organizations],
                          "list_is_partial": a.is_partial} for a in release.attendance],
        "private_sector": [o.text for o in release.private_sector],
        "sections": sections,
        "statement_sections": [{"number": number, "title": title.text}
                               for number, title in release.sections],
        "statement_sentences": len(release.sentences),
        "next_meeting_fiscal_year": release.next_fiscal_year,
        "labels": [{"where": label.where, "number": label.number,
                    "line": line_number(release.text, label.span)} for label in release.labels],
        "missing": release.missing,
        "unknown": unknown,
    }


def describe_place(release: Release, registry: Registry, unknown: list[str]) -> dict:
    city = venue = None
    if release.place is not None:
        try:
            city, venue = registry.split_place(release.place.text, f"{release.path}: lead")
        except BuildError:
            unknown.append(f"place {release.place.text!r} (reference/places.yaml)")
    return {"place_ja": text(release.place), "city_ja": city["name_ja"] if city else None,
            "city_en": city["name_en"] if city else None, "venue_ja": venue}


def describe_organizers(release: Release, registry: Registry, unknown: list[str]) -> list[dict]:
    """The organisers with their ids; every organisation the registry lacks goes to `unknown`."""
    def known(span, where: str) -> str | None:
        try:
            return registry.organization_id(span.text, f"{release.path}: {where}")
        except BuildError:
            unknown.append(f"organisation {span.text!r} (reference/organizations.yaml)")
            return None

    organizers = [{"name_ja": span.text, "organization_id": known(span, "lead")}
                  for span in release.organizers]
    listed = [o for a in release.attendance for o in a.organizations]
    for span in [*listed, *release.private_sector]:
        known(span, "participants")
    return organizers


def inspect_file(path: Path, project: Project) -> dict:
    """What the parser reads from the text at `path`: a regular file of at most
    MAX_RELEASE_BYTES (1 MiB), read as the build reads it."""
    registry = load_registry(project)
    data = read_limited(Path(path), MAX_RELEASE_BYTES, "a release's page text")
    release = parse_release(decode_text(path, data), path, registry.vocabulary)
    check_series(release, registry.dialogue_names())
    return describe(release, registry)
