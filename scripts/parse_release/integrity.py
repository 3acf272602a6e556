"""rule every line read: a complete release parses exactly, or is refused at a line.

Every non-blank line of a complete page (one that ends with ページトップへ戻る) is read by
exactly one part: the lead's paragraphs each give a fact, every statement paragraph ends with
「。」 and every heading has a sentence, the next-meeting notice and the background are one
paragraph each, every annex, related-release and contact line is one the parser reads, and
nothing follows the page's last line. No statement sentence is written twice, and the annexes
list the joint statement in every language of reference/vocabulary.yaml (annex_languages) or
in none. A text cut short is refused by `require_complete`; it is parsed only to be inspected.
"""

from __future__ import annotations

from scripts.lib.errors import BuildError
from scripts.parse_release.document import (
    WHITESPACE,
    Line,
    Release,
    Vocabulary,
    line_number,
    split_sentences,
)
from scripts.parse_release.rules import (
    ANNEX_RE,
    CONTACT_PERSONS_RE,
    CONTACT_PHONE_RE,
    OVERVIEW_RE,
    RELATED_RE,
    SECTION_RE,
    URL_RE,
    WRITTEN_DATE_RE,
)

FIX = ("restore the line as published (a line cut, joined or added?); if the ministry's page "
       "has it, teach scripts/parse_release/rules.py the new phrasing (MAINTAINING.md, "
       "'A new phrasing')")
PART_WORDS = {"lead": "the lead", "joint_statement": "the joint statement",
              "next_meeting": "the next-meeting notice", "background": "the background",
              "annexes": "the annexes", "related_releases": "the related releases",
              "contact": "the contact block"}


def refuse(release: Release, line: Line, problem: str, fix: str = FIX) -> None:
    raise BuildError(release.path, f"line {line.number}", f"{problem}: "
                     f"{line.text.strip(WHITESPACE)[:60]!r}", fix)


def check_integrity(release: Release, lines: list[Line], anchors, regions,
                    vocabulary: Vocabulary) -> None:
    if not release.complete:
        return
    footer = anchors["footer"][0]
    for line in lines[footer.number:]:
        if not line.blank:
            refuse(release, line, "text after the page's last line (ページトップへ戻る)")
    checks = {"lead": lead_lines, "joint_statement": statement_lines,
              "next_meeting": one_paragraph, "background": one_paragraph,
              "annexes": annex_lines, "related_releases": related_lines,
              "contact": contact_lines}
    for name, (_, body) in regions.items():
        if name in checks:  # the attendee lines are each read or refused by read_attendees
            checks[name](release, name, body)
    repeated_sentences(release)
    annex_languages(release, regions.get("annexes"), vocabulary)


def ends_sentence(release: Release, name: str, line: Line) -> None:
    if not line.text.rstrip(WHITESPACE).endswith("。"):
        refuse(release, line, f"a paragraph of {PART_WORDS[name]} does not end with 「。」 "
               "(its last words would be lost or glued to the next sentence)")


def lead_lines(release: Release, name: str, body: list[Line]) -> None:
    """Each sentence of the lead gives its meeting, its sessions, its participants or a
    related event held before it (checked against the series file: check_event_sentences)."""
    read = [span for span in (release.lead_sentence, release.sessions_sentence,
                              *release.private_sector, *release.event_sentences)
            if span is not None]
    read += [attendance.line for attendance in release.attendance if attendance.head is None]
    for line in body:
        ends_sentence(release, name, line)
        for sentence in split_sentences(line.text, line.start):
            if not any(sentence.start <= span.start < sentence.end for span in read):
                refuse(release, line, f"a sentence of the lead that no part reads, "
                       f"{sentence.text[:30]!r}…, in")


def statement_lines(release: Release, name: str, body: list[Line]) -> None:
    """Paragraphs end with 「。」; a heading holds no sentence and is followed by one."""
    heading, said = None, True
    for line in body:
        section = SECTION_RE.match(line.text)
        if OVERVIEW_RE.match(line.text) or section:
            if not said:
                refuse(release, heading, "a heading of the joint statement with no sentence")
            if section and "。" in section.group("title"):
                refuse(release, line, "a section heading joined to its text")
            heading, said = line, False
            continue
        ends_sentence(release, name, line)
        said = True
    if not said:
        refuse(release, heading, "a heading of the joint statement with no sentence")


