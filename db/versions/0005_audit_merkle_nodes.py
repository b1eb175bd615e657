"""audit_merkle_node: stored nodes of the audit trail's Merkle tree; save events record hashes

Issue 13, point 4.

- ``audit_merkle_node`` (``level``, ``idx``, ``hash``): the root of every complete, aligned
  block of 2**level audit events for level ≥ 8 (256 events), so an evidence pack's
  inclusion proofs read a few hundred leaf hashes and O(log n) nodes instead of the whole
  trail (``reedesk.audit.merkle_store``). Derived data: a proof built from it is checked
  against the signed tree head before use, and rebuilt from the events if it fails, so it
  carries no triggers. Filled lazily by the next export.
- No change to ``audit_event``: save events written from now on record the SHA-256 of the
  revision they store (``{"document_in", "revision", "sha256"}``) instead of the document,
  which lives in its ``dossier_revision`` row; older events keep their inline documents,
  so every event hash and every signed tree head stays as it was.

On a team desk (PostgreSQL) the desk's roles, when they exist, may read the table and the
writing roles add to it (``reedesk team init`` grants the same to new desks).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from reedesk.store import pg_guards

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_GRANTS = """
DO $grant$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reedesk_auditor') THEN
        GRANT SELECT ON audit_merkle_node TO reedesk_auditor;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reedesk_preparer') THEN
        GRANT SELECT, INSERT ON audit_merkle_node TO reedesk_preparer;
    END IF;
END
$grant$;
"""


def upgrade() -> None:
    op.create_table('audit_merkle_node',
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('level', 'idx')
    )
    if pg_guards.is_postgresql(op):
        op.execute(_GRANTS)


def downgrade() -> None:
    op.drop_table('audit_merkle_node')
