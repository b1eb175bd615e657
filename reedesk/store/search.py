"""Substring search over dossier reference, product name and client name.

What a search means is fixed by the ``LIKE`` filter the browser always had: a dossier
matches when the (stripped) text occurs in one of the three fields, ignoring ASCII
case. ``LIKE '%…%'`` has to read every row, so migration 0002 adds ``dossier_search``,
an FTS5 table with the ``trigram`` tokenizer kept in step by triggers. It finds the
candidates from its index; the ``LIKE`` is then applied to those few rows only, so
the results are exactly the ``LIKE`` results (the trigram tokenizer also folds
non-ASCII case, which ``LIKE`` does not: the index may only over-select).

Text shorter than three characters has no trigram to look up, so it falls back to
the plain ``LIKE`` scan (a one- or two-letter filter matches much of the desk anyway).
See docs/architecture.md, "Search".
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

SEARCH_TABLE = "dossier_search"  # same name as in db/versions/0002_dossier_search.py
MIN_INDEXED_LENGTH = 3  # the trigram tokenizer cannot match anything shorter

_search = sa.table(SEARCH_TABLE, sa.column("rowid"))


def is_search_table(name: str | None) -> bool:
    """The FTS table and its shadow tables (``dossier_search_data`` …): an index, not part
    of models.py, so the models-versus-migrations comparison leaves them out."""
    return bool(name) and (name == SEARCH_TABLE or name.startswith(SEARCH_TABLE + "_"))  # type: ignore[union-attr]


def normalise_search(text: str | None) -> str | None:
    """The text a search is for, or ``None`` for "no filter".

    Surrounding spaces are ignored (as before). Characters SQLite cannot take in a
    LIKE pattern are dropped rather than raising: NUL (C strings end there) and lone
    surrogates (not encodable as UTF-8; a Qt line edit can hand one over).
    """
    if text is None:
        return None
    cleaned = text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "").strip()
    return cleaned or None


def fts_phrase(text: str) -> str:
    """``text`` as one FTS5 phrase: inside double quotes everything is literal except
    the quote itself, which is doubled. No operator, column filter or ``*`` survives."""
    return '"' + text.replace('"', '""') + '"'


def like_condition(text: str, columns: list[Any]) -> ColumnElement[bool]:
    """The reference semantics: ``text`` occurs in any column, ASCII case ignored,
    with ``%``, ``_`` and the escape character taken literally."""
    return sa.or_(*(column.icontains(text, autoescape=True) for column in columns))


def uses_index(text: str) -> bool:
    return len(text) >= MIN_INDEXED_LENGTH


def search_condition(text: str, row_id: Any, columns: list[Any], *, use_index: bool = True) -> ColumnElement[bool]:
    """WHERE clause selecting the rows (``row_id`` = dossier.id) whose ``columns`` contain ``text``.

    ``text`` must come from :func:`normalise_search`. With ``use_index`` (and at least
    three characters) the FTS index narrows the rows first; the LIKE check on those
    rows keeps the results identical to a plain scan.
    """
    condition = like_condition(text, columns)
    if use_index and uses_index(text):
        candidates = sa.select(_search.c.rowid).where(sa.literal_column(SEARCH_TABLE).op("MATCH")(fts_phrase(text)))
        condition = sa.and_(row_id.in_(candidates), condition)
    return condition


def rebuild_search_index(connection: Connection) -> int:
    """Refill ``dossier_search`` from ``dossier`` and ``client`` (after raw bulk loads
    with the triggers bypassed, or if the index were ever suspected). Returns the row count."""
    connection.exec_driver_sql(f"DELETE FROM {SEARCH_TABLE}")
    connection.exec_driver_sql(
        f"INSERT INTO {SEARCH_TABLE} (rowid, reference, product_name, client_name) "
        "SELECT dossier.id, dossier.reference, dossier.product_name, client.name "
        "FROM dossier LEFT JOIN client ON client.id = dossier.client_id"
    )
    return int(connection.exec_driver_sql(f"SELECT count(*) FROM {SEARCH_TABLE}").scalar_one())
