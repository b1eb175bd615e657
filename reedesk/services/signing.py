"""Use cases: sign a stored determination, list its signatures, verify them.

Each signature is its own DSSE envelope (see ``reedesk.signing.statement``): the
preparer signs first; a reviewer's statement also binds the hash of every earlier
envelope on the same determination. Signing stores the envelope, marks the dossier
signed when the determination belongs to its current revision, records a ``sign``
audit event, and writes a signed tree head covering that event — all in one unit
of work. The key is unlocked *before* the unit of work opens, so a wrong passphrase
writes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from reedesk.audit.checkpoints import write_checkpoint
from reedesk.audit.trail import append_event
from reedesk.services.events import after_commit as desk_changed
from reedesk.audit.verify import bound_keys, known_public_keys
from reedesk.clock import acting_as, current_actor, utc_timestamp
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.errors import NotFound, ReedeskError
from reedesk.services.audit import _reading, pack_texts_in_session, reproduction_problem
from reedesk.services.desk import Desk
from reedesk.services.evaluation import reproduce
from reedesk.services.keys import default_identity, resolve_identity, unlock
from reedesk.signing.dsse import EnvelopeInvalid, sign_envelope
from reedesk.signing.keys import fingerprint
from reedesk.signing.statement import Signer, build_payload, document_sha256, envelope_sha256, sha256_hex, verify_statement
from reedesk.store.database import WriteRefused
from reedesk.store.models import DeterminationRow, DossierRevisionRow, DossierRow, SignatureRow
from reedesk.vocabulary import coded_error

__all__ = [
    "SignatureInfo", "SignatureVerdict", "sign_determination", "sign_dossier", "latest_determination_id",
    "signatures_for", "verify_determination_signatures", "verify_all_signatures",
    "is_approval", "check_approval", "check_export_approval",
]


@dataclass(frozen=True)
class SignatureInfo:
    id: int
    determination_id: int
    key_id: str
    fingerprint: str
    signer_name: str
    signer_role: str
    signer_organisation: str
    meaning: str
    signed_at: str
    envelope: dict[str, Any]
    tree_head_size: int | None = None


@dataclass(frozen=True)
class SignatureVerdict:
    signature: SignatureInfo
    ok: bool
    reason: str | None = None


def _info(row: SignatureRow, tree_head_size: int | None = None) -> SignatureInfo:
    return SignatureInfo(
        row.id, row.determination_id, row.key_id, fingerprint(row.key_id), row.signer_name,  # type: ignore[arg-type]
        row.signer_role, row.signer_organisation, row.meaning, row.signed_at, json.loads(row.envelope), tree_head_size,
    )


def _determination(session: Session, determination_id: int) -> DeterminationRow:
    row = session.get(DeterminationRow, determination_id)
    if row is None:
        raise NotFound.coded("signing_determination_does_exist", determination_id=determination_id)
    return row


def _determination_document(row: DeterminationRow) -> dict[str, Any]:
    """The stored document, refusing a row whose text no longer matches its recorded hash, or is not JSON at all
    (a row edited outside reedesk: a coded refusal, as `audit verify` names it, never a traceback)."""
    try:
        document = json.loads(row.document)
    except ValueError:
        from reedesk.audit.verify import say

        if row.sha256 != sha256_hex(row.document.encode("utf-8")):
            raise ReedeskError.coded("determination_changed", id=row.id) from None
        raise ReedeskError.coded("signing_determination_does_reproduce_so", determination_id=row.id,
                                 problem=say("rerun_not_json")) from None
    if row.sha256 not in (document_sha256(document), sha256_hex(row.document.encode("utf-8"))):
        raise ReedeskError.coded("determination_changed", id=row.id)
    return document


def _envelopes(session: Session, determination_id: int) -> list[SignatureRow]:
    return list(
        session.exec(select(SignatureRow).where(SignatureRow.determination_id == determination_id).order_by(SignatureRow.id))  # type: ignore[arg-type]
    )


def latest_determination_id(desk: Desk, reference: str, as_of: str | None = None) -> int:
    """The newest determination of the dossier's latest revision (as of ``as_of`` if given)."""
    with _reading(desk) as session:
        dossier = session.exec(select(DossierRow).where(DossierRow.reference == reference)).first()
        if dossier is None:
            raise NotFound.coded("no_dossier", reference=reference)
        revision = session.exec(
            select(DossierRevisionRow).where(
                DossierRevisionRow.dossier_id == dossier.id, DossierRevisionRow.number == dossier.current_revision
            )
        ).one()
        query = select(DeterminationRow).where(DeterminationRow.revision_id == revision.id)
        if as_of:
            query = query.where(DeterminationRow.as_of == as_of)
        row = session.exec(query.order_by(DeterminationRow.id.desc()).limit(1)).first()  # type: ignore[union-attr]
        if row is None:
            if as_of:
                raise ReedeskError.coded("signing_no_determination_as_of", reference=reference, revision=revision.number,
                                         as_of=as_of)
            raise ReedeskError.coded("signing_no_determination", reference=reference, revision=revision.number)
        return row.id  # type: ignore[return-value]


