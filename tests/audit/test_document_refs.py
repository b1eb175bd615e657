"""Save events record the SHA-256 of the revision they store, not the document (issue 13,
point 4; reedesk/audit/trail.py ``document_reference``, reedesk/audit/verify.py
``verify_records``): each document is stored once, in its revision row; editing that row in
the file (triggers dropped) fails `audit verify`, naming the revision and the event; events
written with the document inline (reedesk 0.1, tests/audit/test_upgrade_from_0_1.py) keep
their hashes and verify as before."""

from __future__ import annotations

import copy
import hashlib
import json
import re
import sqlite3

import pytest

from reedesk.audit.trail import document_reference
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.services import audit, dossiers
from reedesk.services.desk import open_desk
from tests.signing.vectors import tamper

REF = "LM-2026-0042"


def test_the_reference_is_the_canonical_form_of_its_record():
    digest = hashlib.sha256(b"x").hexdigest()
    for number in (1, 2, 12345):
        record = {"document_in": "dossier_revision", "revision": number, "sha256": digest}
        assert document_reference("dossier_revision", number, digest) == canonical_bytes(record).decode("utf-8")
    with pytest.raises(ValueError):
        document_reference("dossier_revision", 1, "not a hash")
    with pytest.raises(ValueError):
        document_reference("signature", 1, digest)


def _save_events(desk) -> list[tuple[int, str, str, str | None, str]]:
    with sqlite3.connect(desk.db.path) as connection:
        return connection.execute(
            "SELECT seq, entity_id, action, before, after FROM audit_event WHERE entity_type = 'dossier' "
            "AND action IN ('create', 'update', 'import') ORDER BY seq").fetchall()


def test_save_events_name_the_stored_revision_and_never_hold_its_document(desk):
    stored = dossiers.load_dossier(desk, REF)
    changed = copy.deepcopy(stored.dossier)
    changed.product.name = "renamed for the test"
    dossiers.save_dossier(desk, changed, reason="rename")
    with sqlite3.connect(desk.db.path) as connection:
        revisions = {(ref, n): (sha, doc) for ref, n, sha, doc in connection.execute(
            "SELECT d.reference, r.number, r.sha256, r.document FROM dossier_revision r JOIN dossier d ON d.id = r.dossier_id")}
    events = _save_events(desk)
    assert events
    for seq, reference, action, before, after in events:
        recorded = json.loads(after)
        assert recorded == {"document_in": "dossier_revision", "revision": recorded["revision"], "sha256": recorded["sha256"]}
        sha, document = revisions[(reference, recorded["revision"])]
        assert recorded["sha256"] == sha == hashlib.sha256(document.encode("utf-8")).hexdigest()
        assert document not in after and (before is None or document not in before)  # stored once: in the row
    update = next(e for e in events if e[1] == REF and e[2] == "update")
    assert json.loads(update[3]) == {"document_in": "dossier_revision", "revision": 1, "sha256": stored.sha256}
    report = audit.verify_audit(desk, rerun=False)
    assert report.ok, report.problems


def test_a_revision_edited_in_the_file_fails_verify_naming_the_revision_and_its_event(desk):
    stored = dossiers.load_dossier(desk, REF)
    seq = next(s for s, ref, _a, _b, after in _save_events(desk) if ref == REF and json.loads(after)["revision"] == 1)
    tamper(desk, f"UPDATE dossier_revision SET document = replace(document, '7.20', '0.72') WHERE id = {stored.revision_id}")
    reopened = open_desk(desk.home, seed_samples=False)
    try:
        report = audit.verify_audit(reopened, rerun=False)
    finally:
        reopened.close()
    assert not report.ok
    assert any(
        re.fullmatch(rf"Revision 1 of {REF} was altered outside reedesk: its document no longer matches the SHA-256 "
                     rf"audit event {seq} recorded for it\.", p) for p in report.problems
    ), report.problems


def test_a_revision_and_its_hash_column_edited_together_are_caught_by_the_event(desk):
    stored = dossiers.load_dossier(desk, REF)
    seq = next(s for s, ref, _a, _b, after in _save_events(desk) if ref == REF and json.loads(after)["revision"] == 1)
    with sqlite3.connect(desk.db.path) as connection:
        text = connection.execute("SELECT document FROM dossier_revision WHERE id = ?", (stored.revision_id,)).fetchone()[0]
    changed = text.replace("7.20", "0.72")
    assert changed != text
    digest = hashlib.sha256(changed.encode("utf-8")).hexdigest()
    quoted = changed.replace("'", "''")
    tamper(desk, f"UPDATE dossier_revision SET document = '{quoted}', sha256 = '{digest}' WHERE id = {stored.revision_id}")
    reopened = open_desk(desk.home, seed_samples=False)
    try:
        report = audit.verify_audit(reopened, rerun=False)
    finally:
        reopened.close()
    assert not report.ok
    assert (f"Revision 1 of {REF} was altered outside reedesk: its SHA-256 differs from the one audit event {seq} recorded."
            in report.problems), report.problems
