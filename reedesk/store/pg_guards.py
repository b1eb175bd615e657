"""The protecting triggers of the migrations, written for PostgreSQL (issue 12, point 2).

The migrations state each guard once, in SQLite's form — ``name``, ``"BEFORE UPDATE
[OF cols] ON table [WHEN condition]"`` and the refusal message — and SQLite gets exactly
that. On PostgreSQL the same guard becomes a PL/pgSQL trigger function of the same name
and a ``FOR EACH ROW`` trigger calling it: the condition moves into the function body
(PostgreSQL's trigger ``WHEN`` cannot hold the sub-queries the tombstone rule needs),
and the refusal is raised with SQLSTATE 23000 (integrity constraint violation), so it
reaches reedesk as the same ``IntegrityError`` → ``WriteRefused`` as on SQLite, and a
``psql`` user sees the same message.

Kept apart from the migration files so that the four migrations translate their
guards the same way; the SQLite text is never touched here.
"""

from __future__ import annotations

import re
from typing import Any

_WHEN = re.compile(
    r"^BEFORE\s+(?P<verb>UPDATE|DELETE)(?:\s+OF\s+(?P<columns>[\w\s,]+?))?\s+ON\s+(?P<table>\w+)(?:\s+WHEN\s+(?P<condition>.+))?$",
    re.DOTALL,
)


def guard_statements(name: str, when: str, message: str) -> list[str]:
    """The PostgreSQL statements creating the guard ``name`` (SQLite form ``when`` + ``message``)."""
    match = _WHEN.match(when.strip())
    if match is None:
        raise ValueError(f"guard {name}: cannot translate {when!r} for PostgreSQL")
    verb, columns, table = match["verb"], match["columns"], match["table"]
    condition = match["condition"] or "TRUE"
    quoted = message.replace("'", "''")
    returned = "OLD" if verb == "DELETE" else "NEW"
    function = (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $guard$\n"
        f"BEGIN\n"
        f"  IF {condition} THEN\n"
        f"    RAISE EXCEPTION USING MESSAGE = '{quoted}', ERRCODE = 'integrity_constraint_violation';\n"
        f"  END IF;\n"
        f"  RETURN {returned};\n"
        f"END\n$guard$"
    )
    of = f" OF {columns}" if columns else ""
    trigger = f"CREATE TRIGGER {name} BEFORE {verb}{of} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
    return [function, trigger]


def drop_statements(name: str, table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]


def table_of(when: str) -> str:
    match = _WHEN.match(when.strip())
    assert match is not None, when
    return match["table"]


def create_guards(op: Any, guards: dict[str, tuple[str, str]]) -> None:
    """Create every guard of a migration on PostgreSQL (``{name: (when, message)}``)."""
    for name, (when, message) in guards.items():
        for statement in guard_statements(name, when, message):
            op.execute(statement)


def drop_guards(op: Any, guards: dict[str, tuple[str, str]]) -> None:
    for name, (when, _message) in guards.items():
        for statement in drop_statements(name, table_of(when)):
            op.execute(statement)


CHANGE_CHANNEL = "reedesk_desk_changed"


def create_change_notification(op: Any) -> None:
    """Every commit that appends audit events notifies ``CHANGE_CHANNEL`` with the newest
    sequence number (issue 12, point 8: open windows refresh when another person changes the
    desk). Every change to a desk appends an event, so this one trigger covers them all;
    PostgreSQL delivers the notification only when the transaction commits."""
    op.execute(
        "CREATE OR REPLACE FUNCTION reedesk_notify_change() RETURNS trigger LANGUAGE plpgsql AS $notify$\n"
        "BEGIN\n"
        f"  PERFORM pg_notify('{CHANGE_CHANNEL}', (SELECT max(seq) FROM audit_event)::text);\n"
        "  RETURN NULL;\n"
        "END\n$notify$"
    )
    op.execute(
        "CREATE TRIGGER reedesk_notify_change AFTER INSERT ON audit_event "
        "FOR EACH STATEMENT EXECUTE FUNCTION reedesk_notify_change()"
    )


def is_postgresql(op: Any) -> bool:
    return op.get_bind().dialect.name == "postgresql"
