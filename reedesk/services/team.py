"""Setting up a team desk on PostgreSQL: the schema, the four roles and their people (issue 12, points 4-5).

``init_team(url)`` is run once by the database's owner (a role that may create roles):
it migrates the schema and creates the group roles

- ``reedesk_auditor``: reads everything (``audit verify``), writes nothing;
- ``reedesk_preparer``: reads everything; adds and edits dossiers, clients, determinations,
  identities, licences and attachments; appends audit events, tree heads and signatures;
  never changes rule packs or settings;
- ``reedesk_approver``: a preparer who may also sign an approval;
- ``reedesk_admin``: an approver who may also change rule packs and settings.

The tables stay owned by the owner, so no application role can drop or disable a
protecting trigger, ``TRUNCATE`` a table (which row triggers would not see) or alter the
schema; UPDATE and DELETE on ``audit_event``, ``tree_head`` and ``signature`` are not
granted at all (the append-only triggers refuse them as well).

Approval and four eyes are enforced by the database, not only by reedesk: a ``signature``
whose meaning contains "approv" (``Reviewed and approved by``) may be inserted only by a
member of ``reedesk_approver``, and not by the database role that signed a preparation
of the same determination. Each signature's database role is recorded by a trigger in
``team_signature_role`` (readable by everyone, written only by that trigger).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from reedesk.errors import ReedeskError

ROLES = ("reedesk_auditor", "reedesk_preparer", "reedesk_approver", "reedesk_admin")
APPEND_ONLY = ("audit_event", "tree_head", "signature")
ADMIN_ONLY = ("rule_pack", "setting")
APPROVAL_TEST = "NEW.meaning ILIKE '%approv%'"

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

_FOUR_EYES = f"""
CREATE TABLE IF NOT EXISTS team_signature_role (
    signature_id integer PRIMARY KEY REFERENCES signature (id),
    determination_id integer NOT NULL,
    db_role text NOT NULL,
    approval boolean NOT NULL
);
CREATE OR REPLACE FUNCTION team_signature_check() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    preparer text;
BEGIN
    IF {APPROVAL_TEST} THEN
        IF NOT pg_has_role(session_user, 'reedesk_approver', 'MEMBER') THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE =
                format('%s may not approve: only a member of reedesk_approver signs an approval', session_user);
        END IF;
        SELECT db_role INTO preparer FROM team_signature_role
         WHERE determination_id = NEW.determination_id AND NOT approval AND db_role = session_user LIMIT 1;
        IF preparer IS NOT NULL AND (SELECT four_eyes FROM team_desk_setting) THEN
            RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE =
                format('four eyes: %s prepared determination %s and may not also approve it; another person must', session_user, NEW.determination_id);
        END IF;
    END IF;
    RETURN NEW;
END
$fn$;
CREATE OR REPLACE FUNCTION team_signature_record() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    INSERT INTO team_signature_role (signature_id, determination_id, db_role, approval)
    VALUES (NEW.id, NEW.determination_id, session_user, {APPROVAL_TEST});
    RETURN NEW;
