"""The parts after the lead: joint statement, attendees, next meeting, annexes, related
releases and the contact block."""

from __future__ import annotations

import datetime as dt

from scripts.lib.errors import BuildError
from scripts.parse_release.dates import check_date_forms, meeting_days, read_era_date
from scripts.parse_release.document import (
    Annex,
    Attendance,
    Contact,
    ContactPerson,
    Label,
    Line,
    NamedStatement,
    RelatedRelease,
    Release,
    Sentence,
    Span,
    line_number,
    once,
    paragraph_span,
    read_number,
    split_list,
    split_sentences,
    sub_span,
)
from scripts.parse_release.rules import (
    ANNEX_RE,
    CONTACT_PERSONS_RE,
    CONTACT_PHONE_RE,
    FISCAL_YEAR_RE,
    NAMED_STATEMENT_RE,
    OVERVIEW_RE,
    RELATED_RE,
    SECTION_RE,
    STATEMENT_DATES_RE,
    STATEMENT_LABEL_RE,
    TITLE_RE,
    URL_RE,
    WELCOMED_STATEMENT_RE,
    VocabularyRules,
)


def read_statement(release: Release, heading: Span, body: list[Line],
                   rules: VocabularyRules) -> None:
    release.statement_heading = heading
    release.sentences, release.sections = statement_sentences(release, body)
    first = next((s.span for s in release.sentences if s.part == "lead"), None)
    if first is None:
        return
    fmt, host = rules.format.search(first.text), rules.host.search(first.text)
    release.format = rules.vocabulary.formats[fmt.group(0)] if fmt else None
    release.host_country = rules.vocabulary.hosts[host.group(0)] if host else None
    read_statement_dates(release, first)
    statement_label(release, first)
    for sentence in release.sentences:
        welcomed = WELCOMED_STATEMENT_RE.search(sentence.span.text)
        if welcomed and not release.private_sector:
            offset = sentence.span.start
            release.private_sector = tuple(split_list(
                welcomed.group("orgs"), offset + welcomed.start("orgs")))
            release.private_representatives = Span(
                offset + welcomed.start("representatives"),
                offset + welcomed.end("representatives"), welcomed.group("representatives"))
            release.private_statement = Span(offset + welcomed.start("statement"),
                                             offset + welcomed.end("statement"),
                                             welcomed.group("statement"))
            release.welcomed_sentence = sentence.span


def statement_sentences(release: Release, body: list[Line]):
    """(sentences, sections): each sentence with its part (lead, overview, section).

    rule statement sections: the numbered headings run (1), (2), … without gaps or repeats
    (総括 may be numbered too, and is then one of them); 総括 appears once."""
    sentences, sections, numbers, overviews = [], [], [], []
    part, number, title = "lead", None, None
    for line in body:
        overview = OVERVIEW_RE.match(line.text)
        section = SECTION_RE.match(line.text)
        if overview or section:
            numeral = (overview or section).group("number")
            number = (read_number(release.path, line.number, numeral, "the section number")
                      if numeral else None)
            if number is not None:
                check_sequence(release, line, numbers, number)
        if overview:
            overviews.append(line)
            once(release.path, "the heading 総括", overviews)
            part, title = "overview", None
            continue
        if section:
            part, title = "section", sub_span(line, section, "title")
            sections.append((number, title))
            continue
        for span in split_sentences(line.text, line.start):
            sentences.append(Sentence(span, part, number, title))
    return tuple(sentences), tuple(sections)


def check_sequence(release: Release, line: Line, numbers: list[int], number: int) -> None:
    if number in numbers:
        raise BuildError(release.path, f"line {line.number}", f"section ({number}) appears "
                         "twice", "remove the duplicated section")
    expected = len(numbers) + 1
    if number != expected:
        after = f"after ({numbers[-1]})" if numbers else "first"
        raise BuildError(release.path, f"line {line.number}", f"the statement's sections must "
                         f"run (1), (2), …: found ({number}) {after}, where ({expected}) "
                         "belongs", "restore the section headings as published (a heading "
                         "lost or renumbered?)")
    numbers.append(number)


def statement_label(release: Release, first: Span) -> None:
    """rule statement label: 「…第14回デジタルエコノミーに関する日米対話(DDE)において…」."""
    match = STATEMENT_LABEL_RE.search(first.text)
    if match is None:
        return
    line = line_number(release.text, first)
    number = read_number(release.path, line, match.group("number"),
                         "the statement's meeting number")
    rest = Span(first.start + match.end(), first.end, first.text[match.end():])
    release.labels.append(Label("the joint statement's first sentence", number, rest,
                                Span(first.start + match.start(), first.start + match.end(),
                                     match.group(0)), prefix=True))


