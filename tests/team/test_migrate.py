"""Moving a single-user desk into a team database (issue 12, point 9)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reedesk.errors import ReedeskError
from reedesk.services import audit, evaluation, keys, signing
from reedesk.services.desk import open_desk
from reedesk.services.team import init_team, migrate_desk
from tests.signing.vectors import PASSPHRASE

REEDESK = str(Path(sys.executable).with_name("reedesk"))


def test_a_signed_sqlite_desk_moves_with_its_whole_trail_and_verifies_on_arrival(pg_server, _isolated_home, monkeypatch):
    monkeypatch.delenv("REEDESK_DATABASE_URL", raising=False)
    with open_desk(_isolated_home) as desk:  # SQLite, with the samples
        determination = evaluation.evaluate_reference(desk, "LM-2026-0042", "2026-12-01")
        mei = keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus Compliance", PASSPHRASE)
        signing.sign_determination(desk, determination.id, mei.key_id, PASSPHRASE, "Prepared by")
        before = [(e.seq, e.action, e.entity_id) for e in audit.audit_log(desk)]
        checkpoint = audit.latest_checkpoint(desk)
    url = pg_server.url(pg_server.new_database())
    moved = migrate_desk(_isolated_home / "reedesk.sqlite3", url)
    assert moved.rows["audit_event"] == len(before) and moved.events == len(before) + 1
    monkeypatch.setenv("REEDESK_DATABASE_URL", url)
    with open_desk(_isolated_home, seed_samples=False) as desk:
        after = [(e.seq, e.action, e.entity_id) for e in audit.audit_log(desk)]
        assert after[: len(before)] == before  # the same trail, the same order
        assert after[-1][1] == "team_migrate"
        report = audit.verify_audit(desk)
        assert report.ok, report.problem
        assert [v.ok for v in signing.verify_determination_signatures(desk, determination.id)] == [True]
        # New rows get new ids after the copied ones (the sequences were moved on).
        second = evaluation.evaluate_reference(desk, "LM-2026-0042", "2026-12-02")
        assert second.id > determination.id
        assert audit.verify_audit(desk).ok
    assert checkpoint  # the pre-move checkpoint is the outside copy verify compared against


def test_moving_into_a_database_that_holds_a_desk_or_was_initialised_is_refused(pg_server, _isolated_home, monkeypatch):
    monkeypatch.delenv("REEDESK_DATABASE_URL", raising=False)
    open_desk(_isolated_home).close()
    source = _isolated_home / "reedesk.sqlite3"
    url = pg_server.url(pg_server.new_database())
    migrate_desk(source, url)
    with pytest.raises(ReedeskError, match="already holds a desk"):
        migrate_desk(source, url)
    other = pg_server.url(pg_server.new_database())
    init_team(other)
    with pytest.raises(ReedeskError, match="team init"):
        migrate_desk(source, other)


def test_team_migrate_command(pg_server, _isolated_home, monkeypatch):
    monkeypatch.delenv("REEDESK_DATABASE_URL", raising=False)
    open_desk(_isolated_home).close()
    url = pg_server.url(pg_server.new_database())
    env = {k: v for k, v in os.environ.items() if k != "REEDESK_DATABASE_URL"}
    run = subprocess.run([REEDESK, "team", "migrate", "--from", str(_isolated_home / "reedesk.sqlite3"), "--to", url],
                         capture_output=True, text=True, env=env, timeout=180)
    assert run.returncode == 0, run.stderr
    assert "verified" in run.stdout


def test_a_desk_made_by_0_1_0_upgrades_and_moves_to_postgresql(pg_server, _isolated_home, monkeypatch):
    """The migrations run on a 0.1.0 desk (SQLite, upgraded in place at open: the desk-key event over its
    old heads) and the upgraded desk moves into PostgreSQL, where the whole trail verifies and every 0.1.0
    determination still re-runs (issue 12 point 9 with issue 10 point 2's upgrade)."""
    from tests.audit.test_upgrade_from_0_1 import old_home

    monkeypatch.delenv("REEDESK_DATABASE_URL", raising=False)
    home = old_home.__wrapped__(_isolated_home)
    with open_desk(home, seed_samples=False) as desk:
        upgraded = audit.verify_audit(desk)
        assert upgraded.ok, upgraded.problems
        before = [(e.seq, e.action, e.entity_id) for e in audit.audit_log(desk)]
    url = pg_server.url(pg_server.new_database())
    migrate_desk(home / "reedesk.sqlite3", url)
    monkeypatch.setenv("REEDESK_DATABASE_URL", url)
    with open_desk(home, seed_samples=False) as desk:
        assert [(e.seq, e.action, e.entity_id) for e in audit.audit_log(desk)][: len(before)] == before
        report = audit.verify_audit(desk)
        assert report.ok, report.problems
        assert (report.reproduced, report.not_reproduced) == (upgraded.reproduced, 0) and report.reproduced == 4
