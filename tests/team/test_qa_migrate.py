"""`reedesk team migrate` when the copy does not verify on arrival (issue 12, point 9), found by following
docs/team.md: before, the copy stayed on the server (a second move was refused: "already holds a desk"), the
move's event was signed and its checkpoint written into the SQLite desk's folder — so the desk the message
said to keep using then failed its own `audit verify` as "rolled back". Against the real test server."""

from __future__ import annotations

import sqlite3

import pytest

from reedesk.errors import ReedeskError
from reedesk.services.desk import open_desk
from reedesk.services.team import migrate_desk


def test_a_copy_that_does_not_verify_is_removed_and_the_old_desk_is_left_as_it_was(pg_server, _isolated_home, monkeypatch):
    monkeypatch.delenv("REEDESK_DATABASE_URL", raising=False)
    open_desk(_isolated_home).close()  # SQLite, with the samples: a trail of several events and heads
    source = _isolated_home / "reedesk.sqlite3"
    with sqlite3.connect(source) as raw:  # an attack on the file outside reedesk: one event's reason rewritten
        for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'").fetchall():
            raw.execute(f'DROP TRIGGER "{name}"')
        raw.execute("UPDATE audit_event SET reason = 'rewritten' WHERE seq = 2")
    checkpoints = _isolated_home / "audit-checkpoints.txt"
    before = checkpoints.read_bytes()
    url = pg_server.url(pg_server.new_database())
    for _ in range(2):  # and a second try says the same, not "already holds a desk"
        with pytest.raises(ReedeskError) as refused:
            migrate_desk(source, url)
        assert refused.value.code == "team_moved_desk_did_not_verify", str(refused.value)
        assert "the copy was removed from the server" in str(refused.value)
    with pg_server.connect(url.rsplit("/", 1)[1]) as server:
        assert server.execute("SELECT count(*) FROM audit_event").fetchone()[0] == 0
        assert server.execute("SELECT count(*) FROM dossier").fetchone()[0] == 0
    assert checkpoints.read_bytes() == before  # no note of a move that did not happen
