"""Dossier editor: create, edit the BOM with undo/redo, inline validation, save as revisions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from reedesk.services.dossiers import count_dossiers, list_revisions, load_dossier


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)  # editingFinished commits the field (one undo step)


def _edit_cell(qtbot, view, row: int, column: int, text: str) -> None:
    tabs = view.window().editor.tabs
    tabs.setCurrentWidget(view.parentWidget())  # the table must be on screen to be edited
    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.focusWidget()
    editor.selectAll() if hasattr(editor, "selectAll") else None
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # Tab commits the cell and moves on, as a user would


def test_create_a_dossier_through_the_form_and_save_it(window, desk, qtbot):
    before = count_dossiers(desk)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # the New shortcut
    f = window.editor.field
    _type(qtbot, f["reference"].widget, "GUI-001")
    _type(qtbot, f["client.name"].widget, "Acme Motors")
    _type(qtbot, f["product.name"].widget, "Servo magnet")
    _type(qtbot, f["product.unit_value.amount"].widget, "30.00")
    _type(qtbot, f["product.unit_value.currency"].widget, "USD")
    window.editor.tabs.setCurrentIndex(1)
    bom = window.editor.bom_editor
    qtbot.mouseClick(bom.buttons["add"], Qt.MouseButton.LeftButton)
    _edit_cell(qtbot, bom.view, 0, 0, "C1")
    _edit_cell(qtbot, bom.view, 0, 2, "CN")
    _edit_cell(qtbot, bom.view, 0, 4, "Sm")
    _edit_cell(qtbot, bom.view, 0, 5, "2.50")
    _edit_cell(qtbot, bom.view, 0, 6, "USD")
    assert window.editor.problems() == []
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # the Save shortcut
    assert count_dossiers(desk) == before + 1
    stored = load_dossier(desk, "GUI-001")
    assert stored.dossier.client.name == "Acme Motors"
    assert stored.dossier.components[0].elements == ["Sm"]
    assert str(stored.dossier.components[0].value.amount) == "2.50"
    assert not window.editor.is_dirty()
    assert window.browser.current_reference() == "GUI-001"


def test_bom_edits_undo_and_redo_and_saving_makes_a_new_revision(window, desk, qtbot):
    window.open_dossier("LM-2026-0042")
    editor = window.editor
    bom = editor.bom_editor
    _edit_cell(qtbot, bom.view, 0, 5, "9.99")
    assert editor.bom.data(editor.bom.index(0, 5)) == "9.99"
    qtbot.mouseClick(bom.buttons["add"], Qt.MouseButton.LeftButton)
    assert editor.bom.rowCount() == 3
    bom.view.setCurrentIndex(editor.bom.index(2, 0))
    qtbot.mouseClick(bom.buttons["up"], Qt.MouseButton.LeftButton)
    assert editor.bom.data(editor.bom.index(2, 0)) == "C2"  # the new blank line moved above C2
    window.actions_by_key["undo"].trigger()  # undo the move
    assert editor.bom.data(editor.bom.index(1, 0)) == "C2"
    window.actions_by_key["undo"].trigger()  # undo the add
    assert editor.bom.rowCount() == 2
    window.actions_by_key["undo"].trigger()  # undo the value edit
    assert editor.bom.data(editor.bom.index(0, 5)) == "6.50"
    assert not editor.is_dirty()
    window.actions_by_key["redo"].trigger()
    assert editor.bom.data(editor.bom.index(0, 5)) == "9.99"
    bom.view.setFocus()
    qtbot.keyClick(bom.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.bom.rowCount() == 3  # Ctrl+Shift+N adds a line
    window.actions_by_key["undo"].trigger()
    window.actions_by_key["save"].trigger()
    revisions = list_revisions(desk, "LM-2026-0042")
    assert [r.number for r in revisions] == [1, 2]
    assert str(load_dossier(desk, "LM-2026-0042").dossier.components[0].value.amount) == "9.99"
    assert str(load_dossier(desk, "LM-2026-0042", 1).dossier.components[0].value.amount) == "6.50"
    assert window.history.revisions.rowCount() == 2


def test_bad_cells_are_named_and_a_refused_save_keeps_what_was_typed(window, desk, qtbot):
    window.open_dossier("LM-2026-0042")
    bom = window.editor.bom_editor
    _edit_cell(qtbot, bom.view, 1, 5, "-3")
    _edit_cell(qtbot, bom.view, 1, 6, "XYZ")
    model = window.editor.bom
    assert "negative" in model.data(model.index(1, 5), Qt.ItemDataRole.ToolTipRole)
    assert "XYZ is not an ISO 4217" in bom.problems.text()
    # Issue 14: the place as the table shows it (row 2 is the second line; the column title), not components[1].value.amount.
    assert "Bill of materials, row 2: Value" in bom.problems.text() and "components[" not in bom.problems.text()
    window.actions_by_key["save"].trigger()
    box = window.findChild(QMessageBox, "errorBox")
    assert box is not None and box.isVisible()
    assert "Bill of materials, row 2: Value" in box.text() and "components[1]" not in box.text()
    assert "Traceback" not in box.text()
    box.close()
    assert len(list_revisions(desk, "LM-2026-0042")) == 1  # nothing stored
    assert model.data(model.index(1, 5)) == "-3"  # nothing typed lost
    assert window.editor.is_dirty()


def test_form_field_edits_are_undoable(window, qtbot):
    window.open_dossier("LM-2026-0042")
    field = window.editor.field["shipment.destination"]
    _type(qtbot, field.widget, "FR")
    assert field.widget.text() == "FR"
    _type(qtbot, field.widget, "ZZ")
    assert "ZZ is not an ISO 3166" in field.widget.toolTip()
    window.actions_by_key["undo"].trigger()
    assert field.widget.text() == "FR"
    window.actions_by_key["undo"].trigger()
    assert field.widget.text() == "DE"
    assert window.editor.document()["shipment"]["destination"] == "DE"


def test_opening_another_dossier_asks_before_discarding_edits(window, qtbot):
    window.open_dossier("LM-2026-0042")
    field = window.editor.field["product.name"]
    _type(qtbot, field.widget, "Changed name")
    questions = []
    window.ask_unsaved = lambda q: questions.append(q) or "cancel"  # Save / Discard / Cancel: the user cancels
    window.open_dossier("TK-NDFEB-7")
    assert questions and "LM-2026-0042" in questions[0]
    assert window.editor.reference() == "LM-2026-0042" and field.widget.text() == "Changed name"
    window.ask_unsaved = lambda q: "discard"
    window.open_dossier("TK-NDFEB-7")
    assert window.editor.reference() == "TK-NDFEB-7"
