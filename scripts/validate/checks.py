"""The checks model/tables.yaml implies, run over whole columns at once (pyarrow.compute).

For each field: its type (integer, boolean, date as YYYY-MM-DD and a real day), required, enum,
pattern, minimum, maximum, minLength, maxLength and unique; for each table its primary key
(unique, no part empty) and foreign keys (every value names a row of the target). These are
what frictionless checks on our package, with the same table, row (the header is row 1) and
field; tests/test_differential.py seeds each kind of error and compares. A constraint the model
uses and no check here knows is itself reported, so a new constraint cannot go unchecked.

Each check gives the positions of the bad values of a column; a table's findings are reported
row by row, in the order of the fields and their checks. (An earlier version generated one
DuckDB query for all tables: on a package this small, planning it cost ten times the checks.)
"""

from __future__ import annotations

import array
import datetime
import re
from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc

from scripts.lib.model import Model, Table
from scripts.validate.report import Report
from scripts.validate.tables import rows_of, string_array

KNOWN_CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum",
                     "minLength", "maxLength"}
KNOWN_TYPES = {"string", "integer", "boolean", "date"}
# Python's \s (which frictionless's patterns use) is Unicode whitespace; RE2's (pyarrow's) is
# ASCII only. Outside a bracket expression, \s and \S are rewritten to Python's meaning.
PY_SPACE = r"\s\x{0b}\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}" \
           r"\x{202f}\x{205f}\x{3000}"
INTEGER, DATE = "-?[0-9]+", "[0-9]{4}-[0-9]{2}-[0-9]{2}"
BIGINT = range(-2**63, 2**63)

Check = Callable[[pa.ChunkedArray], list[int]]  # a column → positions of its bad values


# Scalars made from buffers: pa.scalar() and a Python value given to pc would import pandas.
def int_scalar(number: int) -> pa.Scalar:
    return pa.Array.from_buffers(pa.int64(), 1, [None, pa.py_buffer(array.array("q", [number]))])[0]


def bool_scalar(value: bool) -> pa.Scalar:
    return pa.Array.from_buffers(pa.bool_(), 1, [None, pa.py_buffer(bytes([value]))])[0]


def null_scalar(kind: pa.DataType) -> pa.Scalar:
    return pa.nulls(1, kind)[0]


def re2_pattern(pattern: str) -> str:
    if re.search(r"\[[^\]]*\\[sS]", pattern):
        raise ValueError(f"pattern {pattern!r}: \\s inside [...] is not translated for RE2")
    return re.sub(r"\\([sS])", lambda m: f"[{'^' if m.group(1) == 'S' else ''}{PY_SPACE}]",
                  pattern)


def text_of(value) -> str:
    """A model value (enum member, bound) as the CSV writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def positions(mask) -> list[int]:
    """Where a boolean column is true (no value counts as false)."""
    return pc.indices_nonzero(pc.fill_null(mask, bool_scalar(False))).to_pylist()


def unmatched(column, pattern: str):
    """True where a value does not match `pattern` as a whole (RE2)."""
    return pc.invert(pc.match_substring_regex(column, f"^(?:{pattern})$"))


def not_in(column, values: list[str]):
    """True where a value is given and is none of `values` (is_in is false for no value)."""
    members = string_array(values).cast(column.type)
    return pc.and_(pc.is_valid(column), pc.invert(pc.is_in(column, value_set=members)))


def bad_integers(column) -> list[int]:
    """Not -?[0-9]+, or beyond a 64-bit integer (what SQLite and Parquet hold)."""
    long = long_integers(column)
    values = column.to_pylist() if long else []
    return sorted(positions(unmatched(column, INTEGER))
                  + [i for i in long if int(values[i]) not in BIGINT])


def bad_dates(column) -> list[int]:
    """Not YYYY-MM-DD, or no such day (Python's calendar, as frictionless's)."""
    bad = unmatched(column, DATE)
    shaped = pc.unique(pc.filter(column, pc.invert(pc.fill_null(bad, bool_scalar(True)))))
    shaped = shaped.to_pylist()
    impossible = [text for text in shaped if not real_day(text)]
    if impossible:
        bad = pc.or_(bad, pc.is_in(column, value_set=string_array(impossible)
                                   .cast(column.type)))
    return positions(bad)


def real_day(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def repeated(values: list) -> list[int]:
    """The positions of values (or key tuples) an earlier row already has."""
    seen, again = set(), []
    for i, value in enumerate(values):
        if value in seen:
            again.append(i)
        seen.add(value)
    return again


def long_integers(column) -> list[int]:
    """Positions of the integers of 19 characters or more (pc.cast would fail on those
    beyond 64 bits; they are compared in Python)."""
    return positions(pc.and_(pc.invert(unmatched(column, INTEGER)),
                             pc.greater_equal(pc.utf8_length(column), int_scalar(19))))


def short_integers(column):
    """The column's integers of under 19 characters; anything else is no value."""
    short = pc.and_(pc.invert(unmatched(column, INTEGER)),
                    pc.less(pc.utf8_length(column), int_scalar(19)))
    short = pc.fill_null(short, bool_scalar(False))
    return pc.cast(pc.if_else(short, column, null_scalar(column.type)), pa.int64())


