"""docs/data-dictionary.md, generated from model/tables.yaml and model/package.yaml."""

from __future__ import annotations

from scripts.lib.model import Model, Table, constraint_text


def cell(value) -> str:
    """A table cell: booleans as the CSV writes them (true, false), no pipe or newline."""
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def render(model: Model) -> str:
    lines = ["# Data dictionary", "",
             "Generated from `model/tables.yaml` and `model/package.yaml` by "
             "`python -m scripts docs`; do not edit.", ""]
    lines += [f"- {text}" for text in model.package["conventions"]]
    lines += [""] + files_section(model) + keys_diagram(model)
    for table in model.tables:
        lines += table_section(table)
    return "\n".join(lines)


def files_section(model: Model) -> list[str]:
    name, files = model.package["name"], model.package["files"]
    return ["## Files", "",
            "Each table is `data/<table>.csv` (UTF-8) and `data/<table>.parquet` (typed "
            "columns), and also",
            f"a sheet of `data/{name}.xlsx` and a table of `data/{name}.sqlite`, with the same "
            "rows.", "",
            f"- `data/{name}.xlsx` ({files['workbook']['title']}): "
            f"{files['workbook']['description']}",
            f"- `data/{name}.sqlite` ({files['database']['title']}): "
            f"{files['database']['description']}", ""]


def keys_diagram(model: Model) -> list[str]:
    lines = ["## Keys", "", "```mermaid", "erDiagram"]
    for table in model.tables:
        for foreign in table.foreign_keys:
            target = foreign["reference"]["resource"]
            label = ", ".join(foreign["fields"])
            lines.append(f'    {target} ||--o{{ {table.name} : "{label}"')
    return lines + ["```", ""]


def table_section(table: Table) -> list[str]:
    lines = [f"## {table.name}", "", table.definition["description"], "",
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
    return lines + [""]
