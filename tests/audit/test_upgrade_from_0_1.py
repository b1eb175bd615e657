"""A desk made by reedesk 0.1.0 (tests/audit/fixtures: commit bca4165 imported the samples,
created Mei Lin's key, evaluated the four samples and signed one; passphrase below) opened
by 0.2: one event introduces the desk key over the old head (issue 10, point 2), the old
head and signature still verify, and every 0.1 determination re-runs with the frozen
engine and the packs 0.1.0 shipped (point 4)."""

from __future__ import annotations

import gzip
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from reedesk.services import audit, dossiers, keys, signing
from reedesk.services.desk import open_desk

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KEY_FILE = "702ecbb00f974c716a55056fa8b995cdd8bcc90a33e6e73279c8252906fde576.pem"
PASSPHRASE = "correct horse battery"


@pytest.fixture
def old_home(_isolated_home: Path) -> Path:
    home = _isolated_home
    (home / "keys").mkdir(parents=True)
    os.chmod(home, 0o700)
    os.chmod(home / "keys", 0o700)
    with gzip.open(FIXTURES / "desk-0.1.0.sqlite3.gz") as source, open(home / "reedesk.sqlite3", "wb") as target:
        shutil.copyfileobj(source, target)
    os.chmod(home / "reedesk.sqlite3", 0o600)
    shutil.copyfile(FIXTURES / KEY_FILE, home / "keys" / KEY_FILE)
    os.chmod(home / "keys" / KEY_FILE, 0o600)
    return home


def test_a_0_1_0_desk_upgrades_verifies_and_re_runs(old_home):
    with sqlite3.connect(old_home / "reedesk.sqlite3") as connection:
        old_events, = connection.execute("SELECT count(*) FROM audit_event").fetchone()
        old_head = connection.execute("SELECT size, key_id FROM tree_head").fetchall()
    assert len(old_head) == 1 and old_head[0][0] == old_events  # 0.1.0: one head, by Mei's key, at her signature
    desk = open_desk(old_home, seed_samples=False)
    try:
        info = audit.desk_key_info(desk)
        assert info.event_seq == old_events + 1 and info.introduced_over["key_id"] == old_head[0][1]
        report = audit.verify_audit(desk)
        assert report.ok, report.problems
        assert (report.reproduced, report.not_reproduced, report.not_rerun) == (4, 0, 0)
        assert report.signatures_checked == 1 and report.heads_checked == 2
        # New work on the upgraded desk: heads by the desk key only, and the old key still signs.
        reference = next(d.reference for d in dossiers.list_dossiers(desk) if not d.signed)
        mei = keys.list_identities(desk)[0]
        signing.sign_dossier(desk, reference, mei.key_id, PASSPHRASE, "Prepared by")
        report = audit.verify_audit(desk)
        assert report.ok, report.problems
        assert report.latest_head.key_id == info.key_id and report.signatures_checked == 2
    finally:
        desk.close()


def test_a_0_1_0_desk_with_a_summary_column_edited_before_the_upgrade_is_caught(old_home):
    with sqlite3.connect(old_home / "reedesk.sqlite3") as connection:
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            connection.execute(f'DROP TRIGGER "{name}"')
        determination_id, = connection.execute(
            "SELECT id FROM determination WHERE id NOT IN (SELECT determination_id FROM signature) AND outcome != 'not_controlled' LIMIT 1"
        ).fetchone()
        connection.execute("UPDATE dossier SET last_outcome = 'not_controlled' WHERE id = (SELECT r.dossier_id FROM dossier_revision r "
                           f"JOIN determination t ON t.revision_id = r.id WHERE t.id = {determination_id})")
    desk = open_desk(old_home, seed_samples=False)
    try:
        report = audit.verify_audit(desk)
    finally:
        desk.close()
    assert not report.ok and any("its shown outcome (not_controlled" in p for p in report.problems)
