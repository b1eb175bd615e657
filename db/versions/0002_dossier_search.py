"""dossier search index (FTS5 trigram)

The dossier browser searches reference, product name and client name for a
substring. ``LIKE '%…%'`` reads every row (~370 ms twice at 100,000 dossiers);
an FTS5 table with the ``trigram`` tokenizer answers substring queries of three or
more characters from an index. The table is an index, not a record: triggers on
``dossier`` and ``client`` keep it in step, and it can always be rebuilt from them
(``reedesk.store.search.rebuild_search_index``). See docs/architecture.md, "Search".

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

# rowid of the search row = dossier.id. The client name is copied in, so a renamed
# client or a dossier moved to another client updates it.
_CLIENT_NAME = "(SELECT name FROM client WHERE client.id = NEW.client_id)"
TRIGGERS = {
    "dossier_search_after_insert": (
        "AFTER INSERT ON dossier",
        f"INSERT INTO {SEARCH_TABLE} (rowid, reference, product_name, client_name) "
        f"VALUES (NEW.id, NEW.reference, NEW.product_name, {_CLIENT_NAME});",
    ),
    "dossier_search_after_update": (
        "AFTER UPDATE OF id, reference, product_name, client_id ON dossier",
        f"DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id; "
        f"INSERT INTO {SEARCH_TABLE} (rowid, reference, product_name, client_name) "
        f"VALUES (NEW.id, NEW.reference, NEW.product_name, {_CLIENT_NAME});",
    ),
    "dossier_search_after_delete": (
        "AFTER DELETE ON dossier",
        f"DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id;",
    ),
    # A new client has no dossiers yet; its name arrives with its first dossier's
    # INSERT. A deleted client can have none either (the foreign key refuses), but if
    # foreign keys were off the search rows must not outlive the dossiers' client.
    "client_search_after_update": (
        "AFTER UPDATE OF name ON client",
        f"UPDATE {SEARCH_TABLE} SET client_name = NEW.name "
        f"WHERE rowid IN (SELECT id FROM dossier WHERE client_id = NEW.id);",
    ),
    "client_search_after_delete": (
        "AFTER DELETE ON client",
        f"UPDATE {SEARCH_TABLE} SET client_name = NULL "
        f"WHERE rowid IN (SELECT id FROM dossier WHERE client_id = OLD.id);",
    ),
}


def upgrade() -> None:
    op.execute(
        f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5("
        "reference, product_name, client_name, tokenize = 'trigram case_sensitive 0')"
    )
    for name, (when, body) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")
    # Existing desks: index every dossier already stored.
    op.execute(
        f"INSERT INTO {SEARCH_TABLE} (rowid, reference, product_name, client_name) "
        "SELECT dossier.id, dossier.reference, dossier.product_name, client.name "
        "FROM dossier LEFT JOIN client ON client.id = dossier.client_id"
    )


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
