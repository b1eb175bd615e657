"""The desktop app paints its first window from stdlib-sqlite3 reads (issue 13 point 5): they must
give exactly what the services give, never write, and the deferred desk must open only when safe."""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from reedesk.domain.dossier_file import parse_dossier
from reedesk.services import first_page
from reedesk.services.deferred_desk import SAMPLES_SEEDED, DeferredDesk, deferred_desk
from reedesk.services.desk import open_desk
from reedesk.services.dossiers import count_dossiers, list_clients, list_dossiers, save_dossier, set_archived
from reedesk.services.settings import DEFAULTS, get_setting, set_setting

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
CLIENTS = ("Takumi Motors K.K.", "長江磁材有限公司", "Acme Magnets GmbH", "acme magnets gmbh")


@pytest.fixture
def varied_desk(desk):
    """The samples plus 36 dossiers over four clients (one Chinese, two differing only in case), ties on
    the product name, some archived, some evaluated: every column the browser sorts by varies."""
    base = json.loads(next(SAMPLES.glob("*.json")).read_text(encoding="utf-8"))
    for i in range(36):
        document = copy.deepcopy(base)
        document["reference"] = f"T-{(i * 7) % 36:03d}"
        document["client"]["name"] = CLIENTS[i % 4]
        if i % 5 == 0:
            document["product"]["name"] = f"Magnet {i % 3}"  # ties on the product: the id breaks them
        save_dossier(desk, parse_dossier(document))
    for reference in ("T-003", "T-010", "T-020"):
        set_archived(desk, reference, True)
    from reedesk.services.evaluation import evaluate_reference

    for reference, as_of in (("T-001", date(2026, 11, 25)), ("T-002", date(2026, 5, 1)), ("T-004", date(2026, 11, 25))):
        evaluate_reference(desk, reference, as_of)
    return desk


def test_first_page_reads_equal_the_services_row_for_row(varied_desk) -> None:
    desk, path = varied_desk, varied_desk.db.path
    assert first_page.list_clients(path) == list_clients(desk)
    for client in (None, CLIENTS[1], CLIENTS[2], "nobody"):
        for archived in (False, True):
            assert first_page.count_dossiers(path, client=client, include_archived=archived) == count_dossiers(
                desk, client=client, include_archived=archived)
            for sort in first_page.SORT_COLUMNS:
                for descending in (False, True):
                    for offset, limit in ((0, 200), (5, 7), (38, None)):
                        mine = first_page.list_dossiers(path, client=client, include_archived=archived, sort=sort,
                                                        descending=descending, offset=offset, limit=limit)
                        theirs = list_dossiers(desk, client=client, include_archived=archived, sort=sort,
                                               descending=descending, offset=offset, limit=limit)
                        assert mine == theirs, (client, archived, sort, descending, offset)
    assert any(s.last_outcome for s in first_page.list_dossiers(path))  # the evaluated ones carry their outcome
    assert {type(s.signed) for s in first_page.list_dossiers(path)} == {bool}


def test_start_up_settings_are_read_as_the_settings_service_reads_them(desk) -> None:
    assert first_page.SETTING_DEFAULTS == {key: DEFAULTS[key] for key in first_page.SETTING_DEFAULTS}
    for key in first_page.SETTING_DEFAULTS:
        assert first_page.get_setting(desk.db.path, key) == get_setting(desk, key)
    set_setting(desk, "language", "zh-Hant")
    set_setting(desk, "unlock_minutes", "0")
    assert first_page.get_setting(desk.db.path, "language") == "zh-Hant" == get_setting(desk, "language")
    assert first_page.get_setting(desk.db.path, "unlock_minutes") == "0"


def test_the_first_page_connection_cannot_write(desk) -> None:
    from reedesk.store.schema_version import read_only

    connection = read_only(desk.db.path)
    try:
        with pytest.raises(sqlite3.OperationalError):
            connection.execute("UPDATE dossier SET product_name = 'changed'")
    finally:
        connection.close()
    assert "changed" not in {s.product_name for s in list_dossiers(desk)}


def test_an_unknown_sort_is_refused_as_the_service_refuses_it(desk) -> None:
    from reedesk.errors import ReedeskError

    with pytest.raises(ReedeskError, match="Cannot sort by 'colour'"):
        first_page.list_dossiers(desk.db.path, sort="colour")


def test_a_desk_is_deferred_only_when_opening_it_later_writes_nothing_the_window_needs(_isolated_home, monkeypatch) -> None:
    from reedesk.services.samples import SEEDED_SETTING

    assert SAMPLES_SEEDED == SEEDED_SETTING
    assert deferred_desk(_isolated_home) is None  # no database yet: the first start creates it and seeds the samples
    open_desk(_isolated_home, seed_samples=False).close()
    assert deferred_desk(_isolated_home) is None  # samples not seeded yet: opening would import them
    open_desk(_isolated_home).close()
    later = deferred_desk(_isolated_home)
    assert isinstance(later, DeferredDesk) and not later.is_open
    monkeypatch.setenv("REEDESK_DATABASE_URL", "postgresql://nobody@localhost/none")
    assert deferred_desk(_isolated_home) is None  # a team desk always opens first
    monkeypatch.delenv("REEDESK_DATABASE_URL")
    path = _isolated_home / "reedesk.sqlite3"
    with sqlite3.connect(path) as con:  # a database a migration must bring up to date
        con.execute("UPDATE alembic_version SET version_num = '0001'")
    assert deferred_desk(_isolated_home) is None
    path.write_bytes(b"not a database at all" * 100)
    assert deferred_desk(_isolated_home) is None


def test_a_deferred_desk_opens_on_first_use_and_then_is_the_real_desk(_isolated_home) -> None:
    open_desk(_isolated_home).close()
    deferred = deferred_desk(_isolated_home)
    assert deferred is not None
    try:
        assert deferred.db.path == _isolated_home / "reedesk.sqlite3"  # known without opening
        assert not deferred.is_open and deferred.pending_path == deferred.path
        assert count_dossiers(deferred) == 4  # a service call opens it there and then
        assert deferred.is_open and deferred.opened_early and deferred.pending_path is None
        assert deferred.notices == []  # any other Desk attribute is the real desk's
        assert deferred.setting("language") == "en"
    finally:
        deferred.close()
