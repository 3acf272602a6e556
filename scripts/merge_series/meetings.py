"""One meetings row per meeting: the file's values, the own release's, the mentions' gaps."""

from __future__ import annotations

from collections import defaultdict

from scripts.lib.errors import BuildError
from scripts.lib.ids import meeting_id, source_id_from_url
from scripts.lib.japanese_dates import fiscal_year
from scripts.merge_series.series import FILE, Series, date
from scripts.registry import Registry

# Columns that a source states; every non-empty value needs evidence. The others are derived:
# meeting_id and number, dialogue_abbr and dialogue_name_en (reference/dialogues.yaml, by the
# series' numbering), city_en and country (reference/places.yaml, from city_ja), fiscal_year_jp
# of a held meeting (from start_date), source_id, note and unconfirmed_fields.
CITED_COLUMNS = ("dialogue_name_ja", "dialogue_name_en_as_written", "status", "start_date",
                 "end_date", "us_start_date", "us_end_date", "city_ja", "venue_ja",
                 "host_country", "format", "public_private_session", "government_session")
# Columns compared between the reference file and a meeting's own release.
AGREEING_COLUMNS = ("dialogue_name_ja", "status", "start_date", "end_date", "us_start_date",
                    "us_end_date", "city_ja", "venue_ja", "host_country", "format",
                    "public_private_session", "government_session")


def reference_row(series: Series, number: int, registry: Registry) -> dict:
    meeting = series.meetings[number]
    where = f"{FILE}: meeting {number}"
    sessions = meeting.get("sessions") or []
    city = meeting.get("city_ja")
    if city is not None:
        place, venue = registry.split_place(city, where)
        if venue is not None or (meeting.get("city_en") not in (None, place["name_en"])):
            raise BuildError(FILE, f"meeting {number}", f"city {city!r} / "
                             f"{meeting.get('city_en')!r} is not a city of "
                             "reference/places.yaml", "correct the city or add it there")
    return {
        "meeting_id": meeting_id(number), "number": number,
        "dialogue_name_ja": meeting.get("name_ja"),
        "dialogue_name_en_as_written": meeting.get("name_en"),
        "status": meeting["status"], "start_date": date(meeting.get("start_date")),
        "end_date": date(meeting.get("end_date")),
        "us_start_date": date(meeting.get("us_time_start_date")),
        "us_end_date": date(meeting.get("us_time_end_date")),
        "fiscal_year_jp": meeting.get("planned_fiscal_year_jp"), "city_ja": city,
        "venue_ja": meeting.get("venue_ja"),
        "host_country": meeting.get("host_country"), "format": meeting.get("format"),
        "public_private_session": True if "public_private" in sessions else None,
        "government_session": True if "government" in sessions else None,
        "note": meeting.get("note"), "source_id": principal_source(meeting),
    }


def principal_source(meeting: dict) -> str:
    """The meeting's own release if the file lists one (a government's), else its first
    confirmed evidence."""
    releases = [r for r in meeting.get("press_releases") or [] if r.get("status") != "secondary"]
    if releases:
        return source_id_from_url(releases[0]["url"])
    evidence = meeting.get("evidence") or []
    confirmed = [e for e in evidence if e["status"] == "confirmed"] or evidence
    return source_id_from_url(confirmed[0]["url"])


def merge_meetings(series: Series, own: list[dict], mentions: list[dict],
                   registry: Registry) -> list[dict]:
    """One row per meeting: reference values, then the own release's, then mentions' gaps."""
    by_number: dict[int, dict] = {}
    for row in own:
        if row["number"] in by_number:
            raise BuildError("sources/", f"meeting {row['number']}", "two releases in sources/ "
                             f"report this meeting ({by_number[row['number']]['source_id']}, "
                             f"{row['source_id']})", "keep one release per meeting")
        by_number[row["number"]] = row
    named = defaultdict(list)
    for mention in mentions:
        named[mention["number"]].append(mention)
    numbers = sorted(set(series.meetings) | set(by_number) | set(named))
    rows = []
    for number in numbers:
        row = reference_row(series, number, registry) if number in series.meetings else {
            "meeting_id": meeting_id(number), "number": number}
        if number in by_number:
            release_row = by_number[number]
            if number in series.meetings:
                check_agreement(row, release_row)
                check_listed(series.meetings[number], release_row)
            row.update({k: v for k, v in release_row.items() if v is not None})
        for mention in named[number]:
            if number in series.meetings:
                check_mention(row, mention)
            row.update({k: v for k, v in mention.items() if row.get(k) is None})
        rows.append(complete(row, series, registry))
        check_inferred_host(series.meetings.get(number) or {}, rows[-1], registry)
    return rows


def check_rename_dates(series: Series, rows: dict[int, dict]) -> None:
    """series.rename's meeting dates are those of the meetings it names (no table holds
    them: written twice, they must agree)."""
    rename = series.document.get("series", {}).get("rename") or {}
    for key in ("agreed", "first_used"):
        number, dates = rename.get(f"{key}_at_meeting"), rename.get(f"{key}_meeting_dates")
        if number not in rows or not dates:
            continue
        for name in ("start_date", "end_date"):
            given, held = date(dates.get(name)), rows[number].get(name)
            if given is not None and held is not None and given != held:
                raise BuildError(FILE, f"series.rename.{key}_meeting_dates.{name}",
                                 f"is {given.isoformat()}, but meeting {number}'s {name} is "
                                 f"{held.isoformat()}", "write the meeting's date")


