"""A database rewritten so that its rows compare equal in Python but a reader's SQL sees other
data is refused: an index that lost rows, values stored as REAL, rows in another order, free
pages holding deleted data, WAL mode, text that is not UTF-8."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import MODEL, ROOT, validate
from tests.test_validate_bytes import rehash

PATH = f"data/{MODEL.package['name']}.sqlite"


def edited(package: Path, *statements: str, schema: bool = False) -> list[str]:
    """The problems of the package once `statements` ran on its database (with
    writable_schema when `schema`: to put back sqlite_master's text after a change)."""
    connection = sqlite3.connect(package / PATH, isolation_level=None)
    if schema:
        connection.execute("PRAGMA writable_schema = ON")
    for statement in statements:
        connection.execute(statement)
    connection.close()
    rehash(package, PATH)
    return [p for p in validate(package).problems if p.startswith(PATH)]


def sql_of(name: str) -> str:
    with sqlite3.connect(ROOT / PATH) as connection:
        return connection.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                                  (name,)).fetchone()[0]


def test_an_index_that_lost_its_rows(package):
    """The README's SQLite example answers through participants__meeting_id: emptied behind
    its own CREATE INDEX text, it printed no row."""
    original = sql_of("participants__meeting_id")
    found = edited(package, "DROP INDEX participants__meeting_id",
                   'CREATE INDEX participants__meeting_id ON participants ("meeting_id") '
                   "WHERE delegation = 'none'",
                   "UPDATE sqlite_master SET sql = '" + original.replace("'", "''")
                   + "' WHERE name = 'participants__meeting_id'", schema=True)
    assert f"{PATH}: is damaged (PRAGMA integrity_check)" in found, found


def run(package: Path, *statements: str) -> None:
    """Each statement in a connection of its own (a changed schema is read anew)."""
    for statement in statements:
        connection = sqlite3.connect(package / PATH, isolation_level=None)
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute(statement)
        connection.close()


def test_integers_stored_as_real(package):
    """Declared BLOB for a moment (no affinity turns 1.0 back into 1), then put back."""
    original = sql_of("meetings")
    assert '"number" INTEGER' in original, original
    quoted = original.replace("'", "''")
    run(package, "UPDATE sqlite_master SET sql = '" + quoted.replace(
        '"number" INTEGER', '"number" BLOB') + "' WHERE name = 'meetings'",
        "UPDATE meetings SET number = CAST(number AS REAL)",
        f"UPDATE sqlite_master SET sql = '{quoted}' WHERE name = 'meetings'")
    with sqlite3.connect(package / PATH) as connection:
        assert connection.execute("SELECT typeof(number) FROM meetings").fetchone() == ("real",)
    found = edited(package)
    with sqlite3.connect(ROOT / PATH) as connection:
        rows = connection.execute("SELECT count(*) FROM meetings").fetchone()[0]
    assert f"{PATH}: table meetings: {rows} value(s) of number are not stored as integer " \
           "(rebuild with `make build`)" in found, found


def test_rows_in_another_order(package):
    found = edited(package, "CREATE TABLE kept AS SELECT * FROM topics ORDER BY rowid DESC",
                   "DELETE FROM topics", "INSERT INTO topics SELECT * FROM kept",
                   "DROP TABLE kept", "VACUUM")
    assert any("table topics: rows differ from data/topics.csv" in p for p in found), found


def test_free_pages_that_keep_what_was_deleted(package):
    found = edited(package, "CREATE TABLE scratch (a)",
                   "INSERT INTO scratch VALUES (zeroblob(100000))", "DROP TABLE scratch")
    assert any("holds free pages" in p for p in found), found


def test_wal_mode(package):
    found = edited(package, "PRAGMA journal_mode = WAL")
    assert found == [f"{PATH}: is in WAL mode, which a reader on read-only media cannot open "
                     "(the writer leaves the rollback journal mode); rebuild with `make build`"]


def test_a_text_that_is_not_utf8(package):
    found = edited(package, "UPDATE meetings SET note = CAST(x'ff41' AS TEXT) "
                   "WHERE number = 1")
    assert found and all("Traceback" not in p for p in found), found
    assert any("cannot be read" in p or "rows differ" in p for p in found), found
