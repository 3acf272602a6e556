"""Which rows of a table name another thing than before (scripts/tools/diff.py): an id
swapped with another (a row now has a value of an identity column that another row alone had)
or reused (none of its identity values left, new ones in their place). A table's identity
columns are its `identity` in model/tables.yaml: the columns that say which thing a row is.
"""

from __future__ import annotations

from collections import Counter


def moved_identities(before: dict, after: dict, columns: list[str]) -> list[tuple]:
    """(key, column, value, the key that had it) of each row that now has the value of an
    identity column that another row of the old version alone had, and no longer has: an id
    that names another thing (two ids swapped) breaks every reference to it, however small
    the edit."""
    moved = []
    for column in columns:
        counts = Counter(row[column] for row in before.values() if row.get(column))
        owner = {row[column]: key for key, row in before.items() if counts[row.get(column)] == 1}
        for key, row in after.items():
            had = owner.get(row.get(column))
            if had is not None and had != key and key in before and before[key].get(
                    column) != row[column] and after.get(had, {}).get(column) != row[column]:
                moved.append((key, column, row[column], had))
    return moved


def reused_ids(before: dict, after: dict, columns: list[str]) -> list[tuple]:
    """(key, {column: (old, new)}) of each row that keeps none of the identity values it had
    and has at least two new ones (one, when the table has one identity column): an id
    reused for another thing. One value changed is a correction (a typo): not reported."""
    needed = min(2, len(columns))
    reused = []
    for key, row in after.items():
        was = before.get(key)
        had = [c for c in columns if was and was[c]]
        if not had or any(was[c] == row[c] for c in had):
            continue
        new = {c: (was[c], row[c]) for c in columns if row[c] and row[c] != was[c]}
        if len(new) >= needed:
            reused.append((key, new))
    return reused


def model_identity() -> dict[str, tuple[str, ...]]:
    """{table: its identity columns} of the model of this code's repository."""
    from scripts.lib.project import Project

    return identity_of(Project.at().model)


def identity_of(model) -> dict[str, tuple[str, ...]]:
    return {table.name: tuple(table.identity) for table in model.tables}