def one_paragraph(release: Release, name: str, body: list[Line]) -> None:
    if len(body) > 1:
        refuse(release, body[1], f"a second paragraph in {PART_WORDS[name]} (the first is line "
               f"{body[0].number}), which no part reads")
    for line in body:
        ends_sentence(release, name, line)


def annex_lines(release: Release, name: str, body: list[Line]) -> None:
    for line in body:
        match = ANNEX_RE.match(line.text)
        if match is None:
            refuse(release, line, "an annex line the parser cannot read (<title>(YYYY年M月D日)"
                   "PDF)")
        dated = WRITTEN_DATE_RE.search(match.group("title"))
        if dated and dated.group("d"):
            refuse(release, line, "two annexes joined on one line")


def related_lines(release: Release, name: str, body: list[Line]) -> None:
    """A related release's title line (<title>(令和N年M月D日)), each with its url after it."""
    titled = False
    for line in body:
        if RELATED_RE.match(line.text):
            titled = True
        elif URL_RE.match(line.text) and titled:
            titled = False
        else:
            refuse(release, line, "a line of the related releases the parser cannot read "
                   "(<title>(<era date>) and its url on the next line)")


def contact_lines(release: Release, name: str, body: list[Line]) -> None:
    """The division, then 担当 and 電話 lines only."""
    for index, line in enumerate(body):
        known = CONTACT_PERSONS_RE.match(line.text) or CONTACT_PHONE_RE.match(line.text)
        if index == 0 and known:
            refuse(release, line, "the contact block names no division before this line")
        if index > 0 and not known:
            refuse(release, line, "a line of the contact block the parser cannot read "
                   "(担当 :<names> or 電話 :<number>)")


def repeated_sentences(release: Release) -> None:
    """rule every line read: no statement sentence twice (a pasted or duplicated paragraph)."""
    first = {}
    for sentence in release.sentences:
        text = sentence.span.text
        if text in first:
            line = line_number(release.text, sentence.span)
            raise BuildError(release.path, f"line {line}", f"the joint statement's sentence "
                             f"{text[:40]!r}… appears twice (also line "
                             f"{line_number(release.text, first[text])})",
                             "remove the repeated sentence so the release text is as published")
        first[text] = sentence.span


def annex_languages(release: Release, region, vocabulary: Vocabulary) -> None:
    """Each kind of annex once per language; a joint statement (a kind of reference/
    vocabulary.yaml, annex_kinds) in every annex language (和文 and 英文) or in none."""
    if region is None:
        return
    heading, body = region
    seen: dict[tuple, Line] = {}
    for annex in release.annexes:
        line = next(line for line in body if line.start <= annex.title.start <= line.end)
        words = [word for word in vocabulary.annex_languages if word in annex.title.text]
        if len(words) > 1:
            refuse(release, line, f"an annex title naming two languages ({'、'.join(words)})")
        kind = next((word for word in vocabulary.annex_kinds if word in annex.title.text), None)
        if (kind, annex.language) in seen:
            refuse(release, line, f"the annexes list the {words[0]} version twice (also line "
                   f"{seen[kind, annex.language].number})", "remove the repeated annex line")
        if annex.language is not None:
            seen[kind, annex.language] = line
    languages = {code: word for word, code in vocabulary.annex_languages.items()}
    for kind in vocabulary.annex_kinds:
        listed = [word for code, word in languages.items() if (kind, code) in seen]
        lacking = [word for code, word in languages.items() if (kind, code) not in seen]
        if listed and lacking:
            raise BuildError(release.path, f"line {line_number(release.text, heading)}",
                             f"the annexes list the {kind} in {'、'.join(listed)} but not in "
                             f"{'、'.join(lacking)}", "restore the annex lines as published "
                             "(each language's annex on its own line)")
