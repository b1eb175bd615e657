"""Reading, verifying and proving the audit trail (reedesk/services/audit.py)."""

from __future__ import annotations

import pytest

from reedesk.errors import NotFound
from reedesk.services import audit
from tests.signing.vectors import signed_desk


def test_a_new_desk_has_an_audited_sample_import(desk):
    events = audit.audit_log(desk)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert {e.action for e in events} >= {"create", "import"} or {e.action for e in events} >= {"create"}
    assert audit.count_audit_events(desk) == len(events)


def test_log_filters_by_dossier_and_action_and_pages(desk):
    signed_desk(desk)
    mine = audit.audit_log(desk, dossier_reference="LM-2026-0042")
    assert mine and all(e.dossier_reference == "LM-2026-0042" for e in mine)
    assert [e.action for e in mine][-1] == "sign"
    signs = audit.audit_log(desk, action="sign")
    assert len(signs) == 1 and signs[0].after["meaning"] == "Prepared by"
    total = audit.count_audit_events(desk)
    page = audit.audit_log(desk, offset=2, limit=3)
    assert [e.seq for e in page] == [3, 4, 5]
    assert audit.audit_log(desk, limit=1, newest_first=True)[0].seq == total
    assert audit.count_audit_events(desk, dossier_reference="LM-2026-0042") == len(mine)


def test_verify_audit_reports_intact(desk):
    signed_desk(desk)
    seen = []
    report = audit.verify_audit(desk, progress=lambda done, total: seen.append(done))
    assert report.ok and seen[-1] == report.events_checked


def test_proofs_for_dossier_round_trip(desk):
    signed_desk(desk)
    proofs = audit.proofs_for_dossier(desk, "LM-2026-0042")
    assert proofs["tree_head"]["size"] == audit.count_audit_events(desk)
    assert audit.verify_dossier_proofs(proofs).ok
    with pytest.raises(NotFound):
        audit.proofs_for_dossier(desk, "NO-SUCH")


def test_every_event_of_a_dossier_is_covered_by_a_head_at_once(desk):
    """Every write batch ends with a signed head (issue 10, point 6): nothing waits for the
    next signature or export to be covered. (An absent head is checked offline in
    tests/audit/test_proofs.py::test_garbage_is_refused_with_a_sentence.)"""
    proofs = audit.proofs_for_dossier(desk, "LM-2026-0042")
    assert proofs["tree_head"] is not None and proofs["events"] and proofs["events_after_head"] == []
    assert proofs["tree_head"]["key_id"] == audit.desk_key_info(desk).key_id
    assert audit.verify_dossier_proofs(proofs).ok


def test_verify_audit_also_checks_every_stored_signature(desk):
    from reedesk.services.desk import open_desk
    from tests.signing.vectors import tamper

    _, determination_id, _ = signed_desk(desk, signatures=2)
    report = audit.verify_audit(desk)
    assert report.ok and report.signatures_checked == 2 and "2 signatures" in report.summary()
    tamper(desk, f"UPDATE determination SET document = replace(document, '\"as_of\":\"2026-11-25\"', '\"as_of\":\"2026-11-24\"') WHERE id = {determination_id}")
    reopened = open_desk(desk.home, seed_samples=False)
    try:
        report = audit.verify_audit(reopened)
    finally:
        reopened.close()
    assert not report.ok and report.first_broken_seq is None
    # The altered record is named first; both signatures on it then fail to verify.
    assert report.problem.startswith(f"Determination {determination_id} (revision 1 of LM-2026-0042) was altered outside reedesk")
    assert report.problems[1].startswith(f"Signature 1 on determination {determination_id} (Mei Lin, \"Prepared by\") is not valid")
    assert report.problems[2].startswith(f"Signature 2 on determination {determination_id}")
    # then the re-run (the altered document no longer reproduces) and the dropped triggers
    assert any(p.startswith(f"Determination {determination_id} (revision 1 of LM-2026-0042) does not reproduce") for p in report.problems[3:])
    assert "protecting triggers were dropped" in report.problems[-1]


def test_the_key_filter_selects_every_identity_and_trust_event(empty_desk, tmp_path):
    from reedesk.services import keys

    a = keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", "pass phrase")
    keys.retire_identity(empty_desk, a.key_id)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    pem = Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    keys.trust_key(empty_desk, "Hans", pem)
    events = audit.audit_log(empty_desk, action="key")
    assert [(e.action, e.entity_type) for e in events] == [
        ("create", "desk_key"), ("create", "identity"), ("retire", "identity"), ("trust", "trusted_key"),
    ]
    assert audit.count_audit_events(empty_desk, action="key") == 4


def test_inclusion_and_consistency_proofs_for_any_event(desk):
    from reedesk.audit.merkle import verify_consistency, verify_inclusion
    from reedesk.errors import ReedeskError
    from tests.signing.vectors import PASSPHRASE, insert_determination

    assert audit.inclusion_proof_for_event(desk, 1)["tree_size"] == audit.count_audit_events(desk)  # a head at every batch
    _, _, [first] = signed_desk(desk)
    old_size = first.tree_head_size
    from reedesk.services import signing

    signing.sign_determination(desk, insert_determination(desk, "TK-NDFEB-7"), first.key_id, PASSPHRASE, "Prepared by")
    proof = audit.inclusion_proof_for_event(desk, 2)
    assert proof["tree_size"] == audit.count_audit_events(desk)
    assert verify_inclusion(bytes.fromhex(proof["leaf_hash"]), 1, proof["tree_size"],
                            [bytes.fromhex(p) for p in proof["inclusion_proof"]], bytes.fromhex(proof["root_hash"]))
    consistency = audit.consistency_between(desk, old_size)
    assert consistency["new_size"] == audit.count_audit_events(desk) > old_size
    assert verify_consistency(old_size, consistency["new_size"], bytes.fromhex(consistency["old_root"]),
                              bytes.fromhex(consistency["new_root"]), [bytes.fromhex(p) for p in consistency["consistency_proof"]])
    from sqlmodel import select
    from reedesk.store.models import TreeHeadRow

    with desk.db.unit_of_work() as session:
        heads = session.exec(select(TreeHeadRow).order_by(TreeHeadRow.id)).all()
    [old_head] = [h for h in heads if h.size == old_size]
    assert consistency["old_root"] == old_head.root_hash  # the proof connects the two signed heads
    with pytest.raises(ReedeskError):
        audit.consistency_between(desk, 10_000)
    with pytest.raises(NotFound):
        audit.inclusion_proof_for_event(desk, 10_000)
