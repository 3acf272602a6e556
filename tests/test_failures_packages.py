"""Every expected failure of a package given by a user to `python -m scripts validate DIR` or
`python -m scripts diff OLD NEW` (a folder, or a release zip for diff): exit status 2, a message
naming the file, the place and the fix; never a traceback, a hang or exit 0. The descriptor is
read by one reader (scripts/lib/jsonio.py: UTF-8, nesting bounded before parsing) and checked
against model/inputs/packages/datapackage.schema.json. Rows of docs/failures.md."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import copy_paths
from tests.failure_cases import expect_failure

PACKAGE = ("datapackage.json", "data", "schemas", "docs", "sources")
CSV = "data/sources.csv"
PARQUET = "data/sources.parquet"


@pytest.fixture
def repo(failure_repo):
    """One repository copy per module, its inputs restored before each test."""
    return failure_repo


def package_copy(repo: Path, folder: Path) -> Path:
    return copy_paths(repo, folder, PACKAGE)


def descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def write_descriptor(folder: Path, data) -> None:
    text = data if isinstance(data, bytes) else json.dumps(data).encode("utf-8")
    (folder / "datapackage.json").write_bytes(text)


def replace_file(folder: Path, path: str, data: bytes) -> None:
    """A resource's file replaced, its hash and size in datapackage.json updated to match
    (so that the reader, not the hash check, meets the file)."""
    (folder / path).write_bytes(data)
    document = descriptor(folder)
    for resource in document["resources"]:
        if resource["path"] == path:
            resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
            resource["bytes"] = len(data)
    write_descriptor(folder, document)


def without(key: str, index: int = 0):
    def change(document: dict) -> dict:
        del document["resources"][index][key]
        return document
    return change


def first_field_nameless(document: dict) -> dict:
    document["resources"][0]["schema"]["fields"][0].pop("name")
    return document


def enum_not_a_list(document: dict) -> dict:
    document["resources"][0]["schema"]["fields"][1]["constraints"] = {"enum": "press_release"}
    return document


def resource_twice(document: dict) -> dict:
    document["resources"].append(dict(document["resources"][0]))
    return document


# (id, datapackage.json as bytes or a change of its object, place, words)
DESCRIPTORS = [
    ("not JSON", b'{"name": x}', "line 1, column 10", ("is not valid JSON",)),
    ("not UTF-8", b'{"name": "\xff"}', "byte 11", ("is not UTF-8 text",)),
    ("not an object", b"[1, 2]", "top level", ("is an array, not a JSON object",)),
    ("nested 100,000 deep", b"[" * 100_000 + b"]" * 100_000, "line 1, column 65",
     ("more than 64 levels deep",)),
    ("resources not a list", b'{"resources": {"path": "data/sources.csv"}}', "resources",
     ("must be a list",)),
    ("a resource without a path", without("path", 1), "resources[1]",
     ("lacks the key 'path'",)),
    ("a CSV resource without a schema", without("schema"), "resources[0]",
     ("lacks the key 'schema'",)),
    ("a field without a name", first_field_nameless, "resources[0].schema.fields[0]",
     ("lacks the key 'name'",)),
    ("an enum that is not a list", enum_not_a_list,
     "resources[0].schema.fields[1].constraints.enum", ("must be a list",)),
    ("a resource listed twice", resource_twice, "resources[", ("is listed twice",)),
]


def broken_package(repo: Path, tmp_path: Path, change) -> Path:
    folder = package_copy(repo, tmp_path / "new")
    write_descriptor(folder, change if isinstance(change, bytes) else change(descriptor(folder)))
    return folder


@pytest.mark.parametrize(("change", "place", "words"), [c[1:] for c in DESCRIPTORS],
                         ids=[c[0] for c in DESCRIPTORS])
def test_validate_a_package_whose_descriptor_is_broken(repo, capsys, tmp_path, change, place,
                                                       words):
    folder = broken_package(repo, tmp_path, change)
    expect_failure(repo, capsys, "new/datapackage.json", place, *words,
                   command=("validate", folder))


@pytest.mark.parametrize(("change", "place", "words"), [c[1:] for c in DESCRIPTORS],
                         ids=[c[0] for c in DESCRIPTORS])
def test_diff_a_package_whose_descriptor_is_broken(repo, capsys, tmp_path, change, place,
                                                   words):
    folder = broken_package(repo, tmp_path, change)
    expect_failure(repo, capsys, "new/datapackage.json", place, *words,
                   command=("diff", repo, folder))


def test_diff_a_release_zip_whose_descriptor_nests_too_deep(repo, capsys, tmp_path):
    archive = tmp_path / "release.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("release/datapackage.json", "[" * 100_000 + "]" * 100_000)
    expect_failure(repo, capsys, "release.zip:release/datapackage.json", "line 1, column 65",
                   "more than 64 levels deep", command=("diff", repo, archive))


# (id, the file, its new bytes (from the old), place in diff's message, in validate's, words)
FILES = [
    ("a CSV that is not UTF-8", CSV, lambda data: data + "é,x\n".encode("latin-1"),
     "byte ", "byte ", ("is not UTF-8 text",)),
    ("a CSV with a ragged row", CSV, lambda data: data + b"a,b\n",
     "row ", "line ", ("has 2 cells, the header 17",)),
]


@pytest.mark.parametrize(("path", "change", "diff_place", "validate_place", "words"),
                         [c[1:] for c in FILES], ids=[c[0] for c in FILES])
def test_diff_a_package_whose_csv_is_broken(repo, capsys, tmp_path, path, change, diff_place,
                                            validate_place, words):
    folder = package_copy(repo, tmp_path / "new")
    replace_file(folder, path, change((folder / path).read_bytes()))
    expect_failure(repo, capsys, f"new/{path}", diff_place, *words,
                   command=("diff", repo, folder))


@pytest.mark.parametrize(("path", "change", "diff_place", "validate_place", "words"),
                         [c[1:] for c in FILES], ids=[c[0] for c in FILES])
def test_validate_a_package_whose_csv_is_broken(repo, capsys, tmp_path, path, change,
                                                diff_place, validate_place, words):
    folder = package_copy(repo, tmp_path / "new")
    replace_file(folder, path, change((folder / path).read_bytes()))
    expect_failure(repo, capsys, path, f"{path}: {validate_place}", *words,
                   command=("validate", folder))


def test_validate_a_parquet_that_is_not_parquet(repo, capsys, tmp_path):
    folder = package_copy(repo, tmp_path / "new")
    replace_file(folder, PARQUET, b"not parquet")
    expect_failure(repo, capsys, PARQUET, f"{PARQUET}: cannot be read",
                   "Parquet magic bytes not found", command=("validate", folder))


def test_validate_a_release_zip(repo, capsys, tmp_path):
    archive = tmp_path / "release.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("release/datapackage.json", "{}")
    expect_failure(repo, capsys, "release.zip", "path", "validate checks a package folder",
                   "unzip a release zip first", command=("validate", archive))


END_OF_TABLE = "<!-- end of the generated table -->"
# (id, the file edited, its new text (from the old), the message, words)
PROJECT_DOCUMENTS = [
    ("a row added to README.md's table", "README.md",
     lambda text: text.replace(END_OF_TABLE, "| `extra` | row | 1 |\n" + END_OF_TABLE),
     "README.md: its table of tables (between the marker lines) differs", ("make docs",)),
    ("README.md's table without its markers", "README.md",
     lambda text: text.replace(END_OF_TABLE, ""), "README.md: generated table",
     ("the marker lines are missing",)),
    ("an edited .zenodo.json", ".zenodo.json",
     lambda text: text.replace('"access_right": "open"', '"access_right": "closed"'),
     ".zenodo.json: differs from the metadata CITATION.cff generates", ("make docs",)),
    (".zenodo.json without its CITATION.cff", "CITATION.cff", None,
     "CITATION.cff: file: does not exist, but .zenodo.json, which is generated from it, does",
     ("git checkout -- CITATION.cff",)),
]


@pytest.mark.parametrize(("path", "change", "message", "words"),
                         [c[1:] for c in PROJECT_DOCUMENTS],
                         ids=[c[0] for c in PROJECT_DOCUMENTS])
def test_validate_a_folder_whose_readme_table_or_zenodo_metadata_is_not_generated(
        repo, capsys, tmp_path, path, change, message, words):
    """README.md's table of tables and .zenodo.json are published with the package: where the
    folder validated has them, they are what its package and CITATION.cff generate."""
    folder = copy_paths(repo, tmp_path / "new", (*PACKAGE, "README.md", ".zenodo.json",
                                                 "CITATION.cff"))
    if change is None:
        (folder / path).unlink()
    else:
        (folder / path).write_text(change((folder / path).read_text(encoding="utf-8")),
                                   encoding="utf-8")
    expect_failure(repo, capsys, path, message, *words, command=("validate", folder))


def test_validate_a_repository_whose_zenodo_json_was_deleted(repo, capsys, monkeypatch):
    """In the repository .zenodo.json is published with the package (from CITATION.cff): a
    deleted one is a changed published file, not a folder without it."""
    from tests.conftest import PRISTINE, snapshot_of

    (repo / ".zenodo.json").unlink()
    monkeypatch.setitem(PRISTINE, repo, snapshot_of(repo))
    expect_failure(repo, capsys, ".zenodo.json", "is missing: the build publishes it with the "
                   "package", "run `make build`", command=("validate", "--root", repo, repo))
