"""The head-key certificate inside an evidence pack exported on a team desk (issue 12, point 6).

On a team desk the signed tree head in ``audit-proofs.json`` is signed by the exporting
person's own head key, which the desk key certified for their PostgreSQL role. A reviewer
cannot trust a person's head key on its own (anyone can make a key); what they can check is
that the **desk key** certified it. So a pack exported on a team desk embeds, as the
associated file ``head-key-certificate.json`` (``reedesk.pack-head-key-certificate/1``,
additive: single-user and 0.1.0 packs carry no such file and verify as before):

    {"format": "reedesk.pack-head-key-certificate/1",
     "head_role": <the database role the server recorded as writing that head>,
     "desk_key": {"key_id": …, "public_key_hex": …},
     "certificate": {<the certificate document the desk key signed>, "id": n, "signature": base64}}

and ``reedesk verify`` (check ``audit_proofs``) takes the head's public key only from that
certificate, after checking it: the desk key's id is the SHA-256 of the key; the certificate
verifies under it; it certifies the very key that signed the head, for the role that wrote
the head, from before the head was signed. The reason then names the desk key — the key the
reviewer should compare with the desk's published fingerprint — not the person's head key.
A team pack whose head key is neither listed in the pack nor certified is invalid.

Pure (no database): the verifier imports nothing of the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from reedesk.audit.head_cert import CERTIFICATE_SCHEMA, PURPOSE, certificate_document, signed_by
from reedesk.vocabulary import Coded

HEAD_CERTIFICATE_NAME = "head-key-certificate.json"
HEAD_CERTIFICATE_FORMAT = "reedesk.pack-head-key-certificate/1"
DESCRIPTION = "Head-key certificate: the desk key's certificate of the key that signed the tree head (team desk)"


def _r(code: str, **params: Any) -> Coded:
    return Coded("reason", code, **params)


def pack_document(certificate: Any, head_role: str, desk_key_id: str, desk_public: bytes) -> dict[str, Any]:
    """The embedded file's document for ``certificate`` (a ``team_heads.Certificate``)."""
    return {
        "format": HEAD_CERTIFICATE_FORMAT,
        "head_role": head_role,
        "desk_key": {"key_id": desk_key_id, "public_key_hex": desk_public.hex()},
        "certificate": {**certificate.document(), "id": certificate.id, "signature": certificate.signature},
    }


@dataclass
class HeadKeyVerdict:
    """What the pack's head-key certificate says (or why it does not count)."""

    problem: Coded | None = None
    keys: dict[str, bytes] = field(default_factory=dict)  # head key id -> the certified public key
    role: str | None = None
    head_key_id: str | None = None
    desk_key_id: str | None = None

    def ok_reason(self, events: int, head: Any) -> Coded:
        from reedesk.signing.keys import fingerprint

        return _r("proofs_ok_team", events=events, size=head.size if head else "?", signed_at=head.signed_at if head else "?",
                  role=self.role, head_key=fingerprint(self.head_key_id or ""), desk=fingerprint(self.desk_key_id or ""))

    def summary(self) -> dict[str, Any]:
        return {"head_role": self.role, "head_key_id": self.head_key_id, "desk_key_id": self.desk_key_id}


def _fingerprint(key_id: Any) -> str:
    from reedesk.signing.keys import fingerprint

    try:
        return fingerprint(str(key_id))
    except (ValueError, TypeError):
        return str(key_id)[:16]


def check_head_key(files: Mapping[str, Any], proofs: Mapping[str, Any], keys: Mapping[str, bytes]) -> HeadKeyVerdict | None:
    """Judge the pack's head key: None when the pack carries no certificate and lists the head's key
    (a single-user or 0.1.0 pack: the head is the desk key's, checked as before); else a verdict.

    ``files``: the pack's embedded files by name (``PackFile.files``); ``proofs``: the parsed
    ``audit-proofs.json``; ``keys``: the public keys the pack lists (key id -> raw)."""
    import json

    from reedesk.signing.keys import key_id_of

    head = proofs.get("tree_head") if isinstance(proofs, Mapping) else None
    head_key = head.get("key_id") if isinstance(head, Mapping) else None
    entry = files.get(HEAD_CERTIFICATE_NAME)
    if entry is None:
        if isinstance(head_key, str) and head_key not in keys:
            return HeadKeyVerdict(problem=_r("head_key_uncertified", key=_fingerprint(head_key), name=HEAD_CERTIFICATE_NAME))
        return None
    malformed = HeadKeyVerdict(problem=_r("head_cert_malformed", name=HEAD_CERTIFICATE_NAME))
    try:
        document = json.loads(entry.data.decode("utf-8")) if entry.data is not None else None
    except (UnicodeDecodeError, ValueError):
        return malformed
    if not isinstance(document, dict) or document.get("format") != HEAD_CERTIFICATE_FORMAT:
        return malformed
    desk, certificate, head_role = document.get("desk_key"), document.get("certificate"), document.get("head_role")
    if not isinstance(desk, dict) or not isinstance(certificate, dict) or not isinstance(head_role, str):
        return malformed
    try:
        desk_public = bytes.fromhex(str(desk.get("public_key_hex")))
        desk_ok = len(desk_public) == 32 and key_id_of(desk_public) == desk.get("key_id")
        public = bytes.fromhex(str(certificate.get("public_key")))
        signed = certificate_document(str(certificate.get("role")), public, str(certificate.get("not_before")),
                                      str(certificate.get("desk_key_id")))
    except (ValueError, TypeError):
        return malformed
    if not desk_ok:
        return HeadKeyVerdict(problem=_r("head_cert_desk_key", name=HEAD_CERTIFICATE_NAME))
    desk_key_id = str(desk["key_id"])
    as_stored = {k: certificate.get(k) for k in signed}
    if as_stored != signed or certificate.get("schema") != CERTIFICATE_SCHEMA or certificate.get("purpose") != PURPOSE \
            or signed["desk_key_id"] != desk_key_id or not signed_by(desk_public, signed, str(certificate.get("signature"))):
        return HeadKeyVerdict(problem=_r("head_cert_altered", name=HEAD_CERTIFICATE_NAME, desk=_fingerprint(desk_key_id)))
    if signed["key_id"] != head_key:
        return HeadKeyVerdict(problem=_r("head_cert_other_key", head=_fingerprint(head_key), key=_fingerprint(signed["key_id"]),
                                         name=HEAD_CERTIFICATE_NAME))
    if signed["role"] != head_role:
        return HeadKeyVerdict(problem=_r("head_cert_other_role", certified=signed["role"], role=head_role))
    signed_at = str(head.get("signed_at")) if isinstance(head, Mapping) else ""
    if signed_at < signed["not_before"]:
        return HeadKeyVerdict(problem=_r("head_cert_before", signed_at=signed_at, not_before=signed["not_before"]))
    return HeadKeyVerdict(keys={signed["key_id"]: public}, role=head_role, head_key_id=signed["key_id"], desk_key_id=desk_key_id)
