"""Append events to the hash-chained audit trail.

Each event carries ``prev_hash`` and ``hash = SHA-256(prev_hash ‖ canonical(event))``
where ``canonical`` is RFC 8785 JSON of the event's fields (without ``hash``).
Every service that changes anything calls :func:`append_event` inside its own
unit of work, so the change and its record commit together or not at all.
"""

from __future__ import annotations

import hashlib
import json
from json.encoder import encode_basestring as _encode_string  # the C encoder when available
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from reedesk.audit.heads import mark_pending
from reedesk.clock import current_actor, utc_timestamp
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.store.models import AuditEventRow

GENESIS_HASH = "0" * 64


def event_body(row: AuditEventRow) -> dict[str, Any]:
    """The fields that are hashed: everything but ``hash`` itself."""
    return {
        "seq": row.seq,
        "occurred_at": row.occurred_at,
        "actor": row.actor,
        "action": row.action,
        "entity_type": row.entity_type,
        "entity_id": row.entity_id,
        "dossier_reference": row.dossier_reference,
        "before": row.before,
        "after": row.after,
        "reason": row.reason,
        "prev_hash": row.prev_hash,
    }


def event_hash(prev_hash: str, body: dict[str, Any]) -> str:
    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical_body(body)).hexdigest()


_MAX_SAFE_INT = 2**53 - 1


def canonical_body(body: dict[str, Any]) -> bytes:
    r"""``canonical_bytes(body)`` for an event body, faster.

    An event body is a flat object of strings, integers and nulls with ASCII keys.
    For exactly that shape RFC 8785 is: members sorted by key, no whitespace, numbers
    as integers, strings escaped as ECMAScript's JSON.stringify does (``"``, ``\``,
    ``\b \f \n \r \t``, ``\u00xx`` for the other control characters, everything else
    literal UTF-8), which is exactly what ``json.encoder.encode_basestring`` (the C
    encoder behind ``ensure_ascii=False``) writes. The pure-Python RFC 8785 encoder
    calls back into Python for every quote in ``after`` (a whole dossier document as
    JSON text) and was a fifth of the cost of saving a dossier. Anything else falls back to the reference
    encoder; tests/audit/test_trail.py checks both give the same bytes.
    """
    parts = []
    for key in sorted(body):
        value = body[key]
        if value is None:
            text = "null"
        elif type(value) is str:
            text = _encode_string(value)
        elif type(value) is int and -_MAX_SAFE_INT <= value <= _MAX_SAFE_INT:
            text = str(value)
        else:
            return canonical_bytes(body)
        if not key.isascii():
            return canonical_bytes(body)
        parts.append(f"{_encode_string(key)}:{text}")
    try:
        return ("{" + ",".join(parts) + "}").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: let the reference encoder report it
        return canonical_bytes(body)


def _as_json_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return canonical_bytes(value).decode("utf-8")


_LAST_EVENT = sa.text("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")
_INSERT_EVENT = sa.insert(AuditEventRow.__table__)  # type: ignore[attr-defined]
_CHAIN_LOCK = sa.text("SELECT pg_advisory_xact_lock(:key)")
_DESK_WRITE_LOCK = 0x7265656465736B  # reedesk.store.team.DESK_WRITE_LOCK


def record_event(
    session: Session,
    *,
    action: str,
    entity_type: str,
    entity_id: str,
    dossier_reference: str | None = None,
    before: Any = None,
    after: Any = None,
    reason: str | None = None,
    actor: str | None = None,
    occurred_at: str | None = None,
) -> dict[str, Any]:
    """Record one event and return its stored fields (``hash`` included), without an ORM object.

    This is :func:`append_event` minus building an ``AuditEventRow`` (a fifth of the cost
    of an event): bulk paths such as importing thousands of dossiers call it directly.
    The previous event is read with a plain indexed query on every call rather than
    cached, so a rolled-back savepoint or another writer can never leave a stale
    ``prev_hash``; the ORM's pending objects are flushed first so events keep their
    place after the changes they record, as before.
    """
    session.flush()
    connection = session.connection()
    if connection.dialect.name == "postgresql" and not getattr(connection.engine, "reedesk_locks_at_begin", False):
        # A team desk (issue 12): one chain under many writers. The desk's write lock
        # (reedesk.store.team) is normally held since the unit of work began; taking it
        # again covers any other engine that appends (the team engine says it locks at begin).
        connection.execute(_CHAIN_LOCK, {"key": _DESK_WRITE_LOCK})
    last = connection.execute(_LAST_EVENT).first()
    prev_hash = last[1] if last is not None else GENESIS_HASH
    seq = (last[0] or 0) + 1 if last is not None else 1
    fields: dict[str, Any] = {
        "seq": seq,
        "occurred_at": occurred_at or utc_timestamp(),
        "actor": actor or current_actor(),
        "action": action,
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "dossier_reference": dossier_reference,
        "before": _as_json_text(before),
        "after": _as_json_text(after),
        "reason": reason,
        "prev_hash": prev_hash,
    }
    fields["hash"] = event_hash(prev_hash, fields)  # the same body event_body() gives for the stored row
    connection.execute(_INSERT_EVENT, fields)
    if connection.dialect.name == "postgresql":  # a team desk: our own commit is not "someone else's change"
        from reedesk.services.events import note_own_events

        note_own_events(session, connection.engine, (seq,))
    mark_pending(session)  # the unit of work ends with a head by the desk key (reedesk.audit.heads)
    return fields


def append_event(
    session: Session,
    *,
    action: str,
    entity_type: str,
    entity_id: str,
    dossier_reference: str | None = None,
    before: Any = None,
    after: Any = None,
    reason: str | None = None,
    actor: str | None = None,
    occurred_at: str | None = None,
) -> AuditEventRow:
    """Record one event (``before``/``after`` are JSON-able values or JSON text).

    The event is stored by the time this returns; the row returned is a detached copy
    of what was stored (read it back with a query to have it in the session).
    """
    fields = record_event(
        session, action=action, entity_type=entity_type, entity_id=entity_id, dossier_reference=dossier_reference,
        before=before, after=after, reason=reason, actor=actor, occurred_at=occurred_at,
    )
    return AuditEventRow(**fields)


DOCUMENT_TABLES = ("dossier_revision",)


def document_reference(table: str, number: int, sha256: str) -> str:
    """What a save event records since reedesk 0.2 (issue 13, point 4): where the document
    lives and its SHA-256, not the document itself.

    ``{"document_in": table, "revision": number, "sha256": sha256}`` as RFC 8785 JSON
    (members sorted, so it is byte for byte ``canonical_bytes`` of that dict; see
    tests/audit/test_document_refs.py). The revision row holds the document; the event's
    hash covers its SHA-256, and ``audit verify`` re-hashes the row against it, so an
    edited document is found as before while the document is no longer stored twice.
    Events written by 0.1 (the document inline under ``"document"``) are left as they
    are, so their hashes, and every head signed over them, stay valid.
    """
    if table not in DOCUMENT_TABLES:
        raise ValueError(f"no document table {table!r}")
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a SHA-256 in lower-case hex: {sha256!r}")
    return f'{{"document_in":"{table}","revision":{int(number)},"sha256":"{sha256}"}}'


def decode_value(text: str | None) -> Any:
    return None if text is None else json.loads(text)
