"""Figures for the README, drawn as plain SVG from the published CSVs (no plotting library).

    docs/figures/meetings-timeline.svg     the dialogue's meetings in the data, on a time axis
    docs/figures/statement-sentences.svg   each joint statement's sentences by section and kind

Written by `python -m scripts.build` (scripts/docs.py). The output depends only on the CSVs:
no clock, no random ids, numbers printed with fixed decimals. Every mark carries a <title>
(a tooltip) stating the values it is drawn from, which tests/test_docs.py checks against the
CSVs. Marks and text are placed by fixed arithmetic; text widths are estimated (CJK 1 em,
others 0.6 em) to size the canvas.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

from scripts.model import table

FONT = ("font-family=\"'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', 'Segoe UI', "
        "Arial, sans-serif\"")
# Okabe–Ito colours, distinguishable with colour-vision deficiencies.
KIND_COLOURS = {"commitment": "#0072B2", "reaffirmation": "#E69F00", "recognition": "#56B4E9",
                "emphasis": "#CC79A7", "welcome": "#009E73", "agreement": "#F0E442",
                "context": "#999999"}


def read_csv(package: Path, name: str) -> list[dict]:
    with (package / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def text_width(text: str, size: float) -> float:
    return sum(size * (1.0 if ord(c) >= 0x2E80 else 0.6) for c in text)


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
        number % 10, "th")
    return f"{number}{suffix}"


def svg(width: float, height: float, title: str, body: list[str]) -> str:
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" {FONT}>',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        *body, "</svg>", ""])


def label(x: float, y: float, text: str, size: float = 12, anchor: str = "start",
          weight: str = "normal", fill: str = "#222222") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{fill}">{escape(text)}</text>')


# --- the timeline --------------------------------------------------------------------------
def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def fiscal_year(year: int) -> tuple[dt.date, dt.date]:
    """A Japanese fiscal year: April of `year` to March of the next."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def timeline(package: Path) -> str:
    meetings = sorted(read_csv(package, "meetings"), key=lambda r: int(r["number"]))
    published = {r["source_id"]: r["published"] for r in read_csv(package, "sources")}
    dates: list[dt.date] = []
    for row in meetings:
        dates += [day(row[k]) for k in ("start_date", "end_date") if row[k]]
        if row["status"] == "planned" and row["fiscal_year_jp"] and not row["start_date"]:
            dates += list(fiscal_year(int(row["fiscal_year_jp"])))
        if row["status"] == "held" and published.get(row["source_id"]):
            dates.append(day(published[row["source_id"]]))
    first = dt.date(min(dates).year, 1, 1) if dates else dt.date(2010, 1, 1)
    last = dt.date(max(dates).year + 1, 1, 1) if dates else dt.date(2011, 1, 1)
    left, axis_width, top, row_height = 150.0, 600.0, 70.0, 56.0
    span = (last - first).days

    def x(when: dt.date) -> float:
        return left + axis_width * (when - first).days / span

    height = top + row_height * len(meetings) + 50
    width = left + axis_width + 30
    body = [label(16, 26, "Meetings of the U.S.–Japan dialogue in this dataset", 16,
                  weight="bold"),
            label(16, 46, "Dates as the sources state them; a meeting without stated dates "
                          "is not placed. From data/meetings.csv and data/sources.csv.",
                  11, fill="#555555")]
    axis_y = top + row_height * len(meetings) + 6
    for year in range(first.year, last.year + 1):
        tick = x(dt.date(year, 1, 1))
        body.append(f'<line x1="{tick:.1f}" y1="{top - 8:.1f}" x2="{tick:.1f}" '
                    f'y2="{axis_y:.1f}" stroke="#dddddd"/>')
        body.append(label(tick, axis_y + 16, str(year), 11, "middle", fill="#555555"))
    body.append(f'<line x1="{left:.1f}" y1="{axis_y:.1f}" x2="{left + axis_width:.1f}" '
                f'y2="{axis_y:.1f}" stroke="#555555"/>')
    for index, row in enumerate(meetings):
        y = top + row_height * index + 14
        number = int(row["number"])
        name = f"{ordinal(number)} meeting"
        body.append(f'<g id="{escape(row["meeting_id"])}">')
        body.append(label(16, y + 4, name, 13, weight="bold"))
        body.append(label(16, y + 20, f"{row['dialogue_abbr']} · {row['status']}".strip(" ·"),
                          11, fill="#555555"))
        notes = []
        if row["start_date"]:
            start = day(row["start_date"])
            end = day(row["end_date"]) if row["end_date"] else start
            place = ", ".join(v for v in (row["city_en"], row["format"]) if v)
            when = row["start_date"] + (f" to {row['end_date']}" if row["end_date"]
                                        and row["end_date"] != row["start_date"] else "")
            notes.append(f"{row['status']} {when}" + (f" ({place})" if place else ""))
            body.append(f'<rect x="{x(start) - 5:.1f}" y="{y - 5:.1f}" '
                        f'width="{x(end) - x(start) + 10:.1f}" height="10" rx="5" '
                        f'fill="#0072B2"><title>{escape(name)}: {escape(notes[-1])}</title>'
                        "</rect>")
        elif row["status"] == "planned" and row["fiscal_year_jp"]:
            start, end = fiscal_year(int(row["fiscal_year_jp"]))
            notes.append(f"planned within Japanese fiscal year {row['fiscal_year_jp']} "
                         f"({start.isoformat()} to {end.isoformat()}); no date stated")
            body.append(f'<rect x="{x(start):.1f}" y="{y - 6:.1f}" '
                        f'width="{x(end) - x(start):.1f}" height="12" fill="#0072B2" '
                        'fill-opacity="0.12" stroke="#0072B2" stroke-dasharray="4 3">'
                        f"<title>{escape(name)}: {escape(notes[-1])}</title></rect>")
        else:
            notes.append("dates not stated in the sources held")
        release = published.get(row["source_id"]) if row["status"] == "held" else None
        if release:
            notes.append(f"its release published {release}")
            cx = x(day(release))
            body.append(f'<path d="M {cx:.1f} {y - 7:.1f} L {cx + 7:.1f} {y:.1f} L {cx:.1f} '
                        f'{y + 7:.1f} L {cx - 7:.1f} {y:.1f} Z" fill="#ffffff" '
                        f'stroke="#D55E00" stroke-width="2"><title>{escape(name)}: release '
                        f"published {release}</title></path>")
        body.append(label(left, y + 24, "; ".join(notes), 11, fill="#333333"))
        body.append("</g>")
    legend_y = height - 12
    body += [f'<rect x="{left:.1f}" y="{legend_y - 9:.1f}" width="18" height="10" rx="5" '
             'fill="#0072B2"/>', label(left + 24, legend_y, "meeting days", 11),
             f'<rect x="{left + 120:.1f}" y="{legend_y - 10:.1f}" width="22" height="12" '
             'fill="#0072B2" fill-opacity="0.12" stroke="#0072B2" stroke-dasharray="4 3"/>',
             label(left + 148, legend_y, "planned: fiscal year announced", 11),
             f'<path d="M {left + 345:.1f} {legend_y - 11:.1f} l 6 6 l -6 6 l -6 -6 Z" '
             'fill="#ffffff" stroke="#D55E00" stroke-width="2"/>',
             label(left + 358, legend_y, "release on the meeting published", 11)]
    return svg(width, height, "Timeline of the dialogue's meetings", body)


