"""On a team desk (PostgreSQL): migration 0005's audit_merkle_node fills and serves inclusion
proofs that verify offline, and `audit verify` (driver cursor, ``convert_to`` hashing of the
stored bytes) passes — then fails, naming the revision and its event, when a revision's
document is edited behind reedesk's back (issue 13, point 4)."""

from __future__ import annotations

import json

import sqlalchemy as sa

from reedesk.services import audit
from reedesk.services.imports import import_files


def _files(folder, count: int) -> list:
    from tests.conftest import SAMPLES_DIR

    base = json.loads(sorted(SAMPLES_DIR.glob("*.json"))[0].read_text(encoding="utf-8"))
    paths = []
    for i in range(count):
        doc = dict(base, reference=f"PG-{i:04d}")
        path = folder / f"pg-{i:04d}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(path)
    return paths


def test_stored_nodes_serve_proofs_and_verify_names_an_edited_revision(team_desk, tmp_path):
    import_files(team_desk, _files(tmp_path, 300))
    with team_desk.db.unit_of_work() as session:
        proofs = audit.proofs_for_dossier_in(session, "PG-0007")
        stored = session.connection().execute(sa.text("SELECT count(*) FROM audit_merkle_node WHERE level = 8")).scalar_one()
    assert stored >= 1  # 300+ events: at least one complete block of 256
    result = audit.verify_dossier_proofs(proofs)
    assert result.ok and result.events_verified == 1, result.problems
    report = audit.verify_audit(team_desk, rerun=False)
    assert report.ok, report.problems
    assert report.revisions_checked == 300

    with team_desk.db.unit_of_work() as session:
        connection = session.connection()
        seq = connection.execute(sa.text(
            "SELECT seq FROM audit_event WHERE entity_type = 'dossier' AND entity_id = 'PG-0042'")).scalar_one()
        connection.execute(sa.text("ALTER TABLE dossier_revision DISABLE TRIGGER USER"))
        connection.execute(sa.text(
            "UPDATE dossier_revision SET document = replace(document, '\"PG-0042\"', '\"PG-4242\"') "
            "WHERE dossier_id = (SELECT id FROM dossier WHERE reference = 'PG-0042')"))
        connection.execute(sa.text("ALTER TABLE dossier_revision ENABLE TRIGGER USER"))
    report = audit.verify_audit(team_desk, rerun=False)
    assert not report.ok
    assert (f"Revision 1 of PG-0042 was altered outside reedesk: its document no longer matches the SHA-256 audit event "
            f"{seq} recorded for it.") in report.problems, report.problems
