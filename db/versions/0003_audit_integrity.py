"""audit integrity: no silent DELETE, frozen labels, incremental tree heads

Issue 10, points 1–3 and 6. A person with the SQLite file could delete a dossier,
a determination or a signature row with a plain ``DELETE`` and nothing noticed; and
an identity's name, role, organisation or public key could be rewritten in place.

- Every signed or audited table refuses DELETE. Dossiers, their revisions and their
  determinations may be deleted only while the newest audit event is the recorded
  deletion (tombstone) of that dossier — what ``reedesk delete`` writes first.
  Identities, trusted keys, clients, rule packs and settings are never deleted.
- Revisions and determinations refuse UPDATE of their documents; identities refuse
  UPDATE of their key and labels (retiring only sets ``retired_at``); trusted keys
  refuse UPDATE.
- ``audit_event.entity_type`` is indexed (key events are looked up by it).
- ``tree_head.frontier``: the right edge of the Merkle tree at that head, so the head
  of the next write batch is computed from it and the new events alone instead of
  re-reading the whole trail. It is a cache: ``audit verify`` recomputes every root.

Triggers are a speed bump (whoever can write the file can drop them); ``audit verify``
reports a missing one (``reedesk.audit.integrity.EXPECTED_TRIGGERS`` names the same).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""
from __future__ import annotations

from alembic import op

from reedesk.store import pg_guards

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_TOMBSTONE = (
    "NOT EXISTS (SELECT 1 FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event) "
    "AND action = 'delete' AND entity_type = 'dossier' AND entity_id = {reference})"
)

TRIGGERS = {
    "dossier_no_silent_delete": (
        "BEFORE DELETE ON dossier WHEN " + _TOMBSTONE.format(reference="OLD.reference"),
        "dossier: DELETE refused without a recorded deletion event",
    ),
    "dossier_revision_no_silent_delete": (
        "BEFORE DELETE ON dossier_revision WHEN "
        + _TOMBSTONE.format(reference="(SELECT reference FROM dossier WHERE id = OLD.dossier_id)"),
        "dossier_revision: DELETE refused without a recorded deletion event",
    ),
    "determination_no_silent_delete": (
        "BEFORE DELETE ON determination WHEN "
        + _TOMBSTONE.format(reference=(
            "(SELECT d.reference FROM dossier d JOIN dossier_revision r ON r.dossier_id = d.id WHERE r.id = OLD.revision_id)"
        )),
        "determination: DELETE refused without a recorded deletion event",
    ),
    "identity_no_delete": ("BEFORE DELETE ON identity", "identity: DELETE refused (retire the key instead)"),
    "trusted_key_no_delete": ("BEFORE DELETE ON trusted_key", "trusted_key: DELETE refused"),
    "client_no_delete": ("BEFORE DELETE ON client", "client: DELETE refused"),
    "rule_pack_no_delete": ("BEFORE DELETE ON rule_pack", "rule_pack: DELETE refused"),
    "setting_no_delete": ("BEFORE DELETE ON setting", "setting: DELETE refused"),
    "dossier_revision_no_update": (
        "BEFORE UPDATE OF dossier_id, number, document, sha256 ON dossier_revision",
        "dossier_revision is immutable: UPDATE refused",
    ),
    "determination_no_update": (
        "BEFORE UPDATE OF revision_id, as_of, outcome, document, sha256, engine_version ON determination",
        "determination is immutable: UPDATE refused",
    ),
    "identity_labels_no_update": (
        "BEFORE UPDATE OF key_id, name, role, organisation, public_key, created_at ON identity",
        "identity key and labels are bound by its creation event: UPDATE refused",
    ),
    "trusted_key_no_update": ("BEFORE UPDATE ON trusted_key", "trusted_key: UPDATE refused"),
}


def upgrade() -> None:
    if pg_guards.is_postgresql(op):  # the same guards as PL/pgSQL triggers (issue 12)
        pg_guards.create_guards(op, TRIGGERS)
    else:
        for name, (when, message) in TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, '{message}'); END")
    # Key events (identity, trusted_key, desk_key) are read on every verify and signature
    # check; without this index that meant scanning every dossier event.
    op.execute("CREATE INDEX ix_audit_event_entity_type ON audit_event (entity_type)")
    # Plain ALTER TABLE (not batch mode, which would copy the table and lose its triggers).
    op.execute("ALTER TABLE tree_head ADD COLUMN frontier TEXT")


def downgrade() -> None:
    if pg_guards.is_postgresql(op):
        pg_guards.drop_guards(op, TRIGGERS)
    for name in TRIGGERS if not pg_guards.is_postgresql(op) else ():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("ALTER TABLE tree_head DROP COLUMN frontier")
    op.execute("DROP INDEX IF EXISTS ix_audit_event_entity_type")
