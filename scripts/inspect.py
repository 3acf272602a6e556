"""Print, as JSON, what the parser reads from one release text of the series.

    python -m scripts.inspect FILE

For a maintainer saving a new release (MAINTAINING.md, step 2): the meeting's number, the
dialogue's name, the release date, the meeting's dates, place and organisers, the parts found
(`sections`, in document order) and those not found (`missing`). A release cut short is read as
far as it goes; `unknown` lists names the reference data does not hold (a new city or body).
Exit 0 when the file is a release of the series, 2 with a message when it is not (or cannot be
read as the build would read it: UTF-8, LF line endings, no BOM).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scripts.errors import BuildError
from scripts.model import ROOT
from scripts.parse_release import PART_NAMES, Release, check_series, parse_release
from scripts.registry import Registry, load_registry
from scripts.snapshot import decode_text


def iso(day) -> str | None:
    return day.isoformat() if day else None


def text(span) -> str | None:
    return span.text if span else None


def describe(release: Release, registry: Registry) -> dict:
    unknown: list[str] = []
    city = venue = None
    if release.place is not None:
        try:
            city, venue = registry.split_place(release.place.text, f"{release.path}: lead")
        except BuildError:
            unknown.append(f"place {release.place.text!r} (reference/places.yaml)")
    organizers = []
    for span in release.organizers:
        try:
            org_id = registry.organization_id(span.text, f"{release.path}: lead")
        except BuildError:
            org_id = None
            unknown.append(f"organisation {span.text!r} (reference/organizations.yaml)")
        organizers.append({"name_ja": span.text, "organization_id": org_id})
    listed = [o for a in release.attendance for o in a.organizations]
    for span in [*listed, *release.private_sector]:
        try:
            registry.organization_id(span.text, f"{release.path}: participants")
        except BuildError:
            unknown.append(f"organisation {span.text!r} (reference/organizations.yaml)")
    dialogue = None
    if release.dialogue_name is not None:
        dialogue = registry.dialogue(release.dialogue_name.text, f"{release.path}: title")
    sections = sorted((name for name in PART_NAMES if name in release.parts),
                      key=lambda name: release.parts[name].start)
    return {
        "file": release.path,
        "title": text(release.title),
        "number": release.number,
        "dialogue_name_ja": text(release.dialogue_name),
        "dialogue_abbr": dialogue["abbreviation"] if dialogue else None,
        "published": iso(release.published),
        "publisher": text(release.publisher),
        "start_date": iso(release.start_date),
        "end_date": iso(release.end_date),
        "us_start_date": iso(release.us_start_date),
        "us_end_date": iso(release.us_end_date),
        "place_ja": text(release.place),
        "city_ja": city["name_ja"] if city else None,
        "city_en": city["name_en"] if city else None,
        "venue_ja": venue,
        "organizers": organizers,
        "format": release.format,
        "host_country": release.host_country,
        "sessions": list(release.sessions),
        "participants": [{"delegation": a.delegation, "head": text(a.head),
                          "organizations": [o.text for o in a.organizations],
                          "list_is_partial": a.is_partial} for a in release.attendance],
        "private_sector": [o.text for o in release.private_sector],
        "sections": sections,
        "statement_sections": [{"number": number, "title": title.text}
                               for number, title in release.sections],
        "statement_sentences": len(release.sentences),
        "next_meeting_fiscal_year": release.next_fiscal_year,
        "missing": release.missing,
        "unknown": unknown,
    }


def inspect_file(path: Path, root: Path = ROOT) -> dict:
    registry = load_registry(root)
    if Path(path).is_dir():
        raise BuildError(path, "file", "is a folder, not a file",
                         "give the path of a release's text")
    data = Path(path).read_bytes()
    release = parse_release(decode_text(path, data), path, registry.eras)
    check_series(release, registry.dialogue_names())
    return describe(release, registry)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="the release's text (UTF-8)")
    parser.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        report = inspect_file(Path(args.file), Path(args.root))
    except FileNotFoundError:
        print(f"error: {args.file}: no such file", file=sys.stderr)
        return 2
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
