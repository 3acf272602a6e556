"""The data dictionary (docs/data-dictionary.md), generated from model/tables.yaml.

    python -m scripts.dictionary           write docs/data-dictionary.md
    python -m scripts.dictionary --check   exit 1 if the committed file is stale
"""

from __future__ import annotations

import argparse
import sys

from scripts.model import ROOT, package_metadata, tables

PATH = ROOT / "docs" / "data-dictionary.md"


def constraint_text(field: dict) -> str:
    constraints = field.get("constraints", {})
    parts = []
    if constraints.get("required"):
        parts.append("required")
    if constraints.get("unique"):
        parts.append("unique")
    if "enum" in constraints:
        parts.append("one of " + ", ".join(f"`{v}`" for v in constraints["enum"]))
    if "pattern" in constraints:
        parts.append(f"pattern `{constraints['pattern']}`")
    if "minimum" in constraints:
        parts.append(f"≥ {constraints['minimum']}")
    return "; ".join(parts)


def cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def render() -> str:
    name = package_metadata()["name"]
    lines = [
        "# Data dictionary",
        "",
        "Generated from `model/tables.yaml` by `python -m scripts.dictionary`; do not edit.",
        "An empty cell means the sources do not state the value, unless a field says otherwise.",
        "Fields ending in `_ja` are verbatim Japanese from the source; `char_start`/`char_end`",
        "are code-point offsets into the source text (`sources.path`).",
        "",
        "## Files",
        "",
        "Each table is `data/<table>.csv` (UTF-8) and `data/<table>.parquet` (typed columns), "
        "and also",
        f"a sheet of `data/{name}.xlsx` and a table of `data/{name}.sqlite`, with the same rows.",
        "",
        f"- `data/{name}.xlsx`: the first sheet, `about`, describes the dataset, its tables "
        "and every field.",
        "  IDs, dates and other text are text cells; integers are numbers; booleans are "
        "TRUE/FALSE.",
        f"- `data/{name}.sqlite`: primary and foreign keys declared, foreign keys indexed.",
        "  Each field's description is a comment in its `CREATE TABLE` (`.schema` in the "
        "sqlite3 shell).",
        "  Booleans are 1/0, dates `YYYY-MM-DD` text, NULL means no value.",
        "",
        "## Keys",
        "",
        "```mermaid",
        "erDiagram",
    ]
    for table in tables():
        for foreign in table.foreign_keys:
            target = foreign["reference"]["resource"]
            label = ", ".join(foreign["fields"])
            lines.append(f'    {target} ||--o{{ {table.name} : "{label}"')
    lines += ["```", ""]
    for table in tables():
        definition = table.definition
        lines += [f"## {table.name}", "", definition["description"], "",
                  f"Files: `data/{table.name}.csv`, `data/{table.name}.parquet`, sheet "
                  f"`{table.name}` of the workbook, table `{table.name}` of the database; JSON "
                  f"Schema: `schemas/{table.name}.json`. Primary key: "
                  f"{', '.join(f'`{k}`' for k in table.primary_key)}.", ""]
        for foreign in table.foreign_keys:
            lines.append(f"- `{', '.join(foreign['fields'])}` → "
                         f"`{foreign['reference']['resource']}."
                         f"{', '.join(foreign['reference']['fields'])}`")
        if table.foreign_keys:
            lines.append("")
        lines += ["| field | type | constraints | description | example |",
                  "| --- | --- | --- | --- | --- |"]
        for field in table.fields:
            lines.append(f"| `{field['name']}` | {field['type']} | {cell(constraint_text(field))} "
                         f"| {cell(field.get('description', ''))} "
                         f"| {cell(field.get('example', ''))} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write or check docs/data-dictionary.md.")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if not PATH.is_file() or PATH.read_text(encoding="utf-8") != text:
            print("stale: docs/data-dictionary.md\n  fix: python -m scripts.dictionary",
                  file=sys.stderr)
            return 1
        return 0
    PATH.parent.mkdir(exist_ok=True)
    PATH.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
