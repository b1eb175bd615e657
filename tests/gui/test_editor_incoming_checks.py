"""The dossier editor saves only what ``reedesk import`` would accept (docs/dossier-import.md): what the user saves
is read with the incoming checks (``parse_dossier(..., incoming=True)``), so two BOM lines with one id or an
exchange rate from a currency to itself are refused in the window too, naming the row, and nothing is stored.
Real widgets, offscreen: the cells are typed as a user types them and the save is the Save action."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from reedesk.gui.i18n import set_language
from reedesk.services.audit import count_audit_events
from reedesk.services.dossiers import list_revisions, load_dossier
from tests.gui.test_editor import _edit_cell  # Tab commits the cell, as a user would
from tests.language_check import problems as language_problems


def _refusal(window) -> str:
    """Save as the user does (the Save action); the error box's text, the box closed."""
    window.actions_by_key["save"].trigger()
    boxes = [b for b in window.findChildren(QMessageBox, "errorBox") if b.isVisible()]
    assert boxes, "the save was not refused"
    text = boxes[-1].text()
    boxes[-1].close()
    return text


def _nothing_stored(desk, events_before: int) -> None:
    assert [r.number for r in list_revisions(desk, "LM-2026-0042")] == [1]
    assert [c.id for c in load_dossier(desk, "LM-2026-0042").dossier.components] == ["C1", "C2"]
    assert count_audit_events(desk) == events_before


def test_a_duplicate_bom_line_id_is_refused_naming_the_row_and_nothing_is_saved(window, desk, qtbot):
    window.open_dossier("LM-2026-0042")  # lines C1 and C2
    events_before = count_audit_events(desk)
    editor = window.editor
    editor.tabs.setCurrentIndex(1)  # the bill of materials
    _edit_cell(qtbot, editor.bom_editor.view, 1, 0, "C1")  # the second line given the first one's id
    assert editor.bom.data(editor.bom.index(1, 0)) == "C1"
    assert editor.problems() == []  # each cell is fine on its own: only the save sees the two lines together

    text = _refusal(window)
    assert text == ("Dossier LM-2026-0042 was refused, 1 problem: Bill of materials, row 2: Line: 'C1' is already "
                    "the id of row 1 (components[0]); each line needs an id of its own.")
    _nothing_stored(desk, events_before)
    assert editor.bom.data(editor.bom.index(1, 0)) == "C1" and editor.is_dirty()  # nothing typed is lost

    set_language("zh-Hans")
    try:
        text = _refusal(window)
    finally:
        set_language("en")
    assert text == ("卷宗 LM-2026-0042 未被接受，共 1 个问题：物料清单第2行：行号：「C1」已是第 1 行（「components[0]」）的行号；"
                    "每一行都需要自己的行号。")
    assert "None" not in text and language_problems(text, "zh-Hans", {"LM-2026-0042"}) == [], text
    _nothing_stored(desk, events_before)

    _edit_cell(qtbot, editor.bom_editor.view, 1, 0, "C3")  # given an id of its own, the line is saved
    window.actions_by_key["save"].trigger()
    assert [c.id for c in load_dossier(desk, "LM-2026-0042").dossier.components] == ["C1", "C3"]
    assert not editor.is_dirty()


def test_an_exchange_rate_from_a_currency_to_itself_is_refused_naming_the_row(window, desk, qtbot):
    window.open_dossier("LM-2026-0042")
    events_before = count_audit_events(desk)
    editor = window.editor
    editor.tabs.setCurrentWidget(editor.shipment_tab)
    qtbot.mouseClick(editor.rate_editor.buttons["add"], Qt.MouseButton.LeftButton)
    view = editor.rate_editor.view
    for column, text in enumerate(("USD", "USD", "1", "2026-11-20", "bank")):
        _edit_cell(qtbot, view, 0, column, text)
    assert editor.rates.rows[0]["from"] == editor.rates.rows[0]["to"] == "USD"

    text = _refusal(window)
    assert text == ("Dossier LM-2026-0042 was refused, 1 problem: Exchange rates, row 1: is a rate from USD to USD "
                    "itself; a rate converts one currency into another (delete the row).")
    _nothing_stored(desk, events_before)
    assert load_dossier(desk, "LM-2026-0042").dossier.exchange_rates == []
    assert editor.is_dirty()
