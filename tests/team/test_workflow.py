"""The whole single-person workflow on a team desk (issue 12, points 1-3): import,
evaluate, sign twice, ``audit verify`` — against a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from reedesk.services import audit, dossiers, evaluation, keys, signing
from reedesk.services.samples import sample_dossiers
from tests.signing.vectors import PASSPHRASE


def test_import_evaluate_sign_and_audit_verify_on_postgresql(team_desk, _isolated_home: Path):
    results = dossiers.import_dossiers(team_desk, sample_dossiers(), source="samples")
    assert len(results) == len(sample_dossiers()) >= 3
    stored = evaluation.evaluate_reference(team_desk, "LM-2026-0042", "2026-12-01")
    preparer = keys.create_identity(team_desk, "Mei Lin", "Export-control consultant", "Lotus Compliance", PASSPHRASE)
    reviewer = keys.create_identity(team_desk, "Hans Vogel", "Trade compliance officer", "Rhein Antriebe GmbH", PASSPHRASE)
    signing.sign_determination(team_desk, stored.id, preparer.key_id, PASSPHRASE, "Prepared by")
    signing.sign_determination(team_desk, stored.id, reviewer.key_id, PASSPHRASE, "Reviewed and approved by")
    verdicts = signing.verify_determination_signatures(team_desk, stored.id)
    assert [(v.signature.meaning, v.ok) for v in verdicts] == [("Prepared by", True), ("Reviewed and approved by", True)]
    report = audit.verify_audit(team_desk)
    assert report.ok, report
    assert report.first_broken_seq is None
    with team_desk.db.read() as session:
        seqs = [s for (s,) in session.connection().execute(sa.text("SELECT seq FROM audit_event ORDER BY seq"))]
        heads = session.connection().execute(sa.text("SELECT count(*) FROM tree_head")).scalar_one()
    assert seqs == list(range(1, len(seqs) + 1))  # no gaps
    assert heads >= 1
    assert not list(_isolated_home.glob("*.sqlite3*"))


def test_search_on_postgresql_gives_the_sqlite_results(team_desk, desk):
    """The pg_trgm path returns what the FTS5 path returns on SQLite, for the same dossiers."""
    dossiers.import_dossiers(team_desk, sample_dossiers(), source="samples")
    for text in ("lm-2026", "MAGNET", "gmbh", "0042", "zz-none", "a", "%", "_"):
        on_sqlite = sorted(d.reference for d in dossiers.list_dossiers(desk, search=text))
        on_pg = sorted(d.reference for d in dossiers.list_dossiers(team_desk, search=text))
        assert on_pg == on_sqlite, text


def test_backup_and_restore_of_a_team_desk_are_refused_with_the_pg_dump_sentence(team_desk, tmp_path):
    """reedesk's backup copies a SQLite file; on a team desk it says what to use instead, and writes nothing."""
    from reedesk.services.backup import BackupRefused, RestoreRefused, create_backup, restore_backup

    with pytest.raises(BackupRefused, match="pg_dump"):
        create_backup(team_desk, tmp_path / "desk.reedesk-backup")
    assert not (tmp_path / "desk.reedesk-backup").exists()
    with pytest.raises(RestoreRefused, match="pg_restore"):
        restore_backup(tmp_path / "desk.reedesk-backup", tmp_path / "other-home")
