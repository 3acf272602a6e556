"""python -m scripts diff on package pairs built here: each change and the level it implies.

Expected changes are written by hand from the edit each test makes, not taken from the code.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from scripts.tools.diff import compare, load, overall
from tests.conftest import ROOT, run_cli

# A small two-table package, the shape of the real one.
BASE_SCHEMAS = {
    "meetings": {"fields": [
        {"name": "meeting_id", "type": "string", "constraints": {"required": True}},
        {"name": "number", "type": "integer", "constraints": {"required": True, "minimum": 1}},
        {"name": "status", "type": "string",
         "constraints": {"required": True, "enum": ["held", "planned"]}},
        {"name": "city_en", "type": "string", "description": "City in English."},
    ], "primaryKey": ["meeting_id"]},
    "commitments": {"fields": [
        {"name": "commitment_id", "type": "string", "constraints": {"required": True}},
        {"name": "meeting_id", "type": "string", "constraints": {"required": True}},
        {"name": "kind", "type": "string"},
    ], "primaryKey": ["commitment_id"], "foreignKeys": [
        {"fields": ["meeting_id"], "reference": {"resource": "meetings",
                                                 "fields": ["meeting_id"]}}]},
}
BASE_ROWS = {
    "meetings": [["meeting-014", "14", "held", "Tokyo"], ["meeting-015", "15", "planned", ""]],
    "commitments": [["meeting-014-s001", "meeting-014", "reaffirmation"],
                    ["meeting-014-s002", "meeting-014", "context"]],
}


def write_package(folder: Path, version: str, schemas: dict, rows: dict) -> Path:
    (folder / "data").mkdir(parents=True)
    resources = []
    for name, schema in schemas.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([f["name"] for f in schema["fields"]])
        writer.writerows(rows[name])
        (folder / "data" / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8")
        resources.append({"name": name, "type": "table", "path": f"data/{name}.csv",
                          "format": "csv", "schema": schema})
        resources.append({"name": f"{name}-parquet", "type": "table", "format": "parquet",
                          "path": f"data/{name}.parquet", "schema": schema})  # not read
    descriptor = {"name": "test-package", "version": version, "resources": resources}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def pair(tmp_path: Path, new_version: str, edit) -> tuple[Path, Path]:
    old = write_package(tmp_path / "old", "1.0.0", BASE_SCHEMAS, BASE_ROWS)
    schemas, rows = copy.deepcopy(BASE_SCHEMAS), copy.deepcopy(BASE_ROWS)
    edit(schemas, rows)
    return old, write_package(tmp_path / "new", new_version, schemas, rows)


def changes(old: Path, new: Path) -> tuple[str, dict]:
    diffs = compare(load(old), load(new))
    found = {}
    for d in diffs:
        if d.level != "none":
            found[d.name] = {"status": d.status, "added": d.added, "removed": d.removed,
                             "changed": d.changed,
                             "schema": [(c.level, c.text) for c in d.schema]}
    return overall(diffs), found


def test_same_package_is_no_change(tmp_path):
    old, new = pair(tmp_path, "1.0.0", lambda s, r: None)
    assert changes(old, new) == ("none", {})


def test_a_corrected_value_is_a_patch(tmp_path):
    def edit(schemas, rows):
        rows["meetings"][0][3] = "Tokyo, Japan"

    level, found = changes(*pair(tmp_path, "1.0.1", edit))
    assert level == "patch"
    assert found == {"meetings": {"status": "compared", "added": [], "removed": [],
                                  "changed": [(("meeting-014",),
                                               {"city_en": ("Tokyo", "Tokyo, Japan")})],
                                  "schema": []}}


def test_new_rows_are_minor(tmp_path):
    def edit(schemas, rows):
        rows["meetings"].append(["meeting-016", "16", "planned", ""])
        rows["commitments"].append(["meeting-014-s003", "meeting-014", "commitment"])

    level, found = changes(*pair(tmp_path, "1.1.0", edit))
    assert level == "minor"
    assert found["meetings"]["added"] == [("meeting-016",)]
    assert found["commitments"]["added"] == [("meeting-014-s003",)]
    assert found["commitments"]["changed"] == []


def test_a_removed_row_is_major(tmp_path):
    def edit(schemas, rows):
        del rows["commitments"][1]

    level, found = changes(*pair(tmp_path, "2.0.0", edit))
    assert level == "major"
    assert found["commitments"]["removed"] == [("meeting-014-s002",)]


def test_a_new_field_is_minor_and_its_values_are_not_changes(tmp_path):
    def edit(schemas, rows):
        schemas["meetings"]["fields"].append({"name": "venue_en", "type": "string"})
        for row in rows["meetings"]:
            row.append("Mita")

    level, found = changes(*pair(tmp_path, "1.1.0", edit))
    assert level == "minor"
    assert found["meetings"]["schema"] == [("minor", 'field "venue_en" added (string)')]
    assert found["meetings"]["changed"] == []


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda s, r: (s["meetings"]["fields"].pop(3), [row.pop(3) for row in r["meetings"]]),
     ("major", 'field "city_en" removed')),
    (lambda s, r: s["meetings"]["fields"][1].update(type="string"),
     ("major", 'field "number" retyped integer → string')),
    (lambda s, r: s["meetings"].update(primaryKey=["number"]),
     ("major", "primary key changed ['meeting_id'] → ['number']")),
    (lambda s, r: s["commitments"].pop("foreignKeys"),
     ("major", "foreign key removed or changed: meeting_id → meetings.meeting_id")),
    (lambda s, r: s["meetings"]["fields"][2]["constraints"].pop("required"),
     ("major", 'field "status": required removed (was True)')),
    (lambda s, r: s["meetings"]["fields"][1]["constraints"].update(minimum=0),
     ("major", 'field "number": minimum changed 1 → 0')),
])
def test_breaking_schema_changes_are_major(tmp_path, edit, expected):
    level, found = changes(*pair(tmp_path, "2.0.0", edit))
    assert level == "major"
    schema = [c for table in found.values() for c in table["schema"]]
    assert expected in schema


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda s, r: s["meetings"]["fields"][2]["constraints"]["enum"].append("cancelled"),
     ("minor", "field \"status\": enum gains ['cancelled']")),
    (lambda s, r: (s["meetings"]["fields"][3].update(constraints={"required": True}),
                   r["meetings"][1].__setitem__(3, "Washington")),
     ("minor", 'field "city_en": required added (True)')),
    (lambda s, r: s["meetings"]["fields"][3].update(description="City, in English."),
     ("patch", 'field "city_en": description changed')),
])
def test_other_schema_changes(tmp_path, edit, expected):
    _, found = changes(*pair(tmp_path, "1.1.0", edit))
    assert expected in found["meetings"]["schema"]


def test_tables_added_and_removed(tmp_path):
    def edit(schemas, rows):
        schemas["forums"] = {"fields": [{"name": "forum_id", "type": "string"}],
                             "primaryKey": ["forum_id"]}
        rows["forums"] = [["itu"], ["oecd"]]

    level, found = changes(*pair(tmp_path, "1.1.0", edit))
    assert (level, found["forums"]["status"]) == ("minor", "added")

    def removal(schemas, rows):
        del schemas["commitments"], rows["commitments"]

    level, found = changes(*pair(tmp_path / "2", "2.0.0", removal))
    assert (level, found["commitments"]["status"]) == ("major", "removed")


def test_file_resources_added_are_minor_and_removed_major(tmp_path, capsys):
    old, new = pair(tmp_path, "1.1.0", lambda s, r: None)
    descriptor = json.loads((new / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append({"name": "workbook", "type": "file",
                                    "path": "data/test-package.xlsx", "format": "xlsx"})
    (new / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert run_cli("diff", old, new) == 0
    out = capsys.readouterr().out
    assert "  + data/test-package.xlsx (workbook) [minor]" in out
    assert "change: MINOR" in out
    assert run_cli("diff", new, old) == 1  # the versions go backwards
    out = capsys.readouterr().out
    assert "  - data/test-package.xlsx (workbook) [major]" in out
    assert "change: MAJOR" in out


def test_cli_text_names_changes_level_and_version_verdict(tmp_path, capsys):
    def edit(schemas, rows):
        rows["meetings"].append(["meeting-016", "16", "planned", ""])
        rows["meetings"][0][3] = "東京"

    old, new = pair(tmp_path, "1.0.1", edit)
    assert run_cli("diff", old, new) == 1  # a gate: the version bump is not enough
    out = capsys.readouterr().out
    assert "meetings: 1 row(s) added, 0 removed, 1 changed [minor]" in out
    assert "  + meeting-016" in out
    assert "      city_en: 'Tokyo' → '東京'" in out
    assert "unchanged: commitments" in out
    assert "change: MINOR" in out
    assert "version 1.0.0 → 1.0.1 (a patch bump): NOT enough; a minor change needs at least " \
           "1.1.0" in out
    assert run_cli("diff", old, new, "--json") == 1
    document = json.loads(capsys.readouterr().out)
    assert document["level"] == "minor"
    assert document["version"]["needed"] == "1.1.0"
    assert document["tables"]["meetings"]["changed"] == [
        {"key": ["meeting-014"], "fields": {"city_en": {"old": "Tokyo", "new": "東京"}}}]


def zipped(folder: Path, target: Path, top: str) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    return target


def test_release_zips_compare_like_folders(tmp_path, capsys):
    def edit(schemas, rows):
        rows["commitments"][1][2] = "recognition"

    old, new = pair(tmp_path, "1.0.1", edit)
    old_zip = zipped(old, tmp_path / "test-package-1.0.0.zip", "test-package-1.0.0")
    new_zip = zipped(new, tmp_path / "test-package-1.0.1.zip", "test-package-1.0.1")
    assert changes(old_zip, new_zip) == changes(old, new)
    assert changes(old, new_zip)[0] == "patch"
    with zipfile.ZipFile(new_zip, "a") as archive:  # as macOS's Finder re-zips a folder
        archive.writestr("__MACOSX/._datapackage.json", b"\x00\x05\x16\x07")
        archive.writestr("test-package-1.0.1/._datapackage.json", b"\x00\x05\x16\x07")
    assert changes(old_zip, new_zip) == changes(old, new)
    assert run_cli("diff", old_zip, new / "datapackage.json") == 0
    assert "~ meeting-014-s002" in capsys.readouterr().out


def test_the_published_package_against_an_edited_copy(tmp_path):
    new = tmp_path / "new"
    new.mkdir()
    shutil.copy(ROOT / "datapackage.json", new / "datapackage.json")
    shutil.copytree(ROOT / "data", new / "data")
    path = new / "data" / "meetings.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",東京,Tokyo,", ",東京,Tokyo-to,"),
                    encoding="utf-8")
    level, found = changes(ROOT, new)
    assert level == "patch"
    with (ROOT / "data" / "meetings.csv").open(encoding="utf-8", newline="") as handle:
        tokyo = [row["meeting_id"] for row in csv.DictReader(handle) if row["city_en"] == "Tokyo"]
    assert len(tokyo) >= 2
    assert found["meetings"]["changed"] == [((meeting,), {"city_en": ("Tokyo", "Tokyo-to")})
                                            for meeting in tokyo]
    assert set(found) == {"meetings"}


@pytest.mark.parametrize("make_bad", ["missing", "empty folder", "not a zip", "zip without",
                                      "duplicate key", "a column dropped from a CSV",
                                      "two packages in one zip", "a member twice"])
def test_bad_input_is_named_with_a_fix(tmp_path, capsys, make_bad):
    good = write_package(tmp_path / "good", "1.0.0", BASE_SCHEMAS, BASE_ROWS)
    bad = tmp_path / "bad"
    if make_bad == "a column dropped from a CSV":  # its schema still lists it
        bad = write_package(bad, "1.0.1", BASE_SCHEMAS, BASE_ROWS)
        path = bad / "data" / "meetings.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("".join(line.rsplit(",", 1)[0] + "\n" for line in lines),
                        encoding="utf-8")
    elif make_bad in ("two packages in one zip", "a member twice"):
        other = write_package(tmp_path / "other", "1.0.1", BASE_SCHEMAS, BASE_ROWS)
        bad = tmp_path / "bad.zip"
        with zipfile.ZipFile(bad, "w") as archive:
            for path in sorted(p for p in other.rglob("*") if p.is_file()):
                name = path.relative_to(other).as_posix()
                archive.writestr(f"a/{name}", path.read_bytes())
                if make_bad == "two packages in one zip":
                    archive.writestr(f"b/{name}", path.read_bytes())
            if make_bad == "a member twice":
                with pytest.warns(UserWarning, match="Duplicate name"):
                    archive.writestr("a/data/meetings.csv", b"meeting_id\n")
    elif make_bad == "empty folder":
        bad.mkdir()
    elif make_bad == "not a zip":
        bad = tmp_path / "bad.zip"
        bad.write_bytes(b"not a zip")
    elif make_bad == "zip without":
        bad = tmp_path / "bad.zip"
        with zipfile.ZipFile(bad, "w") as archive:
            archive.writestr("README.md", "hello")
    elif make_bad == "duplicate key":
        rows = copy.deepcopy(BASE_ROWS)
        rows["meetings"].append(rows["meetings"][0])
        bad = write_package(bad, "1.0.1", BASE_SCHEMAS, rows)
    assert run_cli("diff", good, bad) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and str(bad) in err and "fix: " in err


def self_reference(resource):
    """An edit: meetings gets a parent_id pointing at its own rows, written with `resource`."""
    def edit(schemas, rows):
        meetings = schemas["meetings"]
        meetings["fields"].append({"name": "parent_id", "type": "string"})
        reference = {"fields": ["meeting_id"]} | ({} if resource is None else
                                                  {"resource": resource})
        meetings["foreignKeys"] = [{"fields": ["parent_id"], "reference": reference}]
        for row in rows["meetings"]:
            row.append("")
    return edit


@pytest.mark.parametrize("written", ["", None])
def test_a_self_reference_written_another_way_is_no_change(tmp_path, written):
    """"meetings", "" and no `resource` all name the table itself (Data Package v2 omits it)."""
    old = write_package(tmp_path / "old", "1.0.0", *self_referring("meetings"))
    new = write_package(tmp_path / "new", "1.0.0", *self_referring(written))
    assert changes(old, new) == ("none", {})
    moved = copy.deepcopy(self_referring("meetings"))
    moved[0]["meetings"]["foreignKeys"][0]["reference"]["resource"] = "commitments"
    level, found = changes(old, write_package(tmp_path / "moved", "2.0.0", *moved))
    assert level == "major" and ("major", "foreign key removed or changed: parent_id → "
                                 "meetings.meeting_id") in found["meetings"]["schema"]


def self_referring(resource) -> tuple[dict, dict]:
    schemas, rows = copy.deepcopy(BASE_SCHEMAS), copy.deepcopy(BASE_ROWS)
    self_reference(resource)(schemas, rows)
    return schemas, rows


def edited_copy(tmp_path: Path, table: str, edit) -> Path:
    """A copy of the published package whose data/<table>.csv rows (as lists, the header
    first) `edit` changed in place."""
    new = tmp_path / "new"
    new.mkdir()
    shutil.copy(ROOT / "datapackage.json", new / "datapackage.json")
    shutil.copytree(ROOT / "data", new / "data")
    path = new / "data" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return new


def swapped(first: str, second: str, columns=None):
    """An edit: the rows of ids `first` and `second` swap their values (of `columns`, or all)."""
    def edit(rows):
        ids = [row[0] for row in rows]
        a, b = rows[ids.index(first)], rows[ids.index(second)]
        for index in ([rows[0].index(c) for c in columns] if columns else range(1, len(a))):
            a[index], b[index] = b[index], a[index]
    return edit


def set_values(row_id: str, **values):
    """An edit: the row of id `row_id` gets `values` (column: value)."""
    def edit(rows):
        row = next(row for row in rows if row[0] == row_id)
        for column, value in values.items():
            row[rows[0].index(column)] = value
    return edit


def identity_texts(new: Path) -> list[str]:
    return [c.text for d in compare(load(ROOT), load(new)) for c in d.identity_changes()]


def test_two_ids_swapped_are_a_breaking_change(tmp_path):
    """jp-meti and jp-mofa swapped in reference/organizations.yaml: each row only changed its
    values, but every reference to either id now reaches the other ministry."""
    new = edited_copy(tmp_path, "organizations", swapped("jp-meti", "jp-mofa"))
    level, _ = changes(ROOT, new)
    assert level == "major"
    texts = [c.text for d in compare(load(ROOT), load(new)) for c in d.changes]
    assert any(t.startswith("jp-meti now has the name_ja '外務省' of jp-mofa") for t in texts), texts


C01, C02 = "soumu-01tsushin08-02000172-c01", "soumu-01tsushin08-02000172-c02"


@pytest.mark.parametrize(("table", "edit", "expected"), [
    ("commitments", swapped("meeting-014-s002", "meeting-014-s003"),
     "meeting-014-s002 now has the text_ja '両国政府は、日本経済団体連合会"),
    ("contacts", swapped(C01, C02, ["person_name_ja", "position_ja", "position_en"]),
     f"{C01} now has the person_name_ja '大内' of {C02}"),
    ("contacts", set_values(C01, person_name_ja="岡田", position_ja="係長"),
     f"{C01} names another thing: person_name_ja '平木' → '岡田'; position_ja '補佐' → '係長'"),
    ("organizations", set_values("us-dhs", name_ja="米国エネルギー省",
                                 name_en="U.S. Department of Energy"),
     "us-dhs names another thing: name_ja '' → '米国エネルギー省'; name_en 'U.S. Department of "
     "Homeland Security' → 'U.S. Department of Energy' (none of its identity values left: an "
     "id reused)"),
    ("meetings", set_values("meeting-015", number="16"),
     "meeting-015 names another thing: number '15' → '16'"),
])
def test_an_id_swapped_or_reused_for_another_thing_is_major(tmp_path, capsys, table, edit,
                                                            expected):
    """The identity columns of model/tables.yaml: a sentence's text, a contact's name and title,
    a body's names, a meeting's number. Swapped with another row's, or all replaced."""
    new = edited_copy(tmp_path, table, edit)
    assert changes(ROOT, new)[0] == "major"
    assert any(text.startswith(expected) for text in identity_texts(new)), identity_texts(new)
    assert run_cli("diff", ROOT, new) == 1  # the same version: not enough for a major change
    assert f"  ! {expected}" in capsys.readouterr().out
    assert run_cli("diff", ROOT, new, "--json") == 1
    document = json.loads(capsys.readouterr().out)
    assert document["level"] == "major"
    assert any(t.startswith(expected) for t in document["tables"][table]["identity"])


