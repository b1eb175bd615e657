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

reedesk checks the same two rules itself before a key is unlocked (``approval_standing``,
used by ``reedesk.services.signing.check_approval``), so a refused approval never asks for a
passphrase; the triggers stay the second line. Four eyes is a desk-level setting
(``team_desk_setting.four_eyes``, on by default) that only ``reedesk_admin`` may UPDATE;
``set_four_eyes`` changes it with an audit event, and a trigger keeps every change (who, when)
in ``team_desk_setting_change`` whichever way it was made.
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
        IF preparer IS NOT NULL AND coalesce((SELECT four_eyes FROM team_desk_setting), true) THEN
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
CREATE TABLE IF NOT EXISTS team_desk_setting_change (
    id serial PRIMARY KEY,
    changed_at timestamptz NOT NULL DEFAULT now(),
    db_role text NOT NULL,
    four_eyes boolean NOT NULL
);
CREATE OR REPLACE FUNCTION team_desk_setting_record() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    IF NEW.four_eyes IS DISTINCT FROM OLD.four_eyes THEN
        INSERT INTO team_desk_setting_change (db_role, four_eyes) VALUES (session_user, NEW.four_eyes);
    END IF;
    RETURN NEW;
END
$fn$;
DROP TRIGGER IF EXISTS team_desk_setting_record ON team_desk_setting;
CREATE TRIGGER team_desk_setting_record AFTER UPDATE ON team_desk_setting FOR EACH ROW EXECUTE FUNCTION team_desk_setting_record();
REVOKE ALL ON FUNCTION team_desk_setting_record() FROM PUBLIC;
DROP TRIGGER IF EXISTS team_signature_check ON signature;
DROP TRIGGER IF EXISTS team_signature_record ON signature;
CREATE TRIGGER team_signature_check BEFORE INSERT ON signature FOR EACH ROW EXECUTE FUNCTION team_signature_check();
CREATE TRIGGER team_signature_record AFTER INSERT ON signature FOR EACH ROW EXECUTE FUNCTION team_signature_record();
REVOKE ALL ON FUNCTION team_signature_check() FROM PUBLIC;
REVOKE ALL ON FUNCTION team_signature_record() FROM PUBLIC;
"""

# Point 6: each writer's own head key, certified by the desk key (reedesk.audit.team_heads).
_HEAD_KEYS = """
CREATE TABLE IF NOT EXISTS team_head_certificate (
    id serial PRIMARY KEY,
    db_role text NOT NULL,
    key_id text NOT NULL,
    public_key text NOT NULL,
    not_before text NOT NULL,
    desk_key_id text NOT NULL,
    signature text NOT NULL,
    certified_by text NOT NULL
);
CREATE OR REPLACE FUNCTION team_head_certificate_insert() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    IF NOT (pg_has_role(session_user, 'reedesk_admin', 'MEMBER')
            OR session_user = (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'team_head_certificate')) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE =
            format('%s may not certify head keys: only a member of reedesk_admin does', session_user);
    END IF;
    NEW.certified_by := session_user;
    RETURN NEW;
END
$fn$;
CREATE OR REPLACE FUNCTION team_head_certificate_frozen() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE =
        'team_head_certificate is append-only: UPDATE and DELETE refused';
END
$fn$;
CREATE TABLE IF NOT EXISTS team_head_role (
    head_id integer PRIMARY KEY REFERENCES tree_head (id),
    db_role text NOT NULL,
    previous_sha256 text NOT NULL
);
CREATE OR REPLACE FUNCTION team_head_record() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    previous text;
BEGIN
    SELECT signature INTO previous FROM tree_head WHERE id < NEW.id ORDER BY id DESC LIMIT 1;
    INSERT INTO team_head_role (head_id, db_role, previous_sha256)
    VALUES (NEW.id, session_user, coalesce(encode(sha256(convert_to(previous, 'UTF8')), 'hex'), ''));
    RETURN NEW;