def read_statement_dates(release: Release, first: Span) -> None:
    """rule statement dates: the first sentence's dates agree with the lead's; U.S. dates."""
    match = STATEMENT_DATES_RE.search(first.text)
    begin = release.text.rfind("\n", 0, first.start) + 1
    stop = release.text.find("\n", first.start)
    line = Line(line_number(release.text, first), begin,
                release.text[begin:stop if stop >= 0 else len(release.text)])
    dates = (Span(first.start + match.start("dates"), first.start + match.end("dates"),
                  match.group("dates")) if match else None)
    check_date_forms(release, line, first, dates)
    if not match:
        return
    line = Line(line.number, first.start, first.text)
    start, end = meeting_days(release, line, match, "a", "b")
    us_start, us_end = meeting_days(release, line, match, "ua", "ub")
    if release.start_date is None:
        release.start_date, release.end_date = start, end
    elif start is not None and (start, end) != (release.start_date, release.end_date):
        raise BuildError(release.path, f"line {line.number}", f"the joint statement dates the "
                         f"meeting {start}/{end}, the lead {release.start_date}/"
                         f"{release.end_date}", "correct the dates as the ministry printed them")
    if release.us_start_date is None:
        release.us_start_date, release.us_end_date = us_start, us_end


def read_attendees(release: Release, body: list[Line], rules: VocabularyRules) -> None:
    attendance, seen = [], {}
    attendee_re, sides = rules.attendee, rules.vocabulary.sides
    for line in body:
        match = attendee_re.match(line.text)
        if not match:
            raise BuildError(release.path, f"line {line.number}", "an attendee line the parser "
                             f"cannot read: {line.text.strip()[:60]!r}", "restore the line as "
                             "published (日本側:<head>をはじめとして、<bodies>等の関係者); if the "
                             "ministry changed its wording, teach the attendee rule in "
                             "scripts/parse_release/rules.py the new phrasing")
        seen.setdefault(match.group("side"), []).append(line)
        once(release.path, f"the attendee line of {match.group('side')}",
             seen[match.group("side")])
        organizations = split_list(match.group("orgs"), line.start + match.start("orgs"))
        attendance.append(Attendance(sides[match.group("side")], line.span(),
                                     sub_span(line, match, "head"), tuple(organizations),
                                     match.group("etc") is not None))
    if attendance:
        release.attendance = tuple(attendance)


def read_next_meeting(release: Release, body: list[Line]) -> None:
    release.next_meeting = paragraph_span(release.text, body)
    if release.next_meeting:
        match = FISCAL_YEAR_RE.search(release.next_meeting.text)
        release.next_fiscal_year = int(match.group("year")) if match else None


def read_annexes(release: Release, body: list[Line], rules: VocabularyRules) -> None:
    annexes = []
    for line in body:
        match = ANNEX_RE.match(line.text)
        if not match:
            continue
        title = sub_span(line, match, "title")
        language = next((code for word, code in rules.vocabulary.annex_languages.items()
                         if word in title.text), None)
        try:
            published = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError as error:
            raise BuildError(release.path, f"line {line.number}", f"impossible annex date: "
                             f"{error}", "correct the date as the ministry printed it") from None
        annexes.append(Annex(title, published, language, match.group("format")))
    release.annexes = tuple(annexes)


def read_background(release: Release, body: list[Line]) -> None:
    """rule named statement: the earlier joint statements the background names, dated."""
    release.background = paragraph_span(release.text, body)
    named = []
    for line in body:
        for match in NAMED_STATEMENT_RE.finditer(line.text):
            try:
                published = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError as error:
                raise BuildError(release.path, f"line {line.number}", f"impossible date of a "
                                 f"named statement: {error}", "correct the date as the "
                                 "ministry printed it") from None
            number = read_number(release.path, line.number, match.group("number"),
                                 "a named statement's meeting number")
            named.append(NamedStatement(sub_span(line, match, "title"), number, published))
    release.named_statements = tuple(named)


def read_related(release: Release, body: list[Line], rules: VocabularyRules) -> None:
    related = []
    for index, line in enumerate(body):
        match = RELATED_RE.match(line.text)
        if not match:
            continue
        title = sub_span(line, match, "title")
        label = TITLE_RE.match(title.text)
        url_match = URL_RE.match(body[index + 1].text) if index + 1 < len(body) else None
        url_line = body[index + 1] if url_match else None
        related.append(RelatedRelease(
            title=title,
            dialogue_name=Span(title.start, title.start + label.end("name"),
                               label.group("name")) if label else None,
            number=read_number(release.path, line.number, label.group("number"),
                               "a related release's meeting number") if label else None,
            published=read_era_date(release.path, line, match, rules.vocabulary),
            url=sub_span(url_line, url_match, "url") if url_match else None))
    release.related = tuple(related)


def read_contact(release: Release, body: list[Line]) -> None:
    if not body:
        return
    persons, phone, person_lines, phone_lines = [], None, [], []
    for line in body[1:]:
        person_match = CONTACT_PERSONS_RE.match(line.text)
        phone_match = CONTACT_PHONE_RE.match(line.text)
        if person_match:
            person_lines.append(line)
            once(release.path, "the contact's 担当 line", person_lines)
        if phone_match:
            phone_lines.append(line)
            once(release.path, "the contact's 電話 line", phone_lines)
        if person_match:
            persons += [ContactPerson(span) for span in split_list(
                person_match.group("persons"), line.start + person_match.start("persons"))]
        elif phone_match:
            phone = sub_span(line, phone_match, "phone")
    release.contact = Contact(body[0].span(), tuple(persons), phone)
