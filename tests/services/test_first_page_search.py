"""A search's first page in reference order from a bounded scan (issue 13, browser: first page ≤ 20 ms).

``list_dossiers`` looks for the first page of a search among the first ``FIRST_PAGE_SCAN`` dossiers in
reference order before asking ``is_broad`` which plan to take. These tests hold it to the LIKE oracle
of tests/services/test_dossiers.py on desks larger and smaller than the bound, both directions, with
and without archived dossiers, and check it really skips the probes when it answers."""

from __future__ import annotations

import pytest

import reedesk.services.dossiers as dossiers
import reedesk.store.search
from reedesk.store.search import like_pattern
from tests.services.test_dossiers import _oracle, generated_desk  # noqa: F401 - a fixture

TEXTS = ("a", "A", "c", "ab", "Shared", "shared client", "#1", "#4", "9", "zzzz-none", "%", "_", "\\", '"', "磁")


@pytest.mark.parametrize("scan", [5, 17, 1000])
def test_the_first_page_is_the_first_page_of_the_whole_search(generated_desk, monkeypatch, scan):  # noqa: F811
    desk, rows = generated_desk
    monkeypatch.setattr(dossiers, "FIRST_PAGE_SCAN", scan)  # 5, 17: a bound inside the 60 dossiers; 1000: beyond them
    for text in TEXTS:
        for include_archived in (False, True):
            expected = _oracle(rows, text, include_archived)
            for limit in (1, 4, 200):
                for descending in (False, True):
                    want = (expected[::-1] if descending else expected)[:limit]
                    got = dossiers.list_dossiers(desk, search=text, include_archived=include_archived,
                                                 descending=descending, limit=limit)
                    assert dossiers.references(got) == want, (text, include_archived, limit, descending)
                    assert got == dossiers.list_dossiers(desk, search=text, include_archived=include_archived,
                                                         descending=descending, limit=limit + 1)[:limit]


def test_a_broad_first_page_takes_no_probe_and_a_narrow_one_falls_back(generated_desk, monkeypatch):  # noqa: F811
    desk, rows = generated_desk
    monkeypatch.setattr(dossiers, "FIRST_PAGE_SCAN", 30)
    probes: list[str] = []
    real = reedesk.store.search.is_broad
    monkeypatch.setattr(dossiers, "is_broad", lambda connection, text: (probes.append(text), real(connection, text))[1])
    shared = _oracle(rows, "Shared Client")  # every third dossier: 20 of the 60
    assert len(shared) >= 10
    assert dossiers.references(dossiers.list_dossiers(desk, search="Shared Client", limit=5)) == shared[:5]
    assert probes == []  # found among the first 30: no probe
    last = max(r.reference for r in rows if not r.archived)
    assert dossiers.references(dossiers.list_dossiers(desk, search=last, limit=5)) == _oracle(rows, last)[:5]
    assert probes == [last]  # not among the first 30: the usual way, which probes
    assert dossiers.list_dossiers(desk, search="Shared Client", limit=5, offset=5)  # later pages: the usual way
    assert dossiers.list_dossiers(desk, search="Shared Client", limit=5, sort="product")  # other orders too
    assert len(probes) == 3


def _rendered(condition) -> str:  # type: ignore[no-untyped-def]
    """A search condition as SQLite is given it, every bound pattern written ``:pattern``, on one line."""
    import re

    from sqlalchemy.dialects import sqlite

    compiled = condition.compile(dialect=sqlite.dialect(paramstyle="named"))
    text = re.sub(r":param_\d+\b", ":pattern", str(compiled))
    return re.sub(r"\s*\n\s*", " ", text)


def test_the_first_page_statement_is_the_search_condition_as_sqlalchemy_renders_it():
    """The bounded scan's WHERE is dossier_search_condition(use_index=False) itself, rendered for SQLite: if one
    is changed without the other this fails (the statement is derived once per process, not copied by hand)."""
    statement = dossiers.first_page_sql()
    scan = _rendered(reedesk.store.search.dossier_search_condition("any text", use_index=False))
    assert "WHERE {archived}(" + scan + "){bound} ORDER BY dossier.reference {direction}, dossier.id LIMIT :limit" in statement
    assert statement.startswith("SELECT " + dossiers.first_page._COLUMNS + " FROM dossier JOIN client ON client.id = dossier.client_id ")
    assert statement.count(":pattern") == 3 and "?" not in statement and "= 1" not in statement  # LIKE is a truth value
    assert dossiers.first_page_sql() is statement  # once per process


def test_the_first_page_statement_follows_a_changed_condition(generated_desk, monkeypatch):  # noqa: F811
    """A different condition (references only) gives a different first-page statement and different rows — the
    very drift a hand-written copy would hide."""
    import sqlalchemy as sa

    from reedesk.store.models import DossierRow
    from reedesk.store.search import _AsciiLike

    desk, rows = generated_desk
    dossiers.first_page_sql.cache_clear()
    monkeypatch.setattr(dossiers, "dossier_search_condition",
                        lambda text, use_index=True: sa.or_(_AsciiLike(DossierRow.reference, like_pattern(text))))
    try:
        statement = dossiers.first_page_sql()
        assert "product_name LIKE" not in statement and "dossier.reference LIKE :pattern ESCAPE" in statement
        shared = _oracle(rows, "Shared Client")
        assert shared and dossiers.list_dossiers(desk, search="Shared Client", limit=5) == []  # client names unread now
    finally:
        dossiers.first_page_sql.cache_clear()
    monkeypatch.undo()
    assert dossiers.references(dossiers.list_dossiers(desk, search="Shared Client", limit=5)) == shared[:5]
