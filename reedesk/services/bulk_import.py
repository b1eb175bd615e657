"""Importing a batch of NEW dossiers with a handful of statements instead of ~5 per dossier.

Why: on a team desk every statement is a round trip to the PostgreSQL server (about a
millisecond on a busy machine), so saving dossiers one by one made a single-writer
import on PostgreSQL less than half as fast as on SQLite (issue 12, "Done when"). For a
batch in which every dossier is new, what is stored does not depend on anything but
the batch itself and the chain head, so it is written in bulk:

1. one query for the batch's references already stored (any → the caller saves one by one)
   and the ids of the clients it names;
2. one multi-row INSERT of the new clients, one of the dossiers (both ``RETURNING id`` in
   parameter order), one of the revisions;
3. the audit events — for each dossier in batch order, the creation of its client if
   that client is new, then its import — chained in Python from the chain head read once
   under the desk's write lock, and inserted in one multi-row INSERT.

The rows and events are exactly those :func:`reedesk.services.dossiers.save_in_session`
writes for the same batch (tests/team/test_bulk_import.py compares them field by field),
on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
from typing import Callable, Sequence

import sqlalchemy as sa
from sqlmodel import Session

from reedesk.audit.heads import mark_pending
from reedesk.audit.trail import GENESIS_HASH, document_reference, event_hash
from reedesk.clock import current_actor, utc_timestamp
from reedesk.domain.dossier import Dossier
from reedesk.domain.dossier_file import canonical_bytes, dossier_to_document
from reedesk.store.models import AuditEventRow, ClientRow, DossierRevisionRow, DossierRow

_CLIENTS = ClientRow.__table__  # type: ignore[attr-defined]
_DOSSIERS = DossierRow.__table__  # type: ignore[attr-defined]
_INSERT_CLIENTS = sa.insert(_CLIENTS).returning(_CLIENTS.c.id, sort_by_parameter_order=True)
_INSERT_DOSSIERS = sa.insert(_DOSSIERS).returning(_DOSSIERS.c.id, sort_by_parameter_order=True)
_INSERT_REVISIONS = sa.insert(DossierRevisionRow.__table__)  # type: ignore[attr-defined]
_INSERT_EVENTS = sa.insert(AuditEventRow.__table__)  # type: ignore[attr-defined]
_STORED = sa.select(_DOSSIERS.c.reference).where(_DOSSIERS.c.reference.in_(sa.bindparam("references", expanding=True)))
_KNOWN_CLIENTS = sa.select(_CLIENTS.c.name, _CLIENTS.c.id).where(_CLIENTS.c.name.in_(sa.bindparam("names", expanding=True)))
_LAST_EVENT = sa.text("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")
_CHAIN_LOCK = sa.text("SELECT pg_advisory_xact_lock(:key)")
_DESK_WRITE_LOCK = 0x7265656465736B  # reedesk.store.team.DESK_WRITE_LOCK
_CHUNK = 500  # references per IN (…) lookup


def import_new_dossiers(
    session: Session, dossiers: Sequence[Dossier], *, reason: str | Sequence[str] | None,
    progress: Callable[[int, int], None] | None = None,
) -> list | None:
    """Store every dossier of the batch as a new dossier in bulk, or return None (nothing
    written) when one of them is already stored or is a what-if revision: then the caller
    saves them one by one, which handles revisions, conflicts and their messages.

    ``reason``: one for all, or one per dossier (the files each came from).
    ``progress(done, total)`` is told as each dossier's rows are prepared; raising in it
    (a cancel) stores nothing, as the unit of work rolls back."""
    from reedesk.services import events
    from reedesk.services.dossiers import SaveResult, client_name

    if not dossiers or any(d.scenario for d in dossiers):
        return None
    session.flush()
    connection = session.connection()
    references = [d.reference for d in dossiers]
    for start in range(0, len(references), _CHUNK):
        if connection.execute(_STORED, {"references": references[start:start + _CHUNK]}).first() is not None:
            return None
    names = list(dict.fromkeys(client_name(d) for d in dossiers))
    client_ids: dict[str, int] = {}
    for start in range(0, len(names), _CHUNK):
        client_ids.update({n: i for n, i in connection.execute(_KNOWN_CLIENTS, {"names": names[start:start + _CHUNK]})})

    actor = current_actor()
    new_clients: list[dict] = []
    pending: set[str] = set()
    for dossier in dossiers:
        name = client_name(dossier)
        if name not in client_ids and name not in pending:
            pending.add(name)
            new_clients.append({"name": name, "country": dossier.client.country if dossier.client else None,
                                "created_at": utc_timestamp()})
    if new_clients:
        ids = [row[0] for row in connection.execute(_INSERT_CLIENTS, new_clients)]
        created = {c["name"]: (i, c["country"]) for c, i in zip(new_clients, ids)}
        client_ids.update({name: i for name, (i, _country) in created.items()})
    else:
        created = {}

    reasons = [reason] * len(dossiers) if reason is None or isinstance(reason, str) else list(reason)
    if len(reasons) != len(dossiers):
        raise ValueError("import_new_dossiers: one reason per dossier")
    texts, digests, stamps, dossier_rows = [], [], [], []
    for done, dossier in enumerate(dossiers, 1):
        if progress is not None:
            progress(done, len(dossiers))
        text = canonical_bytes(dossier_to_document(dossier)).decode("utf-8")
        now = utc_timestamp()
        texts.append(text)
        digests.append(hashlib.sha256(text.encode("utf-8")).hexdigest())
        stamps.append(now)
        dossier_rows.append({
            "reference": dossier.reference, "client_id": client_ids[client_name(dossier)],
            "product_name": dossier.product.name if dossier.product else None, "current_revision": 1,
            "archived": False, "created_at": now, "updated_at": now, "last_outcome": None, "last_as_of": None,
            "signed": False,
        })
    dossier_ids = [row[0] for row in connection.execute(_INSERT_DOSSIERS, dossier_rows)]
    connection.execute(_INSERT_REVISIONS, [
        {"dossier_id": dossier_id, "number": 1, "document": text, "sha256": digest, "created_at": now,
         "created_by": actor, "reason": why}
        for dossier_id, text, digest, now, why in zip(dossier_ids, texts, digests, stamps, reasons)
    ])

    if connection.dialect.name == "postgresql" and not getattr(connection.engine, "reedesk_locks_at_begin", False):
        connection.execute(_CHAIN_LOCK, {"key": _DESK_WRITE_LOCK})
    last = connection.execute(_LAST_EVENT).first()
    prev_hash, seq = (last[1], last[0]) if last is not None else (GENESIS_HASH, 0)
    rows: list[dict] = []

    def add(**fields: object) -> None:
        nonlocal prev_hash, seq
        seq += 1
        body = {"seq": seq, "occurred_at": utc_timestamp(), "actor": actor, "before": None, "dossier_reference": None,
                "reason": None, **fields, "prev_hash": prev_hash}
        body["hash"] = event_hash(prev_hash, body)
        prev_hash = body["hash"]
        rows.append(body)

    announced: set[str] = set()
    for dossier, digest, why in zip(dossiers, digests, reasons):
        name = client_name(dossier)
        if name in created and name not in announced:
            announced.add(name)
            client_id, country = created[name]
            add(action="create", entity_type="client", entity_id=str(client_id),
                after=canonical_bytes({"name": name, "country": country}).decode("utf-8"))
        add(action="import", entity_type="dossier", entity_id=dossier.reference, dossier_reference=dossier.reference,
            after=document_reference("dossier_revision", 1, digest), reason=why)
    connection.execute(_INSERT_EVENTS, rows)
    if connection.dialect.name == "postgresql":  # a team desk: our own commit is not "someone else's change"
        events.note_own_events(session, connection.engine, (r["seq"] for r in rows))
    mark_pending(session)  # the unit of work ends with a signed tree head
    events.after_commit(session, "dossier", references)
    return [SaveResult(d.reference, 1, changed=True) for d in dossiers]
