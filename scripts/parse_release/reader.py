"""The release's structure: its anchors and regions, the header, and each part in order."""

from __future__ import annotations

import re
from pathlib import Path

from scripts.lib.errors import BuildError
from scripts.parse_release import parts
from scripts.parse_release.dates import check_dates, check_written_dates, read_era_date
from scripts.parse_release.document import (
    WHITESPACE,
    Label,
    Line,
    Release,
    Span,
    Vocabulary,
    once,
    read_number,
    split_lines,
)
from scripts.parse_release.integrity import check_integrity
from scripts.parse_release.lead import read_lead
from scripts.parse_release.rules import (
    ANCHORS,
    BREADCRUMB,
    ERA_DATE_LINE_RE,
    HEADER_LINES,
    OPTIONAL_PARTS,
    REQUIRED_PARTS,
    TITLE_RE,
    VocabularyRules,
)


def parse_release(text: str, path: str | Path, vocabulary: Vocabulary) -> Release:
    """Read every part the release has; what it lacks is listed in `release.missing`."""
    release = Release(path=str(path), text=text)
    rules = VocabularyRules(vocabulary)
    lines = split_lines(text)
    anchors = find_anchors(lines, release.path)
    read_header(release, lines, anchors, vocabulary)
    release.complete = "footer" in anchors
    regions = regions_between(lines, anchors)
    if release.title is not None:
        lead = lead_region(lines, release.title, anchors)
        if lead:
            regions["lead"] = lead
    anchor_labels(release, anchors)
    for name, (heading, body) in regions.items():
        end = body[-1].end if body else heading.end
        release.parts[name] = Span(heading.start, end, text[heading.start:end])
    read_parts(release, regions, rules)
    check_written_dates(release, vocabulary)
    check_integrity(release, lines, anchors, regions, vocabulary)
    release.missing = [part for part in (*REQUIRED_PARTS, *OPTIONAL_PARTS)
                       if not has_part(release, part)]
    return release


def anchor_labels(release: Release, anchors) -> None:
    """The meeting labels of the statement's and the attendees' headings."""
    for name, where in (("joint_statement", "the joint statement's heading"),
                        ("attendees", "the attendees' heading")):
        if name in anchors:
            line, match = anchors[name]
            number = read_number(release.path, line.number, match.group("number"),
                                 f"{where}'s meeting number")
            release.labels.append(Label(where, number, None, line.span()))


def read_parts(release: Release, regions: dict, rules: VocabularyRules) -> None:
    if "lead" in regions:
        read_lead(release, regions["lead"][1], rules)
        check_dates(release)  # the lead's own dates first, then against the statement's
    if "joint_statement" in regions:
        parts.read_statement(release, *regions["joint_statement"], rules)
    check_dates(release)
    if "attendees" in regions:
        parts.read_attendees(release, regions["attendees"][1], rules)
    if "next_meeting" in regions:
        parts.read_next_meeting(release, regions["next_meeting"][1])
    if "annexes" in regions:
        parts.read_annexes(release, regions["annexes"][1], rules)
    if "background" in regions:
        parts.read_background(release, regions["background"][1])
    if "related_releases" in regions:
        parts.read_related(release, regions["related_releases"][1], rules)
    if "contact" in regions:
        parts.read_contact(release, regions["contact"][1])


def check_series(release: Release, dialogue_names: list[str]) -> None:
    """Stop unless the document is a release of this dialogue series.

    rule series: it is one when its title, 「<name>(第N回会合)の結果」, names the dialogue by
    one of `dialogue_names` (reference/dialogues.yaml: names and variants). A page whose title
    line is lost is judged by the title at the end of its navigation line (総務省トップ > … >).
    A release that only mentions the dialogue (a GDCP working group, a preparatory meeting)
    is not one: it reports no numbered meeting of the series.
    """
    name = release.dialogue_name.text if release.dialogue_name else None
    if name is None:
        for line in release.text.split("\n")[:HEADER_LINES]:
            match = TITLE_RE.match(line.rsplit(BREADCRUMB, 1)[-1].strip(WHITESPACE))
            if match:
                name = match.group("name")
                break
    names = "、".join(dialogue_names)
    if name is None:
        raise BuildError(
            release.path, "header", "not a release of the U.S.-Japan dialogue series: no title "
            f"「<dialogue name>(第N回会合)の結果」 in its first {HEADER_LINES} lines",
            "check that the file is the text of a MIC press release on a meeting of the "
            f"dialogue ({names})")
    if name not in dialogue_names:
        raise BuildError(
            release.path, "title", f"not a release of the U.S.-Japan dialogue series: the title "
            f"names {name!r}, which is not one of the series' names ({names})",
            "if the ministry renamed the dialogue, add the name to reference/dialogues.yaml "
            "(MAINTAINING.md, 'A new phrasing')")


