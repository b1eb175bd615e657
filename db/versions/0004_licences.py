"""licence register, shipments drawn against licences, attachments

Issue 15. ``licence`` (one row per licence number) with immutable
``licence_revision`` rows (the ``reedesk.licence/1`` document as canonical JSON),
``licence_shipment`` (each recorded export, the draw-down of the limits) and
``attachment`` (scanned licences and application documents, stored whole with
their SHA-256, so a backup of the database carries them).

Like migration 0003 for dossiers: revisions and shipments refuse UPDATE, and rows
of these tables may be deleted only while the newest audit event is the recorded
deletion (tombstone) of that licence or attachment — what the retention-checked
delete writes first (Dual-Use Regulations Art. 27: records kept at least 5 years).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from reedesk.store import pg_guards

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_TOMBSTONE = (
    "NOT EXISTS (SELECT 1 FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event) "
    "AND action = 'delete' AND entity_type = '{entity}' AND entity_id = {key})"
)
_LICENCE_NUMBER = "(SELECT number FROM licence WHERE id = OLD.licence_id)"

TRIGGERS = {
    "licence_no_silent_delete": (
        "BEFORE DELETE ON licence WHEN " + _TOMBSTONE.format(entity="licence", key="OLD.number"),
        "licence: DELETE refused without a recorded deletion event",
    ),
    "licence_revision_no_silent_delete": (
        "BEFORE DELETE ON licence_revision WHEN " + _TOMBSTONE.format(entity="licence", key=_LICENCE_NUMBER),
        "licence_revision: DELETE refused without a recorded deletion event",
    ),
    "licence_shipment_no_silent_delete": (
        "BEFORE DELETE ON licence_shipment WHEN " + _TOMBSTONE.format(entity="licence", key=_LICENCE_NUMBER),
        "licence_shipment: DELETE refused without a recorded deletion event",
    ),
    "attachment_no_silent_delete": (
        "BEFORE DELETE ON attachment WHEN " + _TOMBSTONE.format(entity="attachment", key="CAST(OLD.id AS TEXT)"),
        "attachment: DELETE refused without a recorded deletion event",
    ),
    "licence_revision_no_update": ("BEFORE UPDATE ON licence_revision", "licence_revision is immutable: UPDATE refused"),
    "licence_shipment_no_update": ("BEFORE UPDATE ON licence_shipment", "licence_shipment is immutable: UPDATE refused"),
    "attachment_no_update": ("BEFORE UPDATE ON attachment", "attachment is immutable: UPDATE refused"),
}


def upgrade() -> None:
    op.create_table('licence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('current_revision', sa.Integer(), nullable=False),
    sa.Column('holder_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('licence_type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('valid_until', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_licence_number', 'licence', ['number'], unique=True)
    op.create_index('ix_licence_valid_until', 'licence', ['valid_until'], unique=False)
    op.create_table('licence_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('licence_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['licence_id'], ['licence.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('licence_id', 'number', name='uq_licence_revision_number')
    )
    op.create_index('ix_licence_revision_licence_id', 'licence_revision', ['licence_id'], unique=False)
    op.create_table('licence_shipment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('licence_id', sa.Integer(), nullable=False),
    sa.Column('licence_revision', sa.Integer(), nullable=False),
    sa.Column('dossier_reference', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('shipped_on', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('quantity', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('value_amount', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('value_currency', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('usage', sa.Text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['licence_id'], ['licence.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_licence_shipment_licence_id', 'licence_shipment', ['licence_id'], unique=False)
    op.create_index('ix_licence_shipment_dossier_reference', 'licence_shipment', ['dossier_reference'], unique=False)
    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('owner_key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('media_type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_attachment_owner_type', 'attachment', ['owner_type'], unique=False)
    op.create_index('ix_attachment_owner_key', 'attachment', ['owner_key'], unique=False)
    op.create_index('ix_attachment_sha256', 'attachment', ['sha256'], unique=False)
    if pg_guards.is_postgresql(op):  # the same guards as PL/pgSQL triggers (issue 12)
        pg_guards.create_guards(op, TRIGGERS)
        return
    for name, (when, message) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, '{message}'); END")


def downgrade() -> None:
    if pg_guards.is_postgresql(op):
        pg_guards.drop_guards(op, TRIGGERS)
    for name in TRIGGERS if not pg_guards.is_postgresql(op) else ():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for index, table in (('ix_attachment_sha256', 'attachment'), ('ix_attachment_owner_key', 'attachment'),
                         ('ix_attachment_owner_type', 'attachment'),
                         ('ix_licence_shipment_dossier_reference', 'licence_shipment'),
                         ('ix_licence_shipment_licence_id', 'licence_shipment'),
                         ('ix_licence_revision_licence_id', 'licence_revision'),
                         ('ix_licence_valid_until', 'licence'), ('ix_licence_number', 'licence')):
        op.drop_index(index, table_name=table)
    op.drop_table('attachment')
    op.drop_table('licence_shipment')
    op.drop_table('licence_revision')
    op.drop_table('licence')
