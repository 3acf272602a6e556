"""What changed between two versions of the package, and what kind of version bump it needs.

    python -m scripts diff OLD NEW          (make diff OLD=… NEW=…)
    python -m scripts diff OLD NEW --json   the same as JSON

OLD and NEW are each a folder holding datapackage.json (this repository, an unpacked
release), a datapackage.json file, or a release zip (dist/<name>-<version>.zip). Tables are
compared through their CSV resources: rows added, removed and changed by primary key (with
the fields that changed), and the Table Schemas: fields added, removed, retyped or moved,
constraint, key and description changes. Other resources (Parquet, workbook, database) repeat
the tables: only their addition or removal is reported.

Each change gets a level under the versioning policy in the README ("Versions and changes"):

- major: a breaking change: a table or field removed (a rename is a removal and an addition),
  a field retyped, the primary key changed, a foreign key removed or changed; a guarantee
  withdrawn (required, unique or a pattern dropped or replaced, a minimum lowered or maximum
  raised); a row removed (its ID no longer resolves for those who hold it); an ID that names
  another thing; a file resource removed;
- minor: new tables, fields or rows; a new foreign key; a constraint added or tightened;
  enum values added or removed; fields reordered (read columns by name); a new file resource;
- patch: corrections of values in existing rows; changed titles, descriptions or examples.

An ID names another thing when a row's identity columns (model/tables.yaml, a table's
`identity`: a body's name_ja and name_en, a sentence's text_ja and text_en, a contact's
person_name_ja and position_ja, a source's title_ja and url, …) changed so: the row now has
the value of one of them that another row alone had, and that row no longer has (two IDs
swapped), or none of the values it had is left and at least two of them are new (given or
replaced; one, for a table of one identity column): the ID was reused. A correction of one
value (a typo in a name) stays a patch, as it cannot be told from a reuse. The identity
columns are those of the model of --root (of this code's repository when that folder has no
model/); a table the model does not define has none.

The package's change is the highest level found. Exit status: 0 when NEW's version number is
enough for the change, 1 when it is not (too small a bump, a version that goes backwards or is
not X.Y.Z), 2 when an input cannot be read: so a CI job can use it as a gate.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from scripts.lib.changelog import UNRELEASED
from scripts.lib.errors import BuildError
from scripts.tools.identities import model_identity, moved_identities, reused_ids
from scripts.tools.package_files import Package, Table, load

LEVELS = ("none", "patch", "minor", "major")
WHAT = {"major": "a breaking change", "minor": "additions: tables, fields, rows or files",
        "patch": "corrections of values", "none": "no change in the tables"}


@dataclass
class Change:
    level: str
    text: str


@dataclass
class TableDiff:
    name: str
    status: str  # added, removed or compared
    schema: list[Change] = field(default_factory=list)
    key: list[str] = field(default_factory=list)
    added: list[tuple] = field(default_factory=list)
    removed: list[tuple] = field(default_factory=list)
    changed: list[tuple[tuple, dict]] = field(default_factory=list)
    rows_compared: bool = True
    moved: list[tuple] = field(default_factory=list)  # moved_identities
    reused: list[tuple] = field(default_factory=list)  # reused_ids
    row_count: int = 0  # rows of a table added or removed

    @property
    def changes(self) -> list[Change]:
        found = list(self.schema)
        if self.status == "added":
            found.append(Change("minor", "table added"))
        elif self.status == "removed":
            found.append(Change("major", "table removed"))
        if self.added:
            found.append(Change("minor", f"{len(self.added)} row(s) added"))
        if self.removed:
            found.append(Change("major", f"{len(self.removed)} row(s) removed"))
        if self.changed:
            found.append(Change("patch", f"{len(self.changed)} row(s) changed"))
        return found + self.identity_changes()

    def identity_changes(self) -> list[Change]:
        """The rows whose id now names another thing (moved_identities, reused_ids)."""
        found = [Change("major", f"{'/'.join(key)} now has the {column} {short(name)} of "
                        f"{'/'.join(had)}: an id that names another thing")
                 for key, column, name, had in self.moved]
        for key, values in self.reused:
            names = "; ".join(f"{c} {short(a)} → {short(b)}" for c, (a, b) in values.items())
            found.append(Change("major", f"{'/'.join(key)} names another thing: {names} (none "
                                "of its identity values left: an id reused)"))
        return found

    @property
    def level(self) -> str:
        return max((c.level for c in self.changes), key=LEVELS.index, default="none")


# --- comparing ---------------------------------------------------------------------------
def compare_constraints(name: str, old: dict, new: dict) -> list[Change]:
    changes = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        where = f'field "{name}": {key}'
        if key == "enum" and before is not None and after is not None:
            gained = [v for v in after if v not in before]
            lost = [v for v in before if v not in after]
            if gained:
                changes.append(Change("minor", f"{where} gains {gained}"))
            if lost:
                changes.append(Change("minor", f"{where} loses {lost}"))
            if not gained and not lost:
                changes.append(Change("patch", f"{where} values reordered"))
        elif before is None or before is False:
            changes.append(Change("minor", f"{where} added ({after!r})"))
        elif after is None or after is False:
            changes.append(Change("major", f"{where} removed (was {before!r})"))
        elif not comparable(before, after):
            changes.append(Change("major", f"{where} changed {before!r} → {after!r}"))
        elif key in ("minimum", "exclusiveMinimum", "minLength") and after > before:
            changes.append(Change("minor", f"{where} raised {before!r} → {after!r}"))
        elif key in ("maximum", "exclusiveMaximum", "maxLength") and after < before:
            changes.append(Change("minor", f"{where} lowered {before!r} → {after!r}"))
        else:
            changes.append(Change("major", f"{where} changed {before!r} → {after!r}"))
    return changes


def comparable(before, after) -> bool:
    """Two bounds that can be ordered: numbers, or texts (a date's bound)."""
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (before, after))
    return numbers or all(isinstance(v, str) for v in (before, after))


