"""Substring search over dossier reference, product name and client name.

What a search means is fixed by the ``LIKE`` filter the browser always had: a dossier
matches when the (stripped) text occurs in its reference, its product name or its
client's name, ignoring ASCII case (SQLite's ``LIKE``), with ``%`` and ``_`` taken
literally. ``LIKE '%…%'`` must read every row, so:

* reference and product name: migration 0002 adds ``dossier_search``, an FTS5 table
  with the ``trigram`` tokenizer kept in step by triggers. Its index gives the
  candidate dossiers; ``LIKE`` then checks only those, so the results are exactly the
  ``LIKE`` results (the tokenizer also folds non-ASCII case, which ``LIKE`` does not:
  the index may over-select, never miss).
* client name: matched with ``LIKE`` in the ``client`` table, which has one row per
  client rather than per dossier; the dossiers of the matching clients are then read
  through the ``client_id`` index.

Text shorter than three characters has no trigram to look up, so reference and
product fall back to the ``LIKE`` scan. See docs/architecture.md, "Search".
"""

from __future__ import annotations

import string

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from reedesk.store.models import ClientRow, DossierRow

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


LIKE_ESCAPE = "\\"


def like_pattern(text: str) -> str:
    """``%text%`` for ``LIKE … ESCAPE '\\'`` with the text's own ``%``, ``_`` and ``\\`` literal."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return f"%{escaped}%"


def uses_index(text: str) -> bool:
    return len(text) >= MIN_INDEXED_LENGTH


def _fts_candidates(text: str | BindParameter[str]):
    """The FTS rowids matching ``text`` (a search text, or the bound phrase of an :class:`_IndexedCandidate`)."""
    phrase = fts_phrase(text) if isinstance(text, str) else text
    return sa.select(_search.c.rowid).where(sa.literal_column(SEARCH_TABLE).op("MATCH")(phrase))


def _bound(value: str) -> BindParameter[str]:
    return sa.bindparam(None, value, type_=sa.String(), unique=True)


# A team desk on PostgreSQL (issue 12) has no FTS5: migration 0002 gives it pg_trgm GIN
# indexes instead, which serve ILIKE. These two elements compile to exactly the SQLite
# SQL above on SQLite and to the same meaning on PostgreSQL.
#
# Their texts are bound parameters named in ``_traverse_internals``, so SQLAlchemy caches the
# compiled statement of a search and only the parameters change from one search to the next
# (issue 13: compiling the browser's query and the is_broad probes anew took ~3 ms of each
# filter change). Each element binds every text either dialect renders.
class _AsciiLike(ColumnElement[bool]):
    """``column LIKE pattern ESCAPE '\\'`` ignoring ASCII case only, as SQLite's LIKE does."""

    type = sa.Boolean()
    inherit_cache = True
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("pattern", InternalTraversal.dp_clauseelement),
        ("lowered", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column, pattern: str):  # type: ignore[no-untyped-def]
        self.column = column
        self.pattern = _bound(pattern)
        self.lowered = _bound(pattern.translate(_ASCII_LOWER))  # PostgreSQL's ASCII-only fold of the pattern

    def self_group(self, against=None):  # type: ignore[no-untyped-def, override]
        """A LIKE is a truth value already: inside OR/AND it needs no ``= 1`` (SQLAlchemy's wrapping of a
        Boolean-typed element for SQLite), which cost ~2% of a scan's time per row for nothing."""
        return self


