"""Append events to the hash-chained audit trail.

Each event carries ``prev_hash`` and ``hash = SHA-256(prev_hash ‖ canonical(event))``
where ``canonical`` is RFC 8785 JSON of the event's fields (without ``hash``).
Every service that changes anything calls :func:`append_event` inside its own
unit of work, so the change and its record commit together or not at all.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlmodel import Session, select

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
    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical_bytes(body)).hexdigest()


def _as_json_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return canonical_bytes(value).decode("utf-8")


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
    """Record one event (``before``/``after`` are JSON-able values or JSON text)."""
    last = session.exec(select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(1)).first()  # type: ignore[union-attr]
    prev_hash = last.hash if last is not None else GENESIS_HASH
    seq = (last.seq or 0) + 1 if last is not None else 1
    row = AuditEventRow(
        seq=seq,
        occurred_at=occurred_at or utc_timestamp(),
        actor=actor or current_actor(),
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        dossier_reference=dossier_reference,
        before=_as_json_text(before),
        after=_as_json_text(after),
        reason=reason,
        prev_hash=prev_hash,
        hash="",
    )
    row.hash = event_hash(prev_hash, event_body(row))
    session.add(row)
    session.flush()
    return row


def decode_value(text: str | None) -> Any:
    return None if text is None else json.loads(text)