END
$fn$;
DROP TRIGGER IF EXISTS team_head_certificate_insert ON team_head_certificate;
DROP TRIGGER IF EXISTS team_head_certificate_frozen ON team_head_certificate;
DROP TRIGGER IF EXISTS team_head_record ON tree_head;
CREATE TRIGGER team_head_certificate_insert BEFORE INSERT ON team_head_certificate FOR EACH ROW EXECUTE FUNCTION team_head_certificate_insert();
CREATE TRIGGER team_head_certificate_frozen BEFORE UPDATE OR DELETE ON team_head_certificate FOR EACH ROW EXECUTE FUNCTION team_head_certificate_frozen();
CREATE TRIGGER team_head_record AFTER INSERT ON tree_head FOR EACH ROW EXECUTE FUNCTION team_head_record();
REVOKE ALL ON FUNCTION team_head_certificate_insert() FROM PUBLIC;
REVOKE ALL ON FUNCTION team_head_record() FROM PUBLIC;
"""

# Point 4, where grants are not enough: a person changes (retires, rotates) only the
# identities they created; an admin any. The owner is the server's session_user at INSERT,
# kept in team_identity_owner, which only the trigger writes. A trigger rather than a
# CREATE POLICY: a policy makes another person's row silently invisible to UPDATE (0 rows,
# which the ORM reports as a stale row), where the trigger refuses with a sentence.
_OWNERS = """
CREATE TABLE IF NOT EXISTS team_identity_owner (
    identity_id integer PRIMARY KEY REFERENCES identity (id),
    db_role text NOT NULL
);
CREATE OR REPLACE FUNCTION team_identity_record() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    INSERT INTO team_identity_owner (identity_id, db_role) VALUES (NEW.id, session_user);
    RETURN NEW;
END
$fn$;
CREATE OR REPLACE FUNCTION team_identity_guard() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    owner text;
BEGIN
    IF pg_has_role(session_user, 'reedesk_admin', 'MEMBER')
       OR session_user = (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'identity') THEN
        RETURN NEW;
    END IF;
    SELECT db_role INTO owner FROM team_identity_owner WHERE identity_id = OLD.id;
    IF owner IS DISTINCT FROM session_user THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE =
            format('%s may not change the identity %s (%s): it belongs to %s; only its owner or an admin may retire or rotate it',
                   session_user, OLD.name, left(OLD.key_id, 16), coalesce(owner, 'the desk from before team init'));
    END IF;
    RETURN NEW;
END
$fn$;
DROP TRIGGER IF EXISTS team_identity_record ON identity;
DROP TRIGGER IF EXISTS team_identity_guard ON identity;
CREATE TRIGGER team_identity_record AFTER INSERT ON identity FOR EACH ROW EXECUTE FUNCTION team_identity_record();
CREATE TRIGGER team_identity_guard BEFORE UPDATE ON identity FOR EACH ROW EXECUTE FUNCTION team_identity_guard();
REVOKE ALL ON FUNCTION team_identity_record() FROM PUBLIC;
REVOKE ALL ON FUNCTION team_identity_guard() FROM PUBLIC;
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
        "REVOKE ALL ON team_signature_role, team_desk_setting, team_desk_setting_change FROM reedesk_preparer, reedesk_approver",
        "GRANT SELECT ON team_signature_role, team_desk_setting, team_desk_setting_change TO reedesk_auditor, reedesk_preparer",
        "GRANT UPDATE ON team_desk_setting TO reedesk_admin",
        "REVOKE ALL ON team_head_certificate, team_head_role, team_identity_owner FROM reedesk_preparer, reedesk_approver",
        "GRANT SELECT ON team_head_certificate, team_head_role, team_identity_owner TO reedesk_auditor, reedesk_preparer",
        "GRANT INSERT ON team_head_certificate TO reedesk_admin",
        "GRANT USAGE ON SEQUENCE team_head_certificate_id_seq TO reedesk_admin",
        # Revocations of head-key certificates (migration 0006, reedesk.services.team_revoke; TEAMCERT's lines).
        "REVOKE ALL ON team_head_revocation FROM reedesk_preparer, reedesk_approver",
        "GRANT SELECT ON team_head_revocation TO reedesk_auditor, reedesk_preparer",
        "GRANT INSERT ON team_head_revocation TO reedesk_admin",
        "GRANT USAGE ON SEQUENCE team_head_revocation_id_seq TO reedesk_admin",
        # The auditor may take the `pg_dump` backup (docs/team.md): it reads every sequence's value. SELECT on a
        # sequence allows currval and reading last_value only, never nextval or setval.
        "GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO reedesk_auditor",
    ]
    return out


