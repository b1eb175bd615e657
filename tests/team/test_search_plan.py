"""On a team desk (PostgreSQL) the dossier browser's indexed search really goes through the trigram indexes of
migration 0002 (ix_dossier_reference_trgm, ix_dossier_product_name_trgm, ix_client_name_trgm), and finds exactly
what the LIKE oracle finds (reedesk/store/search.py: ASCII case folds, nothing else does, as in SQLite's LIKE).

The indexed condition was "(candidate AND exact) OR client_id IN (SELECT …)": the client half, a hashed subplan
tested row by row, kept the planner from a BitmapOr over the trigram indexes, so every dossier was read (a Seq Scan,
or the whole reference index for the browser's ORDER BY reference). It is now "dossier.id IN (… UNION …)" of the two
candidate sets. Against the real server the team tests start (tests/team/conftest.py); rows go in by raw SQL into
the schema the desk's own migrations created, as benchmarks/bulk_desk.py does."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import func

from reedesk.services import dossiers
from reedesk.store.models import DossierRow
from reedesk.store.search import dossier_search_condition, is_broad, normalise_search, uses_index
from tests.services.test_dossiers import _ascii_lower

NOW = "2026-12-01T12:00:00.000000Z"
# 500 clients, as on benchmarks/bulk_desk.py's desk: one client's dossiers are a small share of the desk
CLIENTS = ("Shared Client", "Ünïcode Trading", "磁石商社", "ÉLITE Corp", "élite corp", "Plain Buyer Ltd",
           *(f"Client {n:04d} Trading Co." for n in range(6, 500)))
SPECIAL = (  # reference, product, client index: non-ASCII case pairs that LIKE does not fold
    ("ÉLITE-1", "Sintered magnet", 5),
    ("élite-2", "Sintered magnet", 5),
    ("PLAIN-3", "Aimant élite", 5),
    ("Grüße-4", None, 5),
    ("GRÜSSE-5", "Kupferdraht", 5),
    ("磁铁-6", "永磁体 N52", 5),
    ("ZETA-7", "grüße aus Köln", 5),
)
QUERIES = (
    "élite", "ÉLITE", "lite", "grüße", "GRÜ", "磁铁", "永磁体", "磁石商",  # non-ASCII: reference, product, client
    "shared client", "SHARED", "ünïcode", "ÜNÏCODE", "elite corp", "Corp",  # client names, ASCII case folds only
    "bm-001", "BM-0042", "magnet grade 7", "NdFeB", "batch 3",  # references and products
    "zzzz-none", "élitè", "no such thing",  # nothing
)


def _rows(count: int) -> list[dict]:
    rows = []
    for i in range(count):
        rows.append({"id": i + 1, "reference": f"BM-{i:04d}", "client_id": i % len(CLIENTS) + 1,
                     "product_name": None if i % 11 == 0 else f"NdFeB magnet grade {i % 23} batch {i}", "archived": i % 13 == 0})
    for n, (reference, product, client) in enumerate(SPECIAL, start=count + 1):
        rows.append({"id": n, "reference": reference, "client_id": client + 1, "product_name": product, "archived": False})
    return rows


def _fill(desk, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
    with desk.db.unit_of_work() as session:
        connection = session.connection()
        connection.execute(sa.text("INSERT INTO client (id, name, country, created_at) VALUES (:id, :name, 'VN', :now)"),
                           [{"id": n, "name": name, "now": NOW} for n, name in enumerate(CLIENTS, start=1)])
        connection.execute(sa.text(
            "INSERT INTO dossier (id, reference, client_id, product_name, current_revision, archived, created_at, updated_at, signed) "
            "VALUES (:id, :reference, :client_id, :product_name, 1, :archived, :now, :now, false)"),
            [{**row, "now": NOW} for row in rows])
        connection.exec_driver_sql("SELECT setval(pg_get_serial_sequence('dossier', 'id'), (SELECT max(id) FROM dossier))")
        connection.exec_driver_sql("SELECT setval(pg_get_serial_sequence('client', 'id'), (SELECT max(id) FROM client))")
    with desk.db.unit_of_work() as session:
        session.connection().exec_driver_sql("ANALYZE dossier")
        session.connection().exec_driver_sql("ANALYZE client")


def _oracle(rows: list[dict], text: str, include_archived: bool) -> list[str]:
    """LIKE '%text%' on reference, product name and client name, ASCII case folded only (SQLite's LIKE)."""
    needle = _ascii_lower(normalise_search(text) or "")
    found = []
    for row in rows:
        if row["archived"] and not include_archived:
            continue
        fields = (row["reference"], row["product_name"] or "", CLIENTS[row["client_id"] - 1])
        if any(needle in _ascii_lower(field) for field in fields):
            found.append(row["reference"])
    return sorted(found)


def _references(desk, text: str, include_archived: bool, use_index: bool) -> list[str]:  # type: ignore[no-untyped-def]
    with desk.db.read() as session:
        query = dossiers._ordered(dossiers._summary_query(session, text, include_archived, None, use_index=use_index),
                                  "reference", False)
        return [row[1] for row in session.exec(query)]


def test_the_indexed_search_finds_what_the_like_oracle_finds(team_desk) -> None:
    assert team_desk.db.dialect == "postgresql"
    rows = _rows(300)
    _fill(team_desk, rows)
    nonempty = 0
    for text in QUERIES:
        for include_archived in (False, True):
            expected = _oracle(rows, text, include_archived)
            nonempty += bool(expected)
            assert _references(team_desk, text, include_archived, True) == expected, (text, include_archived)
            assert _references(team_desk, text, include_archived, False) == expected, (text, include_archived)
        with team_desk.db.read() as session:  # the browser takes the indexed path for each text it can look up
            assert is_broad(session.connection(), text) is not uses_index(normalise_search(text) or ""), text
        assert dossiers.references(dossiers.list_dossiers(team_desk, search=text, limit=500)) == _oracle(rows, text, False)
        page = dossiers.browse_dossiers(team_desk, search=text, limit=5)
        assert (page.total, dossiers.references(page.rows)) == (len(_oracle(rows, text, False)), _oracle(rows, text, False)[:5])
    assert nonempty >= 30  # most queries find something: the comparison is not of empty lists
    # ÉLITE-1 and the client "ÉLITE Corp" differ from "élite" by non-ASCII case only: not found; "élite corp"'s dossiers are
    elite = _oracle(rows, "élite", False)
    assert [r for r in elite if not r.startswith("BM-")] == ["PLAIN-3", "élite-2"]
    assert [r for r in elite if r.startswith("BM-")] == sorted(
        r["reference"] for r in rows if r["client_id"] == 5 and not r["archived"] and r["reference"].startswith("BM-"))
    assert _oracle(rows, "zzzz-none", True) == []


def _plan_nodes(plan: dict) -> list[dict]:
    found = [plan]
    for child in plan.get("Plans", []):
        found += _plan_nodes(child)
    return found


def _explain(desk, statement) -> list[dict]:  # type: ignore[no-untyped-def]
    """EXPLAIN (FORMAT JSON) of ``statement`` with sequential scans discouraged, as the planner's nodes."""
    with desk.db.read() as session:
        connection = session.connection()
        sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
        connection.exec_driver_sql("SET enable_seqscan = off")
        try:
            plan = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + sql.replace("%", "%%")).scalar_one()
        finally:
            connection.exec_driver_sql("RESET enable_seqscan")
    return _plan_nodes(plan[0]["Plan"])