def bound_check(kind: str, key: str, bound) -> Check:
    compare = pc.less if key == "minimum" else pc.greater
    if kind != "integer":
        return lambda column: positions(compare(column, string_array([text_of(bound)])
                                                .cast(column.type)[0]))

    def check(column) -> list[int]:
        beyond = (lambda n: n < bound) if key == "minimum" else (lambda n: n > bound)
        long = long_integers(column)
        values = column.to_pylist() if long else []
        return sorted(positions(compare(short_integers(column), int_scalar(int(bound))))
                      + [i for i in long if int(values[i]) in BIGINT
                         and beyond(int(values[i]))])
    return check


def length_check(key: str, bound) -> Check:
    compare = pc.less if key == "minLength" else pc.greater
    return lambda column: positions(compare(pc.utf8_length(column), int_scalar(int(bound))))


def field_checks(field: dict, primary: bool) -> list[tuple[Check, str]]:
    """(positions of bad values, what is wrong) for one field, in the order reported; every
    check but `required` passes over no value."""
    kind, constraints = field["type"], field.get("constraints", {})
    checks: list[tuple[Check, str]] = []
    if constraints.get("required"):
        checks.append((lambda c: positions(pc.is_null(c)), "a value is required"))
    elif primary:
        checks.append((lambda c: positions(pc.is_null(c)), "a value is required (primary key)"))
    if kind == "integer":
        checks.append((bad_integers, "is not an integer"))
    elif kind == "boolean":
        checks.append((lambda c: positions(not_in(c, ["true", "false"])),
                       "is not a boolean (true or false)"))
    elif kind == "date":
        checks.append((bad_dates, "is not a date (YYYY-MM-DD)"))
    if "enum" in constraints:
        members = [text_of(value) for value in constraints["enum"]]
        checks.append((lambda c: positions(not_in(c, members)),
                       f"is not one of {constraints['enum']}"))
    if "pattern" in constraints:
        pattern = re2_pattern(constraints["pattern"])
        checks.append((lambda c: positions(unmatched(c, pattern)),
                       f"does not match the pattern {constraints['pattern']!r}"))
    for key, words in (("minimum", "is less than {}"), ("maximum", "is more than {}")):
        if key in constraints:
            checks.append((bound_check(kind, key, constraints[key]),
                           words.format(constraints[key])))
    for key, words in (("minLength", "is shorter than {} characters"),
                       ("maxLength", "is longer than {} characters")):
        if key in constraints:
            checks.append((length_check(key, constraints[key]), words.format(constraints[key])))
    if constraints.get("unique"):
        checks.append((distinct_values, "is not unique: an earlier row has it"))
    return checks


def distinct_values(column) -> list[int]:
    values = column.to_pylist()
    return [i for i in repeated(values) if values[i] is not None]


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


