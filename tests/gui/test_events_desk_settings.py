"""Settings → Desk (issue 12, point 1): the desk in use, the data folder, a team database URL for the next start."""

from __future__ import annotations

import json
import socket
import stat

from PySide6.QtCore import Qt

from reedesk import desk_choice
from reedesk.gui.i18n import set_language
from tests.gui.conftest import wait_for


def _desk_tab(window):
    dialog = window.open_settings()
    dialog.tabs.setCurrentWidget(dialog.desk_tab)
    return dialog, dialog.desk_tab


def test_the_tab_names_the_local_desk_file_and_the_data_folder(window, desk, qtbot):
    dialog, tab = _desk_tab(window)
    assert dialog.tabs.tabText(dialog.tabs.indexOf(tab)) == "Desk"
    assert tab.in_use.text() == f"Local desk (SQLite): {desk.db.path}"
    assert "No team database is chosen" in tab.source.text()
    assert tab.folder.text() == str(desk.home)
    assert tab.folder_note.text() == "REEDESK_HOME chooses this folder."  # the tests set it


def test_a_saved_url_is_kept_owner_only_used_from_the_next_start_and_shown_without_password(window, desk, qtbot, monkeypatch):
    dialog, tab = _desk_tab(window)
    tab.url.clear()
    qtbot.keyClicks(tab.url, "postgresql+psycopg://alice:s3cret@db.example.internal/desk")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.result.text() == "Saved: reedesk opens postgresql+psycopg://alice:***@db.example.internal/desk from the next start."
    path = desk_choice.settings_path()
    assert json.loads(path.read_text(encoding="utf-8")) == {"database_url": "postgresql+psycopg://alice:s3cret@db.example.internal/desk"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # a URL may hold a password
    assert desk_choice.database_url() == "postgresql+psycopg://alice:s3cret@db.example.internal/desk"  # what the next start opens
    assert tab.in_use.text().startswith("Local desk (SQLite)")  # this run keeps its desk
    # REEDESK_DATABASE_URL overrides the setting, and the tab says so
    monkeypatch.setenv("REEDESK_DATABASE_URL", "postgresql+psycopg://bob@other.internal/desk2")
    assert desk_choice.database_url() == "postgresql+psycopg://bob@other.internal/desk2"
    assert desk_choice.desk_in_use().source == "environment"
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "REEDESK_DATABASE_URL overrides it while it is set" in tab.result.text()
    monkeypatch.delenv("REEDESK_DATABASE_URL")
    tab.url.clear()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.result.text() == "Cleared: from the next start reedesk opens the local desk."
    assert not path.exists() and desk_choice.database_url() is None


def test_a_url_that_is_not_postgresql_is_refused_and_nothing_is_saved(window, qtbot):
    dialog, tab = _desk_tab(window)
    qtbot.keyClicks(tab.url, "mysql://alice@db/desk")
    assert tab.save() is False
    assert "PostgreSQL database named like postgresql+psycopg://USER@HOST/DATABASE" in tab.result.text()
    assert not desk_choice.settings_path().exists()


def test_test_connection_says_in_a_sentence_that_nothing_listens(window, qtbot):
    with socket.socket() as probe:  # a port where no server listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dialog, tab = _desk_tab(window)
    qtbot.keyClicks(tab.url, f"postgresql+psycopg://alice:pw@127.0.0.1:{port}/desk")
    wait_for(qtbot, tab.test_connection())
    assert tab.result.text().startswith(f"Could not connect to postgresql+psycopg://alice:***@127.0.0.1:{port}/desk: ")
    assert "pw@" not in tab.result.text()
    assert tab.test_button.isEnabled()


def test_the_tab_speaks_chinese(window, qtbot):
    set_language("zh-Hant")
    dialog, tab = _desk_tab(window)
    assert dialog.tabs.tabText(dialog.tabs.indexOf(tab)) == "案頭"
    assert tab.in_use.text().startswith("本機案頭（SQLite）：")
    assert tab.test_button.text() == "測試連線"
