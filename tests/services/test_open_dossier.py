"""Opening a dossier (issue 13: ≤ 0.5 ms): ``load_dossier`` reads its one row on a pooled DBAPI
connection (``Database.read_row``) instead of an ORM session. These tests hold it to the session
path (``load_in_session``) and attack what a pooled connection could get wrong: a snapshot left
open (a later open showing an old revision), a write slipping through, a tampered text."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from reedesk.errors import ReedeskError
from reedesk.services.dossiers import load_dossier, load_in_session, save_dossier


def _by_session(desk, reference: str, revision: int | None = None):
    with desk.db.read() as session:
        return load_in_session(session, reference, revision)


def test_the_pooled_read_gives_what_the_session_gives(desk) -> None:
    first = load_dossier(desk, "LM-2026-0042")
    changed = dataclasses.replace(first.dossier, product=dataclasses.replace(first.dossier.product, name="Renamed ring"))
    save_dossier(desk, changed, reason="test", base_revision=1)
    for revision in (None, 1, 2):
        fast, slow = load_dossier(desk, "LM-2026-0042", revision), _by_session(desk, "LM-2026-0042", revision)
        assert fast == slow
    assert load_dossier(desk, "LM-2026-0042").revision == 2
    assert load_dossier(desk, "LM-2026-0042").dossier.product.name == "Renamed ring"
    assert load_dossier(desk, "LM-2026-0042", 1).dossier.product.name == first.dossier.product.name
    assert isinstance(first.archived, bool) and first.latest_revision == 1


def test_a_pooled_connection_keeps_no_snapshot_between_opens(desk) -> None:
    """Each open sees what was committed before it, also a commit by another process in between."""
    for _ in range(5):  # the pool hands the same connection back
        assert load_dossier(desk, "LM-2026-0042").revision == 1
    stored = load_dossier(desk, "LM-2026-0042")
    changed = dataclasses.replace(stored.dossier, product=dataclasses.replace(stored.dossier.product, name="Second"))
    save_dossier(desk, changed, reason="test", base_revision=1)  # a writer on the same pool, right after the reads
    assert load_dossier(desk, "LM-2026-0042").revision == 2
    with sqlite3.connect(desk.db.path) as other:  # another process archives it
        other.execute("UPDATE dossier SET archived = 1 WHERE reference = 'LM-2026-0042'")
    assert load_dossier(desk, "LM-2026-0042").archived is True


def test_an_open_dossier_still_refuses_a_text_altered_outside_reedesk(desk) -> None:
    """The attack: edit the stored revision's text in the SQLite file (dropping the guard triggers first)."""
    with sqlite3.connect(desk.db.path) as con:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='dossier_revision'"
                                   " AND sql LIKE '%UPDATE%'").fetchall():
            con.execute(f'DROP TRIGGER "{name}"')
        con.execute("UPDATE dossier_revision SET document = replace(document, '\"VN\"', '\"JP\"') "
                    "WHERE dossier_id = (SELECT id FROM dossier WHERE reference = 'LM-2026-0042')")
    with pytest.raises(ReedeskError, match="altered outside reedesk"):
        load_dossier(desk, "LM-2026-0042")


def test_read_row_cannot_write(desk) -> None:
    """The pooled read is for SELECTs: a writing statement through it is refused by SQLite's query_only."""
    with pytest.raises(Exception, match="readonly|read-only|query_only|attempt to write"):
        desk.db.read_row("UPDATE dossier SET archived = 1 WHERE reference = :reference", {"reference": "LM-2026-0042"})
    assert load_dossier(desk, "LM-2026-0042").archived is False
