"""The head-key certificate an evidence pack exported on a team desk embeds (issue 12, point 6).

On a team desk the newest tree head — the one the pack's audit proofs are checked against —
is signed by the exporting person's own head key; the desk key certified that key for their
database role. :func:`head_certificate_for_pack` finds that certificate (for the role the
server recorded as writing the head, in ``team_head_role``) so the pack can carry it as
``head-key-certificate.json`` (``reedesk.evidence.head_certificate``) and ``reedesk verify``
can check the head under the desk key. Single-user desks, and heads the desk key signed
(the admin's), embed nothing: their packs stay as they were.
"""

from __future__ import annotations

from typing import Any, Mapping

import sqlalchemy as sa


def head_certificate_for_pack(session: Any, proofs: Mapping[str, Any]) -> dict[str, Any] | None:
    """The ``head-key-certificate.json`` document for the head in ``proofs``, or None (no team head)."""
    from reedesk.audit.desk_key import recorded_desk_key
    from reedesk.audit.team_heads import ROLE_TABLE, load_certificates, team_tables_present
    from reedesk.evidence.head_certificate import pack_document

    head = proofs.get("tree_head") if isinstance(proofs, Mapping) else None
    if not isinstance(head, Mapping) or not head.get("key_id"):
        return None
    connection = session.connection()
    if not team_tables_present(connection):
        return None
    desk = recorded_desk_key(connection)
    if desk is None or head["key_id"] == desk.key_id:
        return None
    role = connection.execute(sa.text(
        f"SELECT r.db_role FROM tree_head h JOIN {ROLE_TABLE} r ON r.head_id = h.id "
        "WHERE h.signature = :signature AND h.key_id = :key_id ORDER BY h.id DESC LIMIT 1"
    ), {"signature": head.get("signature"), "key_id": head["key_id"]}).scalar()
    if role is None:
        return None  # the pack's own check then refuses it: a head key nobody certified for its writer
    for certificate in load_certificates(connection):
        if certificate.key_id == head["key_id"] and certificate.role == role and certificate.problem(desk.key_id, desk.public_key) is None:
            return pack_document(certificate, role, desk.key_id, desk.public_key)
    return None