class _IndexedCandidate(ColumnElement[bool]):
    """The dossier is a candidate of the search index for ``text`` (may over-select, never miss)."""

    type = sa.Boolean()
    inherit_cache = True
    _traverse_internals = [
        ("phrase", InternalTraversal.dp_clauseelement),
        ("pattern", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, text: str):
        self.text = text
        self.phrase = _bound(fts_phrase(text))  # SQLite: the FTS5 phrase
        self.pattern = _bound(like_pattern(text))  # PostgreSQL: the ILIKE pattern


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


@compiles(_AsciiLike)
def _ascii_like_sqlite(element: _AsciiLike, compiler, **kw):  # type: ignore[no-untyped-def]
    return compiler.process(element.column.like(element.pattern, escape=LIKE_ESCAPE), **kw)


@compiles(_AsciiLike, "postgresql")
def _ascii_like_postgresql(element: _AsciiLike, compiler, **kw):  # type: ignore[no-untyped-def]
    # ILIKE lets the trigram index find candidates; the translate() test then folds ASCII only, like SQLite.
    lowered = sa.func.translate(element.column, string.ascii_uppercase, string.ascii_lowercase)
    condition = sa.and_(
        element.column.ilike(element.pattern, escape=LIKE_ESCAPE),
        lowered.like(element.lowered, escape=LIKE_ESCAPE),
    )
    return compiler.process(condition, **kw)


@compiles(_IndexedCandidate)
def _candidate_sqlite(element: _IndexedCandidate, compiler, **kw):  # type: ignore[no-untyped-def]
    return compiler.process(DossierRow.id.in_(_fts_candidates(element.phrase)), **kw)  # type: ignore[union-attr]


@compiles(_IndexedCandidate, "postgresql")
def _candidate_postgresql(element: _IndexedCandidate, compiler, **kw):  # type: ignore[no-untyped-def]
    pattern = element.pattern
    condition = sa.or_(
        DossierRow.reference.ilike(pattern, escape=LIKE_ESCAPE),  # type: ignore[attr-defined]
        DossierRow.product_name.ilike(pattern, escape=LIKE_ESCAPE),  # type: ignore[union-attr]
    )
    # one term: ANDed with the exact check, a bare "a OR b" would bind as "a OR (b AND exact)"
    return compiler.process(condition.self_group(), **kw)


def _matching_clients(pattern: str):
    return sa.select(ClientRow.id).where(_AsciiLike(ClientRow.name, pattern))


class _IndexedSearch(ColumnElement[bool]):
    """The indexed search: (index candidate AND exact check) OR the dossier's client matches.

    SQLite is given exactly that OR. PostgreSQL is given the same set as ``dossier.id IN (… UNION …)``
    of its two halves: with the OR, the client half is a hashed subplan tested row by row, which keeps the
    planner from a BitmapOr over the trigram indexes and made it read every dossier (through the reference
    index, ~120 ms at 100,000); each half of the UNION has its own index plan (tests/team/test_search_plan.py).
    """

    type = sa.Boolean()
    inherit_cache = True
    _traverse_internals = [
        ("candidate", InternalTraversal.dp_clauseelement),
        ("own", InternalTraversal.dp_clauseelement),
        ("clients", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, text: str, own: ColumnElement[bool], clients):  # type: ignore[no-untyped-def]
        self.candidate = _IndexedCandidate(text)
        self.own = own
        self.clients = clients

    def self_group(self, against=None):  # type: ignore[no-untyped-def, override]
        return sa.Grouping(self)


@compiles(_IndexedSearch)
def _indexed_search_sqlite(element: _IndexedSearch, compiler, **kw):  # type: ignore[no-untyped-def]
    condition = sa.or_(sa.and_(element.candidate, element.own), DossierRow.client_id.in_(element.clients))  # type: ignore[attr-defined]
    return compiler.process(condition, **kw)


@compiles(_IndexedSearch, "postgresql")
def _indexed_search_postgresql(element: _IndexedSearch, compiler, **kw):  # type: ignore[no-untyped-def]
    # correlate(None): the inner ``dossier`` is a table of its own, not the outer query's row
    hits = sa.select(DossierRow.id).where(element.candidate, element.own).correlate(None)
    by_client = sa.select(DossierRow.id).where(DossierRow.client_id.in_(element.clients)).correlate(None)  # type: ignore[attr-defined]
    return compiler.process(DossierRow.id.in_(sa.union(hits, by_client)), **kw)  # type: ignore[union-attr]


# Above this share of the desk, reading the matches one by one through the indexes costs
# more than one pass over the dossier table (~4 µs a match against ~0.6 µs a row).
BROAD_SHARE = 8
BROAD_MINIMUM = 2000


def is_broad(connection: Connection, text: str) -> bool:
    """Whether ``text`` matches so much of the desk that a scan beats the indexes.

    Two probes that stop early (``LIMIT``): the FTS candidates, and the dossiers of the
    matching clients. A few milliseconds at 100,000 dossiers, where following 98,000
    index entries would take ~400 ms and the scan ~60 ms.
    """
    if not uses_index(text):
        return True  # reference and product need the LIKE scan anyway
    largest = connection.execute(sa.select(sa.func.max(DossierRow.id))).scalar() or 0
    limit = max(BROAD_MINIMUM, largest // BROAD_SHARE)

    def more_than_limit(rows) -> bool:
        probe = sa.select(sa.func.count()).select_from(rows.limit(limit + 1).subquery())
        return int(connection.execute(probe).scalar_one()) > limit

    by_client = sa.select(DossierRow.id).where(DossierRow.client_id.in_(_matching_clients(like_pattern(text))))  # type: ignore[attr-defined]
    candidates = _fts_candidates(text)
    if connection.dialect.name == "postgresql":
        candidates = sa.select(DossierRow.id).where(_IndexedCandidate(text))
    return more_than_limit(candidates) or more_than_limit(by_client)


def dossier_search_condition(text: str, *, use_index: bool = True) -> ColumnElement[bool]:
    """WHERE clause on ``dossier`` selecting the dossiers whose reference, product name or
    client name contains ``text`` (from :func:`normalise_search`).

    ``use_index=True`` (pass ``not is_broad(…)``) finds the candidates through the FTS
    index and the ``client_id`` index and checks them with ``LIKE``;
    ``use_index=False`` is one pass over the dossiers (the ``+`` keeps SQLite from
    following the ``client_id`` index for every one of many matches).
    Plain ``LIKE`` rather than ``lower(…) LIKE lower(…)``: SQLite's ``LIKE`` already
    ignores ASCII case, and calling ``lower`` on every row cost a third of the scan.
    """
    pattern = like_pattern(text)
    own: ColumnElement[bool] = sa.or_(_AsciiLike(DossierRow.reference, pattern), _AsciiLike(DossierRow.product_name, pattern))
    clients = _matching_clients(pattern)
    if use_index and uses_index(text):
        return _IndexedSearch(text, own, clients)
    return sa.or_(own, sa.literal_column("+dossier.client_id").in_(clients))


def rebuild_search_index(connection: Connection) -> int:
    """Refill ``dossier_search`` from ``dossier`` (after raw bulk loads
    with the triggers bypassed, or if the index were ever suspected). Returns the row count."""
    connection.exec_driver_sql(f"DELETE FROM {SEARCH_TABLE}")
    connection.exec_driver_sql(
        f"INSERT INTO {SEARCH_TABLE} (rowid, reference, product_name) SELECT id, reference, product_name FROM dossier"
    )
    return int(connection.exec_driver_sql(f"SELECT count(*) FROM {SEARCH_TABLE}").scalar_one())