@pytest.mark.parametrize(("table", "edit"), [
    ("organizations", set_values("us-dhs", name_en="U.S. Department of Homeland Securty")),
    ("organizations", set_values("jp-mofa", name_ja="外部省")),
    ("organizations", set_values("jp-mofa", name_ja="外部省", name_en="")),
    ("contacts", set_values(C01, person_name_ja="平本")),
    ("contacts", set_values(C01, position_ja="課長補佐", position_en="Deputy Director")),
    ("commitments", set_values("meeting-014-s002", text_ja="この対話は、両国の民間部門代表との間で"
                               "行われた。")),
    ("sources", set_values("soumu-01tsushin08-02000172",
                           url="https://www.soumu.go.jp/menu_news/s-news/01tsushin08_02000172.htm")),
    # a value only meeting-014's head had given to another row, which meeting-014 keeps
    ("participants", set_values("meeting-001-head-us", organization_id="us-dos-cdp")),
])
def test_a_correction_of_one_identity_value_is_a_patch(tmp_path, table, edit):
    """A typo fixed in one name, a contact's title corrected, a name dropped: the row still
    names the thing it named (and a value two rows now share has moved from neither)."""
    new = edited_copy(tmp_path, table, edit)
    level, found = changes(ROOT, new)
    assert (level, set(found), identity_texts(new)) == ("patch", {table}, [])
    assert len(found[table]["changed"]) == 1


