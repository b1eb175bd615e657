"""Settings → Desk against the real PostgreSQL server (issue 12, point 1): test the connection, and the
saved URL is the desk of the next start (REEDESK_DATABASE_URL, when set, wins)."""

from __future__ import annotations

from reedesk import desk_choice
from reedesk.services.desk import open_desk
from tests.gui.conftest import make_window, qsettings  # noqa: F401  (the GUI fixtures)
from tests.gui.conftest import wait_for


def test_test_connection_tells_a_team_desk_from_an_empty_database(team_desk, team_url, pg_server, make_window, qtbot):  # noqa: F811
    window = make_window(team_desk)
    dialog = window.open_settings()
    tab = dialog.desk_tab
    assert tab.in_use.text() == f"Team desk (PostgreSQL): {desk_choice.display_url(team_url)}"
    assert tab.source.text() == "Chosen by REEDESK_DATABASE_URL, which overrides the setting below."
    tab.url.setText(team_url)
    wait_for(qtbot, tab.test_connection())
    assert tab.result.text().startswith("Connected to PostgreSQL ")
    assert tab.result.text().endswith("as reedesk_test; the team desk is there.")
    empty = pg_server.url(pg_server.new_database())
    tab.url.setText(empty)
    wait_for(qtbot, tab.test_connection())
    assert "there is no reedesk desk in this database yet" in tab.result.text()


def test_a_saved_url_opens_the_team_desk_at_the_next_start_and_no_sqlite_desk_grows(pg_server, _isolated_home, monkeypatch):
    url = pg_server.url(pg_server.new_database())
    monkeypatch.delenv("REEDESK_DATABASE_URL", raising=False)
    desk_choice.save_configured_url(url)
    with open_desk(_isolated_home, seed_samples=False) as desk:  # "the next start"
        assert desk.db.path is None and desk.db.dialect == "postgresql"
        assert desk_choice.desk_in_use(desk).source == "settings"
    assert not (_isolated_home / "reedesk.sqlite3").exists()
    desk_choice.save_configured_url(None)
    with open_desk(_isolated_home, seed_samples=False) as desk:
        assert desk.db.path == _isolated_home / "reedesk.sqlite3"
