"""A search's first page in reference order from a bounded scan (issue 13, browser: first page ≤ 20 ms).

``list_dossiers`` looks for the first page of a search among the first ``FIRST_PAGE_SCAN`` dossiers in
reference order before asking ``is_broad`` which plan to take. These tests hold it to the LIKE oracle
of tests/services/test_dossiers.py on desks larger and smaller than the bound, both directions, with
and without archived dossiers, and check it really skips the probes when it answers."""

from __future__ import annotations

import pytest

import reedesk.services.dossiers as dossiers
import reedesk.store.search
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
