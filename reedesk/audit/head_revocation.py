"""Revoking a team desk writer's head-key certificate (issue 12, point 6; migration 0006).

A person who leaves the consultancy still holds her head-key file (``head-key.pem``): the
certificate the admin gave it must stop counting, or she could go on signing heads that
``audit verify`` accepts. A revocation is, like the certificate, a record signed by the desk
key (which only the admin holds), over the canonical document

    {schema, certificate_id, role, key_id, desk_key_id, after_head_id, after_head_sha256,
     revoked_at, purpose}

stored insert-only in ``team_head_revocation`` (grants and triggers: only ``reedesk_admin``
INSERTs; nobody UPDATEs or DELETEs).

**The revocation point is the server's.** A head's ``signed_at`` is the writer's own clock:
a revoked person can write any time she likes into a head, so comparing times would let
her backdate. The point is instead the newest tree head the *server* holds when the
revocation is stored (``after_head_id``, the id the server gave that row, and the SHA-256
of its signature) plus the server's transaction time (``revoked_at``, ``now()``); the
table's trigger refuses a row whose values are not exactly those, so the desk key's
signature binds the point the server saw. ``audit verify`` refuses every head signed by
the revoked key that the server stored after that head (a larger ``tree_head.id``: ids are
given by the server, and the heads are chained by ``team_head_role``, so a row slipped in
below the point breaks the chain and is named as well); her earlier heads stay valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from reedesk.audit.head_cert import desk_signature, desk_signed
from reedesk.signing.keys import fingerprint
from reedesk.vocabulary import Coded

REVOCATION_SCHEMA = "reedesk.head-key-revocation/1"
REVOCATION_PAYLOAD_TYPE = "application/vnd.reedesk.head-key-revocation+json"
REVOCATION_TABLE = "team_head_revocation"
PURPOSE = "tree heads"
# The server's time, formatted in SQL exactly as the table's trigger checks it (migration 0006).
SERVER_TIME_SQL = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"


def revocation_document(
    certificate_id: int, role: str, key_id: str, desk_key_id: str, after_head_id: int, after_head_sha256: str, revoked_at: str
) -> dict[str, Any]:
    return {
        "schema": REVOCATION_SCHEMA, "certificate_id": int(certificate_id), "role": role, "key_id": key_id,
        "desk_key_id": desk_key_id, "after_head_id": int(after_head_id), "after_head_sha256": after_head_sha256,
        "revoked_at": revoked_at, "purpose": PURPOSE,
    }


def sign_revocation(desk_private: Ed25519PrivateKey, document: Mapping[str, Any]) -> str:
    return desk_signature(desk_private, REVOCATION_PAYLOAD_TYPE, document)


@dataclass(frozen=True)
class Revocation:
    id: int
    certificate_id: int
    role: str
    key_id: str
    desk_key_id: str
    after_head_id: int
    after_head_sha256: str
    revoked_at: str
    signature: str
    revoked_by: str

    def document(self) -> dict[str, Any]:
        return revocation_document(self.certificate_id, self.role, self.key_id, self.desk_key_id,
                                   self.after_head_id, self.after_head_sha256, self.revoked_at)

    @property
    def fingerprint(self) -> str:
        try:
            return fingerprint(self.key_id)
        except (ValueError, TypeError):
            return str(self.key_id)[:16]

    def signed_by_desk(self, desk_key_id: str, desk_public: bytes) -> bool:
        if self.desk_key_id != desk_key_id:
            return False
        return desk_signed(desk_public, REVOCATION_PAYLOAD_TYPE, self.document(), self.signature)


def revocations_present(connection: Any) -> bool:
    """Whether migration 0006's revocation table exists (PostgreSQL only)."""
    from reedesk.audit.team_heads import postgresql_table_present

    return postgresql_table_present(connection, REVOCATION_TABLE)


def load_revocations(connection: Any) -> list[Revocation]:
    """Every stored revocation, oldest first ([] on SQLite or before migration 0006)."""
    if not revocations_present(connection):
        return []
    rows = connection.execute(sa.text(
        f"SELECT id, certificate_id, db_role, key_id, desk_key_id, after_head_id, after_head_sha256, revoked_at, "
        f"signature, revoked_by FROM {REVOCATION_TABLE} ORDER BY id"
    ))
    return [Revocation(*row) for row in rows]


def revoked_key(revocations: Iterable[Revocation], key_id: str) -> Revocation | None:
    """The earliest revocation of ``key_id`` (the one whose point counts), or None."""
    found = [r for r in revocations if r.key_id == key_id]
    return min(found, key=lambda r: r.after_head_id) if found else None


def revocation_problems(revocations: Iterable[Revocation], desk: Any, signatures: Mapping[int, str]) -> list[str]:
    """Sentences for ``audit verify`` about the revocations themselves (``signatures``: head id → signature).

    A revocation not signed by the desk key was stored outside reedesk; it is still applied
    (refusing more heads is the safe side), but named. A point that no longer matches the
    stored head means the heads were changed after the revocation."""
    from reedesk.audit.team_heads import signature_sha256

    problems: list[str] = []
    for revocation in revocations:
        if not revocation.signed_by_desk(desk.key_id, desk.public_key):
            problems.append(Coded("error", "head_revocation_not_signed", id=revocation.id, role=revocation.role,
                                  fingerprint=revocation.fingerprint, desk=desk.fingerprint))
        stored = signatures.get(revocation.after_head_id)
        expected = signature_sha256(stored) if stored is not None else ("" if revocation.after_head_id == 0 else None)
        if expected != revocation.after_head_sha256:
            problems.append(Coded("error", "head_revocation_point_changed", id=revocation.id, role=revocation.role,
                                  head=revocation.after_head_id))
    return problems


def head_after_revocation(revocation: Revocation, head_id: int, size: int, signed_at: str, role: str | None) -> Coded:
    """The sentence for a head the revoked key signed that the server stored after the revocation point."""
    return Coded(
        "error", "head_revocation_head_after", head=head_id, size=size, signed_at=signed_at,
        fingerprint=revocation.fingerprint, role=revocation.role, writer=role or "?", id=revocation.id,
        after=revocation.after_head_id, revoked_at=revocation.revoked_at,
    )