def _tables() -> list[str]:
    import reedesk.store.models  # noqa: F401
    from sqlmodel import SQLModel

    return sorted(SQLModel.metadata.tables)


def _driver_error() -> type[BaseException]:
    import psycopg

    return psycopg.Error


def init_team(url: str, home: Path | None = None) -> TeamInit:
    """Create (or bring up to date) the team desk at ``url``: schema, roles, grants, four-eyes guards,
    head-key certificates; and record the desk key, made in ``home`` (default ``REEDESK_HOME``) if the
    trail has none yet — the person running this holds the desk key (the admin)."""
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
                cursor.execute(_HEAD_KEYS)
                cursor.execute(_OWNERS)
            finally:
                cursor.close()
            for statement in _statements(name):
                connection.exec_driver_sql(statement)
        from reedesk.paths import private_folder, reedesk_home
        from reedesk.services.desk import Desk, attach_head_signer

        attach_head_signer(Desk(home=private_folder(Path(home)) if home is not None else reedesk_home(), db=database))
    except (sa.exc.DBAPIError, _driver_error()) as exc:  # the raw cursor's statements raise psycopg's own errors
        reason = getattr(exc, "orig", None) or exc
        if getattr(reason, "sqlstate", None) == "42501":  # e.g. an admin (not the owner) running team init
            raise ReedeskError.coded("team_init_needs_owner", where=database.where,
                                     role=sa.engine.make_url(url).username or "?") from None
        raise ReedeskError.coded("team_team_desk_could_set", where=database.where, value=str(reason).strip().splitlines()[0]) from None
    finally:
        database.dispose()
    return TeamInit(url=database.where, created_roles=tuple(created))


