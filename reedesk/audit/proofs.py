"""Inclusion proofs of one dossier's audit events against a signed tree head.

:func:`build_dossier_proofs` runs at export time (it needs the database);
:func:`verify_dossier_proofs` is pure and needs nothing but the proofs document and
public keys, so the evidence-pack verifier can run it offline. The document
(``reedesk.audit-proofs/1``) carries each event's full hashed body, so the verifier
recomputes every hash itself rather than trusting one.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from reedesk.audit.checkpoints import TreeHead, event_leaf_hash, verify_tree_head
from reedesk.audit.merkle import MerkleTree, verify_inclusion
from reedesk.domain.dossier_file import canonical_bytes

PROOFS_FORMAT = "reedesk.audit-proofs/1"
EVENT_FIELDS = (
    "seq", "occurred_at", "actor", "action", "entity_type", "entity_id",
    "dossier_reference", "before", "after", "reason", "prev_hash",
)


def event_document(row: Any) -> dict[str, Any]:
    """An event as carried in proofs: every hashed field plus its ``hash``."""
    doc = {name: getattr(row, name) for name in EVENT_FIELDS}
    doc["hash"] = row.hash
    return doc


def build_dossier_proofs(
    reference: str,
    events: Sequence[Any],
    leaf_hashes: Sequence[bytes],
    head: TreeHead | None,
    head_public_key: bytes | None,
    inclusion: Mapping[int, Sequence[bytes]] | None = None,
) -> dict[str, Any]:
    """The proofs document for ``events`` (rows of one dossier) given all leaf hashes up to ``head``,
    or (``inclusion``, leaf index → proof, from ``reedesk.audit.merkle_store.inclusion_proofs``)
    their proofs already made without the whole trail; the document is the same either way."""
    covered, pending = [], []
    tree = MerkleTree(leaf_hashes[: head.size]) if head is not None and inclusion is None else None
    for row in events:
        if head is not None and row.seq <= head.size:
            proof = inclusion[row.seq - 1] if inclusion is not None else tree.inclusion_proof(row.seq - 1)  # type: ignore[union-attr]
            covered.append({"event": event_document(row), "leaf_index": row.seq - 1, "inclusion_proof": [p.hex() for p in proof]})
        else:
            pending.append({"event": event_document(row)})
    return {
        "format": PROOFS_FORMAT,
        "dossier_reference": reference,
        "tree_head": head.as_dict() if head is not None else None,
        "public_keys": {head.key_id: head_public_key.hex()} if head is not None and head_public_key is not None else {},
        "events": covered,
        "events_after_head": pending,
    }


@dataclass
class ProofsResult:
    """Outcome of an offline check; ``problems`` are sentences for the reviewer."""

    ok: bool
    events_verified: int = 0
    events_after_head: int = 0
    tree_head: TreeHead | None = None
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.ok:
            return (
                f"{self.events_verified} audit events of this dossier are included in the signed tree head "
                f"of {self.tree_head.signed_at if self.tree_head else '?'} (size {self.tree_head.size if self.tree_head else '?'})."
            )
        return self.problems[0] if self.problems else "The audit proofs are not valid."


def _event_hash(doc: Mapping[str, Any]) -> str:
    body = {name: doc.get(name) for name in EVENT_FIELDS}
    return hashlib.sha256(bytes.fromhex(str(body["prev_hash"])) + canonical_bytes(body)).hexdigest()


def verify_dossier_proofs(proofs: Mapping[str, Any], public_keys: Mapping[str, bytes] | None = None) -> ProofsResult:
    """Check a proofs document offline: the head's signature, each event's hash, each inclusion proof.

    ``public_keys`` (key id → raw bytes) are the keys the reviewer trusts; without them
    the keys embedded in the document are used (that proves integrity, not identity).
    """
    result = ProofsResult(ok=True)

    def fail(message: str) -> None:
        result.ok = False
        result.problems.append(message)

    if not isinstance(proofs, Mapping) or proofs.get("format") != PROOFS_FORMAT:
        fail(f"The audit proofs are not a {PROOFS_FORMAT} document.")
        return result
    keys: dict[str, bytes] = {}
    try:
        if public_keys is None:
            keys = {k: bytes.fromhex(v) for k, v in (proofs.get("public_keys") or {}).items()}
        else:
            keys = dict(public_keys)
    except (ValueError, AttributeError, TypeError):
        fail("The audit proofs carry a malformed public key.")
        return result
    head_data = proofs.get("tree_head")
    if head_data is None:
        fail("The audit proofs carry no signed tree head.")
        return result
    try:
        head = TreeHead.from_dict(head_data)
        root = bytes.fromhex(head.root_hash)
        base64.b64decode(head.signature, validate=True)
    except (KeyError, ValueError, TypeError):
        fail("The signed tree head in the audit proofs is malformed.")
        return result
    result.tree_head = head
    reason = verify_tree_head(head, keys)
    if reason:
        fail(f"The signed tree head of {head.signed_at} is not valid: {reason}.")
    for index, entry in enumerate(proofs.get("events") or []):
        try:
            doc = entry["event"]
            seq = doc["seq"]
            leaf_index = int(entry["leaf_index"])
            path = [bytes.fromhex(p) for p in entry["inclusion_proof"]]
            recomputed = _event_hash(doc)
        except (KeyError, ValueError, TypeError):
            fail(f"Audit proof {index + 1} is malformed.")
            continue
        if recomputed != doc.get("hash"):
            fail(f"Audit event {seq} was changed: its hash does not match its content.")
            continue
        if leaf_index != seq - 1:
            fail(f"Audit event {seq} is proved at the wrong position ({leaf_index + 1}).")
            continue
        if not verify_inclusion(event_leaf_hash(recomputed), leaf_index, head.size, path, root):
            fail(f"Audit event {seq} is not included in the signed tree head of {head.signed_at}.")
            continue
        result.events_verified += 1
    for entry in proofs.get("events_after_head") or []:
        doc = entry.get("event") if isinstance(entry, Mapping) else None
        if not isinstance(doc, Mapping) or _safe_hash(doc) != doc.get("hash"):
            fail(f"Audit event {doc.get('seq') if isinstance(doc, Mapping) else '?'} (after the tree head) was changed.")
        else:
            result.events_after_head += 1
    return result


def _safe_hash(doc: Mapping[str, Any]) -> str | None:
    try:
        return _event_hash(doc)
    except (ValueError, TypeError):
        return None
