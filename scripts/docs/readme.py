"""The README's table of tables, generated so that its row counts cannot drift from the data.

Between the two marker lines of README.md: one row per table of model/tables.yaml, with what
one of its rows is (`row`) and how many rows data/<table>.csv holds; for a table whose rows
belong to meetings, which meetings have rows and which have none.
"""

from __future__ import annotations

from pathlib import Path

from scripts.docs.figures import read_csv as read_rows
from scripts.lib.errors import BuildError
from scripts.lib.model import Model, Table

START = "<!-- generated from model/tables.yaml and data/ by `python -m scripts docs`: -->"
END = "<!-- end of the generated table -->"


def spans(numbers: list[int]) -> str:
    """[1, 2, 3, 5, 7, 8] -> '1–3, 5, 7–8'."""
    parts, ordered = [], sorted(set(numbers))
    for index, number in enumerate(ordered):
        if index and ordered[index - 1] == number - 1:
            parts[-1][1] = number
        else:
            parts.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in parts)


def coverage(table: Table, rows: list[dict], numbers: dict[str, int]) -> str:
    """'meetings 1–4, 6–12, 14; none for 5, 13, 15' for a table whose rows are per meeting."""
    if table.name == "meetings":
        by_status: dict[str, list[int]] = {}
        for row in rows:
            by_status.setdefault(row["status"], []).append(int(row["number"]))
        return "; ".join(f"{status} {spans(found)}" for status, found in by_status.items())
    if "meeting_id" not in table.columns_referring_to("meetings"):
        return ""
    found = [numbers[row["meeting_id"]] for row in rows if row["meeting_id"] in numbers]
    text = (f"meeting{'s' if len(set(found)) > 1 else ''} {spans(found)}" if found
            else "no meeting")
    missing = sorted(set(numbers.values()) - set(found))
    return text + (f"; none for {spans(missing)}" if missing and found else "")


def table_lines(package: Path, model: Model) -> list[str]:
    numbers = {row["meeting_id"]: int(row["number"]) for row in read_rows(package, "meetings")}
    lines = ["| table | one row per | rows |", "| --- | --- | --- |"]
    for table in model.tables:
        rows = read_rows(package, table.name)
        described = coverage(table, rows, numbers)
        count = f"{len(rows):,}" + (f": {described}" if described else "")
        row = table.definition.get("row", table.definition["title"])
        lines.append(f"| `{table.name}` | {row} | {count} |")
    return lines


def render(readme: str, package: Path, model: Model, where: str = "README.md") -> str:
    """`readme` with the lines between the markers replaced by the table of `package`."""
    start, end = readme.find(START + "\n"), readme.find(END)
    if start < 0 or end < start:
        raise BuildError(where, "generated table", "the marker lines are missing or in the "
                         "wrong order", f"put the lines '{START}' and '{END}' where the table "
                         "of tables goes")
    head = readme[:start + len(START) + 1]
    return head + "\n".join(table_lines(package, model)) + "\n" + readme[end:]