def resolve_identity_key(desk: Desk, key_ref: str) -> str:
    """The full key id of the identity ``key_ref`` names (a key id or its fingerprint)."""
    with desk.db.read() as session:
        return resolve_identity(session, key_ref).key_id


def sign_determination(
    desk: Desk, determination_id: int, key_id: str | None, passphrase: str, meaning: str, *, signed_at: str | None = None,
    reuse: bool = False, private_key: Any = None,
) -> SignatureInfo:
    """Sign determination ``determination_id`` with identity ``key_id`` (None: the only active one).

    ``private_key``: that identity's key, already unlocked by the caller with ``passphrase`` (the
    export unlocks it first to fail early), so the deliberate scrypt cost is not paid twice; a key
    of another identity is refused.

    The same key may sign one determination once per meaning (a preparer who also
    reviews signs twice, with two meanings); an identical second signature is refused —
    or, with ``reuse``, the existing one is returned (checked under the write lock, so two
    parallel exports by one signer end with one signature).
    """
    meaning = (meaning or "").strip()
    if not meaning:
        raise ReedeskError.coded("signing_signature_needs_meaning_e")
    check_approval(desk, determination_id, meaning)  # four eyes, before the key is unlocked (the database checks again)
    identity_ref = key_id if key_id else default_identity(desk).key_id
    if private_key is not None:
        from reedesk.signing.keys import key_id_of, raw_public_key

        if key_id_of(raw_public_key(private_key)) != resolve_identity_key(desk, identity_ref):
            raise ReedeskError.coded("signing_unlocked_key_given_signature")
    else:
        private_key = unlock(desk, identity_ref, passphrase)  # before any write: a wrong passphrase changes nothing
    signed_at = signed_at or utc_timestamp()
    with desk.db.unit_of_work() as session:
        identity = resolve_identity(session, identity_ref)
        if identity.retired_at is not None:
            raise ReedeskError.coded("retired_key_cannot_sign", key=fingerprint(identity.key_id))
        row = _determination(session, determination_id)
        document = _determination_document(row)
        revision = session.get(DossierRevisionRow, row.revision_id)
        if revision is not None and json.loads(revision.document).get("scenario") is True:
            raise ReedeskError.coded("signing_determination_what_if_scenario", determination_id=determination_id, number=revision.number)
        problem = reproduction_problem(row.document, pack_texts_in_session(session), reproduce,
                                       revision.document if revision is not None else None)  # shape 4: the revision's snapshot
        if problem is not None:  # issue 10, point 4: an outcome the rules did not give is never signed
            raise ReedeskError.coded("signing_determination_does_reproduce_so", determination_id=determination_id, problem=problem)
        existing = _envelopes(session, determination_id)
        for previous in existing:
            if previous.key_id == identity.key_id and previous.meaning == meaning:
                if reuse:  # export: this signer's signature with this meaning already exists (maybe just made by a parallel export)
                    return _info(previous)
                raise ReedeskError.coded("signing_already_signed_determination_second", name=identity.name, fingerprint=fingerprint(identity.key_id), determination_id=determination_id, meaning=meaning, signed_at=previous.signed_at)
        earlier = [envelope_sha256(json.loads(s.envelope)) for s in existing]
        signer = Signer(identity.name, identity.role, identity.organisation, identity.key_id)
        payload = build_payload(document, signer, meaning, signed_at, earlier)
        envelope = sign_envelope(payload, private_key, identity.key_id)
        signature = SignatureRow(
            determination_id=determination_id, envelope=canonical_bytes(envelope).decode("ascii"), key_id=identity.key_id,
            signer_name=identity.name, signer_role=identity.role, signer_organisation=identity.organisation,
            meaning=meaning, signed_at=signed_at,
        )
        session.add(signature)
        dossier = session.get(DossierRow, revision.dossier_id) if revision else None
        if dossier is not None and revision is not None and revision.number == dossier.current_revision:
            dossier.signed = True
            session.add(dossier)
        session.flush()
        desk_changed(session, "determination", dossier.reference if dossier else None)  # published once this unit of work commits (C3)
        append_event(
            session, action="sign", entity_type="determination", entity_id=str(determination_id),
            actor=_signer_actor(identity),
            dossier_reference=dossier.reference if dossier else None,
            after={
                "signature_id": signature.id, "key_id": identity.key_id, "signer": signer.as_document(),
                "meaning": meaning, "signed_at": signed_at, "determination_sha256": document_sha256(document),
                "envelope_sha256": envelope_sha256(envelope), "countersigns": earlier,
                "revision": revision.number if revision else None,
            },
        )
        head = write_checkpoint(session)  # by the desk key (issue 10, point 2), covering the sign event
        return _info(signature, head.size)


