"""GUI fixtures: offscreen Qt, a real desk, a main window with settings in a temp folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

from pathlib import Path

import pytest


@pytest.fixture
def qsettings(tmp_path: Path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "reedesk-gui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, qsettings):
    """Build a main window on a desk (dialogs never block: ``confirm`` answers yes)."""
    from reedesk.gui.app import application, create_main_window
    from reedesk.gui.i18n import set_language

    application()
    made = []

    def make(desk):
        window = create_main_window(desk, qsettings)
        window.confirm = lambda question: True
        window.ask_unsaved = lambda question: "discard"  # Save / Discard / Cancel: tests that need another answer set it
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitActive(window)  # key events (Return in a cell editor) need an active window
        made.append(window)
        return window

    yield make
    for window in made:
        for dialog in window.dialogs:
            dialog.close()
        window.editor.undo_stack.setClean()
    set_language("en")


@pytest.fixture
def window(make_window, desk):
    return make_window(desk)


def wait_for(qtbot, operation, timeout: int = 30000) -> None:
    """Wait until a background operation has reported back on the GUI thread."""
    qtbot.waitUntil(lambda: operation.done, timeout=timeout)
