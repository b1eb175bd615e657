"""Use cases on the audit trail: list events, verify the trail, prove a dossier's events.

Reading only: nothing here writes. Services that change data append events themselves
(``reedesk.audit.trail.append_event``) in their own unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from sqlalchemy import func
from sqlmodel import select

from reedesk.audit.checkpoints import event_leaf_hashes, latest_tree_head
from reedesk.audit.merkle import MerkleTree, consistency_proof_hashes, root_of_hashes
from reedesk.audit.proofs import ProofsResult, build_dossier_proofs
from reedesk.audit.proofs import verify_dossier_proofs as _verify_dossier_proofs
from reedesk.audit.trail import decode_value
from reedesk.audit.verify import ChainReport, Progress, known_public_keys, verify_chain
from reedesk.errors import NotFound, ReedeskError
from reedesk.services.desk import Desk
from reedesk.store.models import AuditEventRow, DossierRow

__all__ = [
    "AuditEntry", "ChainReport", "ProofsResult", "KNOWN_ACTIONS", "audit_log", "check_log_filter", "count_audit_events", "verify_audit",
    "proofs_for_dossier", "verify_dossier_proofs", "inclusion_proof_for_event", "consistency_between",
]


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    occurred_at: str
    actor: str
    action: str
    entity_type: str
    entity_id: str
    dossier_reference: str | None
    before: Any
    after: Any
    reason: str | None
    hash: str


def _entry(row: AuditEventRow) -> AuditEntry:
    return AuditEntry(
        row.seq, row.occurred_at, row.actor, row.action, row.entity_type, row.entity_id,  # type: ignore[arg-type]
        row.dossier_reference, decode_value(row.before), decode_value(row.after), row.reason, row.hash,
    )


# Key events are recorded with verbs like every other event (``create``/``retire`` of an
# ``identity``, ``trust`` of a ``trusted_key``); the filter ``action="key"`` selects them all.
KEY_ENTITY_TYPES = ("identity", "trusted_key")


# Every action reedesk records (plus "key", the filter for all key events).
KNOWN_ACTIONS = (
    "create", "update", "import", "archive", "restore", "delete", "evaluate", "sign", "export", "export_failed",
    "retire", "trust", "key",
)


def check_log_filter(desk: Desk, dossier_reference: str | None = None, action: str | None = None) -> None:
    """Refuse a filter that cannot match because it names nothing that exists.

    A misspelt reference or action would otherwise print "no events" and exit 0, which
    reads like "nothing happened". A deleted dossier still has events, so a reference
    is accepted when the dossier exists or the trail mentions it.
    """
    with desk.db.unit_of_work() as session:
        if action is not None:
            recorded = set(session.exec(select(AuditEventRow.action).distinct()))
            if action not in KNOWN_ACTIONS and action not in recorded:
                raise ReedeskError(f"There is no audit action {action!r}; choose one of {', '.join(KNOWN_ACTIONS)}.")
        if dossier_reference is not None:
            exists = session.exec(select(DossierRow.id).where(DossierRow.reference == dossier_reference)).first()
            mentioned = session.exec(
                select(AuditEventRow.seq).where(AuditEventRow.dossier_reference == dossier_reference).limit(1)
            ).first()
            if exists is None and mentioned is None:
                raise NotFound(
                    f"No dossier has the reference {dossier_reference!r}, and the audit trail never mentions it; "
                    "`reedesk list --archived` shows the stored ones."
                )


def _filtered(query: Any, dossier_reference: str | None, action: str | None) -> Any:
    if dossier_reference is not None:
        query = query.where(AuditEventRow.dossier_reference == dossier_reference)
    if action == "key":
        query = query.where(AuditEventRow.entity_type.in_(KEY_ENTITY_TYPES))  # type: ignore[attr-defined]
    elif action is not None:
        query = query.where(AuditEventRow.action == action)
    return query


def audit_log(
    desk: Desk,
    dossier_reference: str | None = None,
    action: str | None = None,
    offset: int = 0,
    limit: int | None = None,
    *,
    newest_first: bool = False,
) -> list[AuditEntry]:
    """One page of events, oldest first unless ``newest_first`` (the GUI pages lazily)."""
    query = _filtered(select(AuditEventRow), dossier_reference, action)
    query = query.order_by(AuditEventRow.seq.desc() if newest_first else AuditEventRow.seq).offset(offset)  # type: ignore[union-attr]
    if limit is not None:
        query = query.limit(limit)
    with desk.db.unit_of_work() as session:
        return [_entry(r) for r in session.exec(query)]


def count_audit_events(desk: Desk, dossier_reference: str | None = None, action: str | None = None) -> int:
    query = _filtered(select(func.count()).select_from(AuditEventRow), dossier_reference, action)
    with desk.db.unit_of_work() as session:
        return int(session.exec(query).one())


def verify_audit(desk: Desk, progress: Progress | None = None) -> ChainReport:
    """Recompute the whole trail, re-hash every stored record against it, and check every
    signature (``reedesk audit verify``).

    ``progress(done, total)`` reports events read, for the GUI's progress dialog. A
    signature that no longer verifies (its determination was changed in the file, say)
    makes the report fail too, after any chain problem.
    """
    from reedesk.audit.verify import verify_records
    from reedesk.services.signing import verify_all_signatures

    report = verify_chain(desk, progress)
    with desk.db.unit_of_work() as session:
        verify_records(session, report)
    verdicts = verify_all_signatures(desk)
    report.signatures_checked = len(verdicts)
    for verdict in verdicts:
        if not verdict.ok:
            sig = verdict.signature
            report.add_problem(
                f"Signature {sig.id} on determination {sig.determination_id} ({sig.signer_name}, \"{sig.meaning}\") "
                f"is not valid: {verdict.reason}"
            )
    return report


def proofs_for_dossier(desk: Desk, reference: str) -> dict[str, Any]:
    """The dossier's events with inclusion proofs against the latest signed tree head.

    The evidence pack embeds this document together with the head signer's public key;
    :func:`verify_dossier_proofs` checks it offline. Events newer than the head are
    listed under ``events_after_head`` (their hashes are still checked).
    """
    with desk.db.unit_of_work() as session:
        return proofs_for_dossier_in(session, reference)


def proofs_for_dossier_in(session: Any, reference: str) -> dict[str, Any]:
    """:func:`proofs_for_dossier` inside the caller's unit of work (export builds the pack
    in the same transaction that records its export event and head)."""
    if session.exec(select(DossierRow.id).where(DossierRow.reference == reference)).first() is None:
        raise NotFound(f"No dossier has the reference {reference!r}; `reedesk list` shows the stored ones.")
    events = list(
        session.exec(select(AuditEventRow).where(AuditEventRow.dossier_reference == reference).order_by(AuditEventRow.seq))  # type: ignore[arg-type]
    )
    head = latest_tree_head(session)
    leaves = event_leaf_hashes(session, head.size) if head is not None else []
    key = known_public_keys(session).get(head.key_id) if head is not None else None
    return build_dossier_proofs(reference, events, leaves, head, key)


def inclusion_proof_for_event(desk: Desk, seq: int, size: int | None = None) -> dict[str, Any]:
    """Inclusion proof of event ``seq`` in the tree of the first ``size`` events (default: the latest head).

    Returns ``{"seq", "leaf_index", "tree_size", "root_hash", "leaf_hash", "inclusion_proof": [hex]}``.
    """
    with desk.db.unit_of_work() as session:
        if size is None:
            head = latest_tree_head(session)
            if head is None:
                raise ReedeskError("No signed tree head exists yet; sign a determination or export a pack first.")
            size = head.size
        leaves = event_leaf_hashes(session, size)
    if not 1 <= seq <= len(leaves) or size > len(leaves):
        raise NotFound(f"Audit event {seq} is not among the first {size} events (the trail has {len(leaves)} there).")
    tree = MerkleTree(leaves)
    return {
        "seq": seq, "leaf_index": seq - 1, "tree_size": size, "root_hash": tree.root().hex(),
        "leaf_hash": leaves[seq - 1].hex(), "inclusion_proof": [p.hex() for p in tree.inclusion_proof(seq - 1)],
    }


def consistency_between(desk: Desk, old_size: int, new_size: int | None = None) -> dict[str, Any]:
    """RFC 6962 consistency proof that the first ``old_size`` events are a prefix of the first ``new_size``.

    A reviewer holding an older tree head (from an earlier pack) checks it against a newer
    one with :func:`reedesk.audit.merkle.verify_consistency`.
    """
    with desk.db.unit_of_work() as session:
        leaves = event_leaf_hashes(session, new_size)
    new_size = len(leaves) if new_size is None else new_size
    if not 0 <= old_size <= new_size <= len(leaves):
        raise ReedeskError(f"Cannot prove {old_size} events consistent with {new_size}; the trail has {len(leaves)}.")
    return {
        "old_size": old_size, "new_size": new_size,
        "old_root": root_of_hashes(leaves[:old_size]).hex(), "new_root": root_of_hashes(leaves).hex(),
        "consistency_proof": [p.hex() for p in consistency_proof_hashes(old_size, new_size, leaves)],
    }


def verify_dossier_proofs(proofs: Mapping[str, Any], public_keys: Mapping[str, bytes] | None = None) -> ProofsResult:
    """Pure offline check of :func:`proofs_for_dossier` output (see ``reedesk.audit.proofs``)."""
    return _verify_dossier_proofs(proofs, public_keys)