def is_approval(meaning: str | None) -> bool:
    """Whether ``meaning`` is an approval ("Reviewed and approved by"): the database trigger's own
    test, ``meaning ILIKE '%approv%'`` (reedesk.services.team.APPROVAL_TEST), so both judge alike."""
    return "approv" in (meaning or "").lower()


def check_approval(desk: Desk, determination_id: int | None, meaning: str | None) -> None:
    """Refuse, before any passphrase is asked or key unlocked, an approval the team desk would refuse.

    On a team desk (issue 12, point 5) an approval comes only from a member of
    ``reedesk_approver`` and, while the desk's four-eyes setting is on, never from the database
    role (the person) that signed a preparation of the same determination. This is reedesk's own
    check, with a sentence the user can act on; the ``team_signature_check`` trigger stays the
    second line (a ``psql`` INSERT meets it). ``determination_id`` None checks the role only (an
    export whose determination is not known yet). Nothing to check on a SQLite desk, or for a
    meaning that is not an approval."""
    if not is_approval(meaning) or desk.db.dialect != "postgresql":
        return
    from reedesk.services.team import approval_standing

    with desk.db.read() as session:
        standing = approval_standing(session.connection(), determination_id)
    if standing is None:
        return
    if not standing.approver:
        raise WriteRefused.coded("team_approval_needs_approver", role=standing.role, meaning=(meaning or "").strip())
    if standing.prepared and standing.four_eyes:
        raise WriteRefused.coded("team_four_eyes_same_person", role=standing.role, determination_id=determination_id)


def check_export_approval(desk: Desk, source: str, as_of: Any, meaning: str | None) -> None:
    """:func:`check_approval` for ``reedesk export SOURCE --meaning M`` before the passphrase is read.

    An export signs the determination evaluating ``source`` as of ``as_of`` gives; evaluating
    a stored dossier to the same result reuses the stored determination, which its preparer
    may have signed. So: the role first, then (for a stored reference) the determination the
    export would sign, found by evaluating without storing. A dossier file is imported by the
    export itself; its determination is checked when the export signs it (still before the
    key is unlocked there)."""
    if not is_approval(meaning) or desk.db.dialect != "postgresql":
        return
    check_approval(desk, None, meaning)
    from pathlib import Path

    if Path(source).suffix.lower() == ".json":
        return
    from reedesk.services.evaluation import evaluate_reference

    try:
        would = evaluate_reference(desk, source, as_of, store=False)
    except ReedeskError:
        return  # the export itself says what is wrong with the dossier
    with _reading(desk) as session:
        dossier = session.exec(select(DossierRow).where(DossierRow.reference == source)).first()
        if dossier is None:
            return
        revision = session.exec(select(DossierRevisionRow).where(
            DossierRevisionRow.dossier_id == dossier.id, DossierRevisionRow.number == dossier.current_revision)).first()
        if revision is None:
            return
        existing = session.exec(select(DeterminationRow.id).where(
            DeterminationRow.revision_id == revision.id, DeterminationRow.sha256 == would.sha256)).first()
    if existing is not None:
        check_approval(desk, existing, meaning)


def _signer_actor(identity: Any) -> str:
    """The signer whose key was just unlocked is the one acting (issue 10, point 13)."""
    with acting_as(f"{identity.name} {fingerprint(identity.key_id)}"):
        return current_actor()


def sign_dossier(
    desk: Desk, reference: str, key_id: str | None, passphrase: str, meaning: str, *, as_of: str | None = None
) -> SignatureInfo:
    """Sign the latest determination of the dossier's latest revision (``reedesk sign REF``)."""
    return sign_determination(desk, latest_determination_id(desk, reference, as_of), key_id, passphrase, meaning)


def signatures_for(desk: Desk, determination_id: int) -> list[SignatureInfo]:
    with _reading(desk) as session:
        _determination(session, determination_id)
        return [_info(r) for r in _envelopes(session, determination_id)]


