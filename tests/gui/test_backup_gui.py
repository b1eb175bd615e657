"""File → Back up… / Restore… in the real window, offscreen (integrity issue 10, point 11)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from reedesk.domain.dossier_file import parse_dossier
from reedesk.services import dossiers

pytestmark = pytest.mark.gui

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "smco-magnet-vietnam.json"


def _answer_file_dialog(qtbot, path: Path, seen: list[str]) -> None:
    """When the file dialog opens, type ``path`` into it and press its accept button."""

    tries = [0]

    def answer() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()]
        if not dialogs:
            tries[0] += 1
            if tries[0] < 200:  # give up after ~10 s: the test then fails instead of hanging
                QTimer.singleShot(50, answer)
            return
        dialog = dialogs[0]
        seen.append(dialog.objectName())
        name_box = dialog.findChild(QLineEdit, "fileNameEdit")  # where a user types the file name
        name_box.setText(str(path))
        dialog.accept()

    QTimer.singleShot(50, answer)


def _references(desk) -> set[str]:
    return {d.reference for d in dossiers.list_dossiers(desk)}


def test_back_up_then_restore_from_the_file_menu(window, desk, qtbot, tmp_path):
    file_menu = window.menus["file"]
    assert {"action_backup", "action_restore"} <= {a.objectName() for a in file_menu.actions()}
    before = _references(desk)
    out = tmp_path / "desk.reedesk-backup"
    seen: list[str] = []
    _answer_file_dialog(qtbot, out, seen)
    window.actions_by_key["backup"].trigger()
    assert seen == ["backupSaveDialog"]
    assert zipfile.is_zipfile(out) and "reedesk.sqlite3" in zipfile.ZipFile(out).namelist()
    assert "Backed up the desk to" in window.status.text()

    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["reference"] = "AFTER-BACKUP"
    dossiers.save_dossier(desk, parse_dossier(document, "after.json"))
    assert "AFTER-BACKUP" in _references(desk)

    questions: list[str] = []
    window.confirm = lambda question: questions.append(question) or True
    _answer_file_dialog(qtbot, out, seen)
    window.actions_by_key["restore"].trigger()
    assert seen == ["backupSaveDialog", "backupOpenDialog"]
    assert len(questions) == 1 and "would lose" in questions[0]  # the desk had more events than the backup
    assert _references(desk) == before  # the same Desk object now reads the restored database
    assert "Restored" in window.status.text() and "before-restore" in window.status.text()
    window.browser.refresh()


def test_declining_the_restore_changes_nothing(window, desk, qtbot, tmp_path):
    out = tmp_path / "b.reedesk-backup"
    _answer_file_dialog(qtbot, out, [])
    window.actions_by_key["backup"].trigger()
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["reference"] = "KEPT"
    dossiers.save_dossier(desk, parse_dossier(document, "kept.json"))
    window.confirm = lambda question: False
    _answer_file_dialog(qtbot, out, [])
    window.actions_by_key["restore"].trigger()
    assert "KEPT" in _references(desk)
    assert window.status.text() == "Nothing was restored."
