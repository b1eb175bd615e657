"""Start the desktop app: ``reedesk`` with no arguments calls :func:`run_app`."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from reedesk.errors import ReedeskError

ORGANISATION = "reedesk"
APPLICATION = "reedesk"


def register_cjk_font() -> str | None:
    """Make the bundled CJK font available to Qt so Chinese renders everywhere (even offscreen).

    Returns the family name, or None when the font is not shipped in this build.
    """
    try:
        from reedesk.evidence.fonts import cjk_font_path

        path = Path(cjk_font_path())
    except Exception:  # the evidence package ships the font; without it Qt falls back to system fonts
        return None
    if not path.is_file():
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), with names for QSettings and the CJK font as fallback."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            QGuiApplication.highDpiScaleFactorRoundingPolicy().PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("reedesk")
    family = register_cjk_font()
    if family:
        font = QFont(app.font())
        font.setFamilies([font.family(), family])  # Latin from the platform font, CJK from ours
        app.setFont(font)
    from reedesk.gui.icons import icon

    app.setWindowIcon(icon("app"))
    return app  # type: ignore[return-value]


def create_main_window(desk, settings: QSettings | None = None):
    """Build the main window on ``desk`` in the stored language (used by run_app, tests, screenshots)."""
    from reedesk.gui.i18n import set_language
    from reedesk.gui.main_window import MainWindow
    from reedesk.services.settings import get_setting

    set_language(get_setting(desk, "language"))
    from reedesk.services.keys import enable_unlock_cache

    enable_unlock_cache(int(get_setting(desk, "unlock_minutes")))  # unlocked keys kept in memory only
    return MainWindow(desk, settings or QSettings())


def run_app(argv: list[str] | None = None) -> int:
    """Open the desk (samples on first start) and show the main window until it closes."""
    app = application(argv)
    from reedesk.services.desk import open_desk

    try:
        desk = open_desk()
    except ReedeskError as exc:
        QMessageBox.critical(None, "reedesk", str(exc))
        return 2
    try:
        window = create_main_window(desk)
        window.show()
        return app.exec()
    finally:
        desk.close()
