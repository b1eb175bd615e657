"""dossier search index (FTS5 trigram)

The dossier browser searches reference, product name and client name for a
substring. ``LIKE '%…%'`` reads every dossier (~370 ms, twice, at 100,000); an FTS5
table with the ``trigram`` tokenizer answers substring queries of three or more
characters from an index. It indexes the two per-dossier fields; client names are
matched in the ``client`` table itself (one row per client, not per dossier: a
name shared by 98,000 dossiers is found once and they are then read by the
``client_id`` index). The table is an index, not a record: triggers on ``dossier``
keep it in step and ``reedesk.store.search.rebuild_search_index`` can always refill
it. See docs/architecture.md, "Search".

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# A migration is frozen history, so it does not import reedesk.store.search; that
# module names the same table and tests/store/test_search.py checks they agree.
SEARCH_TABLE = "dossier_search"

# rowid of the search row = dossier.id.
_ROW = f"INSERT INTO {SEARCH_TABLE} (rowid, reference, product_name) VALUES (NEW.id, NEW.reference, NEW.product_name);"
TRIGGERS = {
    "dossier_search_after_insert": ("AFTER INSERT ON dossier", _ROW),
    "dossier_search_after_update": (
        "AFTER UPDATE OF id, reference, product_name ON dossier",
        f"DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id; {_ROW}",
    ),
    "dossier_search_after_delete": ("AFTER DELETE ON dossier", f"DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id;"),
}


# PostgreSQL (issue 12): no FTS5 there. pg_trgm's GIN indexes serve the same substring
# search (reedesk.store.search compiles the candidate test per dialect).
PG_INDEXES = {
    "ix_dossier_reference_trgm": ("dossier", "reference"),
    "ix_dossier_product_name_trgm": ("dossier", "product_name"),
    "ix_client_name_trgm": ("client", "name"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, (table, column) in PG_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON {table} USING gin ({column} gin_trgm_ops)")
        return
    op.execute(
        f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5("
        "reference, product_name, tokenize = 'trigram case_sensitive 0')"
    )
    for name, (when, body) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")
    # Existing desks: index every dossier already stored.
    op.execute(
        f"INSERT INTO {SEARCH_TABLE} (rowid, reference, product_name) SELECT id, reference, product_name FROM dossier"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in PG_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
