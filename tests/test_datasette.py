"""Datasette serves the database with data/datasette-metadata.json as the README says.

A real Datasette (a pinned test dependency) on 127.0.0.1, asked through its JSON API and its
pages; the expected titles, descriptions and labels are read from model/tables.yaml and the CSVs.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import MODEL, ROOT

NAME = MODEL.package["name"]
METADATA = ROOT / "data" / "datasette-metadata.json"


def rows(name: str) -> list[dict]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def datasette(tmp_path_factory):
    """`datasette DATABASE --metadata data/datasette-metadata.json` on a free loopback port
    (on copies, so that the published files cannot change); yields the base url."""
    folder = tmp_path_factory.mktemp("datasette")
    for path in (f"data/{NAME}.sqlite", "data/datasette-metadata.json"):
        shutil.copy(ROOT / path, folder / Path(path).name)
    command = [str(Path(sys.executable).parent / "datasette"), "serve", f"{NAME}.sqlite",
               "--metadata", "datasette-metadata.json", "--host", "127.0.0.1", "--port", "0"]
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        yield f"http://127.0.0.1:{listening_port(process)}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def listening_port(process: subprocess.Popen, timeout: float = 60) -> int:
    """The port uvicorn reports ('Uvicorn running on http://127.0.0.1:PORT')."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        found = re.search(r"running on http://127\.0\.0\.1:(\d+)", line)
        if found:
            return int(found.group(1))
    raise AssertionError("Datasette did not start:\n" + "".join(seen)[-2000:])


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200, url
        return response.read().decode("utf-8")


def test_datasette_shows_the_package_title_licence_and_source(datasette):
    page = html.unescape(get(f"{datasette}/"))
    assert MODEL.package["title"] in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["sources"] and descriptor["sources"][0]["path"] in page


def test_a_table_page_has_its_title_and_every_column_description(datasette):
    table = MODEL.table("participants")
    page = html.unescape(get(f"{datasette}/{NAME}/participants"))
    assert f"<h1>{table.definition['title']}</h1>" in page
    assert " ".join(table.definition["description"].split()) in " ".join(page.split())
    for field in table.fields:  # the page lists the column descriptions
        assert f"<dt>{field['name']}</dt><dd>{field['description']}</dd>" in page, field["name"]


def test_a_foreign_key_shows_the_label_of_the_row_it_points_to(datasette):
    names = {o["organization_id"]: o["name_en"] for o in rows("organizations")}
    data = json.loads(get(f"{datasette}/{NAME}/participants.json?_labels=on&_shape=objects"
                          "&meeting_id=meeting-014&_size=max"))
    expected = [p for p in rows("participants") if p["meeting_id"] == "meeting-014"]
    assert len(data["rows"]) == len(expected) == 20
    by_id = {row["participant_id"]: row for row in data["rows"]}
    for participant in expected:
        shown = by_id[participant["participant_id"]]["organization_id"]
        assert shown == {"value": participant["organization_id"],
                         "label": names[participant["organization_id"]] or None}
    assert {"value": "jp-mic", "label": "Ministry of Internal Affairs and Communications"} in [
        row["organization_id"] for row in data["rows"]]


def test_metadata_names_only_tables_and_columns_of_the_model():
    document = json.loads(METADATA.read_text(encoding="utf-8"))
    tables = document["databases"][NAME]["tables"]
    assert list(tables) == MODEL.names
    for table in MODEL.tables:
        assert list(tables[table.name]["columns"]) == table.field_names
        label = tables[table.name].get("label_column")
        assert label is None or label in table.field_names


@pytest.mark.parametrize(("table", "column", "problem"), [
    ("organizations", "name_fr", "names no column of organizations: 'name_fr'"),
    ("organisations", "name_en", "names no table of model/tables.yaml")])
def test_a_label_column_the_model_lacks_is_refused(table, column, problem):
    from dataclasses import replace

    from scripts.lib.errors import BuildError
    from scripts.write_datasette import label_columns

    package = dict(MODEL.package, datasette={"label_columns": {table: column}})
    with pytest.raises(BuildError) as error:
        label_columns(replace(MODEL, package=package))
    assert error.value.file == "model/package.yaml" and error.value.problem == problem
    assert error.value.place == f"datasette.label_columns.{table}"


def test_an_id_and_a_homepage_set_in_the_model_reach_every_description():
    """model/package.yaml leaves them empty (none exists yet); once set, they are carried."""
    from dataclasses import replace

    from scripts.docs.jsonld import dataset
    from scripts.write_datasette import metadata
    from scripts.write_tables import descriptor

    assert MODEL.package["id"] is None and MODEL.package["homepage"] is None
    published = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert "id" not in published and "homepage" not in published
    package = dict(MODEL.package, id="https://doi.org/10.5281/zenodo.0000000",
                   homepage="https://example.org/dataset/")  # test values, never published
    described = descriptor([], published["sources"], package)
    assert described["id"] == package["id"] and described["homepage"] == package["homepage"]
    linked = dataset(described)
    assert linked["identifier"] == package["id"] and linked["url"] == package["homepage"]
    assert metadata(replace(MODEL, package=package), [])["about_url"] == package["homepage"]
