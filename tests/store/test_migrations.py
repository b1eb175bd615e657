"""The Alembic migrations in db/ agree with reedesk/store/models.py, and the store's guarantees hold
(reedesk/store/database.py)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import reedesk.store.models  # noqa: F401  (registers every table)
from reedesk.store.database import DatabaseUnreadable, alembic_config, open_database
from reedesk.store.search import is_search_table


def _not_the_search_index(name, type_, _parent_names) -> bool:
    """Leave out only the FTS5 search index (migration 0002) and its shadow tables: they
    are an index maintained by triggers, not a model; every other table is compared."""
    return not (type_ == "table" and is_search_table(name))


def _diffs(connection, **opts):
    context = MigrationContext.configure(connection, opts={"include_name": _not_the_search_index, **opts})
    return compare_metadata(context, SQLModel.metadata)


def test_models_and_migrations_agree(tmp_path: Path):
    database = open_database(tmp_path / "migrated.sqlite3")
    try:
        with database.engine.connect() as connection:
            diffs = _diffs(connection, compare_type=True)
    finally:
        database.dispose()
    assert diffs == [], f"models.py and db/versions differ: {diffs}"


def test_a_difference_would_be_seen(tmp_path: Path):
    """The agreement test is not vacuous: a column the migrations lack shows up as a diff."""
    database = open_database(tmp_path / "migrated.sqlite3")
    try:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE stray (id INTEGER PRIMARY KEY)")
            connection.exec_driver_sql("CREATE TABLE dossier_searcher (id INTEGER PRIMARY KEY)")
            diffs = _diffs(connection)
    finally:
        database.dispose()
    removed = {diff[1].name for diff in diffs if diff[0] == "remove_table"}
    assert removed == {"stray", "dossier_searcher"}, "only the search index may be left out of the comparison"


def test_downgrade_to_base_and_upgrade_again(tmp_path: Path):
    path = tmp_path / "cycle.sqlite3"
    open_database(path).dispose()
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    try:
        for target in ("base", "head"):
            with engine.begin() as connection:
                config = alembic_config(url)
                config.attributes["connection"] = connection
                (command.downgrade if target == "base" else command.upgrade)(config, target)
    finally:
        engine.dispose()
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"dossier", "dossier_revision", "audit_event", "signature", "dossier_search"} <= tables


def test_downgrading_0002_drops_the_search_index_and_its_triggers(tmp_path: Path):
    path = tmp_path / "down.sqlite3"
    open_database(path).dispose()
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
    finally:
        engine.dispose()
    with sqlite3.connect(path) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert not {n for n in names if "search" in n}
    assert {"dossier", "client", "audit_event_no_update"} <= names


def test_foreign_keys_and_wal_are_on(empty_desk):
    with empty_desk.db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


@pytest.mark.parametrize("statement", ["UPDATE audit_event SET actor = 'mallory'", "DELETE FROM audit_event"])
def test_the_audit_trail_refuses_update_and_delete(desk, statement):
    path = desk.db.path
    desk.close()
    with sqlite3.connect(path) as connection:
        count = connection.execute("SELECT count(*) FROM audit_event").fetchone()[0]
        assert count > 0
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute(statement)
        assert connection.execute("SELECT count(*) FROM audit_event WHERE actor = 'mallory'").fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM audit_event").fetchone()[0] == count


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_that_is_not_a_database_is_unreadable_and_left_untouched(tmp_path: Path):
    path = tmp_path / "reedesk.sqlite3"
    path.write_bytes(b"this is not a database, just some text that happens to be here\n" * 100)
    digest = _digest(path)
    with pytest.raises(DatabaseUnreadable) as caught:
        open_database(path)
    message = str(caught.value)
    assert str(path) in message and "left as it is" in message
    assert _digest(path) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reedesk.sqlite3"]


def test_a_damaged_database_is_unreadable_and_left_untouched(tmp_path: Path):
    path = tmp_path / "reedesk.sqlite3"
    open_database(path).dispose()
    with sqlite3.connect(path) as connection:  # fold the WAL back so the main file is complete
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    data = bytearray(path.read_bytes())
    data[100:] = b"\xa5" * (len(data) - 100)  # keep the SQLite header, wreck every page
    path.write_bytes(bytes(data))
    digest = _digest(path)
    with pytest.raises(DatabaseUnreadable, match="cannot be read"):
        open_database(path)
    assert _digest(path) == digest


def test_a_locked_database_is_a_clear_error_and_nothing_is_stored(desk, monkeypatch):
    """Another process holding the write lock for longer than the bounded wait: DatabaseUnavailable
    (a ReedeskError) saying it stayed busy, not a traceback."""
    from reedesk.services import dossiers
    from reedesk.store import database
    from reedesk.store.database import DatabaseUnavailable

    monkeypatch.setattr(database, "WRITE_LOCK_WAIT_SECONDS", 0.5)  # the real wait is a minute

    stored = dossiers.load_dossier(desk, "LM-2026-0042")
    stored.dossier.product.name = "changed while locked"
    other = sqlite3.connect(desk.db.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseUnavailable, match="stayed busy with another reedesk writer.*nothing was stored"):
            dossiers.save_dossier(desk, stored.dossier)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert dossiers.load_dossier(desk, "LM-2026-0042").revision == 1
