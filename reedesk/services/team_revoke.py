"""``reedesk team revoke ROLE [--key-id ID]``: the admin revokes a person's head-key certificate.

For a person who leaves (or whose machine was lost). The admin, who alone holds the desk key,
signs a revocation of each of the role's certificates (or of the one whose key id starts with
``key_id``) over the server's revocation point — the newest tree head the server holds and its
transaction time, read under the desk's write lock — stores it in ``team_head_revocation``
(the server's trigger refuses any other point, and anyone but ``reedesk_admin``) and records
it as an audit event (``revoke head_key``). From then on reedesk refuses that person's writes,
and ``audit verify`` refuses any head signed with the revoked key that the server stored after
the point; her earlier heads stay valid (``reedesk.audit.head_revocation``).
Also have the database's owner ``DROP ROLE`` or ``ALTER ROLE … NOLOGIN`` the person's database role: the revocation
makes her heads worthless, the role change stops her connecting at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from reedesk.errors import ReedeskError


@dataclass(frozen=True)
class Revoked:
    id: int
    certificate_id: int
    role: str
    key_id: str
    fingerprint: str
    after_head_id: int
    revoked_at: str


def revoke(desk: Any, role: str, key_id: str | None = None) -> list[Revoked]:
    """Revoke ``role``'s head-key certificates (only the key ``key_id``, a key id or fingerprint prefix, if given)."""
    from reedesk.audit.desk_key import desk_key_path, recorded_desk_key, unlock_desk_key
    from reedesk.audit.head_revocation import (
        REVOCATION_TABLE, SERVER_TIME_SQL, load_revocations, revocation_document, revocations_present, sign_revocation,
    )
    from reedesk.audit.team_heads import load_certificates, signature_sha256, team_tables_present
    from reedesk.audit.trail import record_event
    from reedesk.evidence.trust import normalise_fingerprint
    from reedesk.signing.keys import fingerprint

    wanted = None
    if key_id is not None:
        wanted = normalise_fingerprint(key_id)
        if wanted is None:
            raise ReedeskError.coded("head_revocation_bad_key_id", value=str(key_id)[:80])
    if not desk_key_path(desk.home).exists():
        raise ReedeskError.coded("head_revocation_only_admin", desk_key_path=desk_key_path(desk.home))
    done: list[Revoked] = []
    with desk.db.unit_of_work() as session:  # holds the desk's write lock: no head is added under us
        connection = session.connection()
        if not team_tables_present(connection) or not revocations_present(connection):
            raise ReedeskError.coded("head_revocation_not_team_desk")
        recorded = recorded_desk_key(connection)
        if recorded is None:
            raise ReedeskError.coded("head_revocation_no_desk_key")
        revoked_ids = {r.certificate_id for r in load_revocations(connection)}
        mine = [c for c in load_certificates(connection) if c.role == role]
        chosen = [c for c in mine if wanted is None or c.key_id.startswith(wanted)]
        if wanted is not None and not chosen:
            raise ReedeskError.coded("head_revocation_no_such_key", role=role, key=key_id,
                                     keys=", ".join(fingerprint(c.key_id) for c in mine) or "—")
        chosen = [c for c in chosen if c.id not in revoked_ids]
        if not chosen:
            raise ReedeskError.coded("head_revocation_nothing", role=role)
        desk_key = unlock_desk_key(desk.home, recorded)
        assert desk_key.private_key is not None
        newest = connection.execute(sa.text("SELECT id, signature FROM tree_head ORDER BY id DESC LIMIT 1")).first()
        after_id, after_sha = (int(newest[0]), signature_sha256(newest[1])) if newest is not None else (0, "")
        revoked_at = connection.execute(sa.text(f"SELECT {SERVER_TIME_SQL}")).scalar_one()
        for certificate in chosen:
            document = revocation_document(certificate.id, role, certificate.key_id, recorded.key_id, after_id, after_sha, revoked_at)
            signature = sign_revocation(desk_key.private_key, document)
            try:
                new_id = connection.execute(sa.text(
                    f"INSERT INTO {REVOCATION_TABLE} (certificate_id, db_role, key_id, desk_key_id, after_head_id, "
                    "after_head_sha256, revoked_at, signature, revoked_by) "
                    "VALUES (:cert, :role, :key_id, :desk, :after, :sha, :at, :sig, session_user) RETURNING id"
                ), {"cert": certificate.id, "role": role, "key_id": certificate.key_id, "desk": recorded.key_id,
                    "after": after_id, "sha": after_sha, "at": revoked_at, "sig": signature}).scalar_one()
            except sa.exc.DBAPIError as exc:
                raise ReedeskError.coded("head_revocation_refused", value=str(exc.orig).strip().splitlines()[0]) from None
            record_event(session, action="revoke", entity_type="head_key", entity_id=certificate.key_id,
                         after={**document, "revocation_id": new_id, "signature": signature},
                         reason=f"head-signing key of {role} revoked by the desk key")
            done.append(Revoked(new_id, certificate.id, role, certificate.key_id, fingerprint(certificate.key_id), after_id, revoked_at))
    return done
