"""Signing stored determinations (reedesk/services/signing.py)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from sqlmodel import select

from reedesk.errors import NotFound, ReedeskError
from reedesk.services import audit, dossiers, keys, signing
from reedesk.rules.shape4 import stored_form
from reedesk.signing.keys import WrongPassphrase
from reedesk.signing.statement import document_sha256, envelope_sha256, verify_statement
from reedesk.store.models import DeterminationRow, DossierRow, SignatureRow, TreeHeadRow
from tests.signing.vectors import PASSPHRASE, insert_determination, signed_desk, tamper


def _dossier_row(desk, reference="LM-2026-0042"):
    with desk.db.unit_of_work() as session:
        return session.exec(select(DossierRow).where(DossierRow.reference == reference)).one()


def test_signing_stores_the_envelope_marks_the_dossier_audits_and_checkpoints(desk):
    _, determination_id, [info] = signed_desk(desk)
    assert (info.signer_name, info.meaning) == ("Mei Lin", "Prepared by")
    assert _dossier_row(desk).signed
    with desk.db.unit_of_work() as session:
        row = session.get(DeterminationRow, determination_id)
        [stored] = session.exec(select(SignatureRow)).all()
        head = session.exec(select(TreeHeadRow)).all()[-1]  # a head at every write batch; the last covers the sign
    statement = verify_statement(json.loads(stored.envelope), keys.public_keys(desk), expected_determination_sha256=row.sha256)
    assert statement.statement["determination"] == json.loads(row.document)
    [event] = audit.audit_log(desk, action="sign")
    assert event.dossier_reference == "LM-2026-0042"
    assert event.after["envelope_sha256"] == envelope_sha256(json.loads(stored.envelope))
    assert head.size == event.seq == info.tree_head_size  # the head covers the sign event
    assert audit.verify_audit(desk).ok


def test_preparer_then_reviewer_both_verify_and_the_review_binds_the_preparation(desk):
    _, determination_id, [first, second] = signed_desk(desk, signatures=2)
    assert second.envelope != first.envelope
    verdicts = signing.verify_determination_signatures(desk, determination_id)
    assert [(v.signature.meaning, v.ok) for v in verdicts] == [("Prepared by", True), ("Reviewed and approved by", True)]
    review = verify_statement(second.envelope, keys.public_keys(desk))
    assert review.countersigns == (envelope_sha256(first.envelope),)
    assert [s.signer_name for s in signing.signatures_for(desk, determination_id)] == ["Mei Lin", "Hans Vogel"]


def test_a_wrong_passphrase_signs_nothing_and_writes_nothing(desk):
    identity = keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus", PASSPHRASE)
    determination_id = insert_determination(desk)
    before = audit.count_audit_events(desk)
    with pytest.raises(WrongPassphrase):
        signing.sign_determination(desk, determination_id, identity.key_id, "guess", "Prepared by")
    # Only the failed unlock is recorded (integrity issue point 12), nothing of the signature.
    assert [e.action for e in audit.audit_log(desk)][before:] == ["key_unlock_failed"]
    assert signing.signatures_for(desk, determination_id) == []
    assert not _dossier_row(desk).signed


def test_a_retired_key_cannot_sign_but_its_signature_still_verifies(desk):
    _, determination_id, [info] = signed_desk(desk)
    keys.retire_identity(desk, info.key_id)
    with pytest.raises(ReedeskError, match="retired"):
        signing.sign_determination(desk, determination_id, info.key_id, PASSPHRASE, "Reviewed and approved by")
    assert [v.ok for v in signing.verify_determination_signatures(desk, determination_id)] == [True]


def test_editing_a_signed_dossier_makes_a_new_revision_and_the_old_signature_still_verifies(desk):
    _, determination_id, _ = signed_desk(desk)
    stored = dossiers.load_dossier(desk, "LM-2026-0042")
    changed = copy.deepcopy(stored.dossier)
    changed.components[0].value.amount = Decimal("9.99")
    result = dossiers.save_dossier(desk, changed, reason="new supplier price")
    assert result.revision == stored.revision + 1
    assert not _dossier_row(desk).signed  # the new revision has no signed determination yet
    assert dossiers.load_dossier(desk, "LM-2026-0042", revision=stored.revision).sha256 == stored.sha256
    assert [v.ok for v in signing.verify_determination_signatures(desk, determination_id)] == [True]
    with pytest.raises(ReedeskError, match="run `reedesk evaluate LM-2026-0042"):
        signing.latest_determination_id(desk, "LM-2026-0042")
    assert audit.verify_audit(desk).ok


def test_sign_dossier_signs_the_latest_determination_of_the_latest_revision(desk):
    identity = keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus", PASSPHRASE)
    older = insert_determination(desk, as_of="2026-10-01")
    newer = insert_determination(desk, as_of="2026-11-25")
    assert signing.latest_determination_id(desk, "LM-2026-0042") == newer
    assert signing.latest_determination_id(desk, "LM-2026-0042", "2026-10-01") == older
    info = signing.sign_dossier(desk, "LM-2026-0042", None, PASSPHRASE, "Prepared by")
    assert (info.determination_id, info.key_id) == (newer, identity.key_id)
    with pytest.raises(ReedeskError, match="as of 2025-01-01"):
        signing.latest_determination_id(desk, "LM-2026-0042", "2025-01-01")
    with pytest.raises(NotFound):
        signing.latest_determination_id(desk, "NO-SUCH")


def test_a_meaning_is_required_and_unknown_determinations_are_named(desk):
    identity = keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus", PASSPHRASE)
    determination_id = insert_determination(desk)
    with pytest.raises(ReedeskError, match="meaning"):
        signing.sign_determination(desk, determination_id, identity.key_id, PASSPHRASE, " ")
    with pytest.raises(NotFound, match="Determination 999"):
        signing.sign_determination(desk, 999, identity.key_id, PASSPHRASE, "Prepared by")


def test_a_determination_changed_in_the_database_is_not_signed_and_fails_verification(desk):
    _, determination_id, _ = signed_desk(desk)
    tamper(desk, f"UPDATE determination SET document = replace(document, 'license_required', 'not_controlled') WHERE id = {determination_id}")
    from reedesk.services.desk import open_desk

    reopened = open_desk(desk.home, seed_samples=False)
    try:
        [verdict] = signing.verify_determination_signatures(reopened, determination_id)
        assert not verdict.ok and "is about determination" in verdict.reason
        with pytest.raises(ReedeskError, match="no longer matches its recorded SHA-256"):
            signing.sign_determination(reopened, determination_id, verdict.signature.key_id, PASSPHRASE, "Reviewed by")
    finally:
        reopened.close()


def test_a_stored_meaning_that_differs_from_the_signed_one_is_reported(desk):
    _, determination_id, _ = signed_desk(desk)
    tamper(desk, "UPDATE signature SET meaning = 'Approved by'")
    from reedesk.services.desk import open_desk

    reopened = open_desk(desk.home, seed_samples=False)
    try:
        [verdict] = signing.verify_determination_signatures(reopened, determination_id)
    finally:
        reopened.close()
    assert not verdict.ok and "differs from what was signed" in verdict.reason


def test_determination_hash_is_the_canonical_document_hash(desk):
    determination_id = insert_determination(desk)
    with desk.db.unit_of_work() as session:
        row = session.get(DeterminationRow, determination_id)
    assert row.sha256 == document_sha256(json.loads(row.document))


def test_a_real_evaluation_is_signed_and_verifies(desk):
    from reedesk.services.evaluation import evaluate_reference

    stored = evaluate_reference(desk, "LM-2026-0042", "2026-11-25")
    keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus", PASSPHRASE)
    info = signing.sign_dossier(desk, "LM-2026-0042", None, PASSPHRASE, "Prepared by", as_of="2026-11-25")
    assert info.determination_id == stored.id
    statement = verify_statement(info.envelope, keys.public_keys(desk), expected_determination_sha256=stored.sha256)
    assert statement.statement["determination"] == stored_form(stored.document)  # the stored bytes (shape 4: no snapshot)
    assert statement.statement["determination"]["outcome"] == stored.outcome
    assert audit.verify_audit(desk).ok


@pytest.mark.parametrize(
    "statement, message",
    [
        ("UPDATE signature SET meaning = 'Approved by'", "signature is append-only"),
        ("DELETE FROM signature", "signature is append-only"),
        # since migration 0003 every determination's document refuses UPDATE, and DELETE needs a deletion event first
        ("UPDATE determination SET outcome = 'not_controlled'", "determination is immutable"),
        ("UPDATE dossier_revision SET reason = 'x' WHERE id IN (SELECT revision_id FROM determination)", "signed determination"),
        ("DELETE FROM determination", "without a recorded deletion event"),
    ],
)
def test_sqlite_refuses_to_change_signed_records(desk, statement, message):
    from sqlalchemy.exc import DatabaseError

    from reedesk.store.database import WriteRefused  # a refused write reaches users as one sentence

    signed_desk(desk)
    with pytest.raises((DatabaseError, WriteRefused), match=message):
        with desk.db.unit_of_work() as session:
            session.connection().exec_driver_sql(statement)


def test_unsigned_records_stay_editable_by_their_owners(desk):
    determination_id = insert_determination(desk)
    with desk.db.unit_of_work() as session:
        session.connection().exec_driver_sql(f"UPDATE determination SET created_by = 'x' WHERE id = {determination_id}")
    dossiers.delete_dossier(desk, "LM-2026-0042")  # unsigned: deleting it with its determination still works


def test_the_same_key_and_meaning_cannot_sign_a_determination_twice(desk):
    _, determination_id, infos = signed_desk(desk)
    events_before = audit.count_audit_events(desk)
    with pytest.raises(ReedeskError, match=r'Mei Lin \(.*\) already signed determination \d+ as "Prepared by"'):
        signing.sign_determination(desk, determination_id, infos[0].key_id, PASSPHRASE, " Prepared by ")
    assert len(signing.signatures_for(desk, determination_id)) == 1
    assert audit.count_audit_events(desk) == events_before
    # the same person may still sign with another meaning (prepares and reviews)
    second = signing.sign_determination(desk, determination_id, infos[0].key_id, PASSPHRASE, "Reviewed and approved by")
    assert [s.meaning for s in signing.signatures_for(desk, determination_id)] == ["Prepared by", second.meaning]


def test_a_determination_of_a_what_if_revision_is_never_signed(desk):
    """FORMATS 0.2: a scenario (what-if) revision sits beside the real ones and is never signed."""
    import copy
    from datetime import date

    from reedesk.domain.dossier_file import dossier_to_document, parse_dossier
    from reedesk.services import dossiers
    from reedesk.services.evaluation import evaluate_reference

    identity = keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus", PASSPHRASE)
    document = copy.deepcopy(dossier_to_document(dossiers.load_dossier(desk, "LM-2026-0042").dossier))
    document["scenario"] = True
    document["product"]["name"] = "What if: another magnet"
    saved = dossiers.save_dossier(desk, parse_dossier(document, "what-if"))
    stored = evaluate_reference(desk, "LM-2026-0042", date(2026, 11, 25), revision=saved.revision)
    with pytest.raises(ReedeskError, match="what-if \\(scenario\\) revision"):
        signing.sign_determination(desk, stored.id, identity.key_id, PASSPHRASE, "Prepared by")
    assert signing.signatures_for(desk, stored.id) == []
    assert audit.verify_audit(desk).ok