def only_in(first, second) -> list:
    """The items of `first` that `second` lacks, in `first`'s order."""
    return [item for item in first if item not in second]


def self_resolved(keys: list[dict], table: str) -> list[str]:
    """Foreign keys as comparable text, a self-reference written any way (the table's name,
    "" or no `resource`, as Data Package v2 writes it) as the table's name."""
    def resolved(key: dict) -> dict:
        reference = dict(key.get("reference", {}))
        reference["resource"] = reference.get("resource") or table
        return {**key, "reference": reference}

    return [json.dumps(resolved(k), sort_keys=True) for k in keys]


def compare_schemas(old: dict, new: dict, table: str = "") -> list[Change]:
    before = {f["name"]: f for f in old.get("fields", [])}
    after = {f["name"]: f for f in new.get("fields", [])}
    changes = [Change("major", f'field "{name}" removed') for name in only_in(before, after)]
    changes += [Change("minor", f'field "{name}" added ({after[name]["type"]})')
                for name in only_in(after, before)]
    for name in (n for n in after if n in before):
        changes += compare_field(name, before[name], after[name])
    if [n for n in before if n in after] != [n for n in after if n in before]:
        changes.append(Change("minor", "fields reordered"))
    if old.get("primaryKey") != new.get("primaryKey"):
        changes.append(Change("major", f"primary key changed {old.get('primaryKey')} → "
                              f"{new.get('primaryKey')}"))
    old_keys = self_resolved(old.get("foreignKeys", []), table)
    new_keys = self_resolved(new.get("foreignKeys", []), table)
    changes += [Change("major", f"foreign key removed or changed: {key_text(key)}")
                for key in only_in(old_keys, new_keys)]
    changes += [Change("minor", f"foreign key added: {key_text(key)}")
                for key in only_in(new_keys, old_keys)]
    return changes


def compare_field(name: str, was: dict, now: dict) -> list[Change]:
    changes = []
    if was.get("type") != now.get("type"):
        changes.append(Change("major", f'field "{name}" retyped {was.get("type")} → '
                              f'{now.get("type")}'))
    changes += compare_constraints(name, was.get("constraints", {}), now.get("constraints", {}))
    for key in ("title", "description", "example", "format"):
        if was.get(key) != now.get(key):
            level = "major" if key == "format" else "patch"
            changes.append(Change(level, f'field "{name}": {key} changed'))
    return changes


def key_text(dumped: str) -> str:
    key = json.loads(dumped)
    reference = key.get("reference", {})
    return (f"{', '.join(key.get('fields', []))} → {reference.get('resource', '')}."
            f"{', '.join(reference.get('fields', []))}")


def index_rows(table: Table, key: list[str]) -> dict[tuple, dict]:
    indexed: dict[tuple, dict] = {}
    for number, row in enumerate(table.rows, start=2):
        value = tuple(row.get(k, "") for k in key)
        if value in indexed:
            raise BuildError(table.where, f"row {number}",
                             f"primary key {list(value)} appears twice",
                             "compare valid packages (run `python -m scripts validate`)")
        indexed[value] = row
    return indexed