END
$fn$;
CREATE TABLE IF NOT EXISTS team_desk_setting (one boolean PRIMARY KEY DEFAULT true CHECK (one), four_eyes boolean NOT NULL DEFAULT true);
INSERT INTO team_desk_setting (one) VALUES (true) ON CONFLICT DO NOTHING;
DROP TRIGGER IF EXISTS team_signature_check ON signature;
DROP TRIGGER IF EXISTS team_signature_record ON signature;
CREATE TRIGGER team_signature_check BEFORE INSERT ON signature FOR EACH ROW EXECUTE FUNCTION team_signature_check();
CREATE TRIGGER team_signature_record AFTER INSERT ON signature FOR EACH ROW EXECUTE FUNCTION team_signature_record();
REVOKE ALL ON FUNCTION team_signature_check() FROM PUBLIC;
REVOKE ALL ON FUNCTION team_signature_record() FROM PUBLIC;
"""


@dataclass(frozen=True)
class TeamInit:
    url: str
    created_roles: tuple[str, ...]


def _statements(database: str) -> list[str]:
    tables = [t for t in _tables()]
    writable = [t for t in tables if t not in APPEND_ONLY and t not in ADMIN_ONLY]
    out = [f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC', "REVOKE CREATE ON SCHEMA public FROM PUBLIC"]
    for role in ROLES:
        out += [f'GRANT CONNECT ON DATABASE "{database}" TO {role}', f"GRANT USAGE ON SCHEMA public TO {role}",
                f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"]
    out += [
        "GRANT reedesk_preparer TO reedesk_approver",
        "GRANT reedesk_approver TO reedesk_admin",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(writable)} TO reedesk_preparer",
        f"GRANT INSERT ON {', '.join(APPEND_ONLY)} TO reedesk_preparer",
        f"GRANT INSERT, UPDATE ON {', '.join(ADMIN_ONLY)} TO reedesk_admin",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO reedesk_preparer",
        "REVOKE ALL ON team_signature_role, team_desk_setting FROM reedesk_preparer, reedesk_approver",
        "GRANT SELECT ON team_signature_role, team_desk_setting TO reedesk_auditor, reedesk_preparer",
        "GRANT UPDATE ON team_desk_setting TO reedesk_admin",
    ]
    return out


def _tables() -> list[str]:
    import reedesk.store.models  # noqa: F401
    from sqlmodel import SQLModel

    return sorted(SQLModel.metadata.tables)


def init_team(url: str) -> TeamInit:
    """Create (or bring up to date) the team desk at ``url``: schema, roles, grants, four-eyes guards."""
    from reedesk.store.team import open_team_database

    database = open_team_database(url)  # migrates under the desk's write lock
    created: list[str] = []
    try:
        with database.engine.begin() as connection:
            name = connection.execute(sa.text("SELECT current_database()")).scalar_one()
            existing = {r for (r,) in connection.execute(sa.text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"), {"names": list(ROLES)})}
            for role in ROLES:
                if role not in existing:
                    connection.exec_driver_sql(f"CREATE ROLE {role} NOLOGIN")
                    created.append(role)
            cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(_FOUR_EYES)  # several statements, no parameters (its '%' are literal)
            finally:
                cursor.close()
            for statement in _statements(name):
                connection.exec_driver_sql(statement)
    except sa.exc.DBAPIError as exc:
        raise ReedeskError(
            f"The team desk {database.where} could not be set up ({str(exc.orig).strip().splitlines()[0]}); "
            "run `reedesk team init` as the database's owner with the right to create roles (CREATEROLE)."
        ) from None
    finally:
        database.dispose()
    return TeamInit(url=database.where, created_roles=tuple(created))


def add_user(url: str, name: str, role: str, *, password: str | None = None) -> None:
    """Create the PostgreSQL login ``name`` as a member of ``reedesk_<role>`` (preparer, approver, admin, auditor)."""
    group = role if role.startswith("reedesk_") else f"reedesk_{role}"
    if group not in ROLES:
        raise ReedeskError(f"{role!r} is not a team role; choose preparer, approver, admin or auditor.")
    if not _NAME.match(name):
        raise ReedeskError(f"{name!r} cannot be a database user name: use lower-case letters, digits and _ (at most 63).")
    from reedesk.store.team import create_team_engine

    engine = create_team_engine(url)
    try:
        with engine.begin() as connection:
            exists = connection.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
            if exists:
                raise ReedeskError(f"The database user {name} already exists; nothing was changed.")
            connection.exec_driver_sql(f"CREATE ROLE {name} LOGIN IN ROLE {group}")
            if password:  # a utility statement takes no bound parameters: a quoted literal
                quoted = "'" + password.replace("'", "''") + "'"
                cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
                try:
                    cursor.execute(f"ALTER ROLE {name} PASSWORD {quoted}")
                finally:
                    cursor.close()
    except sa.exc.DBAPIError as exc:
        raise ReedeskError(
            f"The user {name} could not be created ({str(exc.orig).strip().splitlines()[0]}); run it as a role that may create roles."
        ) from None
    finally:
        engine.dispose()


@dataclass(frozen=True)
class MoveResult:
    url: str
    rows: dict[str, int]
    events: int


def migrate_desk(source: Path, url: str, *, home: Path | None = None) -> MoveResult:
    """Copy the single-user SQLite desk ``source`` into the empty team database ``url`` (issue 12, point 9).

    Every row of every table is copied as it is (same ids, the whole audit trail, the
    signatures and the signed tree heads, so old heads and checkpoints stay valid),
    in one transaction under the desk's write lock; the id sequences are moved past
    the copied ids; then the move itself is recorded as an audit event ("team_migrate",
    entity "desk") in a write batch of its own, signed by the same desk key, and the
    copy is verified (``audit verify``) on arrival. Refused, with nothing written, when
    the team database already holds a desk, or when ``team init`` already ran there (its
    four-eyes triggers would stamp every old signature with the mover's role): move first,
    then ``team init``. ``home`` is the data folder whose desk key signs heads (default:
    the SQLite file's folder).
    """
    from sqlmodel import SQLModel

    import reedesk.store.models  # noqa: F401
    from reedesk.audit.trail import record_event
    from reedesk.services import audit
    from reedesk.services.desk import Desk, attach_head_signer
    from reedesk.store.database import Database, _refuse_foreign_file
    from reedesk.store.team import open_team_database

    source = Path(source)
    if not source.is_file():
        raise ReedeskError(f"{source} is not a file; name the desk's SQLite database (reedesk.sqlite3).")
    _refuse_foreign_file(source)
    home = Path(home) if home is not None else source.parent
    old = Database(source)
    target = open_team_database(url)
    rows: dict[str, int] = {}
    try:
        with target.engine.begin() as out:
            if out.execute(sa.text("SELECT to_regclass('team_signature_role')")).scalar() is not None:
                raise ReedeskError(
                    f"`reedesk team init` already ran on {target.where}: move the desk first (into a new database), "
                    "then run team init; nothing was copied."
                )
            if out.execute(sa.text("SELECT count(*) FROM audit_event")).scalar_one():
                raise ReedeskError(f"The team database {target.where} already holds a desk; nothing was copied.")
            with old.read() as session:
                connection = session.connection()
                for table in SQLModel.metadata.sorted_tables:
                    batch = [dict(r._mapping) for r in connection.execute(sa.select(table))]
                    if batch:
                        out.execute(sa.insert(table), batch)
                    rows[table.name] = len(batch)
            for table in SQLModel.metadata.sorted_tables:
                serial = [c.name for c in table.primary_key.columns if isinstance(c.type, sa.Integer)]
                if len(serial) == 1:
                    out.execute(sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{serial[0]}'), "
                        f"coalesce((SELECT max({serial[0]}) FROM {table.name}), 0) + 1, false)"
                    ))
        desk = Desk(home=home, db=target)
        attach_head_signer(desk)
        with target.unit_of_work() as session:
            record_event(session, action="team_migrate", entity_type="desk", entity_id=str(source.resolve()),
                         after={"to": target.where, "rows": rows})
        report = audit.verify_audit(desk)
        if not report.ok:
            raise ReedeskError(f"The moved desk on {target.where} did not verify ({report.problem}); keep using {source}.")
        events = audit.count_audit_events(desk)
    except sa.exc.DBAPIError as exc:
        raise ReedeskError(
            f"The desk could not be moved to {target.where} ({str(exc.orig).strip().splitlines()[0]}); nothing was copied."
        ) from None
    finally:
        old.dispose()
        target.dispose()
    return MoveResult(url=target.where, rows=rows, events=events)