def table_findings(table: Table, data: pa.Table) -> list[tuple[int, int, str, str]]:
    """(row position, check number, field, message) of every failing check, in row order."""
    found, number = [], 0
    for field in table.fields:
        column = data.column(field["name"])
        for check, message in field_checks(field, field["name"] in table.primary_key):
            found += [(i, number, field["name"], message) for i in check(column)]
            number += 1
    key = rows_of(data, table.primary_key)
    found += [(i, number, ", ".join(table.primary_key),
               "duplicate primary key: an earlier row has it") for i in repeated(key)]
    return sorted(found)


def check_fields(tables: dict, model: Model, report: Report) -> None:
    """Types, required, enums, patterns, bounds, unique fields and primary keys of every
    table read."""
    for table in model.tables:
        for problem in unknown_rules(table):
            report.add("model/tables.yaml", f"table {table.name}, {problem}: not checked by "
                       "scripts/validate/checks.py (add a check for it)")
        if table.name not in tables:
            continue
        data = tables[table.name]
        for i, _, field, message in table_findings(table, data):
            shown = "" if "," in field else f"{data.column(field)[i].as_py()!r} "
            report.add(f"data/{table.name}.csv", shown + message, i + 2, field)


def dangling(table: pa.Table, target: pa.Table, foreign: dict) -> list[int]:
    """Positions of the rows whose key (all its fields given) names no row of the target."""
    fields, targets = foreign["fields"], foreign["reference"]["fields"]
    if len(fields) == 1:
        column = table.column(fields[0])
        known = target.column(targets[0]).combine_chunks()
        missing = pc.invert(pc.is_in(column, value_set=known))
        return positions(pc.and_(pc.is_valid(column), missing))
    known = set(rows_of(target, targets))
    return [i for i, key in enumerate(rows_of(table, fields))
            if None not in key and key not in known]


def check_foreign_keys(tables: dict, model: Model, report: Report) -> None:
    """Every foreign key value (all its fields given) names a row of the table it refers to."""
    for table in model.tables:
        for foreign in table.foreign_keys:
            target = foreign["reference"]["resource"]
            if table.name not in tables or target not in tables:
                continue
            data = tables[table.name]
            for i in dangling(data, tables[target], foreign):
                values = [data.column(name)[i].as_py() for name in foreign["fields"]]
                report.add(f"data/{table.name}.csv", f"{', '.join(map(repr, values))} has no "
                           f"row in {target} (foreign key)", i + 2, ", ".join(foreign["fields"]))


def check_missing_values(tables: dict, descriptor: dict, model: Model, report: Report) -> None:
    """No text value is one that a resource of its table declares missing (beyond the empty
    cell): a reader of that resource would take the text for no value."""
    for resource in descriptor.get("resources", []):
        declared = (resource.get("schema") or {}).get("missingValues") or []
        name = str(resource.get("path", "")).removeprefix("data/").rsplit(".", 1)[0]
        markers = [text_of(value) for value in declared if value != ""]
        if not markers or name not in tables:
            continue
        fields = [f["name"] for f in model.table(name).fields if f["type"] == "string"]
        data, found = tables[name], []
        for number, field in enumerate(fields):
            column = data.column(field)
            marked = pc.is_in(column, value_set=string_array(markers).cast(column.type))
            found += [(i, number, field) for i in positions(marked)]
        for i, _, field in sorted(found):
            report.add(f"data/{name}.csv", f"the text {data.column(field)[i].as_py()!r} is "
                       f"declared missing for {resource['path']}", i + 2, field)


FORMULA_START = "^[=+\\-@]"  # what a spreadsheet reads as the start of a formula


def check_formulas(tables: dict, model: Model, report: Report) -> None:
    """No cell of any CSV starts with =, +, - or @: a spreadsheet that opens the CSV would read
    it as a formula (README, 'Safe to open'; the workbook writes text cells, a CSV cannot)."""
    for table in model.tables:
        if table.name not in tables:
            continue
        data = tables[table.name]
        for name in table.field_names:
            column = data.column(name)
            for index in positions(pc.match_substring_regex(column, FORMULA_START)):
                value = column[index].as_py()
                report.add(f"data/{table.name}.csv", f"{value[:40]!r} starts with "
                           f"{value[0]!r}, which a spreadsheet reads as a formula: correct "
                           "the input it comes from (reword it, or start it otherwise)",
                           index + 2, name)