# --- the joint statements' sentences -------------------------------------------------------
def statement_groups(rows: list[dict]) -> list[tuple[str, str, list[dict]]]:
    """(meeting_id, group label, sentences) in statement order: lead, overview, sections."""
    groups: dict[tuple[str, str], list[dict]] = {}
    labels = {"lead": "Lead sentence", "overview": "Overview"}
    for row in sorted(rows, key=lambda r: (r["meeting_id"], int(r["position"]))):
        if row["part"] == "section":
            title = row["section_title_en"] or row["section_title_ja"]
            name = f"({row['section_number']}) {title}"
        else:
            name = labels.get(row["part"], row["part"])
        groups.setdefault((row["meeting_id"], name), []).append(row)
    return [(meeting, name, sentences) for (meeting, name), sentences in groups.items()]


def sentences_chart(package: Path) -> str:
    rows = read_csv(package, "commitments")
    meetings = {r["meeting_id"]: r for r in read_csv(package, "meetings")}
    kinds = table("commitments").definition["fields"]
    kinds = next(f for f in kinds if f["name"] == "kind")["constraints"]["enum"]
    groups = statement_groups(rows)
    size = 12
    left = 24 + max((text_width(name, size) for _, name, _ in groups), default=100)
    unit, bar, gap, top = 34.0, 18.0, 8.0, 74.0
    most = max((len(s) for _, _, s in groups), default=1)
    notes = ["One square per sentence, in statement order, coloured by kind; commitment: the "
             "governments pledge future action.",
             "From data/commitments.csv. Section titles are unofficial English renderings "
             "(section_title_en)."]
    width = max(left + 16 + unit * most + 60, *(32 + text_width(n, 11) for n in notes))
    body = [label(16, 26, "Joint-statement sentences by section and kind", 16, weight="bold"),
            label(16, 46, notes[0], 11, fill="#555555"),
            label(16, 62, notes[1], 11, fill="#555555")]
    y = top
    for meeting_id in sorted({g[0] for g in groups}):
        meeting = meetings.get(meeting_id, {})
        heading = f"{ordinal(int(meeting['number']))} meeting" if meeting else meeting_id
        if meeting.get("start_date"):
            heading += f" ({meeting['start_date']})"
        total = sum(len(s) for m, _, s in groups if m == meeting_id)
        y += 14
        body.append(label(16, y, f"{heading}: {total} sentences", 13, weight="bold"))
        y += 10
        for _, name, sentences in (g for g in groups if g[0] == meeting_id):
            body.append(f'<g class="group" data-meeting="{escape(meeting_id)}">')
            body.append(label(left - 10, y + bar - 5, name, size, "end"))
            for index, row in enumerate(sentences):
                kind = row["kind"]
                body.append(
                    f'<rect x="{left + 4 + unit * index:.1f}" y="{y:.1f}" width="{unit - 4:.1f}" '
                    f'height="{bar:.1f}" fill="{KIND_COLOURS.get(kind, "#000000")}">'
                    f"<title>{escape(row['commitment_id'])}: {escape(name)}, {escape(kind)}"
                    "</title></rect>")
            body.append("</g>")
            y += bar + gap
    y += 12
    x = 16.0
    counts = {k: sum(r["kind"] == k for r in rows) for k in kinds}
    for kind in kinds:
        text = f"{kind} ({counts[kind]})"
        body.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" '
                    f'fill="{KIND_COLOURS.get(kind, "#000000")}"/>')
        body.append(label(x + 16, y, text, 11))
        x += 16 + text_width(text, 11) + 14
        if x > width - 120:
            x, y = 16.0, y + 18
    width = max(width, x + 20)
    return svg(width, y + 16, "Joint-statement sentences by section and kind", body)


FIGURES = {"docs/figures/meetings-timeline.svg": timeline,
           "docs/figures/statement-sentences.svg": sentences_chart}


def render(package: Path) -> dict[str, str]:
    return {path: draw(package) for path, draw in FIGURES.items()}
