"""The dossier browser's first page, the client list and two settings, read with stdlib sqlite3.

Why: the desktop app's start is dominated by importing SQLAlchemy, SQLModel and the
audit machinery (~0.4 s of a 0.8 s start, issue 13 point 5), none of which the first
picture needs. On a SQLite desk whose schema is current the window is built and
painted from these reads; the full stack is imported and the desk opened right after
(reedesk/services/deferred_desk.py, reedesk/gui/app.py).

Each function runs the same SQL as its counterpart in :mod:`reedesk.services.dossiers`
and :mod:`reedesk.services.settings` (``list_dossiers`` / ``count_dossiers`` without a
search, ``list_clients``, ``get_setting``) on a read-only connection (``mode=ro`` and
``query_only``: nothing can be written through it); tests/services/test_first_page.py
compares them row for row. A search is not answered here: it goes through the search
indexes of reedesk/store/search.py, which the full stack serves.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from reedesk.errors import ReedeskError
from reedesk.store.schema_version import read_only


@dataclass(frozen=True)
class DossierSummary:
    """One row of the dossier browser."""

    dossier_id: int
    reference: str
    client_name: str
    product_name: str | None
    revision: int
    last_outcome: str | None
    last_as_of: str | None
    signed: bool
    archived: bool
    updated_at: str


# services.dossiers._SUMMARY_COLUMNS and _SORT_COLUMNS, as SQLAlchemy renders them for SQLite.
_COLUMNS = ("dossier.id, dossier.reference, client.name, dossier.product_name, dossier.current_revision, "
            "dossier.last_outcome, dossier.last_as_of, dossier.signed, dossier.archived, dossier.updated_at")
SORT_COLUMNS = {
    "reference": "dossier.reference",
    "client": "client.name",
    "product": "dossier.product_name",
    "outcome": "dossier.last_outcome",
    "as_of": "dossier.last_as_of",
    "signed": "dossier.signed",
    "updated": "dossier.updated_at",
}

# services.settings.DEFAULTS for the settings the window needs before the desk is open
# (tests/services/test_first_page.py keeps the two in step).
SETTING_DEFAULTS = {"language": "en", "unlock_minutes": "15"}


def _where(client: str | None, include_archived: bool) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if not include_archived:
        clauses.append("dossier.archived = 0")
    if client:
        clauses.append("client.name = ?")
        params.append(client)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_dossiers(path: Path, *, client: str | None = None, include_archived: bool = False, sort: str = "reference",
                  descending: bool = False, offset: int = 0, limit: int | None = None) -> list[DossierSummary]:
    """``services.dossiers.list_dossiers`` without a search, on the SQLite file at ``path``."""
    column = SORT_COLUMNS.get(sort)
    if column is None:
        raise ReedeskError.coded("dossiers_sort_choose_one", sort=sort, join=', '.join(SORT_COLUMNS))
    where, params = _where(client, include_archived)
    sql = (f"SELECT {_COLUMNS} FROM dossier JOIN client ON client.id = dossier.client_id{where} "
           f"ORDER BY {column} {'DESC' if descending else 'ASC'}, dossier.id LIMIT ? OFFSET ?")
    params += [-1 if limit is None else int(limit), int(offset)]
    with reading(path) as connection:
        return [DossierSummary(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), bool(r[8]), r[9])
                for r in connection.execute(sql, params)]


def count_dossiers(path: Path, *, client: str | None = None, include_archived: bool = False) -> int:
    """``services.dossiers.count_dossiers`` without a search."""
    where, params = _where(client, include_archived)
    with reading(path) as connection:
        row = connection.execute(f"SELECT count(*) FROM dossier JOIN client ON client.id = dossier.client_id{where}", params).fetchone()
    return int(row[0])


def list_clients(path: Path) -> list[str]:
    """``services.dossiers.list_clients``: every client name, sorted."""
    with reading(path) as connection:
        return [r[0] for r in connection.execute("SELECT client.name FROM client ORDER BY client.name")]


def get_setting(path: Path, key: str) -> str:
    """``services.settings.get_setting`` for the settings in :data:`SETTING_DEFAULTS`."""
    with reading(path) as connection:
        row = connection.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return row[0] if row is not None else SETTING_DEFAULTS[key]


def has_setting(path: Path, key: str) -> bool:
    """Whether ``key`` was ever stored (e.g. that the first-start samples were seeded)."""
    with reading(path) as connection:
        return connection.execute("SELECT 1 FROM setting WHERE key = ?", (key,)).fetchone() is not None


class reading:
    """``with reading(path) as connection``: one short read-only connection, one snapshot (a deferred transaction)."""

    def __init__(self, path: Path):
        self.connection = read_only(path)

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN")
        return self.connection

    def __exit__(self, *_exc: object) -> None:
        try:
            self.connection.rollback()
        finally:
            self.connection.close()
