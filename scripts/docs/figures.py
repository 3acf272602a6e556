"""Figures for the README, drawn as plain SVG from the published CSVs (no plotting library).

    docs/figures/meetings-timeline.svg     the dialogue's meetings in the data, on a time axis
    docs/figures/statement-sentences.svg   each joint statement's sentences by section and kind

The output depends only on the CSVs and the texts of model/figures.yaml: no clock, no random
ids, numbers printed with fixed decimals. Every mark carries a <title> (a tooltip) stating the
values it is drawn from, which tests/test_docs.py checks against the CSVs. Marks and text are
placed by fixed arithmetic; text widths are estimated (CJK 1 em, others 0.6 em) to size the
canvas.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from scripts.lib.model import Model

FONT = ("font-family=\"'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', 'Segoe UI', "
        "Arial, sans-serif\"")
# Okabe–Ito colours, distinguishable with colour-vision deficiencies.
KIND_COLOURS = {"commitment": "#0072B2", "reaffirmation": "#E69F00", "recognition": "#56B4E9",
                "emphasis": "#CC79A7", "welcome": "#009E73", "agreement": "#F0E442",
                "context": "#999999"}
MEETING_BLUE, RELEASE_ORANGE, GREY = "#0072B2", "#D55E00", "#555555"
# A timeline row, from its top line y: the meeting's days on y, its release's diamond in a lane
# of its own below them (a release comes days after the meeting, under a pixel away on an axis
# of years, so on one line the diamond would hide the meeting), the note under both.
ROW_HEIGHT, RELEASE_LANE, RELEASE_RADIUS, NOTE_LINE = 64.0, 17.0, 6.0, 38.0


def read_csv(package: Path, name: str) -> list[dict]:
    """data/<name>.csv's rows as {column: text}, blank lines skipped (as csv.DictReader reads
    them, faster; the validation has checked every row's cells before)."""
    with (package / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        return [dict(zip(header, row, strict=False)) for row in reader if row]


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


@dataclass(frozen=True)
class Axis:
    """Years `first` to `last` (January 1st each) drawn `width` wide from `left`."""

    first: dt.date
    last: dt.date
    left: float = 150.0
    width: float = 600.0

    def x(self, when: dt.date) -> float:
        return self.left + self.width * (when - self.first).days / (self.last - self.first).days


def timeline_axis(meetings: list[dict], published: dict[str, str]) -> Axis:
    """The years that hold every date the timeline draws."""
    dates: list[dt.date] = []
    for row in meetings:
        dates += [day(row[k]) for k in ("start_date", "end_date") if row[k]]
        if row["status"] == "planned" and row["fiscal_year_jp"] and not row["start_date"]:
            dates += list(fiscal_year(int(row["fiscal_year_jp"])))
        if row["status"] == "held" and published.get(row["source_id"]):
            dates.append(day(published[row["source_id"]]))
    if not dates:
        return Axis(dt.date(2010, 1, 1), dt.date(2011, 1, 1))
    return Axis(dt.date(min(dates).year, 1, 1), dt.date(max(dates).year + 1, 1, 1))


def timeline(package: Path, texts: dict) -> str:
    meetings = sorted(read_csv(package, "meetings"), key=lambda r: int(r["number"]))
    published = {r["source_id"]: r["published"] for r in read_csv(package, "sources")}
    axis = timeline_axis(meetings, published)
    top, row_height = 70.0, ROW_HEIGHT
    height = top + row_height * len(meetings) + 50
    width = axis.left + axis.width + 30
    body = [label(16, 26, texts["title"], 16, weight="bold"),
            label(16, 46, texts["note"], 11, fill=GREY)]
    body += year_grid(axis, top, top + row_height * len(meetings) + 6)
    for index, row in enumerate(meetings):
        body += meeting_marks(row, published, axis, top + row_height * index + 14, texts)
    body += timeline_legend(axis.left, height - 12, texts["legend"])
    return svg(width, height, texts["description"], body)


def year_grid(axis: Axis, top: float, axis_y: float) -> list[str]:
    lines = []
    for year in range(axis.first.year, axis.last.year + 1):
        tick = axis.x(dt.date(year, 1, 1))
        lines.append(f'<line x1="{tick:.1f}" y1="{top - 8:.1f}" x2="{tick:.1f}" '
                     f'y2="{axis_y:.1f}" stroke="#dddddd"/>')
        lines.append(label(tick, axis_y + 16, str(year), 11, "middle", fill=GREY))
    lines.append(f'<line x1="{axis.left:.1f}" y1="{axis_y:.1f}" '
                 f'x2="{axis.left + axis.width:.1f}" y2="{axis_y:.1f}" stroke="{GREY}"/>')
    return lines


def meeting_marks(row: dict, published: dict, axis: Axis, y: float, texts: dict) -> list[str]:
    """One meeting's row: its name, its days (or planned fiscal year), its release."""
    name = texts["meeting"].format(ordinal=ordinal(int(row["number"])))
    body = [f'<g id="{escape(row["meeting_id"])}">', label(16, y + 4, name, 13, weight="bold"),
            label(16, y + 20, f"{row['dialogue_abbr']} · {row['status']}".strip(" ·"), 11,
                  fill=GREY)]
    notes = []
    if row["start_date"]:
        notes.append(held_note(row))
        start = day(row["start_date"])
        end = day(row["end_date"]) if row["end_date"] else start
        body.append(f'<rect x="{axis.x(start) - 5:.1f}" y="{y - 5:.1f}" '
                    f'width="{axis.x(end) - axis.x(start) + 10:.1f}" height="10" rx="5" '
                    f'fill="{MEETING_BLUE}"><title>{escape(name)}: {escape(notes[-1])}</title>'
                    "</rect>")
    elif row["status"] == "planned" and row["fiscal_year_jp"]:
        start, end = fiscal_year(int(row["fiscal_year_jp"]))
        notes.append(texts["planned"].format(year=row["fiscal_year_jp"],
                                             start=start.isoformat(), end=end.isoformat()))
        body.append(f'<rect x="{axis.x(start):.1f}" y="{y - 6:.1f}" '
                    f'width="{axis.x(end) - axis.x(start):.1f}" height="12" '
                    f'fill="{MEETING_BLUE}" fill-opacity="0.12" stroke="{MEETING_BLUE}" '
                    f'stroke-dasharray="4 3"><title>{escape(name)}: {escape(notes[-1])}</title>'
                    "</rect>")
    else:
        notes.append(texts["no_dates"])
    release = published.get(row["source_id"]) if row["status"] == "held" else None
    if release:
        notes.append(texts["release"].format(date=release))
        body.append(diamond(axis.x(day(release)), y + RELEASE_LANE, RELEASE_RADIUS,
                            f"{name}: {texts['release_mark'].format(date=release)}"))
    body += [label(axis.left, y + NOTE_LINE, "; ".join(notes), 11, fill="#333333"), "</g>"]
    return body


def held_note(row: dict) -> str:
    place = ", ".join(v for v in (row["city_en"], row["format"]) if v)
    when = row["start_date"] + (f" to {row['end_date']}" if row["end_date"]
                                and row["end_date"] != row["start_date"] else "")
    return f"{row['status']} {when}" + (f" ({place})" if place else "")


def diamond(cx: float, cy: float, r: float, title: str) -> str:
    return (f'<path d="M {cx:.1f} {cy - r:.1f} L {cx + r:.1f} {cy:.1f} L {cx:.1f} '
            f'{cy + r:.1f} L {cx - r:.1f} {cy:.1f} Z" fill="#ffffff" '
            f'stroke="{RELEASE_ORANGE}" stroke-width="2"><title>{escape(title)}</title></path>')


def timeline_legend(left: float, y: float, texts: dict) -> list[str]:
    return [f'<rect x="{left:.1f}" y="{y - 9:.1f}" width="18" height="10" rx="5" '
            f'fill="{MEETING_BLUE}"/>', label(left + 24, y, texts["days"], 11),
            f'<rect x="{left + 120:.1f}" y="{y - 10:.1f}" width="22" height="12" '
            f'fill="{MEETING_BLUE}" fill-opacity="0.12" stroke="{MEETING_BLUE}" '
            'stroke-dasharray="4 3"/>',
            label(left + 148, y, texts["planned"], 11),
            f'<path d="M {left + 345:.1f} {y - 11:.1f} l 6 6 l -6 6 l -6 -6 Z" '
            f'fill="#ffffff" stroke="{RELEASE_ORANGE}" stroke-width="2"/>',
            label(left + 358, y, texts["release"], 11)]


# --- the joint statements' sentences -------------------------------------------------------
def statement_groups(rows: list[dict], parts: dict) -> dict[str, list[tuple[str, list[dict]]]]:
    """{meeting_id: [(group label, sentences)]} in statement order: lead, overview, sections."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in sorted(rows, key=lambda r: (r["meeting_id"], int(r["position"]))):
        if row["part"] == "section":
            title = row["section_title_en"] or row["section_title_ja"]
            name = f"({row['section_number']}) {title}"
        else:
            name = parts.get(row["part"], row["part"])
        groups.setdefault((row["meeting_id"], name), []).append(row)
    by_meeting: dict[str, list[tuple[str, list[dict]]]] = defaultdict(list)
    for (meeting, name), sentences in groups.items():
        by_meeting[meeting].append((name, sentences))
    return by_meeting


@dataclass(frozen=True)
class Grid:
    """Where the sentence squares go: group labels end at `left`; one square per `unit`."""

    left: float
    unit: float = 34.0
    bar: float = 18.0
    gap: float = 8.0
    size: float = 12


def sentences_chart(package: Path, model: Model, texts: dict) -> str:
    rows = read_csv(package, "commitments")
    meetings = {r["meeting_id"]: r for r in read_csv(package, "meetings")}
    kind_field = next(f for f in model.table("commitments").fields if f["name"] == "kind")
    groups = statement_groups(rows, texts["parts"])
    labels = [(name, sentences) for named in groups.values() for name, sentences in named]
    grid = Grid(24 + max((text_width(name, 12) for name, _ in labels), default=100))
    most = max((len(s) for _, s in labels), default=1)
    notes = texts["notes"]
    width = max(grid.left + 16 + grid.unit * most + 60,
                *(32 + text_width(n, 11) for n in notes))
    body = [label(16, 26, texts["title"], 16, weight="bold"),
            label(16, 46, notes[0], 11, fill=GREY), label(16, 62, notes[1], 11, fill=GREY)]
    y = 74.0
    for meeting_id in sorted(groups):
        y = meeting_groups(body, meeting_id, meetings.get(meeting_id, {}), groups[meeting_id],
                           grid, y, texts)
    y, width = kind_legend(body, rows, kind_field["constraints"]["enum"], y + 12, width)
    return svg(width, y + 16, texts["title"], body)


def meeting_groups(body: list[str], meeting_id: str, meeting: dict, groups: list, grid: Grid,
                   y: float, texts: dict) -> float:
    """Draw one meeting's heading and its groups of squares from `y`; the next free y."""
    heading = (texts["meeting"].format(ordinal=ordinal(int(meeting["number"]))) if meeting
               else meeting_id)
    if meeting.get("start_date"):
        heading += f" ({meeting['start_date']})"
    total = sum(len(sentences) for _, sentences in groups)
    y += 14
    body.append(label(16, y, texts["total"].format(heading=heading, n=total), 13,
                      weight="bold"))
    y += 10
    for name, sentences in groups:
        body.append(f'<g class="group" data-meeting="{escape(meeting_id)}">')
        body.append(label(grid.left - 10, y + grid.bar - 5, name, grid.size, "end"))
        for index, row in enumerate(sentences):
            kind = row["kind"]
            body.append(
                f'<rect x="{grid.left + 4 + grid.unit * index:.1f}" y="{y:.1f}" '
                f'width="{grid.unit - 4:.1f}" height="{grid.bar:.1f}" '
                f'fill="{KIND_COLOURS.get(kind, "#000000")}">'
                f"<title>{escape(row['commitment_id'])}: {escape(name)}, {escape(kind)}"
                "</title></rect>")
        body.append("</g>")
        y += grid.bar + grid.gap
    return y


def kind_legend(body: list[str], rows: list[dict], kinds: list[str], y: float,
                width: float) -> tuple[float, float]:
    """A swatch and count per kind, wrapping at the canvas' width; (last y, new width)."""
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
    return y, max(width, x + 20)


FIGURES = ("docs/figures/meetings-timeline.svg", "docs/figures/statement-sentences.svg")


def render(package: Path, model: Model) -> dict[str, str]:
    """{path: SVG} of every figure, with the texts of model/figures.yaml."""
    return {FIGURES[0]: timeline(package, model.figures["timeline"]),
            FIGURES[1]: sentences_chart(package, model, model.figures["sentences"])}
