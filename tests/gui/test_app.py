"""``reedesk`` with no arguments opens the main window on the user's desk (samples on first start)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from reedesk.cli.main import main
from reedesk.services.desk import open_desk
from reedesk.services.dossiers import count_dossiers


def test_reedesk_without_arguments_shows_the_main_window(monkeypatch, qapp, _isolated_home, tmp_path):
    from PySide6.QtCore import QSettings

    # QSettings(org, app) of the real app: keep it out of the user's config folder.
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    shown = []

    def fake_exec() -> int:  # instead of the event loop: look at what is on screen, then quit
        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
        shown.extend(windows)
        for w in windows:
            w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert main([]) == 0
    assert len(shown) == 1
    assert shown[0].browser.model.rowCount() == 4  # the bundled samples, seeded on first start
    desk = open_desk(_isolated_home)
    try:
        assert count_dossiers(desk) == 4
    finally:
        desk.close()
    assert list((tmp_path / "config").rglob("*.conf")) or list((tmp_path / "config").rglob("*.ini"))  # layout remembered
