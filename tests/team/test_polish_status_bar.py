"""The main window's status bar names the team desk (server and database, never the password) and the person's
database role and reedesk group, in the window's language (issue 12 QA walk); a single-user desk shows nothing
there. pytest-qt, offscreen, against the real server tests/team/conftest.py starts."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QLabel  # noqa: E402

from reedesk.services.desk import open_desk  # noqa: E402
from tests.language_check import problems  # noqa: E402
from tests.team.conftest import team_desk  # noqa: F401,E402  (fixture)
from tests.team.test_head_keys import desk_team  # noqa: F401,E402  (fixture)


def _window(desk, tmp_path, qtbot):
    from reedesk.gui.app import application, create_main_window

    application()
    window = create_main_window(desk, QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_status_bar_names_the_team_desk_and_the_persons_role(desk_team, tmp_path, qtbot, monkeypatch) -> None:  # noqa: F811
    from reedesk.gui.i18n import set_language
    from sqlalchemy.engine import make_url

    team = desk_team
    alice = team["people"]["alice"]
    url = make_url(team["urls"]["alice"]).set(password="not-shown-Secret")  # the server trusts 127.0.0.1: ignored
    monkeypatch.setenv("REEDESK_DATABASE_URL", url.render_as_string(hide_password=False))
    desk = open_desk(team["homes"]["alice"], seed_samples=False)
    try:
        window = _window(desk, tmp_path, qtbot)
        label = window.statusBar().findChild(QLabel, "deskStatus")
        assert label is not None and label.isVisible()
        text = label.text()
        assert f"127.0.0.1:{url.port}/{url.database}" in text and alice in text and "reedesk_preparer" in text, text
        assert "not-shown-Secret" not in text and "***" not in text, text
        assert text.startswith("Team desk"), text
        set_language("zh-Hant")
        try:
            text = label.text()
            assert text.startswith("團隊案頭") and f"「{alice}」" in text, text
            assert problems(text.replace(f"127.0.0.1:{url.port}/{url.database}", " "), "zh-Hant", names=[alice]) == [], text
        finally:
            set_language("en")
        window.desk_changes.close()
    finally:
        desk.close()


def test_a_single_user_desk_shows_no_team_desk_in_the_status_bar(tmp_path, qtbot, monkeypatch) -> None:
    monkeypatch.delenv("REEDESK_DATABASE_URL", raising=False)
    desk = open_desk(tmp_path / "home", seed_samples=False)
    try:
        window = _window(desk, tmp_path, qtbot)
        label = window.statusBar().findChild(QLabel, "deskStatus")
        assert label is not None and label.text() == "" and not label.isVisible()
        window.desk_changes.close()
    finally:
        desk.close()


def test_a_postgresql_desk_before_team_init_opens_and_says_no_reedesk_role(team_desk, tmp_path, qtbot) -> None:  # noqa: F811
    """A PostgreSQL desk without `team init` has none of the four roles: the window still opens (the role query
    asked pg_has_role of role names that do not exist and raised) and the bar names the desk and the login (its
    group depends on whether another test on this server made the roles: roles are server-wide)."""
    from tests.team.conftest import SUPERUSER

    window = _window(team_desk, tmp_path, qtbot)
    label = window.statusBar().findChild(QLabel, "deskStatus")
    assert label is not None and label.text().startswith("Team desk 127.0.0.1:") and f" · {SUPERUSER} (" in label.text(), label.text()
    window.desk_changes.close()
