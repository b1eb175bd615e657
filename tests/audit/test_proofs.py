"""Offline inclusion proofs of one dossier's events (reedesk/audit/proofs.py)."""

from __future__ import annotations

import copy
import json

from reedesk.audit.proofs import PROOFS_FORMAT, verify_dossier_proofs
from reedesk.services.audit import proofs_for_dossier
from reedesk.signing.keys import key_id_of, raw_public_key
from tests.signing.vectors import RFC8032_2_SECRET, signed_desk, vector_key


def _proofs(desk):
    signed_desk(desk)
    return json.loads(json.dumps(proofs_for_dossier(desk, "LM-2026-0042")))  # as it travels: plain JSON


def test_proofs_verify_offline_with_the_embedded_or_a_trusted_key(desk):
    proofs = _proofs(desk)
    assert proofs["format"] == PROOFS_FORMAT
    assert {e["event"]["action"] for e in proofs["events"]} >= {"import", "sign"}
    result = verify_dossier_proofs(proofs)
    assert result.ok, result.problems
    assert result.events_verified == len(proofs["events"]) >= 2
    keys = {k: bytes.fromhex(v) for k, v in proofs["public_keys"].items()}
    assert verify_dossier_proofs(proofs, keys).ok


def test_a_changed_event_is_named(desk):
    proofs = _proofs(desk)
    bad = copy.deepcopy(proofs)
    bad["events"][0]["event"]["actor"] = "mallory"
    result = verify_dossier_proofs(bad)
    assert not result.ok
    assert result.problems == [f"Audit event {bad['events'][0]['event']['seq']} was changed: its hash does not match its content."]


def test_a_consistently_rehashed_event_is_not_in_the_signed_head(desk):
    proofs = _proofs(desk)
    from reedesk.audit.proofs import _event_hash

    bad = copy.deepcopy(proofs)
    event = bad["events"][-1]["event"]
    event["reason"] = "backdated"
    event["hash"] = _event_hash(event)
    result = verify_dossier_proofs(bad)
    assert not result.ok and "is not included in the signed tree head" in result.problems[0]


def test_a_tampered_proof_path_fails(desk):
    proofs = _proofs(desk)
    bad = copy.deepcopy(proofs)
    path = bad["events"][0]["inclusion_proof"]
    path[0] = ("0" if path[0][0] != "0" else "1") + path[0][1:]
    assert not verify_dossier_proofs(bad).ok


def test_a_head_signed_by_an_untrusted_key_fails(desk):
    proofs = _proofs(desk)
    stranger = vector_key(RFC8032_2_SECRET)
    result = verify_dossier_proofs(proofs, {key_id_of(raw_public_key(stranger)): raw_public_key(stranger)})
    assert not result.ok and "not known or trusted" in result.problems[0]


def test_a_changed_head_fails(desk):
    proofs = _proofs(desk)
    bad = copy.deepcopy(proofs)
    bad["tree_head"]["size"] += 1
    assert "signature does not match" in verify_dossier_proofs(bad).problems[0]


def test_garbage_is_refused_with_a_sentence():
    assert verify_dossier_proofs({"format": "x"}).problems == [f"The audit proofs are not a {PROOFS_FORMAT} document."]
    result = verify_dossier_proofs({"format": PROOFS_FORMAT, "tree_head": None})
    assert result.problems == ["The audit proofs carry no signed tree head."]
    result = verify_dossier_proofs({"format": PROOFS_FORMAT, "tree_head": {"size": "x"}, "events": []})
    assert not result.ok


def test_events_after_the_head_are_listed_and_hash_checked(desk):
    """Every write batch now ends with a head (issue 10, point 6), so an archive is covered at
    once; events after an older head are still listed and hash-checked."""
    signed_desk(desk)
    from reedesk.audit.checkpoints import all_tree_heads, event_leaf_hashes
    from reedesk.audit.proofs import build_dossier_proofs
    from reedesk.audit.verify import known_public_keys
    from reedesk.services.dossiers import set_archived
    from reedesk.store.models import AuditEventRow
    from sqlmodel import select

    set_archived(desk, "LM-2026-0042", True, reason="closed")
    proofs = proofs_for_dossier(desk, "LM-2026-0042")
    assert proofs["events_after_head"] == [] and proofs["events"][-1]["event"]["action"] == "archive"
    with desk.db.unit_of_work() as session:
        older = all_tree_heads(session)[-2]
        events = list(session.exec(select(AuditEventRow).where(AuditEventRow.dossier_reference == "LM-2026-0042").order_by(AuditEventRow.seq)))
        old_proofs = build_dossier_proofs("LM-2026-0042", events, event_leaf_hashes(session, older.size), older,
                                          known_public_keys(session)[older.key_id])
    assert [e["event"]["action"] for e in old_proofs["events_after_head"]] == ["archive"]
    result = verify_dossier_proofs(old_proofs)
    assert result.ok and result.events_after_head == 1