def check_inferred_host(meeting: dict, row: dict, registry: Registry) -> None:
    """The file's host_country_inferred is derived from the city (its comment says so): the
    country of the meeting's city in reference/places.yaml, by its Japanese and its English
    name (both, where both are written, name the same place)."""
    inferred = meeting.get("host_country_inferred")
    if not inferred:
        return
    names = {"city_ja": (row.get("city_ja"), "name_ja"),
             "city_en": (meeting.get("city_en"), "name_en")}
    found = {field: next((place for place in registry.places if place[key] == name), None)
             for field, (name, key) in names.items() if name}
    place = f"meeting {row['number']}, host_country_inferred"
    if not found:
        raise BuildError(FILE, place, f"is {inferred}, but the meeting has no city to derive "
                         "it from", "remove host_country_inferred, or give the meeting's "
                         "city_ja or city_en as its source writes it")
    for field, city in found.items():
        if city is None:
            raise BuildError(FILE, place, f"is {inferred}, derived from the city, but the "
                             f"meeting's {field} {names[field][0]!r} is not in "
                             "reference/places.yaml", "add the city to reference/places.yaml "
                             "(with its country and the source that names it), or correct "
                             f"{field} to the name written there")
    cities = list(found.values())
    if len(cities) == 2 and cities[0] is not cities[1]:
        raise BuildError(FILE, f"meeting {row['number']}, city_en", f"is "
                         f"{cities[1]['name_en']!r}, but city_ja {cities[0]['name_ja']!r} is "
                         f"{cities[0]['name_en']!r} in reference/places.yaml",
                         "correct the one that is not the city its source names")
    if cities[0]["country"] != inferred:
        raise BuildError(FILE, place, f"is {inferred}, but the meeting's city, "
                         f"{cities[0]['name_en']}, is in {cities[0]['country']} "
                         "(reference/places.yaml)", "correct it: it is the country of the city")


def check_mention(reference: dict, mention: dict) -> None:
    """What a release says of another meeting (held, among its related releases; planned in
    a fiscal year, in its next-meeting notice) agrees with the reference file, as far as both
    say it of the same time: an announcement is not contradicted by the meeting being held
    since."""
    facts = ["status"] if mention["status"] == "held" else (
        ["status", "fiscal_year_jp"] if reference.get("status") == "planned" else [])
    source = mention["source_id"]
    require_agreement(reference, mention, facts, (
        f"where a held release lists its results ({source}) among its related releases"
        if mention["status"] == "held" else f"where {source} announces it"))


def check_agreement(reference: dict, release: dict) -> None:
    number = reference["number"]
    if reference["status"] != "held":
        raise BuildError(FILE, f"meeting {number}", f"status is {reference['status']!r}, but "
                         f"sources/ holds the meeting's own release ({release['source_id']})",
                         "update the meeting's entry: status held, the release under "
                         "press_releases, a note (MAINTAINING.md, step 5)")
    require_agreement(reference, release, AGREEING_COLUMNS,
                      f"in its release ({release['source_id']})")


def check_listed(meeting: dict, release: dict) -> None:
    """A meeting whose own release is held lists it under press_releases (the file then
    names the document the text is, and what it cites of it is checked against the text)."""
    listed = [source_id_from_url(r["url"]) for r in meeting.get("press_releases") or []]
    if release["source_id"] not in listed:
        raise BuildError(FILE, f"meeting {meeting['number']}, press_releases", "does not list "
                         f"the meeting's own release, which sources/ holds "
                         f"({release['source_id']}; it lists {', '.join(listed) or 'none'})",
                         "add the release there (publisher, language, date, url, kind: "
                         "MAINTAINING.md, step 5), or correct the url that names it otherwise")


def require_agreement(reference: dict, release: dict, columns, said: str) -> None:
    """Each of `columns` that both the reference row and what a release says give is the
    same (`said`: where the release says it)."""
    for column in columns:
        ours, theirs = reference.get(column), release.get(column)
        if ours is not None and theirs is not None and ours != theirs:
            raise BuildError(FILE, f"meeting {reference['number']}", f"{column} is {ours} here "
                             f"but {theirs} {said}", "the release is the source for what it "
                             "states: correct the reference file's value, or the release text "
                             "if it was mis-saved")


def complete(row: dict, series: Series, registry: Registry) -> dict:
    """The derived columns: dialogue, country and city in English, fiscal year."""
    abbreviation = series.abbreviation(row["number"])
    if row.get("dialogue_name_ja"):
        named = registry.dialogue(row["dialogue_name_ja"], f"{FILE}: meeting {row['number']}")
        if named["abbreviation"] != abbreviation:
            raise BuildError(FILE, f"meeting {row['number']}", f"is named "
                             f"{row['dialogue_name_ja']!r} ({named['abbreviation']}) but numbered "
                             f"as a meeting of {abbreviation}", "correct the name or the "
                             "series' numbering (series.names)")
    dialogue = registry.dialogue_by_abbreviation(abbreviation) if abbreviation else {}
    city = None
    if row.get("city_ja"):
        city, _ = registry.split_place(row["city_ja"], f"{FILE}: meeting {row['number']}")
    start = row.get("start_date")
    # An English name no government page writes (name_en_status inferred) is ours: unconfirmed.
    ours = dialogue.get("name_en") and dialogue.get("name_en_status") != "confirmed"
    return {**row, "dialogue_abbr": abbreviation, "dialogue_name_en": dialogue.get("name_en"),
            "unconfirmed_fields": "dialogue_name_en" if ours else None,
            "city_en": city["name_en"] if city else None,
            "country": city["country"] if city else None,
            "fiscal_year_jp": fiscal_year(start) if start else row.get("fiscal_year_jp")}


# Columns the build derives from a cited one (reference/places.yaml gives a city's English name
# and country; the fiscal year follows from the start date).
DERIVED_FROM = {"city_ja": ("city_en", "country"), "start_date": ("fiscal_year_jp",)}
