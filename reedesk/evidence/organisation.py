"""Organisation keys: an organisation certifies its people's signing keys (issue 11, point 3).

A consultancy or exporter with several signers publishes one organisation key; a
regulator who confirms that key's fingerprint once confirms every signer it
certifies. Both documents are DSSE envelopes signed with the organisation's Ed25519
key (a reedesk identity on the organisation's desk), with canonical JSON payloads:

* certificate (``application/vnd.reedesk.org-certificate+json``)::

    {"format": "reedesk.org-certificate/1", "organisation": "Lotus Magnetics Co., Ltd.",
     "org_key_id": "<64 hex>", "issued_at": "…Z", "valid_from": "2026-12-01",
     "subject": {"key_id": "<64 hex>", "public_key": "<64 hex>", "name": "…", "role": "…", "organisation": "…"}}

* revocation (``application/vnd.reedesk.org-revocation+json``)::

    {"format": "reedesk.org-revocation/1", "org_key_id": "…", "subject_key_id": "…",
     "revoked_from": "2026-12-15", "reason": "…", "issued_at": "…Z"}

A pack embeds its signers' certificates (``org-certificates.json``). A revocation is
honoured from its date on: it reaches the reader through the reader's trust store
(``reedesk org add-revocation``), never through the pack (whose exporter could leave
it out). A signature made on or after ``revoked_from`` (by the signature's own
``signed_at``) is not confirmed by the certificate; one made before still is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from reedesk.domain.dossier_file import canonical_bytes

CERTIFICATE_TYPE = "application/vnd.reedesk.org-certificate+json"
REVOCATION_TYPE = "application/vnd.reedesk.org-revocation+json"
CERTIFICATE_FORMAT = "reedesk.org-certificate/1"
REVOCATION_FORMAT = "reedesk.org-revocation/1"
CERTIFICATES_NAME = "org-certificates.json"


def make_certificate(org_key: Ed25519PrivateKey, org_key_id: str, *, organisation: str, subject_public_hex: str,
                     name: str, role: str, subject_organisation: str, issued_at: str, valid_from: str) -> dict[str, Any]:
    from reedesk.signing.dsse import sign_envelope

    payload = {
        "format": CERTIFICATE_FORMAT, "organisation": organisation, "org_key_id": org_key_id, "issued_at": issued_at,
        "valid_from": valid_from,
        "subject": {"key_id": hashlib.sha256(bytes.fromhex(subject_public_hex)).hexdigest(), "public_key": subject_public_hex,
                    "name": name, "role": role, "organisation": subject_organisation},
    }
    return sign_envelope(canonical_bytes(payload), org_key, org_key_id, CERTIFICATE_TYPE)


def make_revocation(org_key: Ed25519PrivateKey, org_key_id: str, *, subject_key_id: str, revoked_from: str, reason: str,
                    issued_at: str) -> dict[str, Any]:
    from reedesk.signing.dsse import sign_envelope

    payload = {"format": REVOCATION_FORMAT, "org_key_id": org_key_id, "subject_key_id": subject_key_id,
               "revoked_from": revoked_from, "reason": reason, "issued_at": issued_at}
    return sign_envelope(canonical_bytes(payload), org_key, org_key_id, REVOCATION_TYPE)


def _verified(envelope: Any, payload_type: str, fmt: str, orgs: Mapping[str, bytes]) -> dict[str, Any] | None:
    """The payload if ``envelope`` is a ``fmt`` document signed by one of ``orgs`` (key id → raw key), else None."""
    from reedesk.signing.dsse import EnvelopeInvalid, check_signatures, envelope_payload

    if not isinstance(envelope, Mapping) or envelope.get("payloadType") != payload_type:
        return None
    try:
        payload = envelope_payload(envelope)
        checks = check_signatures(envelope, orgs)
    except (EnvelopeInvalid, ValueError, TypeError):
        return None
    if payload.get("format") != fmt or canonical_bytes(payload) != _payload_bytes(envelope):
        return None
    signer = payload.get("org_key_id")
    if not any(c.ok and c.key_id == signer for c in checks):
        return None
    return payload


def _payload_bytes(envelope: Any) -> bytes:
    from reedesk.signing.dsse import envelope_payload_bytes

    return envelope_payload_bytes(envelope)


def _day(value: Any) -> str:
    return str(value or "")[:10]


@dataclass(frozen=True)
class Certification:
    confirmed: bool
    reason: str
    organisation: str | None = None
    org_key_id: str | None = None


def certification(key_id: str, labels: Mapping[str, Any], signed_at: str, certificates: Iterable[Any],
                  organisations: Mapping[str, bytes], revocations: Iterable[Any]) -> Certification:
    """Whether a trusted organisation certifies ``key_id`` for a signature made at ``signed_at``."""
    revoked: dict[tuple[str, str], str] = {}
    for envelope in revocations:
        payload = _verified(envelope, REVOCATION_TYPE, REVOCATION_FORMAT, organisations)
        if payload is not None:
            k = (str(payload.get("org_key_id")), str(payload.get("subject_key_id")))
            revoked[k] = min(revoked.get(k, "9999"), _day(payload.get("revoked_from")))
    found = None
    for envelope in certificates:
        payload = _verified(envelope, CERTIFICATE_TYPE, CERTIFICATE_FORMAT, organisations)
        if payload is None:
            continue
        subject = payload.get("subject") if isinstance(payload.get("subject"), dict) else {}
        if subject.get("key_id") != key_id or hashlib.sha256(bytes.fromhex(str(subject.get("public_key") or ""))).hexdigest() != key_id:
            continue
        org = str(payload.get("organisation") or "")
        org_key = str(payload.get("org_key_id"))
        found = Certification(False, "", org, org_key)
        if any(str(subject.get(f) or "") != str(labels.get(f) or "") for f in ("name", "role", "organisation")):
            found = Certification(False, f"the certificate by {org} names another person, role or organisation", org, org_key)
            continue
        if _day(signed_at) < _day(payload.get("valid_from")):
            found = Certification(False, f"signed before the certificate by {org} was valid ({_day(payload.get('valid_from'))})", org, org_key)
            continue
        since = revoked.get((org_key, key_id))
        if since is not None and _day(signed_at) >= since:
            found = Certification(False, f"{org} revoked this key from {since}; the signature is dated {_day(signed_at)}", org, org_key)
            continue
        return Certification(True, f"certified by {org}", org, org_key)
    if found is not None:
        return found
    return Certification(False, "no certificate by an organisation you trust")
