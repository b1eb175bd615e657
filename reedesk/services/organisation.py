"""Use cases for organisation keys (``reedesk org …``; :mod:`reedesk.evidence.organisation`).

On the organisation's desk: :func:`certify` a person's key, :func:`revoke` it from a date.
On the person's desk: :func:`add_certificate` (exports then embed it). On the reader's
desk: :func:`trust_organisation` (its fingerprint confirmed once, out of band) and
:func:`add_revocation`. Certificates live as files in ``REEDESK_HOME/certificates/``;
organisation keys and revocations in the trust-store file ``reedesk verify`` reads.
Every change is an audit event of the desk.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from reedesk.audit.trail import append_event
from reedesk.services.events import after_commit as desk_changed
from reedesk.clock import utc_timestamp
from reedesk.errors import ReedeskError
from reedesk.evidence.organisation import (
    CERTIFICATE_FORMAT,
    CERTIFICATE_TYPE,
    REVOCATION_FORMAT,
    REVOCATION_TYPE,
    _verified,
    make_certificate,
    make_revocation,
)
from reedesk.evidence.trust import TrustedEntry, add_entries, add_revocation as store_revocation, load_trust_store
from reedesk.files import replace_file
from reedesk.services.desk import Desk
from reedesk.signing.keys import fingerprint, key_id_of, public_key_from_pem


def certificates_dir(home: Path) -> Path:
    return home / "certificates"


# What the file is, in the three languages (the errors below name it in the reader's language).
_WHAT = {"certificate": {"en": "certificate", "zh-Hant": "憑證", "zh-Hans": "证书"},
         "revocation": {"en": "revocation", "zh-Hant": "撤銷聲明", "zh-Hans": "撤销声明"}}


def _what(what: str) -> Any:
    return _WHAT.get(what, what)


def _read_json(path: Path | str, what: str) -> dict[str, Any]:
    path = Path(path)
    try:
        if path.stat().st_size > 1024 * 1024:
            raise ReedeskError.coded("org_file_too_large", what=_what(what), path=str(path))
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ReedeskError.coded("org_file_unreadable", what=_what(what), path=str(path),
                                 reason=getattr(exc, "strerror", None) or type(exc).__name__) from None
    if not isinstance(document, dict):
        raise ReedeskError.coded("org_file_not_json", what=_what(what), path=str(path))
    return document


def _public_from(pem_or_path: str | Path) -> bytes:
    text = str(pem_or_path)
    if "-----BEGIN" not in text:
        try:
            text = Path(text).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise ReedeskError.coded("public_key_unreadable", path=pem_or_path, reason=getattr(exc, "strerror", None) or exc) from None
    return public_key_from_pem(text, f"the public key {pem_or_path}")


def certify(desk: Desk, org_key_ref: str, passphrase: str, subject_pem_or_path: str | Path, *, name: str, role: str,
            organisation: str, valid_from: date | None = None) -> dict[str, Any]:
    """A certificate by the desk's organisation identity ``org_key_ref`` for the person's public key."""
    from reedesk.services.keys import get_identity, unlock

    org = get_identity(desk, org_key_ref)
    key = unlock(desk, org.key_id, passphrase)
    subject = _public_from(subject_pem_or_path)
    if not (name or "").strip():
        raise ReedeskError.coded("certificate_needs_name")
    if not (role or "").strip():
        raise ReedeskError.coded("certificate_needs_role")
    if not (organisation or "").strip():
        raise ReedeskError.coded("certificate_needs_organisation")
    envelope = make_certificate(key, org.key_id, organisation=org.organisation, subject_public_hex=subject.hex(), name=name.strip(),
                                role=role.strip(), subject_organisation=organisation.strip(), issued_at=utc_timestamp(),
                                valid_from=(valid_from or date.today()).isoformat())
    with desk.db.unit_of_work() as session:
        desk_changed(session, "identity")  # published once this unit of work commits (C3)
        append_event(session, action="create", entity_type="org_certificate", entity_id=key_id_of(subject),
                     after={"org_key_id": org.key_id, "subject_key_id": key_id_of(subject), "name": name, "role": role,
                            "organisation": organisation, "envelope_sha256": hashlib.sha256(json.dumps(envelope, sort_keys=True).encode()).hexdigest()})
    return envelope


def revoke(desk: Desk, org_key_ref: str, passphrase: str, subject_key_id: str, *, revoked_from: date, reason: str) -> dict[str, Any]:
    from reedesk.services.keys import get_identity, unlock

    org = get_identity(desk, org_key_ref)
    key = unlock(desk, org.key_id, passphrase)
    subject = subject_key_id.replace("-", "").replace(":", "").strip().lower()
    if len(subject) != 64 or any(c not in "0123456789abcdef" for c in subject):
        raise ReedeskError.coded("organisation_full_hex_key_id", subject_key_id=subject_key_id)
    if not (reason or "").strip():
        raise ReedeskError.coded("organisation_revocation_needs_reason_reason")
    envelope = make_revocation(key, org.key_id, subject_key_id=subject, revoked_from=revoked_from.isoformat(), reason=reason.strip(),
                               issued_at=utc_timestamp())
    with desk.db.unit_of_work() as session:
        desk_changed(session, "identity")  # published once this unit of work commits (C3)
        append_event(session, action="create", entity_type="org_revocation", entity_id=subject,
                     after={"org_key_id": org.key_id, "subject_key_id": subject, "revoked_from": revoked_from.isoformat(), "reason": reason})
    return envelope


def _payload(envelope: dict[str, Any], payload_type: str, fmt: str, what: str) -> dict[str, Any]:
    from reedesk.signing.dsse import EnvelopeInvalid, envelope_payload

    if envelope.get("payloadType") != payload_type:
        raise ReedeskError.coded("org_wrong_payload", what=_what(what), found=str(envelope.get("payloadType"))[:80])
    try:
        payload = envelope_payload(envelope)
    except EnvelopeInvalid as exc:
        raise ReedeskError.coded("org_malformed", what=_what(what), detail=str(exc)) from None
    if payload.get("format") != fmt:
        raise ReedeskError.coded("organisation_file_document", fmt=fmt)
    return payload


def add_certificate(desk: Desk, path: Path | str) -> dict[str, Any]:
    """Keep an organisation's certificate of one of this desk's identities; later exports embed it."""
    from reedesk.services.keys import list_identities

    envelope = _read_json(path, "certificate")
    payload = _payload(envelope, CERTIFICATE_TYPE, CERTIFICATE_FORMAT, "certificate")
    subject = payload.get("subject") if isinstance(payload.get("subject"), dict) else {}
    mine = {i.key_id: i for i in list_identities(desk)}
    identity = mine.get(str(subject.get("key_id")))
    if identity is None:
        raise ReedeskError.coded("organisation_certificate_key_which_none", path=path, value=str(subject.get('key_id'))[:16])
    if (identity.name, identity.role, identity.organisation) != (subject.get("name"), subject.get("role"), subject.get("organisation")):
        raise ReedeskError.coded("organisation_certificate_names_but_identity", path=path, get=subject.get('name'), get2=subject.get('role'), get3=subject.get('organisation'), name=identity.name, role=identity.role, organisation=identity.organisation)
    folder = certificates_dir(desk.home)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{identity.key_id}.json"
    existing = certificates_for(desk, {identity.key_id})
    if envelope not in existing:
        existing.append(envelope)
    replace_file(target, json.dumps({"certificates": existing}, ensure_ascii=False, indent=2).encode("utf-8"))
    with desk.db.unit_of_work() as session:
        desk_changed(session, "identity")  # published once this unit of work commits (C3)
        append_event(session, action="import", entity_type="org_certificate", entity_id=identity.key_id,
                     after={"org_key_id": payload.get("org_key_id"), "organisation": payload.get("organisation")})
    return payload


def certificates_for(desk: Desk, key_ids: Iterable[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for key_id in sorted(set(key_ids)):
        path = certificates_dir(desk.home) / f"{key_id}.json"
        if path.is_file():
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            out += [c for c in document.get("certificates") or [] if isinstance(c, dict)]
    return out


def trust_organisation(desk: Desk, label: str, pem_or_path: str | Path) -> str:
    """Trust an organisation key (its fingerprint confirmed out of band); returns its fingerprint."""
    label = (label or "").strip()
    if not label:
        raise ReedeskError.coded("organisation_trusted_organisation_key_needs")
    raw = _public_from(pem_or_path)
    key_id = key_id_of(raw)
    add_entries(desk.home, [TrustedEntry(key_id, raw.hex(), label, "organisation", utc_timestamp())])
    with desk.db.unit_of_work() as session:
        desk_changed(session, "identity")  # published once this unit of work commits (C3)
        append_event(session, action="trust", entity_type="organisation_key", entity_id=key_id, after={"label": label, "public_key": raw.hex()})
    return fingerprint(key_id)


def add_revocation(desk: Desk, path: Path | str) -> dict[str, Any]:
    """Keep a revocation by a trusted organisation in the trust store (verify honours it from its date on)."""
    envelope = _read_json(path, "revocation")
    payload = _payload(envelope, REVOCATION_TYPE, REVOCATION_FORMAT, "revocation")
    organisations = load_trust_store(desk.home).organisations
    if _verified(envelope, REVOCATION_TYPE, REVOCATION_FORMAT, organisations) is None:
        raise ReedeskError.coded("organisation_revocation_signed_organisation_key", path=path)
    store_revocation(desk.home, envelope)
    with desk.db.unit_of_work() as session:
        desk_changed(session, "identity")  # published once this unit of work commits (C3)
        append_event(session, action="import", entity_type="org_revocation", entity_id=str(payload.get("subject_key_id")),
                     after={"org_key_id": payload.get("org_key_id"), "revoked_from": payload.get("revoked_from"), "reason": payload.get("reason")})
    return payload