def add_user(url: str, name: str, role: str, *, password: str | None = None) -> None:
    """Create the PostgreSQL login ``name`` as a member of ``reedesk_<role>`` (preparer, approver, admin, auditor)."""
    group = role if role.startswith("reedesk_") else f"reedesk_{role}"
    if group not in ROLES:
        raise ReedeskError.coded("team_team_role_choose_preparer", role=role)
    if not _NAME.match(name):
        raise ReedeskError.coded("team_database_user_name_use", name=name)
    from reedesk.store.team import create_team_engine

    engine = create_team_engine(url)
    try:
        with engine.begin() as connection:
            exists = connection.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
            if exists:
                raise ReedeskError.coded("team_database_user_already_exists", name=name)
            connection.exec_driver_sql(f"CREATE ROLE {name} LOGIN IN ROLE {group}")
            if password:  # a utility statement takes no bound parameters: a quoted literal
                quoted = "'" + password.replace("'", "''") + "'"
                cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
                try:
                    cursor.execute(f"ALTER ROLE {name} PASSWORD {quoted}")
                finally:
                    cursor.close()
    except sa.exc.DBAPIError as exc:
        raise ReedeskError.coded("team_user_could_created_run", name=name, value=str(exc.orig).strip().splitlines()[0]) from None
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
        raise ReedeskError.coded("team_file_name_desk_s", source=source)
    _refuse_foreign_file(source)
    home = Path(home) if home is not None else source.parent
    old = Database(source)
    target = open_team_database(url)
    rows: dict[str, int] = {}
    try:
        with target.engine.begin() as out:
            if out.execute(sa.text("SELECT to_regclass('team_signature_role')")).scalar() is not None:
                raise ReedeskError.coded("team_reedesk_team_init_already", where=target.where)
            if out.execute(sa.text("SELECT count(*) FROM audit_event")).scalar_one():
                raise ReedeskError.coded("team_team_database_already_holds", where=target.where)
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
        # The copy is verified as it arrived, before the move is signed: a copy that does not verify is
        # removed again (else the server kept a desk that "did not verify", a second move was refused as
        # "already holds a desk", and the move's checkpoint in this folder made the old desk look rolled back).
        arrived = audit.verify_audit(desk)
        if not arrived.ok:
            with target.engine.begin() as out:
                names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
                out.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            raise ReedeskError.coded("team_moved_desk_did_not_verify", where=target.where, problem=arrived.problem, source=source)
        with target.unit_of_work() as session:
            record_event(session, action="team_migrate", entity_type="desk", entity_id=str(source.resolve()),
                         after={"to": target.where, "rows": rows})
        report = audit.verify_audit(desk, rerun=False)  # the rules were re-run on arrival just above
        if not report.ok:
            raise ReedeskError.coded("team_moved_desk_did_not_verify", where=target.where, problem=report.problem, source=source)
        events = audit.count_audit_events(desk)
    except sa.exc.DBAPIError as exc:
        raise ReedeskError.coded("team_desk_could_moved_copied", where=target.where, value=str(exc.orig).strip().splitlines()[0]) from None
    finally:
        old.dispose()
        target.dispose()
    return MoveResult(url=target.where, rows=rows, events=events)


# ----------------------------------------------------------------------------- point 6: head keys

@dataclass(frozen=True)
class Enrolment:
    key_id: str
    fingerprint: str
    public_key: str  # hex, for `reedesk team certify ROLE --public-key HEX`
    path: Path
    created: bool


def enrol(home: Path) -> Enrolment:
    """Make (or show) this person's own head-signing key in ``home`` (``reedesk team enrol``).

    The admin then certifies its public key for the person's database role; until then
    reedesk refuses this person's writes on the team desk with a sentence saying so."""
    from reedesk.audit.team_heads import create_head_key, head_key_path
    from reedesk.signing.keys import fingerprint, key_id_of, raw_public_key

    private, created = create_head_key(Path(home))
    public = raw_public_key(private)
    key_id = key_id_of(public)
    return Enrolment(key_id, fingerprint(key_id), public.hex(), head_key_path(Path(home)), created)


@dataclass(frozen=True)
class Certified:
    id: int
    role: str
    key_id: str
    fingerprint: str
    not_before: str


