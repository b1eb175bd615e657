"""`audit verify` re-hashes revisions, determinations and signatures against the trail
(reedesk/audit/verify.py ``verify_records``), and loading an altered revision is refused
(reedesk/services/dossiers.py). QA finding S4."""

from __future__ import annotations

import re
from datetime import date

import pytest

from reedesk.errors import ReedeskError
from reedesk.services import audit, dossiers
from reedesk.services.desk import open_desk
from tests.signing.vectors import signed_desk, tamper

REF = "LM-2026-0042"


def _revision_id(desk, reference: str = REF, number: int = 1) -> int:
    return dossiers.load_dossier(desk, reference, number).revision_id


def _reopen_and_verify(desk):
    reopened = open_desk(desk.home, seed_samples=False)
    try:
        return audit.verify_audit(reopened), reopened
    except BaseException:
        reopened.close()
        raise


def test_an_intact_desk_counts_every_record(desk):
    _, determination_id, _ = signed_desk(desk)
    report = audit.verify_audit(desk)
    assert report.ok, report.problems
    assert report.revisions_checked == 4 and report.determinations_checked == 1 and report.signatures_checked == 1
    assert "4 revisions, 1 determination, 1 signature and" in report.summary()


def test_a_revision_edited_in_the_file_is_named(desk):
    revision_id = _revision_id(desk)
    tamper(desk, f"UPDATE dossier_revision SET document = replace(document, '7.20', '0.72') WHERE id = {revision_id}")
    report, reopened = _reopen_and_verify(desk)
    try:
        assert not report.ok and report.first_broken_seq is None
        assert re.fullmatch(
            rf"Revision 1 of {REF} was altered outside reedesk: its document no longer matches the SHA-256 "
            r"audit event \d+ recorded for it\.", report.problem
        ), report.problem
        with pytest.raises(ReedeskError, match=f"Revision 1 of {REF} was altered outside reedesk"):
            dossiers.load_dossier(reopened, REF)
        from reedesk.services.evaluation import evaluate_reference

        with pytest.raises(ReedeskError, match="altered outside reedesk"):
            evaluate_reference(reopened, REF, date(2026, 11, 25))
    finally:
        reopened.close()


def test_a_revision_edited_with_its_hash_recomputed_is_caught_by_the_trail(desk):
    revision_id = _revision_id(desk)
    import hashlib
    import sqlite3

    from reedesk.paths import database_path

    with sqlite3.connect(database_path(desk.home)) as connection:
        text = connection.execute(f"SELECT document FROM dossier_revision WHERE id = {revision_id}").fetchone()[0]
    changed = text.replace("7.20", "0.72")
    assert changed != text
    digest = hashlib.sha256(changed.encode("utf-8")).hexdigest()
    quoted = changed.replace("'", "''")
    tamper(desk, f"UPDATE dossier_revision SET document = '{quoted}', sha256 = '{digest}' WHERE id = {revision_id}")
    report, reopened = _reopen_and_verify(desk)
    try:
        assert not report.ok
        assert report.problem.startswith(f"Revision 1 of {REF} was altered outside reedesk: its SHA-256 differs from the one audit event")
        assert dossiers.load_dossier(reopened, REF).sha256 == digest  # the row itself is consistent; only the trail knows
    finally:
        reopened.close()


def test_a_revision_inserted_without_an_event_is_named(desk):
    revision_id = _revision_id(desk)
    tamper(
        desk,
        "INSERT INTO dossier_revision (dossier_id, number, document, sha256, created_at, created_by) "
        f"SELECT dossier_id, 2, document, sha256, created_at, created_by FROM dossier_revision WHERE id = {revision_id}",
    )
    report, reopened = _reopen_and_verify(desk)
    reopened.close()
    assert report.problem == f"Revision 2 of {REF} was added outside reedesk: no audit event records it."


def test_a_determination_with_its_hash_recomputed_is_named(desk):
    from reedesk.services.evaluation import evaluate_reference

    stored = evaluate_reference(desk, REF, date(2026, 11, 25))
    tamper(desk, f"UPDATE determination SET sha256 = 'ab' || substr(sha256, 3) WHERE id = {stored.id}")
    report, reopened = _reopen_and_verify(desk)
    reopened.close()
    assert report.problem.startswith(f"Determination {stored.id} (revision 1 of {REF}) was altered outside reedesk")


def test_a_signature_envelope_swapped_is_named(desk):
    _, determination_id, infos = signed_desk(desk, signatures=2)
    # Give the first signature the second one's envelope: each still verifies on its own.
    tamper(
        desk,
        f"UPDATE signature SET envelope = (SELECT envelope FROM signature WHERE id = {infos[1].id}) WHERE id = {infos[0].id}",
    )
    report, reopened = _reopen_and_verify(desk)
    reopened.close()
    assert not report.ok
    assert report.problem.startswith(
        f"Signature {infos[0].id} on determination {determination_id} was altered outside reedesk: "
        "its envelope differs from the one audit event"
    )


def test_a_deleted_and_recreated_dossier_is_checked_against_its_latest_event(desk, tmp_path):
    from tests.conftest import sample_document
    from reedesk.domain.dossier_file import parse_dossier

    dossiers.delete_dossier(desk, "TW-TGT-19")
    document = sample_document("gd-target-taiwan-memory-fab")
    document["product"]["name"] = "Recreated target"
    dossiers.save_dossier(desk, parse_dossier(document, "test"))
    report = audit.verify_audit(desk)
    assert report.ok, report.problems
