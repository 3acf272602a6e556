"""The checks model/tables.yaml implies, generated as SQL and run over every row at once.

For each field: its type (integer, boolean, date as YYYY-MM-DD and a real day), required, enum,
pattern, minimum, maximum, minLength, maxLength and unique; for each table its primary key
(unique, no part empty) and foreign keys (every value names a row of the target). These are
what frictionless checks on our package, with the same table, row (the header is row 1) and
field; tests/test_differential.py seeds each kind of error and compares. A constraint the model
uses and no check here knows is itself reported, so a new constraint cannot go unchecked.
"""

from __future__ import annotations

import re

from scripts.lib.model import Model, Table
from scripts.validate.report import Report
from scripts.validate.tables import ROW, quoted

KNOWN_CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum",
                     "minLength", "maxLength"}
KNOWN_TYPES = {"string", "integer", "boolean", "date"}
# Python's \s (which frictionless's patterns use) is Unicode whitespace; RE2's (DuckDB's) is
# ASCII only. Outside a bracket expression, \s and \S are rewritten to Python's meaning.
PY_SPACE = r"\s\x{0b}\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}" \
           r"\x{202f}\x{205f}\x{3000}"


def re2_pattern(pattern: str) -> str:
    if re.search(r"\[[^\]]*\\[sS]", pattern):
        raise ValueError(f"pattern {pattern!r}: \\s inside [...] is not translated for RE2")
    return re.sub(r"\\([sS])", lambda m: f"[{'^' if m.group(1) == 'S' else ''}{PY_SPACE}]",
                  pattern)


def literal(value) -> str:
    if isinstance(value, bool):
        return "'true'" if value else "'false'"
    return "'" + str(value).replace("'", "''") + "'"


def field_checks(field: dict, v: str) -> list[tuple[str, str]]:
    """(SQL that is true for a bad value, what is wrong) for one field; `v` is its column."""
    kind, constraints = field["type"], field.get("constraints", {})
    checks = []
    if constraints.get("required"):
        checks.append((f"{v} IS NULL", "a value is required"))
    if kind == "integer":
        checks.append((f"NOT regexp_full_match({v}, '-?[0-9]+') OR TRY_CAST({v} AS BIGINT) "
                       "IS NULL", "is not an integer"))
    elif kind == "boolean":
        checks.append((f"{v} NOT IN ('true', 'false')", "is not a boolean (true or false)"))
    elif kind == "date":
        checks.append((f"NOT regexp_full_match({v}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
                       f"OR TRY_CAST({v} AS DATE) IS NULL", "is not a date (YYYY-MM-DD)"))
    number = f"TRY_CAST({v} AS BIGINT)" if kind == "integer" else v
    if "enum" in constraints:
        values = ", ".join(literal(value) for value in constraints["enum"])
        checks.append((f"{v} NOT IN ({values})", f"is not one of {constraints['enum']}"))
    if "pattern" in constraints:
        pattern = re2_pattern(constraints["pattern"]).replace("'", "''")
        checks.append((f"NOT regexp_full_match({v}, '{pattern}')",
                       f"does not match the pattern {constraints['pattern']!r}"))
    for key, operator, words in (("minimum", "<", "is less than {}"),
                                 ("maximum", ">", "is more than {}")):
        if key in constraints:
            bound = constraints[key] if kind == "integer" else literal(constraints[key])
            checks.append((f"{number} {operator} {bound}", words.format(constraints[key])))
    for key, operator, words in (("minLength", "<", "is shorter than {} characters"),
                                 ("maxLength", ">", "is longer than {} characters")):
        if key in constraints:
            checks.append((f"length({v}) {operator} {int(constraints[key])}",
                           words.format(constraints[key])))
    return checks


def unknown_rules(table: Table) -> list[str]:
    problems = []
    for field in table.fields:
        if field["type"] not in KNOWN_TYPES:
            problems.append(f"{field['name']}: type {field['type']!r}")
        problems += [f"{field['name']}: constraint {key!r}"
                     for key in set(field.get("constraints", {})) - KNOWN_CONSTRAINTS]
        if "format" in field:
            problems.append(f"{field['name']}: format {field['format']!r}")
    return problems


def table_query(table: Table) -> tuple[str, list[tuple[str, str]]]:
    """One query giving, for every row with a bad value, its row number and which checks fail
    (a list: true where check i fails); and the checks, (field, message)."""
    flags, described = [], []
    key = table.primary_key
    for field in table.fields:
        column = quoted(field["name"])
        checks = field_checks(field, column)
        if field["name"] in key and not field.get("constraints", {}).get("required"):
            checks.insert(0, (f"{column} IS NULL", "a value is required (primary key)"))
        for sql, message in checks:
            given = "" if sql == f"{column} IS NULL" else f"{column} IS NOT NULL AND "
            flags.append(f"coalesce({given}({sql}), false)")
            described.append((field["name"], message))
        if field.get("constraints", {}).get("unique"):
            flags.append(f"({column} IS NOT NULL AND row_number() OVER (PARTITION BY {column} "
                         f"ORDER BY {ROW}) > 1)")
            described.append((field["name"], "is not unique: an earlier row has it"))
    columns = ", ".join(quoted(k) for k in key)
    flags.append(f"(row_number() OVER (PARTITION BY {columns} ORDER BY {ROW}) > 1)")
    described.append((", ".join(key), "duplicate primary key: an earlier row has it"))
    inner = f"SELECT {ROW}, [{', '.join(flags)}] AS f FROM {quoted(table.name)}"
    return f"SELECT {ROW}, f FROM ({inner}) WHERE list_bool_or(f)", described