def certify(desk, role: str, public_key_hex: str) -> Certified:  # type: ignore[no-untyped-def]
    """Certify ``public_key_hex`` as the head key of the database role ``role`` (``reedesk team certify``).

    Run by the admin, who holds the desk key (``desk.home/desk-head-key.pem``): the
    certificate is the desk key's signature over {role, key id, public key, not_before,
    purpose, desk key id}; it is stored in ``team_head_certificate`` (the database lets
    only ``reedesk_admin`` insert there) and recorded as an audit event."""
    from reedesk.audit.desk_key import desk_key_path, recorded_desk_key, unlock_desk_key
    from reedesk.audit.team_heads import CERTIFICATE_TABLE, certificate_document, sign_certificate, team_tables_present
    from reedesk.audit.trail import record_event
    from reedesk.clock import utc_timestamp
    from reedesk.signing.keys import fingerprint, key_id_of

    try:
        public = bytes.fromhex(public_key_hex.strip())
    except ValueError:
        public = b""
    if len(public) != 32:
        raise ReedeskError.coded("team_public_key_must_hex")
    if not _NAME.match(role):
        raise ReedeskError.coded("team_database_user_name_certified", role=role)
    if not desk_key_path(desk.home).exists():
        raise ReedeskError.coded("team_only_desk_s_admin", desk_key_path=desk_key_path(desk.home))
    with desk.db.unit_of_work() as session:
        connection = session.connection()
        if not team_tables_present(connection):
            raise ReedeskError.coded("team_desk_team_desk_reedesk")
        member = connection.execute(sa.text(
            "SELECT pg_has_role(:r, 'reedesk_preparer', 'MEMBER') OR pg_has_role(:r, 'reedesk_auditor', 'MEMBER') "
            "FROM pg_roles WHERE rolname = :r"
        ), {"r": role}).scalar()
        if not member:
            raise ReedeskError.coded("team_person_team_desk_create", role=role)
        recorded = recorded_desk_key(connection)
        if recorded is None:
            raise ReedeskError.coded("team_desk_records_desk_key")
        from reedesk.audit.reasons import recorded as recorded_reason
        from reedesk.services.team_enrol import valid_certificate

        already = valid_certificate(connection, role, key_id_of(public))
        if already is not None:  # a second row would certify nothing new
            raise ReedeskError.coded("team_key_already_certified", role=role, fingerprint=fingerprint(key_id_of(public)),
                                     id=already.id, not_before=already.not_before)
        desk_key = unlock_desk_key(desk.home, recorded)
        assert desk_key.private_key is not None
        not_before = utc_timestamp()
        document = certificate_document(role, public, not_before, recorded.key_id)
        signature = sign_certificate(desk_key.private_key, document)
        try:
            new_id = connection.execute(sa.text(
                f"INSERT INTO {CERTIFICATE_TABLE} (db_role, key_id, public_key, not_before, desk_key_id, signature, certified_by) "
                "VALUES (:role, :key_id, :public, :nb, :desk, :sig, session_user) RETURNING id"
            ), {"role": role, "key_id": key_id_of(public), "public": public.hex(), "nb": not_before,
                "desk": recorded.key_id, "sig": signature}).scalar_one()
        except sa.exc.DBAPIError as exc:
            raise ReedeskError.coded("team_head_key_could_certified", value=str(exc.orig).strip().splitlines()[0]) from None
        record_event(session, action="certify", entity_type="head_key", entity_id=key_id_of(public),
                     after={**document, "certificate_id": new_id, "signature": signature},
                     reason=recorded_reason("head_key_certified", role=role))  # the same English bytes as ever
    return Certified(new_id, role, key_id_of(public), fingerprint(key_id_of(public)), not_before)


# ----------------------------------------------------------------------------- point 5: four eyes, reedesk's own check

@dataclass(frozen=True)
class ApprovalStanding:
    """What the database's four-eyes trigger would decide for the connected role, read before signing."""

    role: str  # session_user: the person's PostgreSQL role, the audit actor
    approver: bool  # a member of reedesk_approver (the trigger's pg_has_role test)
    four_eyes: bool  # the desk's setting
    prepared: bool  # this role signed a preparation (a non-approval) of the determination


def _team_present(connection: sa.Connection) -> bool:
    if connection.dialect.name != "postgresql":
        return False
    return bool(connection.execute(sa.text(
        "SELECT to_regclass('public.team_desk_setting') IS NOT NULL AND to_regrole('reedesk_approver') IS NOT NULL"
    )).scalar())


def approval_standing(connection: sa.Connection, determination_id: int | None) -> ApprovalStanding | None:
    """The connected role's standing for approving ``determination_id`` (None: only the role and setting),
    by the same tests as the ``team_signature_check`` trigger; None on a desk without ``team init``
    (SQLite, or a PostgreSQL desk with no roles), where nothing is checked."""
    if not _team_present(connection):
        return None
    row = connection.execute(sa.text(
        "SELECT session_user::text, pg_has_role(session_user, 'reedesk_approver', 'MEMBER'), "
        "coalesce((SELECT four_eyes FROM team_desk_setting), true), "
        "EXISTS (SELECT 1 FROM team_signature_role WHERE determination_id = :d AND NOT approval AND db_role = session_user)"
    ), {"d": determination_id if determination_id is not None else -1}).one()
    return ApprovalStanding(role=row[0], approver=bool(row[1]), four_eyes=bool(row[2]), prepared=bool(row[3]))


