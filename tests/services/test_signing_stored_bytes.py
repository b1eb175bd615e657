"""Signature checks hash the stored determination bytes (issue 13), and still judge a stored text that is not
the canonical form by its canonical form: a re-formatted but unchanged document verifies, a changed one fails.

Real desk, real evaluation, real Ed25519 signature; the database is edited behind reedesk's back as an attacker
with the SQLite file would (triggers dropped)."""

from __future__ import annotations

import json

from sqlmodel import select

from reedesk.services import audit, signing
from reedesk.services.desk import open_desk
from reedesk.store.models import DeterminationRow
from tests.signing.vectors import signed_desk, tamper


def _stored(desk, determination_id):
    with desk.db.read() as session:
        return session.exec(select(DeterminationRow).where(DeterminationRow.id == determination_id)).one().document


def _rewrite(desk, determination_id, text):
    tamper(desk, "UPDATE determination SET document = '" + text.replace("'", "''") + f"' WHERE id = {determination_id}")
    return open_desk(desk.home, seed_samples=False)


def _verdicts(desk, determination_id):
    return signing.verify_determination_signatures(desk, determination_id)


def test_the_stored_determination_is_its_canonical_bytes(desk):
    """The fast path's premise: evaluation stores the RFC 8785 text, so its bytes' SHA-256 is the document hash."""
    from reedesk.signing.statement import document_sha256

    _, determination_id, [info] = signed_desk(desk)
    text = _stored(desk, determination_id)
    assert info.envelope and [v.ok for v in _verdicts(desk, determination_id)] == [True]
    import hashlib

    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == document_sha256(json.loads(text))


def test_a_reformatted_unchanged_determination_still_verifies_by_its_canonical_form(desk):
    _, determination_id, _ = signed_desk(desk)
    pretty = json.dumps(json.loads(_stored(desk, determination_id)), indent=2, sort_keys=False, ensure_ascii=False)
    reopened = _rewrite(desk, determination_id, pretty)
    try:
        assert _stored(reopened, determination_id) == pretty  # not canonical: its bytes hash to no signed value
        [verdict] = _verdicts(reopened, determination_id)
        assert verdict.ok, verdict.reason
    finally:
        reopened.close()


def test_a_tampered_non_canonical_determination_fails(desk):
    _, determination_id, _ = signed_desk(desk)
    document = json.loads(_stored(desk, determination_id))
    assert document["outcome"] != "not_controlled"
    document["outcome"] = "not_controlled"
    reopened = _rewrite(desk, determination_id, json.dumps(document, indent=1))
    try:
        [verdict] = _verdicts(reopened, determination_id)
        assert not verdict.ok and "is about determination" in verdict.reason
        report = audit.verify_audit(reopened)
        assert not report.ok
    finally:
        reopened.close()


def test_a_tampered_canonical_determination_fails(desk):
    from reedesk.domain.dossier_file import canonical_bytes

    _, determination_id, _ = signed_desk(desk)
    document = json.loads(_stored(desk, determination_id))
    document["as_of"] = "2026-01-01"
    reopened = _rewrite(desk, determination_id, canonical_bytes(document).decode("utf-8"))
    try:
        [verdict] = _verdicts(reopened, determination_id)
        assert not verdict.ok and "is about determination" in verdict.reason
    finally:
        reopened.close()