def compare_tables(old: Table, new: Table, identity: tuple[str, ...] = ()) -> TableDiff:
    result = TableDiff(new.name, "compared", compare_schemas(old.schema, new.schema, new.name))
    key = list(new.schema.get("primaryKey", []))
    result.key = key
    if not key or any(k not in old.header or k not in new.header for k in key):
        result.rows_compared = False  # the new key is not in the old table: no row pairing
        return result
    before = index_rows(old, key)
    after = index_rows(new, key)
    fields = [f for f in new.header if f in old.header]
    result.added = [k for k in after if k not in before]
    result.removed = [k for k in before if k not in after]
    for value, row in after.items():
        if value in before:
            was = before[value]
            diff = {f: (was[f], row[f]) for f in fields if was.get(f, "") != row.get(f, "")}
            if diff:
                result.changed.append((value, diff))
    columns = [c for c in identity if c in fields]
    result.moved = moved_identities(before, after, columns)
    moved = {key for key, *_ in result.moved}
    result.reused = [r for r in reused_ids(before, after, columns) if r[0] not in moved]
    return result


def compare(old: Package, new: Package,
            identity: dict[str, tuple[str, ...]] | None = None) -> list[TableDiff]:
    """Each table's changes; `identity`: {table: its identity columns} (the model's if None)."""
    identity = model_identity() if identity is None else identity
    diffs = []
    for name in new.tables:
        if name in old.tables:
            diffs.append(compare_tables(old.tables[name], new.tables[name],
                                        identity.get(name, ())))
        else:
            table = new.tables[name]
            diffs.append(TableDiff(name, "added", key=table.schema.get("primaryKey", []),
                                   row_count=len(table.rows)))
    for name in old.tables:
        if name not in new.tables:
            diffs.append(TableDiff(name, "removed", row_count=len(old.tables[name].rows)))
    return diffs


def compare_files(old: Package, new: Package) -> list[Change]:
    """Resources other than the CSV tables (Parquet, workbook, database): added or removed.

    Their content repeats the CSV tables, so only their presence is compared."""
    def others(package: Package) -> dict[str, str]:
        return {r["path"]: r.get("name", r["path"]) for r in package.descriptor["resources"]
                if not (r.get("format") == "csv" and "schema" in r)}

    before, after = others(old), others(new)
    return ([Change("minor", f"+ {p} ({after[p]})") for p in after if p not in before]
            + [Change("major", f"- {p} ({before[p]})") for p in before if p not in after])


def overall(diffs: list[TableDiff], files: list[Change] = ()) -> str:
    levels = [d.level for d in diffs] + [c.level for c in files]
    return max(levels, key=LEVELS.index, default="none")


SEMVER = re.compile(r"(\d+)\.(\d+)\.(\d+)")


def version_bump(old: str, new: str) -> str | None:
    """none, patch, minor, major or 'backwards' for the declared versions; None if not semver."""
    a, b = SEMVER.fullmatch(old), SEMVER.fullmatch(new)
    if not a or not b:
        return None
    x, y = tuple(map(int, a.groups())), tuple(map(int, b.groups()))
    if y < x:
        return "backwards"
    if y == x:
        return "none"
    return "major" if y[0] > x[0] else "minor" if y[1] > x[1] else "patch"


def next_version(old: str, level: str) -> str | None:
    match = SEMVER.fullmatch(old)
    if not match or level == "none":
        return None
    major, minor, patch = map(int, match.groups())
    return {"major": f"{major + 1}.0.0", "minor": f"{major}.{minor + 1}.0",
            "patch": f"{major}.{minor}.{patch + 1}"}[level]


def version_verdict(old: Package, new: Package, level: str) -> str:
    bump = version_bump(old.version, new.version)
    versions = f"version {old.version} → {new.version}"
    base = new.version.removesuffix(UNRELEASED)
    if bump is None and old.version.endswith(UNRELEASED):
        return (f"{versions}: OLD is not a release (its CHANGELOG.md listed unreleased "
                "changes): compare with the last release's zip, which names the version a "
                "user holds")
    if bump is None and new.version.endswith(UNRELEASED) and SEMVER.fullmatch(base):
        needed = next_version(old.version, level) or old.version
        return (f"{versions}: not a release (its CHANGELOG.md lists unreleased changes); "
                f"released, it needs at least {needed}")
    if bump is None:
        return f"version {old.version!r} → {new.version!r}: not semantic versions (X.Y.Z)"
    if bump == "backwards":
        return f"{versions} goes backwards: give the older package first (OLD NEW)"
    declared = "unchanged" if bump == "none" else f"a {bump} bump"
    if level == "none":
        return f"{versions} ({declared}); the tables did not change"
    if LEVELS.index(bump) >= LEVELS.index(level):
        return f"{versions} ({declared}): enough for a {level} change"
    return (f"{versions} ({declared}): NOT enough; a {level} change needs at least "
            f"{next_version(old.version, level)}")