def reads_dossiers_in_full(nodes: list[dict]) -> list[str]:
    """The plan's nodes that read the whole dossier table: a Seq Scan, or an index scan without a condition."""
    return [f"{n['Node Type']} {n.get('Index Name', '')}".strip() for n in nodes
            if n.get("Relation Name") == "dossier"
            and (n["Node Type"] == "Seq Scan" or ("Index" in n["Node Type"] and "Index Cond" not in n))]


def bitmap_indexes(nodes: list[dict]) -> set[str]:
    return {n["Index Name"] for n in nodes if n["Node Type"] == "Bitmap Index Scan"}


DossierTable = DossierRow.__table__  # type: ignore[attr-defined]


def _statements(session, text: str):  # type: ignore[no-untyped-def]
    """What the browser runs on the indexed path: browse_dossiers' page (count(*) OVER ()) and a bare count."""
    query = dossiers._summary_query(session, text, False, None, use_index=True)
    page = dossiers._ordered(query, "reference", False).add_columns(func.count().over()).limit(200)
    count = sa.select(func.count()).select_from(DossierTable).where(dossier_search_condition(text, use_index=True))
    return {"page": page, "count": count}


def test_the_indexed_search_plan_uses_the_trigram_indexes_and_reads_no_dossier_in_full(team_desk) -> None:
    rows = _rows(5000)
    _fill(team_desk, rows)
    for text in ("BM-0042", "magnet grade 7 batch 41", "Plain Buyer", "élite", "no such thing"):
        with team_desk.db.read() as session:
            statements = _statements(session, text)
        for name, statement in statements.items():
            nodes = _explain(team_desk, statement)
            assert reads_dossiers_in_full(nodes) == [], (text, name)
            used = bitmap_indexes(nodes)
            assert {"ix_dossier_reference_trgm", "ix_dossier_product_name_trgm"} <= used, (text, name, used)
            assert "ix_dossier_client_id" in used, (text, name, used)  # the client half: dossiers of matching clients
        assert _references(team_desk, text, False, True) == _oracle(rows, text, False)


def test_the_plan_check_would_see_the_old_or_form_read_every_dossier(team_desk) -> None:
    """The check above can fail: the condition as it was (an OR with the client subplan) reads the dossier table in
    full on the same desk, even with sequential scans discouraged."""
    from reedesk.store import search

    _fill(team_desk, _rows(5000))
    pattern = search.like_pattern("BM-0042")
    own = sa.or_(search._AsciiLike(search.DossierRow.reference, pattern),
                 search._AsciiLike(search.DossierRow.product_name, pattern))
    old = sa.or_(sa.and_(search._IndexedCandidate("BM-0042"), own),
                 search.DossierRow.client_id.in_(search._matching_clients(pattern)))
    nodes = _explain(team_desk, sa.select(func.count()).select_from(DossierTable).where(old))
    assert reads_dossiers_in_full(nodes) != []
