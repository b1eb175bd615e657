"""Signed tree heads (checkpoints) over the audit trail.

A tree head says "the first ``size`` audit events have RFC 6962 root ``root_hash``",
signed at ``signed_at`` by key ``key_id``. One is written at each signature and each
export, inside the same unit of work, so a later deletion of events (a truncation)
or a rewrite of history no longer matches a head that a reviewer may already hold
in an evidence pack. Leaf data of event *i* is its 32-byte chain hash, which itself
covers every field of the event and its predecessor.

The head is signed like everything else: Ed25519 over DSSE's PAE of the canonical
head document, with its own payload type so it can never pass for a determination.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from reedesk.audit.merkle import leaf_hash, root_of_hashes
from reedesk.clock import utc_timestamp
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.signing.dsse import pae

if TYPE_CHECKING:  # the store is imported where a session is used: `reedesk verify` checks heads without it (H5)
    from sqlmodel import Session

    from reedesk.store.models import TreeHeadRow

TREE_HEAD_PAYLOAD_TYPE = "application/vnd.reedesk.tree-head+json"
TREE_HEAD_SCHEMA = "reedesk.tree-head/1"


@dataclass(frozen=True)
class TreeHead:
    size: int
    root_hash: str  # hex
    signed_at: str
    key_id: str
    signature: str  # base64 Ed25519 over PAE(TREE_HEAD_PAYLOAD_TYPE, canonical(document))

    def document(self) -> dict[str, Any]:
        """The signed fields (without the signature)."""
        return head_document(self.size, self.root_hash, self.signed_at, self.key_id)

    def as_dict(self) -> dict[str, Any]:
        return {**self.document(), "signature": self.signature}

    @classmethod
    def from_row(cls, row: TreeHeadRow) -> "TreeHead":
        return cls(row.size, row.root_hash, row.signed_at, row.key_id, row.signature)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "TreeHead":
        return cls(int(data["size"]), str(data["root_hash"]), str(data["signed_at"]), str(data["key_id"]), str(data["signature"]))


def head_document(size: int, root_hash: str, signed_at: str, key_id: str) -> dict[str, Any]:
    return {"schema": TREE_HEAD_SCHEMA, "size": size, "root_hash": root_hash, "signed_at": signed_at, "key_id": key_id}


def event_leaf_hash(event_hash_hex: str) -> bytes:
    """RFC 6962 leaf hash of an audit event (leaf data = its 32-byte chain hash)."""
    return leaf_hash(bytes.fromhex(event_hash_hex))


def sign_tree_head(private_key: Ed25519PrivateKey, key_id: str, size: int, root_hash: str, signed_at: str | None = None) -> TreeHead:
    signed_at = signed_at or utc_timestamp()
    message = pae(TREE_HEAD_PAYLOAD_TYPE, canonical_bytes(head_document(size, root_hash, signed_at, key_id)))
    signature = base64.b64encode(private_key.sign(message)).decode("ascii")
    return TreeHead(size, root_hash, signed_at, key_id, signature)


def verify_tree_head(head: TreeHead, public_keys: Mapping[str, bytes]) -> str | None:
    """None if the head's signature is good, otherwise the reason (one phrase)."""
    raw = public_keys.get(head.key_id)
    if raw is None:
        return _said("head_key_unknown", key=head.key_id[:16])
    from reedesk.signing.dsse import key_matches_id

    if not key_matches_id(raw, head.key_id):
        return _said("head_key_not_its_id", key=head.key_id[:16])
    message = pae(TREE_HEAD_PAYLOAD_TYPE, canonical_bytes(head.document()))
    try:
        _public_key(bytes(raw)).verify(base64.b64decode(head.signature, validate=True), message)
    except (InvalidSignature, ValueError):
        return _said("head_signature_bad")
    return None


def _said(code: str, **params: object) -> str:
    """A reason coded ``[audit_verify.<code>]`` (reedesk.vocabulary.Coded): English as text, `audit verify --language` in Chinese."""
    from reedesk.vocabulary import Coded

    return Coded("audit_verify", code, **params)


@lru_cache(maxsize=64)
def _public_key(raw: bytes) -> Ed25519PublicKey:
    """The key object for ``raw``, made once per key: `audit verify` checks hundreds of heads by one desk key."""
    return Ed25519PublicKey.from_public_bytes(raw)


def event_leaf_hashes(session: Session, size: int | None = None) -> list[bytes]:
    """Leaf hashes of the first ``size`` events (all if None), in sequence order."""
    from sqlmodel import select

    from reedesk.store.models import AuditEventRow

    query = select(AuditEventRow.hash).order_by(AuditEventRow.seq)  # type: ignore[arg-type]
    if size is not None:
        query = query.limit(size)
    return [event_leaf_hash(h) for h in session.exec(query)]


def write_checkpoint(
    session: Session, private_key: Ed25519PrivateKey | None = None, key_id: str | None = None, *, signed_at: str | None = None
) -> TreeHead:
    """Sign and store a tree head over every audit event written so far in ``session``.

    On a desk (``open_desk`` attached its head signer) the head is signed by the **desk
    key** and ``private_key``/``key_id`` are ignored: since reedesk 0.2 only the desk key
    signs heads (issue 10, point 2), and every write batch ends with one anyway
    (``reedesk.audit.heads``); calling this just writes it now. Without a desk (a bare
    database in a test) the given key signs, as in 0.1.
    """
    from reedesk.audit.heads import signer_for, write_desk_head

    if signer_for(session) is not None:
        head = write_desk_head(session, signed_at=signed_at)
        assert head is not None
        return head
    if private_key is None or key_id is None:
        raise ValueError("write_checkpoint needs a key outside a desk")
    from reedesk.store.models import TreeHeadRow

    session.flush()
    hashes = event_leaf_hashes(session)
    head = sign_tree_head(private_key, key_id, len(hashes), root_of_hashes(hashes).hex(), signed_at)
    session.add(TreeHeadRow(size=head.size, root_hash=head.root_hash, signed_at=head.signed_at, key_id=head.key_id, signature=head.signature))
    session.flush()
    return head


def latest_tree_head(session: Session) -> TreeHead | None:
    from sqlmodel import select

    from reedesk.store.models import TreeHeadRow

    row = session.exec(select(TreeHeadRow).order_by(TreeHeadRow.id.desc()).limit(1)).first()  # type: ignore[union-attr]
    return TreeHead.from_row(row) if row is not None else None


def all_tree_heads(session: Session) -> list[TreeHead]:
    from sqlmodel import select

    from reedesk.store.models import TreeHeadRow

    return [TreeHead.from_row(r) for r in session.exec(select(TreeHeadRow).order_by(TreeHeadRow.id))]  # type: ignore[arg-type]


def heads_by_size(heads: Sequence[TreeHead]) -> dict[int, list[TreeHead]]:
    grouped: dict[int, list[TreeHead]] = {}
    for head in heads:
        grouped.setdefault(head.size, []).append(head)
    return grouped
