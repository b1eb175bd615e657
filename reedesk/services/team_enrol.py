"""Where a person's head-signing key stands on a team desk, read before ``reedesk team enrol`` and
``reedesk team certify`` say what to do next (issue 12, QA walk of docs/team.md).

Why: an auditor writes nothing, so she signs no tree heads and needs no head key (``enrol`` refuses with a
sentence instead of making a key the admin would certify for nothing); a key that already has a valid
certificate for the role needs no second one (``certify`` refuses, ``enrol`` says it is done). A certificate
counts only as ``audit verify`` counts it: signed by the recorded desk key, for that role, not revoked.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def is_auditor_only(connection: Any) -> tuple[str, bool]:
    """The connected role and whether it is an auditor who may write nothing (in reedesk_auditor, not in
    reedesk_preparer); (role, False) where the desk has no team roles."""
    from reedesk.audit.team_heads import team_tables_present

    role = str(connection.execute(sa.text("SELECT session_user")).scalar_one())
    if not team_tables_present(connection):
        return role, False
    auditor = connection.execute(sa.text(  # by oid: a missing role is simply no membership
        "SELECT coalesce(bool_or(pg_has_role(session_user, oid, 'MEMBER')) FILTER (WHERE rolname = 'reedesk_auditor'), false) "
        "AND NOT coalesce(bool_or(pg_has_role(session_user, oid, 'MEMBER')) FILTER (WHERE rolname = 'reedesk_preparer'), false) "
        "FROM pg_roles WHERE rolname IN ('reedesk_auditor', 'reedesk_preparer')")).scalar()
    return role, bool(auditor)


def valid_certificate(connection: Any, role: str, key_id: str) -> Any | None:
    """The certificate (reedesk.audit.team_heads.Certificate) that lets ``key_id`` sign heads for ``role``
    on this desk — signed by the recorded desk key and not revoked — or None."""
    from reedesk.audit.desk_key import recorded_desk_key
    from reedesk.audit.head_revocation import load_revocations, revoked_key
    from reedesk.audit.team_heads import load_certificates, team_tables_present

    if not team_tables_present(connection):
        return None
    desk = recorded_desk_key(connection)
    if desk is None or revoked_key(load_revocations(connection), key_id) is not None:
        return None
    for certificate in load_certificates(connection):
        if certificate.role == role and certificate.key_id == key_id and certificate.problem(desk.key_id, desk.public_key) is None:
            return certificate
    return None


def desk_member(desk: Any) -> tuple[str, str, str] | None:
    """(server/database, connected role, its reedesk group) of a team desk, for the window's status bar;
    None on a SQLite desk. The server is named as ``host:port/database``: never the password."""
    db = getattr(desk, "db", None)
    if db is None or getattr(db, "dialect", "sqlite") != "postgresql":
        return None
    from sqlalchemy.engine import make_url

    url = make_url(db.url)
    where = f"{url.host or 'localhost'}{f':{url.port}' if url.port else ''}/{url.database or ''}"
    with db.read() as session:
        role, group = session.connection().execute(sa.text(
            # by the roles' oids: a PostgreSQL desk before `team init` has none of them (their names would raise)
            "SELECT session_user::text, (SELECT g.r FROM unnest(ARRAY['reedesk_admin', 'reedesk_approver', "
            "'reedesk_preparer', 'reedesk_auditor']) WITH ORDINALITY AS g(r, n) JOIN pg_roles p ON p.rolname = g.r "
            "WHERE pg_has_role(session_user, p.oid, 'MEMBER') ORDER BY g.n LIMIT 1)")).one()
    return where, str(role), str(group or "")
