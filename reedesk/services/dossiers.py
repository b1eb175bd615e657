"""Use cases on dossiers: save (as a new revision), read, list, and import in bulk.

Revisions are never edited: saving a changed dossier appends revision N+1 and
keeps N readable, so a signature on N stays verifiable. Saving an unchanged
dossier stores nothing. Every change is written to the audit trail in the same
unit of work as the change itself.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Iterable, Sequence

from sqlalchemy import bindparam, func, insert
from sqlalchemy import text as sa_text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from reedesk.audit.trail import append_event, document_reference, record_event
from reedesk.services import events
from reedesk.clock import current_actor, utc_timestamp
from reedesk.domain.dossier import Dossier
from reedesk.domain.dossier_file import canonical_bytes, dossier_to_document, parse_dossier
from reedesk.errors import NotFound, ReedeskError
from reedesk.services.desk import Desk
from reedesk.services import first_page
from reedesk.services.first_page import DossierSummary  # one row of the browser (also read before this stack loads)
from reedesk.store.models import ClientRow, DeterminationRow, DossierRevisionRow, DossierRow, SignatureRow
from reedesk.store.search import dossier_search_condition, is_broad, like_pattern, normalise_search

NO_CLIENT = "(no client)"


@dataclass(frozen=True)
class StoredDossier:
    """A dossier as stored: its content at one revision and where it lives."""

    dossier: Dossier
    dossier_id: int
    revision_id: int
    revision: int
    latest_revision: int
    sha256: str
    client_name: str
    archived: bool
    created_at: str
    created_by: str


@dataclass(frozen=True)
class SaveResult:
    reference: str
    revision: int
    changed: bool


# Core statements built once (building them per call costs more than running them).
_CLIENT_ID = select(ClientRow.id).where(ClientRow.name == bindparam("name"))
_DOSSIER_ID = select(DossierRow.id).where(DossierRow.reference == bindparam("reference"))
_DOSSIER_AND_CLIENT_ID = sa_text(
    "SELECT (SELECT id FROM dossier WHERE reference = :reference), (SELECT id FROM client WHERE name = :name)"
)
_INSERT_CLIENT = insert(ClientRow.__table__)  # type: ignore[attr-defined]
_INSERT_DOSSIER = insert(DossierRow.__table__)  # type: ignore[attr-defined]
_INSERT_REVISION = insert(DossierRevisionRow.__table__)  # type: ignore[attr-defined]
_LAST_NUMBER = select(func.max(DossierRevisionRow.number)).where(DossierRevisionRow.dossier_id == bindparam("dossier_id"))


def client_name(dossier: Dossier) -> str:
    """The name the dossier is filed under (``(no client)`` when it names none)."""
    return (dossier.client.name if dossier.client and dossier.client.name else NO_CLIENT).strip() or NO_CLIENT


_client_name = client_name


def other_client_message(reference: str, stored_client: str, imported_client: str) -> str:
    """Why an import may not turn one client's dossier into another's (one reference, one dossier)."""
    return (
        f"dossier {reference} belongs to the client {stored_client!r}, but the imported file names the client "
        f"{imported_client!r}; importing it would make it a revision of the other client's dossier, so give it a "
        "reference of its own (or correct client.name if it is the same client)"
    )


def _client_id(session: Session, dossier: Dossier, known: int | None = None) -> int:
    """The id of the dossier's client, creating (and auditing) the client if it is new.

    Plain Core statements: an import of thousands of dossiers spends most of its time
    building ORM objects otherwise, and nothing here needs one. ``known``: the id already
    looked up (save_in_session reads dossier and client ids in one statement).
    """
    name = _client_name(dossier)
    connection = session.connection()
    if known is not None:
        return known
    found = connection.execute(_CLIENT_ID, {"name": name}).first()
    if found is not None:
        return int(found[0])
    country = dossier.client.country if dossier.client else None
    result = connection.execute(_INSERT_CLIENT, {"name": name, "country": country, "created_at": utc_timestamp()})
    client_id = int(result.inserted_primary_key[0])
    record_event(session, action="create", entity_type="client", entity_id=str(client_id), after={"name": name, "country": country})
    return client_id


def revision_json(number: int, sha256: str, document_text: str) -> str:
    """Canonical JSON of ``{"revision": number, "sha256": sha256, "document": <document>}``
    from the document's canonical text, without canonicalising the document again.

    RFC 8785 writes an object's members sorted by key ("document" < "revision" <
    "sha256") with no whitespace, and a nested object exactly as it would be alone, so
    this is byte-for-byte ``canonical_bytes`` of that dict (tests/services/test_dossiers.py
    checks it); it is what save events store as ``after`` and hash.
    """
    return f'{{"document":{document_text},"revision":{int(number)},"sha256":"{sha256}"}}'


class DossierConflict(ReedeskError):
    """Someone else saved the dossier after the editor loaded it (issue 12, point 7): never merged silently."""


def save_in_session(session: Session, dossier: Dossier, *, reason: str | None = None, action: str = "update",
                    base_revision: int | None = None) -> SaveResult:
    """Save inside an open unit of work (so bulk imports stay all-or-nothing).

    ``base_revision`` is the revision the editor loaded: when the dossier's current
    revision is another one by then, the save is refused (:class:`DossierConflict`)
    naming who changed it, when and to which revision; the caller keeps what was typed.

    A new dossier is written with Core inserts (dossier, revision, audit event); a
    changed one goes through the ORM row. What is stored and hashed is the same either way.
    """
    document = dossier_to_document(dossier)
    text = canonical_bytes(document).decode("utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    now = utc_timestamp()
    actor = current_actor()
    product_name = dossier.product.name if dossier.product else None
    session.flush()  # the Core reads below must see what this unit of work changed through the ORM
    connection = session.connection()
    # One round trip for both ids (a team desk pays ~1 ms per statement; issue 12 point 3).
    dossier_id_found, client_found = connection.execute(
        _DOSSIER_AND_CLIENT_ID, {"reference": dossier.reference, "name": _client_name(dossier)}
    ).one()
    found = (dossier_id_found,) if dossier_id_found is not None else None
    if dossier.scenario and found is None:  # FORMATS 0.2: a what-if revision sits beside a stored dossier's real ones
        raise ReedeskError.coded("dossiers_dossier_stored_yet_save", reference=dossier.reference)
    client_id = _client_id(session, dossier, client_found)
    if found is None:
        result = connection.execute(
            _INSERT_DOSSIER,
            {
                "reference": dossier.reference, "client_id": client_id, "product_name": product_name, "current_revision": 1,
                "archived": False, "created_at": now, "updated_at": now, "last_outcome": None, "last_as_of": None, "signed": False,
            },
        )
        dossier_id = int(result.inserted_primary_key[0])
        number = 1
        before = None
        event_action = "create" if action == "update" else action
    else:
        row = session.get(DossierRow, found[0])
        assert row is not None
        if action == "import" and row.client_id != client_id:
            stored_client = session.get(ClientRow, row.client_id)
            raise ReedeskError.coded("other_client_import", reference=dossier.reference,
                                     stored=stored_client.name if stored_client else NO_CLIENT, imported=client_name(dossier))
        current = _revision_row(session, row.id, row.current_revision)  # type: ignore[arg-type]
        check_revision_intact(current, dossier.reference)
        if current.sha256 == digest:
            return SaveResult(dossier.reference, row.current_revision, changed=False)
        if base_revision is not None and row.current_revision != base_revision:
            when = f"{current.created_at[:10]} {current.created_at[11:16]} UTC" if len(current.created_at) >= 16 else current.created_at
            raise DossierConflict(
                f"{dossier.reference} was changed by {current.created_by} at {when} (revision {current.number}) after you "
                f"opened revision {base_revision}; your changes are kept in the editor: reload and re-apply them, "
                "or save them as a new dossier.",
                params={"reference": dossier.reference, "actor": current.created_by, "when": when,
                        "revision": current.number, "base_revision": base_revision},
            )
        if row.archived:
            raise ReedeskError.coded("dossiers_dossier_archived_restore_before", reference=dossier.reference)
        # what-if (scenario) revisions take numbers too, so the next number is after the highest
        number = int(connection.execute(_LAST_NUMBER, {"dossier_id": row.id}).scalar_one()) + 1
        before = document_reference("dossier_revision", current.number, current.sha256)  # the row holds the document (issue 13)
        if not dossier.scenario:  # a scenario is never the current revision (FORMATS 0.2): the dossier row stays as it is
            row.current_revision = number
            row.client_id = client_id
            row.product_name = product_name
            row.updated_at = now
            row.signed = False  # the new revision has no signed determination yet
            row.last_outcome = None
            row.last_as_of = None
            session.add(row)
            session.flush()
        dossier_id = row.id  # type: ignore[assignment]
        event_action = action
    connection.execute(
        _INSERT_REVISION,
        {"dossier_id": dossier_id, "number": number, "document": text, "sha256": digest,
         "created_at": now, "created_by": actor, "reason": reason},
    )
    record_event(
        session, action=event_action, entity_type="dossier", entity_id=dossier.reference,
        dossier_reference=dossier.reference, before=before,
        after=document_reference("dossier_revision", number, digest), reason=reason, actor=actor,
    )
    events.after_commit(session, "dossier", dossier.reference)  # the views refresh once it is stored (C3)
    return SaveResult(dossier.reference, number, changed=True)


def save_dossier(desk: Desk, dossier: Dossier, *, reason: str | None = None, base_revision: int | None = None) -> SaveResult:
    """Store a dossier: a new dossier, a new revision of a changed one, or nothing if unchanged.

    Pass ``base_revision`` (the revision the editor loaded) so a save over someone else's
    newer revision is refused instead of silently replacing it (:class:`DossierConflict`)."""
    with desk.db.unit_of_work() as session:
        return save_in_session(session, dossier, reason=reason, base_revision=base_revision)


def import_dossiers(desk: Desk, dossiers: Sequence[Dossier], *, source: str) -> list[SaveResult]:
    """Store several dossiers in one unit of work: all of them, or none if any fails."""
    seen: set[str] = set()
    for d in dossiers:
        if d.reference in seen:
            raise ReedeskError.coded("dossiers_holds_dossier_twice_imported", source=source, reference=d.reference)
        seen.add(d.reference)
    with desk.db.unit_of_work() as session:
        from reedesk.services.bulk_import import import_new_dossiers  # a batch of new dossiers: a few statements (issue 12)

        bulk = import_new_dossiers(session, dossiers, reason=f"imported from {source}")
        if bulk is not None:
            return bulk
        return [save_in_session(session, d, reason=f"imported from {source}", action="import") for d in dossiers]


def check_revision_intact(rev: DossierRevisionRow, reference: str) -> None:
    """Refuse a revision whose stored text no longer hashes to its recorded SHA-256.

    Only an edit of the SQLite file does that; using the text would evaluate and sign
    data nobody saved, beside a hash that describes something else.
    """
    if hashlib.sha256(rev.document.encode("utf-8")).hexdigest() != rev.sha256:
        raise ReedeskError.coded("dossiers_revision_altered_outside_reedesk", number=rev.number, reference=reference)


def _revision_row(session: Session, dossier_id: int, number: int) -> DossierRevisionRow:
    row = session.exec(
        select(DossierRevisionRow).where(DossierRevisionRow.dossier_id == dossier_id, DossierRevisionRow.number == number)
    ).first()
    if row is None:
        raise NotFound.coded("dossiers_revision_does_exist", number=number)
    return row


def _dossier_row(session: Session, reference: str) -> DossierRow:
    row = session.exec(select(DossierRow).where(DossierRow.reference == reference)).first()
    if row is None:
        raise NotFound.coded("no_dossier", reference=reference)
    return row


_LOAD_SQL = (
    "SELECT d.id, d.current_revision, d.archived, c.name, r.id, r.document, r.sha256, r.created_at, r.created_by "
    "FROM dossier d LEFT JOIN client c ON c.id = d.client_id "
    "LEFT JOIN dossier_revision r ON r.dossier_id = d.id AND r.number = COALESCE(:number, d.current_revision) "
    "WHERE d.reference = :reference"
)
_LOAD = sa_text(_LOAD_SQL)


def load_in_session(session: Session, reference: str, revision: int | None = None) -> StoredDossier:
    """One indexed query for dossier, revision and client (issue 13: opening a dossier was three ORM reads)."""
    session.flush()  # the query below must see what this unit of work changed through the ORM
    found = session.connection().execute(_LOAD, {"reference": reference, "number": revision}).first()
    return _stored(found, reference, revision)


def _stored(found, reference: str, revision: int | None) -> StoredDossier:  # type: ignore[no-untyped-def]
    """The :class:`StoredDossier` of one ``_LOAD`` row (None: no such dossier), its text checked against its hash."""
    if found is None:
        raise NotFound.coded("no_dossier", reference=reference)
    dossier_id, current, archived, client_name, revision_id, document, sha256, created_at, created_by = found
    number = current if revision is None else revision
    if revision_id is None:
        raise NotFound.coded("dossiers_dossier_revision_latest", reference=reference, number=number, current=current)
    check_revision_intact(SimpleNamespace(number=number, document=document, sha256=sha256), reference)  # type: ignore[arg-type]
    return StoredDossier(
        dossier=parse_dossier(json.loads(document), f"{reference} revision {number}"),
        dossier_id=dossier_id,
        revision_id=revision_id,
        revision=number,
        latest_revision=current,
        sha256=sha256,
        client_name=client_name if client_name is not None else NO_CLIENT,
        archived=bool(archived),
        created_at=created_at,
        created_by=created_by,
    )


def load_dossier(desk: Desk, reference: str, revision: int | None = None) -> StoredDossier:
    """The dossier at ``revision`` (default: the latest)."""
    # One statement on a pooled connection, no ORM session: a read, no write lock, no commit to wait for
    # (issue 13: the session was ~half of the time to open a dossier).
    found = desk.db.read_row(_LOAD_SQL, {"reference": reference, "number": revision})
    return _stored(found, reference, revision)


def list_revisions(desk: Desk, reference: str) -> list[DossierRevisionRow]:
    with desk.db.unit_of_work() as session:
        row = _dossier_row(session, reference)
        return list(
            session.exec(
                select(DossierRevisionRow).where(DossierRevisionRow.dossier_id == row.id).order_by(DossierRevisionRow.number)
            )
        )


# The browser's columns, read as plain values: building ORM objects for a page of 200
# rows cost more than finding them.
_SUMMARY_COLUMNS = (
    DossierRow.id, DossierRow.reference, ClientRow.name, DossierRow.product_name, DossierRow.current_revision,
    DossierRow.last_outcome, DossierRow.last_as_of, DossierRow.signed, DossierRow.archived, DossierRow.updated_at,
)


def _summary_query(session: Session, search: str | None, include_archived: bool, client: str | None, *, use_index: bool | None = None):
    """The browser's filter; the search goes through the indexes unless it matches much
    of the desk (reedesk/store/search.py decides). ``use_index`` forces one way, for
    tests and benchmarks/dossier_search.py: both ways give the same rows.
    """
    query = select(*_SUMMARY_COLUMNS).join(ClientRow, ClientRow.id == DossierRow.client_id)
    if not include_archived:
        query = query.where(DossierRow.archived == False)  # noqa: E712
    if client:
        query = query.where(ClientRow.name == client)
    text = normalise_search(search)
    if text is not None:
        if use_index is None:
            use_index = not is_broad(session.connection(), text)
        query = query.where(dossier_search_condition(text, use_index=use_index))
    return query


_SORT_COLUMNS = {
    "reference": DossierRow.reference,
    "client": ClientRow.name,
    "product": DossierRow.product_name,
    "outcome": DossierRow.last_outcome,
    "as_of": DossierRow.last_as_of,
    "signed": DossierRow.signed,
    "updated": DossierRow.updated_at,
}


def _ordered(query, sort: str, descending: bool):
    column = _SORT_COLUMNS.get(sort)
    if column is None:
        raise ReedeskError.coded("dossiers_sort_choose_one", sort=sort, join=', '.join(_SORT_COLUMNS))
    order = column.desc() if descending else column.asc()  # type: ignore[union-attr]
    return query.order_by(order, DossierRow.id)


def _summaries(rows) -> list[DossierSummary]:
    return [DossierSummary(*values) for values in rows]


# A search's first page in reference order is looked for among this many dossiers first.
FIRST_PAGE_SCAN = 1000



@lru_cache(maxsize=1)
def first_page_sql() -> str:
    """The first page's statement: store/search.py's ``dossier_search_condition(use_index=False)`` (the scan
    path) as SQLAlchemy renders it for SQLite, its three LIKE patterns one ``:pattern``, with the columns of
    _SUMMARY_COLUMNS (first_page._COLUMNS) and a bound on the reference; ``{archived}``, ``{bound}`` and
    ``{direction}`` are filled per call.

    Why derived, once per process (~1 ms): a hand-written copy of the condition could drift from the one the
    usual path runs; rendered from it, the two stay one (tests/services/test_first_page_search.py), and the
    statement is still a plain string on a pooled connection, no SQLAlchemy per call."""
    import re

    from sqlalchemy.dialects import sqlite

    probe = "first page"  # any search text: its LIKE pattern becomes the one parameter
    compiled = dossier_search_condition(probe, use_index=False).compile(dialect=sqlite.dialect(paramstyle="named"))
    if set(compiled.params.values()) != {like_pattern(probe)}:
        raise AssertionError(f"the search condition binds more than its pattern: {compiled.params}")  # pragma: no cover
    where = re.sub(r":(?:%s)\b" % "|".join(map(re.escape, compiled.params)), ":pattern", str(compiled))
    where = re.sub(r"\s*\n\s*", " ", where).replace("{", "{{").replace("}", "}}")
    return ("SELECT " + first_page._COLUMNS + " FROM dossier JOIN client ON client.id = dossier.client_id "
            "WHERE {archived}(" + where + "){bound} ORDER BY dossier.reference {direction}, dossier.id LIMIT :limit")


def _first_page_in_reference_order(desk: Desk, search: str | None, include_archived: bool, descending: bool,
                                   limit: int) -> list[DossierSummary] | None:
    """The first ``limit`` matches of ``search`` in reference order when the first :data:`FIRST_PAGE_SCAN`
    dossiers hold them (None: ask the usual way).

    Why (issue 13, the browser's first page): choosing between the indexes and a scan (``is_broad``)
    probes up to an eighth of the desk (~1-2 ms of SQL at 100,000 dossiers), and SQLAlchemy's statement
    building, cache keys and ORM rows cost ~3 ms of the GUI thread around 0.3 ms of SQL. A scan bounded
    by the reference of the FIRST_PAGE_SCAN-th dossier reads at most that many rows through the
    reference index; if it finds ``limit`` matches they are the first ``limit`` of the whole desk (every
    other dossier sorts after the bound, whatever was committed between the two statements), else the
    usual path runs (a narrow search pays ~0.3 ms more). A smaller desk is scanned whole: that is its
    exact answer. SQLite only, two plain statements on a pooled connection (Database.read_rows); same
    rows as the usual path (tests/services/test_first_page_search.py).
    """
    text = normalise_search(search)
    if text is None or desk.db.path is None or FIRST_PAGE_SCAN < 1:
        return None
    direction = "DESC" if descending else "ASC"
    found = desk.db.read_rows(f"SELECT reference FROM dossier ORDER BY reference {direction} LIMIT 1 OFFSET :skip",
                              {"skip": FIRST_PAGE_SCAN - 1})
    bound = found[0][0] if found else None
    sql = first_page_sql().format(
        archived="" if include_archived else "dossier.archived = 0 AND ",
        bound="" if bound is None else f" AND dossier.reference {'>=' if descending else '<='} :bound",
        direction=direction,
    )
    rows = desk.db.read_rows(sql, {"pattern": like_pattern(text), "bound": bound, "limit": int(limit)})
    if bound is not None and len(rows) < limit:
        return None
    return [DossierSummary(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), bool(r[8]), r[9]) for r in rows]


def list_dossiers(
    desk: Desk,
    *,
    search: str | None = None,
    client: str | None = None,
    include_archived: bool = False,
    sort: str = "reference",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[DossierSummary]:
    """One page of dossier summaries (the browser pages through these lazily)."""
    if offset == 0 and limit is not None and sort == "reference" and client is None:
        first = _first_page_in_reference_order(desk, search, include_archived, descending, limit)
        if first is not None:
            return first
    with desk.db.read() as session:  # never takes the write lock (the browser counts off the GUI thread)
        query = _ordered(_summary_query(session, search, include_archived, client), sort, descending).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return _summaries(session.exec(query))


def count_dossiers(desk: Desk, *, search: str | None = None, client: str | None = None, include_archived: bool = False) -> int:
    """How many dossiers the browser's filter selects (what ``list_dossiers`` pages through)."""
    with desk.db.read() as session:  # never takes the write lock (the browser counts off the GUI thread)
        query = _summary_query(session, search, include_archived, client).subquery()
        return int(session.exec(select(func.count()).select_from(query)).one())


@dataclass(frozen=True)
class DossierPage:
    """What the browser needs on a filter change: how many rows, and the first page of them."""

    total: int
    rows: list[DossierSummary]


def browse_dossiers(
    desk: Desk,
    *,
    search: str | None = None,
    client: str | None = None,
    include_archived: bool = False,
    sort: str = "reference",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> DossierPage:
    """``count_dossiers`` and ``list_dossiers`` for the same filter, in one unit of work.

    When the search is answered through the indexes, the matches are found once: the
    page query carries ``count(*) OVER ()``, so the index lookups and the LIKE check
    are not repeated for the count. Otherwise (no search, or one matching much of the
    desk) the count and the page are two queries that each stop early or use an
    index; a window there would have to read every match to hand out 200.
    """
    text = normalise_search(search)
    with desk.db.read() as session:  # never takes the write lock (the browser counts off the GUI thread)
        indexed = text is not None and not is_broad(session.connection(), text)
        query = _summary_query(session, text, include_archived, client, use_index=indexed)
        ordered = _ordered(query, sort, descending)
        if indexed:
            rows = list(session.exec(ordered.add_columns(func.count().over()).offset(offset).limit(limit)))
            if rows:
                return DossierPage(total=int(rows[0][-1]), rows=_summaries(r[:-1] for r in rows))
        total = int(session.exec(select(func.count()).select_from(query.subquery())).one())
        return DossierPage(total=total, rows=_summaries(session.exec(ordered.offset(offset).limit(limit))))


def list_clients(desk: Desk) -> list[str]:
    with desk.db.read() as session:  # never takes the write lock (the browser counts off the GUI thread)
        return list(session.exec(select(ClientRow.name).order_by(ClientRow.name)))


def set_archived(desk: Desk, reference: str, archived: bool, *, reason: str | None = None) -> None:
    """Archive (or restore) a dossier. Signed dossiers are archived, never deleted."""
    with desk.db.unit_of_work() as session:
        row = _dossier_row(session, reference)
        if row.archived == archived:
            return
        row.archived = archived
        row.updated_at = utc_timestamp()
        session.add(row)
        append_event(
            session, action="archive" if archived else "restore", entity_type="dossier", entity_id=reference,
            dossier_reference=reference, before={"archived": not archived}, after={"archived": archived}, reason=reason,
        )
        events.after_commit(session, "dossier", reference)


def delete_dossier(desk: Desk, reference: str, *, reason: str | None = None) -> None:
    """Delete an unsigned dossier with its revisions and determinations, in one unit of work.

    A dossier with a signed determination (any revision) is evidence and is refused:
    archive it instead. The audit trail keeps a "delete" event whose ``before`` is the
    last document, so what was deleted can still be seen and re-imported.
    """
    with desk.db.unit_of_work() as session:
        row = _dossier_row(session, reference)
        # Records of exports are kept at least 5 years (Dual-Use Regulations Art. 27; reedesk.services.retention).
        from reedesk.services.retention import check_dossier_deletable

        check_dossier_deletable(session, reference)
        revisions = list(session.exec(select(DossierRevisionRow).where(DossierRevisionRow.dossier_id == row.id)))
        revision_ids = [r.id for r in revisions]
        determinations = (
            list(session.exec(select(DeterminationRow).where(DeterminationRow.revision_id.in_(revision_ids))))  # type: ignore[union-attr]
            if revision_ids else []
        )
        determination_ids = [d.id for d in determinations]
        signatures = (
            session.exec(
                select(func.count()).select_from(SignatureRow).where(SignatureRow.determination_id.in_(determination_ids))  # type: ignore[attr-defined]
            ).one()
            if determination_ids else 0
        )
        if signatures:
            raise ReedeskError.coded("dossiers_dossier_signed_determination_so", reference=reference)
        current = next(r for r in revisions if r.number == row.current_revision)
        before = {
            "revision": current.number,
            "sha256": current.sha256,
            "document": json.loads(current.document),
            "revisions": len(revisions),
            "determinations": len(determinations),
        }
        # The tombstone comes first: SQLite refuses to delete these rows unless the newest
        # audit event is this dossier's deletion (migration 0003, issue 10 point 3).
        append_event(
            session, action="delete", entity_type="dossier", entity_id=reference,
            dossier_reference=reference, before=before, after=None, reason=reason,
        )
        events.after_commit(session, ("dossier", "determination"), reference)
        try:
            for determination in determinations:
                session.delete(determination)
            session.flush()
            for revision in revisions:
                session.delete(revision)
            session.flush()
            session.delete(row)
            session.flush()
        except IntegrityError as exc:
            raise ReedeskError.coded("dossiers_dossier_still_referred_other", reference=reference, orig=exc.orig) from None


def references(dossiers: Iterable[DossierSummary]) -> list[str]:
    return [d.reference for d in dossiers]