# --- reporting ----------------------------------------------------------------------------
def short(value: str, width: int = 70) -> str:
    text = repr(value)
    return text if len(text) <= width else text[:width - 1] + "…'"


def key_label(value: tuple) -> str:
    return " / ".join(value)


def render_text(old: Package, new: Package, diffs: list[TableDiff],
                files: list[Change] = ()) -> str:
    level = overall(diffs, files)
    lines = [f"OLD: {old.label}", f"NEW: {new.label}", ""]
    unchanged = []
    for diff in diffs:
        if diff.level == "none":
            unchanged.append(diff.name)
            continue
        summary = {"added": f"table added ({diff.row_count} rows)",
                   "removed": f"table removed ({diff.row_count} rows)"}.get(
            diff.status, f"{len(diff.added)} row(s) added, {len(diff.removed)} removed, "
            f"{len(diff.changed)} changed")
        lines.append(f"{diff.name}: {summary} [{diff.level}]")
        for change in diff.schema:
            lines.append(f"  schema: {change.text} [{change.level}]")
        if not diff.rows_compared:
            lines.append(f"  rows not paired: the new primary key {diff.key} is not in the "
                         "old table")
        for value in diff.added:
            lines.append(f"  + {key_label(value)}")
        for value in diff.removed:
            lines.append(f"  - {key_label(value)}")
        for value, fields in diff.changed:
            lines.append(f"  ~ {key_label(value)}")
            for name, (was, now) in fields.items():
                lines.append(f"      {name}: {short(was)} → {short(now)}")
        lines += [f"  ! {change.text} [{change.level}]" for change in diff.identity_changes()]
    if unchanged:
        lines.append(f"unchanged: {', '.join(unchanged)}")
    if files:
        lines.append("other files (Parquet, workbook, database; they repeat the tables):")
        lines += [f"  {change.text} [{change.level}]" for change in files]
    lines += ["", f"change: {level.upper()} ({WHAT[level]})",
              version_verdict(old, new, level)]
    return "\n".join(lines) + "\n"


def render_json(old: Package, new: Package, diffs: list[TableDiff],
                files: list[Change] = ()) -> str:
    level = overall(diffs, files)
    document = {
        "old": {"label": old.label, "version": old.version},
        "new": {"label": new.label, "version": new.version},
        "level": level,
        "version": {"bump": version_bump(old.version, new.version),
                    "needed": next_version(old.version, level),
                    "verdict": version_verdict(old, new, level)},
        "tables": {d.name: {
            "status": d.status, "level": d.level, "primaryKey": d.key, "rows": d.row_count,
            "rowsCompared": d.rows_compared,
            "schema": [{"level": c.level, "change": c.text} for c in d.schema],
            "added": [list(k) for k in d.added], "removed": [list(k) for k in d.removed],
            "changed": [{"key": list(k), "fields": {f: {"old": a, "new": b}
                                                    for f, (a, b) in fields.items()}}
                        for k, fields in d.changed],
            "identity": [c.text for c in d.identity_changes()]} for d in diffs},
        "files": [{"level": c.level, "change": c.text} for c in files],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def version_enough(old: Package, new: Package, level: str) -> bool:
    """Whether NEW's version number is a big enough step from OLD's for a change of `level`."""
    bump = version_bump(old.version, new.version)
    if level == "none":
        return bump not in (None, "backwards")
    return bump not in (None, "backwards") and LEVELS.index(bump) >= LEVELS.index(level)


def diff(old_path: Path, new_path: Path, as_json: bool = False,
         identity: dict[str, tuple[str, ...]] | None = None) -> int:
    """Print the changes; 0 when NEW's version is enough for them, 1 when it is not.
    `identity`: {table: its identity columns} (model/tables.yaml; this repository's if None)."""
    old, new = load(old_path), load(new_path)
    diffs, files = compare(old, new, identity), compare_files(old, new)
    sys.stdout.write(render_json(old, new, diffs, files) if as_json else
                     render_text(old, new, diffs, files))
    return 0 if version_enough(old, new, overall(diffs, files)) else 1
