""""Data needed" in the determination panel names fields as the editor shows them (issue 14)."""

from __future__ import annotations

import copy

from PySide6.QtCore import QDate, Qt

from reedesk.domain.dossier_file import parse_dossier
from reedesk.gui.i18n import set_language
from reedesk.services.dossiers import save_dossier
from tests.conftest import sample_document


def test_missing_data_names_the_on_screen_field_and_row(window, desk, qtbot):
    """MOFCOM Announcement No. 61 of 2025, Art. I(1): the value test needs each BOM line's origin;
    a line without one is named as row 1 of the bill of materials, not components[0].origin."""
    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["components"][0]["origin"] = None
    save_dossier(desk, parse_dossier(doc))
    window.open_dossier("LM-2026-0042")
    window.editor.tabs.setCurrentWidget(window.editor.determinations_tab)
    window.determinations.as_of.setDate(QDate(2026, 11, 25))
    qtbot.mouseClick(window.determinations.evaluate_button, Qt.MouseButton.LeftButton)
    body = window.determinations.panel.body.toPlainText()
    assert "Missing data" in body
    assert "Bill of materials, row 1: Origin" in body
    assert "components[0]" not in body
    set_language("zh-Hant")
    body = window.determinations.panel.body.toPlainText()
    assert "物料清單第1行：原產地" in body and "components[0]" not in body