def has_part(release: Release, part: str) -> bool:
    return {
        "title": release.title is not None,
        "published": release.published is not None,
        "lead": release.lead_sentence is not None,
        "lead.dates": release.lead_dates is not None,
        "lead.organizers": bool(release.organizers),
        "lead.place": release.place is not None,
        "lead.meeting_label": any(label.where == "the lead" and label.number is not None
                                  for label in release.labels),
        "joint_statement": bool(release.sentences),
        "attendees": bool(release.attendance),
        "next_meeting": release.next_meeting is not None,
        "contact": (release.contact is not None and bool(release.contact.persons)
                    and release.contact.phone is not None),
        # The page's last line (ページトップへ戻る): without it the text may be cut short.
        "end_of_page": release.complete,
    }[part]


def require_complete(release: Release) -> None:
    """Stop the build when a part that the tables need is missing."""
    required = [part for part in release.missing if part in REQUIRED_PARTS]
    if required:
        part = required[0]
        raise BuildError(
            release.path, f"part `{part}`",
            f"not found (missing: {', '.join(required)})",
            "restore the release's full text; if the ministry changed its wording, teach "
            "scripts/parse_release/rules.py the new phrasing (MAINTAINING.md, 'A new phrasing')")


def find_anchors(lines: list[Line], path: str) -> dict[str, tuple[Line, re.Match]]:
    found: dict[str, tuple[Line, re.Match]] = {}
    for line in lines:
        for name, pattern in ANCHORS.items():
            match = pattern.match(line.text)
            if not match:
                continue
            if name in found:
                raise BuildError(
                    path, f"line {line.number}",
                    f"the heading of part `{name}` appears twice (also line "
                    f"{found[name][0].number})",
                    "remove the duplicated part so the release text is as published")
            found[name] = (line, match)
    return found


def regions_between(lines, anchors) -> dict[str, tuple[Span, list[Line]]]:
    """Each anchored part: its heading span and its non-blank body lines, in document order."""
    ordered = sorted(anchors.items(), key=lambda item: item[1][0].number)
    regions = {}
    for index, (name, (line, _)) in enumerate(ordered):
        stop = ordered[index + 1][1][0].number if index + 1 < len(ordered) else len(lines) + 1
        body = [candidate for candidate in lines[line.number:stop - 1] if not candidate.blank]
        regions[name] = (line.span(), body)
    regions.pop("footer", None)
    return regions


def lead_region(lines, title: Span, anchors) -> tuple[Span, list[Line]] | None:
    """The paragraphs between the title and the first part heading."""
    after = next(line.number for line in lines if line.start <= title.start <= line.end)
    stop = min((line.number for line, _ in anchors.values() if line.number > after),
               default=len(lines) + 1)
    body = [line for line in lines[after:stop - 1] if not line.blank]
    return (body[0].span(), body) if body else None


def read_header(release: Release, lines: list[Line], anchors, vocabulary: Vocabulary) -> None:
    limit = anchors["joint_statement"][0].number if "joint_statement" in anchors else len(lines)
    title_line = read_title(release, lines[:limit])
    dated = [(index, line) for index, line in enumerate(lines[:limit])
             if ERA_DATE_LINE_RE.match(line.text.strip(WHITESPACE))]
    if not dated:
        return
    once(release.path, "the release date line", [line for _, line in dated])
    index, line = dated[0]
    match = ERA_DATE_LINE_RE.match(line.text.strip(WHITESPACE))
    release.published = read_era_date(release.path, line, match, vocabulary)
    release.parts["published"] = line.span()
    # rule publisher line: the one line between the date and the title names the publisher.
    if title_line is not None and title_line.number > line.number:
        between = [candidate for candidate in lines[index + 1:title_line.number - 1]
                   if not candidate.blank]
        if len(between) == 1:
            release.publisher = between[0].span()


def read_title(release: Release, lines: list[Line]) -> Line | None:
    """The title line (not the navigation line that ends with the title), or None."""
    titles = [line for line in lines if TITLE_RE.match(line.text.strip(WHITESPACE))
              and BREADCRUMB not in line.text]
    if not titles:
        return None
    once(release.path, "the title", titles)
    line = titles[0]
    match = TITLE_RE.match(line.text.strip(WHITESPACE))
    release.title = line.span()
    offset = release.title.start
    release.dialogue_name = Span(offset + match.start("name"), offset + match.end("name"),
                                 match.group("name"))
    release.number = read_number(release.path, line.number, match.group("number"),
                                 "the title's meeting number")
    release.parts["title"] = release.title
    release.labels.append(Label("title", release.number, release.dialogue_name, release.title))
    return line
