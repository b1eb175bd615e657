"""Start the desktop app: ``reedesk`` with no arguments calls :func:`run_app`.

The window is painted before the database stack is imported (issue 13 point 5): on a
SQLite desk that needs no migration and no first-start seeding, :func:`open_window`
builds it on a :class:`~reedesk.services.deferred_desk.DeferredDesk` — the first page of
the dossier list, the clients and the language read with stdlib sqlite3 — and
:func:`finish_start` opens the real desk (SQLAlchemy, the head signer, the unlock
cache) as the first thing after that paint. Any other desk is opened first, as before.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from reedesk.errors import ReedeskError

if TYPE_CHECKING:
    from reedesk.gui.main_window import MainWindow

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


def create_main_window(desk, settings: QSettings | None = None) -> "MainWindow":
    """Build the main window on ``desk`` in the stored language (used by run_app, tests, screenshots).

    ``desk`` may be a :class:`~reedesk.services.deferred_desk.DeferredDesk` not opened yet: the
    language is then read with sqlite3 and the unlock cache is set by :func:`finish_start`.
    """
    from reedesk.gui.i18n import set_language
    from reedesk.gui.main_window import MainWindow
    from reedesk.services.deferred_desk import DeferredDesk

    if isinstance(desk, DeferredDesk) and not desk.is_open:
        set_language(desk.setting("language"))
    else:
        from reedesk.services.settings import get_setting

        set_language(get_setting(desk, "language"))
        _enable_unlock_cache(desk)
    return MainWindow(desk, settings or QSettings())


def _enable_unlock_cache(desk) -> None:
    from reedesk.services.keys import enable_unlock_cache
    from reedesk.services.settings import get_setting

    enable_unlock_cache(int(get_setting(desk, "unlock_minutes")))  # unlocked keys kept in memory only


# time.perf_counter() when the window of the last open_window was first painted ("painted") and when
# its desk was open with the whole stack loaded ("ready"), and the process's CPU time at the paint
# ("painted_cpu", time.process_time(): a figure the machine's load hardly moves); read by the benchmarks.
STARTED: dict[str, float] = {}


class _AfterFirstPaint(QObject):
    """Calls ``then`` once, from the event loop, right after ``window`` has painted for the first time.

    A zero timer alone could fire before the window system's expose event arrives, loading the
    database stack before anything is on screen; so wait for the window's own paint event, with
    a fallback timer for a platform that never paints (a hidden or minimised start).
    """

    FALLBACK_MS = 2_000

    def __init__(self, window: QObject, then: Callable[[], None]):
        super().__init__(window)
        self.window, self.then, self.done = window, then, False
        window.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Paint:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self._run)  # after this paint has finished
        return False

    def _run(self) -> None:
        if not self.done:
            self.done = True
            self.window.removeEventFilter(self)
            self.then()


def open_window(home: Path | None = None, settings: QSettings | None = None) -> "MainWindow":
    """The main window on the desk in ``home`` (default: ``REEDESK_HOME`` or the platform folder), shown.

    Painted from a deferred desk when :func:`~reedesk.services.deferred_desk.deferred_desk` allows it,
    the real desk opened by :func:`finish_start` right after; otherwise the desk is opened first
    (samples on the first start). Raises :class:`ReedeskError` when the desk cannot be opened first.
    :data:`STARTED` records when the window was first painted and when its desk was open.
    """
    from reedesk.services.deferred_desk import deferred_desk

    deferred = deferred_desk(home)
    started = STARTED
    started.clear()
    if deferred is None:
        from reedesk.services.desk import open_desk

        window = create_main_window(open_desk(home), settings)
        _AfterFirstPaint(window, lambda: started.update(painted=time.perf_counter(), painted_cpu=time.process_time(),
                                                        ready=time.perf_counter()))
    else:
        window = create_main_window(deferred, settings)

        def painted() -> None:
            started["painted"], started["painted_cpu"] = time.perf_counter(), time.process_time()
            finish_start(window)
            started["ready"] = time.perf_counter()

        _AfterFirstPaint(window, painted)
    window.show()
    return window


def finish_start(window: Any) -> bool:
    """Open the deferred desk under ``window`` (imports the database stack) and set the unlock cache.

    On a desk that cannot be opened after all, say why and close the window; returns False then.
    """
    from reedesk.services.deferred_desk import DeferredDesk

    desk = window.desk
    if not isinstance(desk, DeferredDesk):
        return True
    try:
        desk.open()
        _enable_unlock_cache(desk)
        if hasattr(window, "show_notices"):
            window.show_notices()  # what the desk said as it opened, once (Desk.notices)
    except ReedeskError as exc:
        QMessageBox.critical(window, "reedesk", str(exc))
        window.close()
        app = QApplication.instance()
        if app is not None:
            app.exit(2)
        return False
    return True


def run_app(argv: list[str] | None = None) -> int:
    """Open the desk (samples on first start) and show the main window until it closes."""
    app = application(argv)
    try:
        window = open_window()
    except ReedeskError as exc:
        QMessageBox.critical(None, "reedesk", str(exc))
        return 2
    try:
        return app.exec()
    finally:
        window.desk.close()
