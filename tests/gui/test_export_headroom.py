"""The export dialog's "Include the headroom chart" checkbox (issue 16): ticked, the pack
gets the headroom page; on a dossier with no value-content ratio to chart (the terbium
metal exported from China, decided by No. 18) the pack is written without it and the
dialog says so, in the window's language."""

from __future__ import annotations

import shutil
import subprocess

from PySide6.QtCore import QDate, Qt

from tests.evidence.helpers import PASSPHRASE, make_identity
from tests.gui.conftest import wait_for


def _export(window, qtbot, reference, out, *, headroom: bool):
    window.open_dossier(reference)
    window.determinations.as_of.setDate(QDate(2026, 11, 25))
    dialog = window.export_pack()
    dialog.out.setText(str(out))
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    assert not dialog.headroom.isChecked()  # off unless the user chooses it
    if headroom:
        qtbot.mouseClick(dialog.headroom, Qt.MouseButton.LeftButton)
        assert dialog.headroom.isChecked()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, dialog.operation, timeout=120000)
    assert dialog.operation.error is None, dialog.operation.error
    return dialog


def _text(path) -> str:
    return subprocess.run([shutil.which("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_headroom_checkbox_adds_the_page_or_says_why_not(window, desk, qtbot, tmp_path):
    make_identity(desk)
    dialog = _export(window, qtbot, "LM-2026-0042", tmp_path / "lm.pdf", headroom=True)
    assert "Headroom to the value threshold" in _text(tmp_path / "lm.pdf")
    assert "No headroom page" not in dialog.message.text()
    dialog.close()

    dialog = _export(window, qtbot, "CN-TB-880", tmp_path / "tb.pdf", headroom=True)
    assert (tmp_path / "tb.pdf").is_file()
    assert "No headroom page" in dialog.message.text(), dialog.message.text()
    assert "Headroom to the value threshold" not in _text(tmp_path / "tb.pdf")
    dialog.close()
