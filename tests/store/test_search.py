"""The dossier search index (reedesk/store/search.py, db/versions/0002_dossier_search.py)."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

from alembic import command
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine

from reedesk.audit.trail import append_event
from reedesk.resources import data_folder
from reedesk.store import search
from reedesk.store.database import alembic_config, open_database

NOW = "2026-11-25T12:00:00.000000Z"


def _index(connection: sqlite3.Connection) -> set[tuple]:
    return set(connection.execute("SELECT rowid, reference, product_name FROM dossier_search"))


def _expected(connection: sqlite3.Connection) -> set[tuple]:
    return set(connection.execute("SELECT id, reference, product_name FROM dossier"))


def _migrate(path: Path, target: str) -> None:
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    finally:
        engine.dispose()


def test_the_migration_and_the_module_name_the_same_table():
    path = data_folder("db") / "versions" / "0002_dossier_search.py"
    spec = importlib.util.spec_from_file_location("migration_0002", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    assert module.SEARCH_TABLE == search.SEARCH_TABLE


def test_upgrading_an_existing_desk_indexes_the_dossiers_it_already_has(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    _migrate(path, "0001")
    with sqlite3.connect(path) as connection:
        connection.executemany("INSERT INTO client (id, name, created_at) VALUES (?, ?, ?)", [(1, "Lotus Magnetics", NOW), (2, "Other", NOW)])
        connection.executemany(
            "INSERT INTO dossier (id, reference, client_id, product_name, current_revision, archived, created_at, updated_at, signed) "
            "VALUES (?, ?, ?, ?, 1, 0, ?, ?, 0)",
            [(1, "OLD-1", 1, "SmCo ring", NOW, NOW), (2, "OLD-2", 2, None, NOW, NOW)],
        )
    open_database(path).dispose()  # upgrade head, as the app does
    with sqlite3.connect(path) as connection:
        assert _index(connection) == {(1, "OLD-1", "SmCo ring"), (2, "OLD-2", None)}
        assert [r[0] for r in connection.execute("SELECT rowid FROM dossier_search WHERE dossier_search MATCH '\"smco\"'")] == [1]


def test_triggers_keep_the_index_in_step_with_dossier(tmp_path: Path):
    path = tmp_path / "desk.sqlite3"
    open_database(path).dispose()
    connection = sqlite3.connect(path)
    try:
        connection.executemany("INSERT INTO client (id, name, created_at) VALUES (?, ?, ?)", [(1, "Alpha Co", NOW), (2, "Beta Co", NOW)])
        connection.executemany(
            "INSERT INTO dossier (id, reference, client_id, product_name, current_revision, archived, created_at, updated_at, signed) "
            "VALUES (?, ?, ?, ?, 1, 0, ?, ?, 0)",
            [(1, "R-1", 1, "magnet", NOW, NOW), (2, "R-2", 1, "target", NOW, NOW), (3, "R-3", 2, None, NOW, NOW)],
        )
        assert _index(connection) == _expected(connection) and len(_index(connection)) == 3
        steps = [
            "UPDATE dossier SET product_name = 'renamed product' WHERE id = 1",
            "UPDATE dossier SET reference = 'R-2b' WHERE id = 2",
            "UPDATE dossier SET client_id = 2 WHERE id = 2",
            "UPDATE dossier SET product_name = NULL WHERE id = 2",
            "UPDATE dossier SET archived = 1, updated_at = 'later' WHERE id = 3",
        ]
        for statement in steps:
            connection.execute(statement)
            assert _index(connection) == _expected(connection), statement
        connection.commit()
        # A dossier is deleted only after its tombstone event (migration 0003 refuses any other DELETE).
        database = open_database(path)
        try:
            with database.unit_of_work() as session:
                append_event(session, action="delete", entity_type="dossier", entity_id="R-1", dossier_reference="R-1")
                session.connection().exec_driver_sql("DELETE FROM dossier WHERE id = 1")
        finally:
            database.dispose()
        assert _index(connection) == _expected(connection) and len(_index(connection)) == 2
        assert [r[0] for r in connection.execute("SELECT rowid FROM dossier_search WHERE dossier_search MATCH '\"r-2b\"'")] == [2]
        assert not list(connection.execute("SELECT rowid FROM dossier_search WHERE dossier_search MATCH '\"renamed\"'"))
    finally:
        connection.close()


def test_rebuild_refills_an_emptied_index(tmp_path: Path):
    database = open_database(tmp_path / "desk.sqlite3")
    try:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO client (id, name, created_at) VALUES (1, 'Alpha', 'x')")
            connection.exec_driver_sql(
                "INSERT INTO dossier (id, reference, client_id, current_revision, archived, created_at, updated_at, signed) "
                "VALUES (1, 'R-1', 1, 1, 0, 'x', 'x', 0)"
            )
            connection.exec_driver_sql("DELETE FROM dossier_search")
            assert search.rebuild_search_index(connection) == 1
    finally:
        database.dispose()


def test_like_pattern_takes_wildcards_and_the_escape_literally():
    assert search.like_pattern("a%b_c\\d") == "%a\\%b\\_c\\\\d%"
    with sqlite3.connect(":memory:") as connection:
        for text, value, expected in (("5%", "95% pure", 1), ("5%", "955 pure", 0), ("a_b", "axb", 0), ("a\\b", "a\\b", 1), ("ABC", "xabcx", 1)):
            got = connection.execute("SELECT ? LIKE ? ESCAPE '\\'", (value, search.like_pattern(text))).fetchone()[0]
            assert got == expected, (text, value)


def test_normalise_search():
    assert search.normalise_search(None) is None
    assert search.normalise_search("   ") is None
    assert search.normalise_search("  Lotus ") == "Lotus"
    assert search.normalise_search("a\x00b") == "ab"
    assert search.normalise_search("x\ud800y") == "x?y"


def test_is_search_table():
    assert all(search.is_search_table(n) for n in ("dossier_search", "dossier_search_data", "dossier_search_idx"))
    assert not any(search.is_search_table(n) for n in ("dossier", "dossier_searcher", "client", None, ""))


@settings(max_examples=100, deadline=None)
@given(text=st.text(min_size=1, max_size=20))
def test_fts_phrase_is_one_literal_phrase(text):
    """Any text quoted by fts_phrase is a valid FTS5 query that matches the text itself
    (when it has a trigram) and never an error."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize = 'trigram')")
        cleaned = search.normalise_search(text)
        if cleaned is None:
            return
        connection.execute("INSERT INTO t (rowid, a) VALUES (1, ?)", (f"<{cleaned}>",))
        rows = connection.execute("SELECT rowid FROM t WHERE t MATCH ?", (search.fts_phrase(cleaned),)).fetchall()
        if len(cleaned) >= search.MIN_INDEXED_LENGTH:
            assert rows == [(1,)]
    finally:
        connection.close()


def test_searches_for_different_texts_share_one_cached_statement():
    """Issue 13: the search elements bind their texts, so SQLAlchemy compiles a search's statement once
    and later searches only change its parameters (a new text was a new compilation, ~1 ms each, three per
    filter change). The texts must be among the bound values, or a cached statement would keep the first."""
    for use_index in (True, False):
        first = search.dossier_search_condition("Trading", use_index=use_index)._generate_cache_key()
        second = search.dossier_search_condition("magnet grade", use_index=use_index)._generate_cache_key()
        assert first is not None and second is not None
        assert first.key == second.key
        values = [b.effective_value for b in second.bindparams]
        assert "%magnet grade%" in values and "%Trading%" not in values
        if use_index:
            assert '"magnet grade"' in values  # the FTS5 phrase