def test_a_root_without_a_model_uses_the_identity_columns_of_this_code(tmp_path, capsys):
    """`--root` of a folder without model/ (an unpacked release): diff still runs, with the
    identity columns of this repository's model (a meeting's number)."""
    old, new = pair(tmp_path, "1.1.0", lambda s, r: r["meetings"][1].__setitem__(1, "16"))
    (tmp_path / "elsewhere").mkdir()
    assert run_cli("diff", "--root", tmp_path / "elsewhere", old, new) == 1
    out = capsys.readouterr().out
    assert "  ! meeting-015 names another thing: number '15' → '16'" in out
    assert "change: MAJOR" in out


@pytest.mark.parametrize(("old_version", "new_version", "words"), [
    ("1.0.0", "1.0.0+unreleased", "not a release (its CHANGELOG.md lists unreleased changes); "
     "released, it needs at least 1.0.1"),
    ("1.0.0+unreleased", "1.0.1", "OLD is not a release (its CHANGELOG.md listed unreleased "
     "changes): compare with the last release's zip"),
])
def test_a_package_between_releases_is_named_so(tmp_path, capsys, old_version, new_version,
                                                words):
    """A checkout between releases carries X.Y.Z+unreleased: diff says it is not a release,
    on either side, instead of 'not semantic versions'."""
    old = write_package(tmp_path / "old", old_version, BASE_SCHEMAS, BASE_ROWS)
    rows = copy.deepcopy(BASE_ROWS)
    rows["meetings"][0][3] = "Tokyo, Japan"
    new = write_package(tmp_path / "new", new_version, BASE_SCHEMAS, rows)
    assert run_cli("diff", old, new) == 1
    assert words in capsys.readouterr().out