def verdicts_in_session(
    session: Session, determination_id: int, keys: dict[str, bytes], labels: dict[str, dict[str, str]] | None = None
) -> list[SignatureVerdict]:
    """Check every signature on one determination inside an open unit of work.

    ``labels`` (key id → name/role/organisation as the identity's creation event bound
    them; default: read from the trail) must equal the signer the statement names, so a
    label edited anywhere but in the signed statement is found (issue 10, point 5)."""
    if labels is None:
        labels = _bound_labels(session)
    row = _determination(session, determination_id)
    return _verdicts(row.document, _envelopes(session, determination_id), keys, labels)


def _verdicts(document: str, signatures: list[SignatureRow], keys: dict[str, bytes],
              labels: dict[str, dict[str, str]]) -> list[SignatureVerdict]:
    """The verdicts on ``signatures`` (in signing order) of the determination stored as ``document``."""
    # Evaluation stores the determination as its RFC 8785 bytes, so the SHA-256 of the stored text *is* the
    # document's hash: no parse and no canonical form of a 45-73 KB document per signature (issue 13).
    expected = sha256_hex(document.encode("utf-8"))
    canonical: list[str] = []  # the canonical form's hash, computed only if the stored text may not be canonical

    def canonical_hash() -> str:
        if not canonical:
            canonical.append(document_sha256(json.loads(document)))
        return canonical[0]

    verdicts: list[SignatureVerdict] = []
    earlier: list[str] = []
    for sig in signatures:
        info = _info(sig)
        try:
            try:
                verified = verify_statement(info.envelope, keys, expected_determination_sha256=expected)
            except EnvelopeInvalid:
                # A stored text that is not the canonical form (hand-edited, another tool's JSON) hashes to
                # something no statement names: judge it by its canonical form, exactly as before. When the
                # text is canonical both hashes are one and the first verdict stands.
                if canonical_hash() == expected:
                    raise
                verified = verify_statement(info.envelope, keys, expected_determination_sha256=canonical_hash())
            if list(verified.countersigns) != earlier:
                raise EnvelopeInvalid.coded("signature_countersigns_unbound")
            if (verified.meaning, verified.signed_at, verified.signer.key_id) != (sig.meaning, sig.signed_at, sig.key_id):
                raise EnvelopeInvalid.coded("signature_stored_differs")
            signed_as = {"name": verified.signer.name, "role": verified.signer.role, "organisation": verified.signer.organisation}
            if (sig.signer_name, sig.signer_role, sig.signer_organisation) != tuple(signed_as.values()):
                raise EnvelopeInvalid.coded("signature_shown_differs")
            bound = labels.get(sig.key_id)
            if bound is not None and bound != signed_as:
                raise EnvelopeInvalid.coded("signature_identity_differs")
            verdicts.append(SignatureVerdict(info, True))
        except EnvelopeInvalid as exc:
            verdicts.append(SignatureVerdict(info, False, coded_error(exc)))  # English as text; .text(language)
        earlier.append(envelope_sha256(info.envelope))
    return verdicts


def verify_determination_signatures(desk: Desk, determination_id: int) -> list[SignatureVerdict]:
    """Check every signature on a determination against the stored document and known keys."""
    with _reading(desk) as session:
        return verdicts_in_session(session, determination_id, known_public_keys(session))


def verify_all_signatures(desk: Desk) -> list[SignatureVerdict]:
    """Every stored signature, checked (``reedesk audit verify`` includes this)."""
    with _reading(desk) as session:
        keys = known_public_keys(session)
        labels = _bound_labels(session)
        # Two queries for the whole desk (every signature; the documents they sign), not two per determination.
        signatures = session.exec(select(SignatureRow).order_by(SignatureRow.determination_id, SignatureRow.id)).all()  # type: ignore[arg-type]
        signed = select(SignatureRow.determination_id).distinct()
        documents = dict(session.exec(
            select(DeterminationRow.id, DeterminationRow.document).where(DeterminationRow.id.in_(signed))  # type: ignore[union-attr]
        ).all())
        by_determination: dict[int, list[SignatureRow]] = {}
        for sig in signatures:
            by_determination.setdefault(sig.determination_id, []).append(sig)
        verdicts: list[SignatureVerdict] = []
        for determination_id, rows in by_determination.items():
            if determination_id not in documents:
                raise NotFound.coded("signing_determination_does_exist", determination_id=determination_id)
            verdicts += _verdicts(documents[determination_id], rows, keys, labels)
        return verdicts


def _bound_labels(session: Session) -> dict[str, dict[str, str]]:
    bound, _ = bound_keys(session.connection())
    return {k: v.labels for k, v in bound.items() if v.kind == "identity"}