@dataclass(frozen=True)
class FourEyes:
    """The desk's four-eyes setting as ``reedesk team status`` and Settings → Desk show it."""

    on: bool
    role: str  # who is looking (session_user)
    may_change: bool  # a member of reedesk_admin, or the tables' owner
    changed_by: str | None  # the last change as the database recorded it (any way it was made)
    changed_at: str | None
    outside_reedesk: int = 0  # changes the database recorded that have no audit event (an admin's psql UPDATE)


def four_eyes_in(connection: sa.Connection) -> FourEyes | None:
    """The four-eyes setting of the team desk behind ``connection``; None where there is none (no ``team init``)."""
    if not _team_present(connection):
        return None
    on, role, may_change = connection.execute(sa.text(
        "SELECT coalesce((SELECT four_eyes FROM team_desk_setting), true), session_user::text, "
        "pg_has_role(session_user, 'reedesk_admin', 'MEMBER') OR session_user = "
        "(SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'team_desk_setting')"
    )).one()
    changed_by = changed_at = None
    outside = 0
    if connection.execute(sa.text("SELECT to_regclass('public.team_desk_setting_change') IS NOT NULL")).scalar():
        last = connection.execute(sa.text(
            "SELECT db_role, to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC', "
            "(SELECT count(*) FROM team_desk_setting_change) - (SELECT count(*) FROM audit_event "
            " WHERE entity_type = 'setting' AND entity_id = 'four_eyes') "
            "FROM team_desk_setting_change ORDER BY id DESC LIMIT 1"
        )).first()
        if last is not None:
            changed_by, changed_at, outside = last[0], last[1], max(int(last[2]), 0)
    return FourEyes(bool(on), role, bool(may_change), changed_by, changed_at, outside)


def four_eyes(desk) -> FourEyes | None:  # type: ignore[no-untyped-def]
    """The open desk's four-eyes setting (None on a desk that is not a team desk)."""
    if desk.db.dialect != "postgresql":
        return None
    with desk.db.read() as session:
        return four_eyes_in(session.connection())


def set_four_eyes(desk, on: bool, *, reason: str | None = None) -> tuple[FourEyes, bool]:  # type: ignore[no-untyped-def]
    """Turn four eyes on or off for the whole team desk (``reedesk team four-eyes on|off``, Settings → Desk).

    Only an admin may: reedesk says so in one sentence first, and the database refuses anyone
    else's UPDATE anyway (only ``reedesk_admin`` is granted it). The change and the audit event
    ("update", setting ``four_eyes``, before/after ``{"four_eyes": true|false}``) are one unit of work; an unchanged
    value writes nothing. Returns (the setting now, whether it changed)."""
    from reedesk.audit.trail import record_event
    from reedesk.services.events import after_commit

    if desk.db.dialect != "postgresql":
        raise ReedeskError.coded("team_four_eyes_team_desk_only")
    with desk.db.unit_of_work() as session:
        connection = session.connection()
        state = four_eyes_in(connection)
        if state is None:
            raise ReedeskError.coded("team_four_eyes_team_desk_only")
        if not state.may_change:
            raise ReedeskError.coded("team_four_eyes_admin_only", role=state.role)
        if state.on == on:
            return state, False
        connection.execute(sa.text("UPDATE team_desk_setting SET four_eyes = :on"), {"on": on})
        record_event(session, action="update", entity_type="setting", entity_id="four_eyes",
                     before={"four_eyes": state.on}, after={"four_eyes": on}, reason=reason)
        after_commit(session, "settings")
        now = four_eyes_in(connection)
    assert now is not None
    return now, True
