"""team_head_revocation: the desk key's revocations of head-key certificates (team desks)

Issue 12, point 6 (the part left after 0.2's certified head keys). A person who leaves
still holds her head-key file; once the admin revokes her certificate, a head she signs
with it must not count. A revocation is a record signed by the desk key (like the
certificate, ``reedesk.audit.head_revocation``), stored in ``team_head_revocation``:

- the **revocation point** is the server's, not the client's: the row names the newest
  tree head at revocation (``after_head_id`` and the SHA-256 of its signature,
  ``after_head_sha256``) and the server's transaction time (``revoked_at``, ``now()``);
  the BEFORE INSERT trigger refuses a row whose values are not exactly the server's (so
  the desk key's signature over them binds the point the server saw) and stamps
  ``revoked_by`` with ``session_user``. A head's own ``signed_at`` is the writer's clock,
  so ``audit verify`` judges a revoked key's heads by their place in the server's chain
  of heads (``tree_head.id``, chained by ``team_head_role``), never by a time she wrote;
- only a member of ``reedesk_admin`` (or the table's owner) may INSERT; nobody may UPDATE
  or DELETE (grants and triggers); ``reedesk team init`` grants the same to new desks.

PostgreSQL only (guarded): a single-user SQLite desk has one desk key and no certified
head keys, so nothing to revoke; SQLite desks just move to this revision.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
from __future__ import annotations

from alembic import op

from reedesk.store import pg_guards

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# The point is read under the desk's write lock (reedesk.store.team.DESK_WRITE_LOCK), so no
# reedesk writer adds a head between the admin reading it and the row being stored.
_TABLE = """
CREATE TABLE IF NOT EXISTS team_head_revocation (
    id serial PRIMARY KEY,
    certificate_id integer NOT NULL,
    db_role text NOT NULL,
    key_id text NOT NULL,
    desk_key_id text NOT NULL,
    after_head_id integer NOT NULL,
    after_head_sha256 text NOT NULL,
    revoked_at text NOT NULL,
    signature text NOT NULL,
    revoked_by text NOT NULL
);
CREATE OR REPLACE FUNCTION team_head_revocation_insert() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    newest integer;
    newest_signature text;
    server_time text;
BEGIN
    IF session_user IS DISTINCT FROM (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'team_head_revocation') THEN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reedesk_admin') THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE =
                format('%s may not revoke head keys: only a member of reedesk_admin does', session_user);
        END IF;
        IF NOT pg_has_role(session_user, 'reedesk_admin', 'MEMBER') THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE =
                format('%s may not revoke head keys: only a member of reedesk_admin does', session_user);
        END IF;
    END IF;
    PERFORM pg_advisory_xact_lock(32199633495487339);
    SELECT id, signature INTO newest, newest_signature FROM tree_head ORDER BY id DESC LIMIT 1;
    server_time := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
    IF NEW.after_head_id IS DISTINCT FROM coalesce(newest, 0)
       OR NEW.after_head_sha256 IS DISTINCT FROM coalesce(encode(sha256(convert_to(newest_signature, 'UTF8')), 'hex'), '')
       OR NEW.revoked_at IS DISTINCT FROM server_time THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE =
            format('a revocation''s point must be the server''s: its newest tree head (%s) and its time (%s)',
                   coalesce(newest, 0), server_time);
    END IF;
    NEW.revoked_by := session_user;
    RETURN NEW;
END
$fn$;
CREATE OR REPLACE FUNCTION team_head_revocation_frozen() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE =
        'team_head_revocation is append-only: UPDATE and DELETE refused';
END
$fn$;
DROP TRIGGER IF EXISTS team_head_revocation_insert ON team_head_revocation;
DROP TRIGGER IF EXISTS team_head_revocation_frozen ON team_head_revocation;
CREATE TRIGGER team_head_revocation_insert BEFORE INSERT ON team_head_revocation FOR EACH ROW EXECUTE FUNCTION team_head_revocation_insert();
CREATE TRIGGER team_head_revocation_frozen BEFORE UPDATE OR DELETE ON team_head_revocation FOR EACH ROW EXECUTE FUNCTION team_head_revocation_frozen();
REVOKE ALL ON FUNCTION team_head_revocation_insert() FROM PUBLIC;
"""

# A desk where `reedesk team init` already ran: its roles get what init grants new desks.
_GRANTS = """
DO $grant$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reedesk_preparer') THEN
        REVOKE ALL ON team_head_revocation FROM reedesk_preparer;
        GRANT SELECT ON team_head_revocation TO reedesk_preparer;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reedesk_auditor') THEN
        GRANT SELECT ON team_head_revocation TO reedesk_auditor;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reedesk_admin') THEN
        GRANT INSERT ON team_head_revocation TO reedesk_admin;
        GRANT USAGE ON SEQUENCE team_head_revocation_id_seq TO reedesk_admin;
    END IF;
END
$grant$;
"""


def _run(script: str) -> None:
    """Several statements, no parameters: straight to the driver (its '%' and ':' are literal)."""
    cursor = op.get_bind().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(script)
    finally:
        cursor.close()


def upgrade() -> None:
    if pg_guards.is_postgresql(op):
        _run(_TABLE)
        _run(_GRANTS)


def downgrade() -> None:
    if pg_guards.is_postgresql(op):
        op.execute("DROP TABLE IF EXISTS team_head_revocation")
        op.execute("DROP FUNCTION IF EXISTS team_head_revocation_insert()")
        op.execute("DROP FUNCTION IF EXISTS team_head_revocation_frozen()")
