"""On a team desk (PostgreSQL) a search finds what it finds on a single-user desk (SQLite): letters fold by ASCII
case only, as SQLite's LIKE does (reedesk/store/search.py). The index path's candidate test (reference or product
ILIKE the pattern) must be one term ANDed with the exact check; written as a bare OR it bound as
"reference ILIKE p OR (product ILIKE p AND exact)", so a reference matching only by non-ASCII case (ÉLITE for
"élite") was listed on PostgreSQL and not on SQLite. Against the real server the team tests start."""

from __future__ import annotations

import copy

from reedesk.domain.dossier_file import parse_dossier
from reedesk.services import dossiers
from tests.conftest import sample_document


def _save(desk, reference: str, product: str) -> None:  # type: ignore[no-untyped-def]
    document = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    document["reference"], document["product"]["name"] = reference, product
    dossiers.save_dossier(desk, parse_dossier(document))


def test_a_team_desk_search_folds_ascii_case_only_as_a_single_user_desk_does(team_desk, tmp_path, monkeypatch) -> None:
    from reedesk.services.desk import open_desk

    monkeypatch.delenv("REEDESK_DATABASE_URL")
    single = open_desk(tmp_path / "single-user", seed_samples=False)  # SQLite: no team database named
    try:
        _check(team_desk, single)
    finally:
        single.close()


def _check(team_desk, empty_desk) -> None:  # type: ignore[no-untyped-def]
    assert (team_desk.db.dialect, empty_desk.db.dialect) == ("postgresql", "sqlite")
    for desk in (team_desk, empty_desk):
        _save(desk, "ÉLITE-1", "Sintered magnet")   # matches "élite" only if É folds to é: not in SQLite's LIKE
        _save(desk, "élite-2", "Sintered magnet")
        _save(desk, "PLAIN-3", "Aimant élite")
    found = {desk.db.dialect: dossiers.references(dossiers.list_dossiers(desk, search="élite", limit=50))
             for desk in (team_desk, empty_desk)}
    assert found == {"postgresql": ["PLAIN-3", "élite-2"], "sqlite": ["PLAIN-3", "élite-2"]}, found
    assert dossiers.count_dossiers(team_desk, search="élite") == dossiers.count_dossiers(empty_desk, search="élite") == 2