def check_fields(connection, tables: dict, model: Model, report: Report) -> None:
    """Types, required, enums, patterns, bounds, unique fields and primary keys: one query
    for all tables (each table's rows with a failing check, and which checks fail)."""
    queries, checked = [], []
    for table in model.tables:
        for problem in unknown_rules(table):
            report.add("model/tables.yaml", f"table {table.name}, {problem}: not checked by "
                       "scripts/validate/checks.py (add a check for it)")
        if table.name in tables:
            query, described = table_query(table)
            queries.append(f"SELECT {len(checked)} AS t, * FROM ({query})")
            checked.append((table, described))
    if not queries:
        return
    for number, row, failed in connection.sql(" UNION ALL ".join(queries)
                                              + f" ORDER BY t, {ROW}").fetchall():
        table, described = checked[number]
        for (field, message), bad in zip(described, failed, strict=True):
            if bad:
                shown = "" if "," in field else f"{value_at(tables[table.name], field, row)!r} "
                report.add(f"data/{table.name}.csv", shown + message, row, field)


def value_at(table, field: str, row: int):
    return table.column(field)[row - 2].as_py()


def foreign_key_sql(table: Table, number: int, foreign: dict) -> str:
    """The rows whose foreign key `number` (all its fields given) names no row of its target:
    (key number, row, the key's values as text)."""
    pairs = list(zip(foreign["fields"], foreign["reference"]["fields"], strict=True))
    given = " AND ".join(f"t.{quoted(a)} IS NOT NULL" for a, _ in pairs)
    match = " AND ".join(f"r.{quoted(b)} = t.{quoted(a)}" for a, b in pairs)
    shown = ", ".join(f"t.{quoted(a)}" for a, _ in pairs)
    return (f"SELECT {number} AS k, t.{ROW} AS r, [{shown}] AS v FROM {quoted(table.name)} AS t "
            f"WHERE {given} AND NOT EXISTS (SELECT 1 FROM "
            f"{quoted(foreign['reference']['resource'])} AS r WHERE {match})")


def check_foreign_keys(connection, tables: dict, model: Model, report: Report) -> None:
    """Every foreign key value (all its fields given) names a row of the table it refers to:
    one query for all of them."""
    keys = [(table, number, foreign) for table in model.tables
            for number, foreign in enumerate(table.foreign_keys)
            if table.name in tables and foreign["reference"]["resource"] in tables]
    if not keys:
        return
    query = " UNION ALL ".join(f"SELECT {i} AS i, * FROM ({foreign_key_sql(t, n, f)})"
                               for i, (t, n, f) in enumerate(keys))
    for index, _, row, values in connection.sql(f"{query} ORDER BY i, r").fetchall():
        table, _, foreign = keys[index]
        report.add(f"data/{table.name}.csv", f"{', '.join(map(repr, values))} has no row "
                   f"in {foreign['reference']['resource']} (foreign key)", row,
                   ", ".join(foreign["fields"]))


def check_missing_values(connection, tables: dict, descriptor: dict, model: Model,
                         report: Report) -> None:
    """No text value is one that a resource of its table declares missing (beyond the empty
    cell): a reader of that resource would take the text for no value. One query a table."""
    for resource in descriptor.get("resources", []):
        declared = (resource.get("schema") or {}).get("missingValues") or []
        name = str(resource.get("path", "")).removeprefix("data/").rsplit(".", 1)[0]
        markers = ", ".join(literal(value) for value in declared if value != "")
        if not markers or name not in tables:
            continue
        fields = [f["name"] for f in model.table(name).fields if f["type"] == "string"]
        flags = ", ".join(f"{quoted(field)} IN ({markers}) AS c{i}"
                          for i, field in enumerate(fields))
        query = (f"SELECT * FROM (SELECT {ROW}, {flags} FROM {quoted(name)}) WHERE "
                 f"{' OR '.join(f'c{i}' for i in range(len(fields)))} ORDER BY {ROW}")
        for row, *found in connection.sql(query).fetchall():
            for field, bad in zip(fields, found, strict=True):
                if bad:
                    text = value_at(tables[name], field, row)
                    report.add(f"data/{name}.csv", f"the text {text!r} is declared missing "
                               f"for {resource['path']}", row, field)
