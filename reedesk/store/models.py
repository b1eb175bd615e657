"""SQLModel tables. The schema itself is owned by the Alembic migrations in ``db/``;
``tests/store/test_migrations.py`` proves the two agree.

Timestamps are stored as ISO 8601 UTC text (``2026-11-25T12:00:00.000000Z``) so that
what is hashed into the audit trail is exactly what is stored.
Documents (dossier snapshots, determinations, envelopes) are stored as the JSON
text they were hashed or signed as, never re-serialised.
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class ClientRow(SQLModel, table=True):
    """A consultant's client (or the exporter itself): dossiers belong to one."""

    __tablename__ = "client"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    country: Optional[str] = None
    created_at: str


class DossierRow(SQLModel, table=True):
    """One dossier; its content lives in revisions. The last outcome is kept here
    so the browser can list 100,000 dossiers without reading determinations."""

    __tablename__ = "dossier"
    id: Optional[int] = Field(default=None, primary_key=True)
    reference: str = Field(index=True, unique=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    product_name: Optional[str] = Field(default=None, index=True)
    current_revision: int = 1
    archived: bool = False
    created_at: str
    updated_at: str
    last_outcome: Optional[str] = None
    last_as_of: Optional[str] = None
    signed: bool = False


class DossierRevisionRow(SQLModel, table=True):
    """An immutable revision: the ``reedesk.dossier/1`` document as canonical JSON."""

    __tablename__ = "dossier_revision"
    __table_args__ = (UniqueConstraint("dossier_id", "number", name="uq_dossier_revision_number"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    number: int
    document: str = Field(sa_column=Column(Text, nullable=False))
    sha256: str
    created_at: str
    created_by: str
    reason: Optional[str] = None


class DeterminationRow(SQLModel, table=True):
    """A determination of one revision as of one date; the document is canonical JSON."""

    __tablename__ = "determination"
    id: Optional[int] = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="dossier_revision.id", index=True)
    as_of: str
    outcome: str
    document: str = Field(sa_column=Column(Text, nullable=False))
    sha256: str
    engine_version: str
    created_at: str
    created_by: str


class SignatureRow(SQLModel, table=True):
    """A DSSE envelope signing one determination (several per determination)."""

    __tablename__ = "signature"
    id: Optional[int] = Field(default=None, primary_key=True)
    determination_id: int = Field(foreign_key="determination.id", index=True)
    envelope: str = Field(sa_column=Column(Text, nullable=False))
    key_id: str = Field(index=True)
    signer_name: str
    signer_role: str
    signer_organisation: str
    meaning: str
    signed_at: str


class IdentityRow(SQLModel, table=True):
    """A signing identity on this machine; the private key is an encrypted PKCS#8 file."""

    __tablename__ = "identity"
    id: Optional[int] = Field(default=None, primary_key=True)
    key_id: str = Field(index=True, unique=True)
    name: str
    role: str
    organisation: str
    public_key: str  # raw Ed25519 public key, hex
    private_key_file: Optional[str] = None  # relative to REEDESK_HOME/keys
    created_at: str
    retired_at: Optional[str] = None


class TrustedKeyRow(SQLModel, table=True):
    """Public keys of other people this desk trusts (e.g. a client's reviewer)."""

    __tablename__ = "trusted_key"
    id: Optional[int] = Field(default=None, primary_key=True)
    key_id: str = Field(index=True, unique=True)
    label: str
    public_key: str
    added_at: str


class AuditEventRow(SQLModel, table=True):
    """Append-only, hash-chained audit event. Triggers refuse UPDATE and DELETE."""

    __tablename__ = "audit_event"
    seq: Optional[int] = Field(default=None, primary_key=True)
    occurred_at: str
    actor: str
    action: str = Field(index=True)
    entity_type: str = Field(index=True)  # migration 0003: key and desk-key events are found by it
    entity_id: str
    dossier_reference: Optional[str] = Field(default=None, index=True)
    before: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    after: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    reason: Optional[str] = None
    prev_hash: str
    hash: str


class TreeHeadRow(SQLModel, table=True):
    """A signed RFC 6962 tree head over the audit events (a checkpoint)."""

    __tablename__ = "tree_head"
    id: Optional[int] = Field(default=None, primary_key=True)
    size: int
    root_hash: str
    signed_at: str
    key_id: str
    signature: str
    # The Merkle tree's right edge at this head (JSON list of hex subtree roots, largest
    # first), so the next head is computed from the new events only. A cache: audit
    # verify recomputes every root from the events (migration 0003).
    frontier: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))


class MerkleNodeRow(SQLModel, table=True):
    """A node of the audit trail's RFC 6962 tree over a complete, aligned block of at least
    256 events (migration 0005): derived data that lets an export prove its events without
    reading the whole trail (reedesk.audit.merkle_store; every proof is checked against the
    signed head before use)."""

    __tablename__ = "audit_merkle_node"
    level: int = Field(primary_key=True)  # the subtree covers 2**level events
    idx: int = Field(primary_key=True)  # it covers events idx * 2**level + 1 … (idx + 1) * 2**level
    hash: str  # hex


class RulePackRow(SQLModel, table=True):
    """A rule pack imported by the user (the shipped ones live in resources/rules)."""

    __tablename__ = "rule_pack"
    __table_args__ = (UniqueConstraint("pack_id", "version", name="uq_rule_pack_version"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    pack_id: str = Field(index=True)
    version: str
    sha256: str
    source_text: str = Field(sa_column=Column(Text, nullable=False))
    imported_at: str
    imported_by: str


class SettingRow(SQLModel, table=True):
    """Small user preferences (language, default currency, current identity)."""

    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str


# The licence register's tables live in their own module; importing it here registers them
# on SQLModel.metadata wherever the schema is built (db/env.py, tests/store/test_migrations.py).
from reedesk.store import licence_models as _licence_models  # noqa: E402,F401
