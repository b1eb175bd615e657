"""Drop-downs and pickers in the dossier editor speak the user's words and store the codes (issue 14),
driven with real widgets offscreen: typing into cells and fields as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from reedesk.gui.i18n import set_language
from reedesk.services.dossiers import load_dossier


def _edit_cell(qtbot, view, row: int, column: int, text: str):
    tabs = view.window().editor.tabs
    tabs.setCurrentWidget(view.parentWidget())
    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.focusWidget()
    if hasattr(editor, "selectAll"):
        editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    return editor


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def test_bom_cells_take_names_hints_and_any_case_and_store_codes(window, desk, qtbot):
    window.open_dossier("LM-2026-0042")
    view, model = window.editor.bom_editor.view, window.editor.bom
    origin = _edit_cell(qtbot, view, 0, 2, "China")
    assert isinstance(origin, QComboBox) and origin.isEditable()  # a picker, not a bare line edit
    assert model.rows[0]["origin"] == "CN"
    _edit_cell(qtbot, view, 0, 6, "rmb")
    assert model.rows[0]["value"]["currency"] == "CNY"
    _edit_cell(qtbot, view, 0, 4, "sm co")
    assert model.rows[0]["elements"] == ["Sm", "Co"]
    index = model.index(0, 3)
    view.setCurrentIndex(index)
    view.edit(index)
    category = view.focusWidget()
    assert isinstance(category, QComboBox) and not category.isEditable()  # a drop-down of labels
    category.setCurrentIndex(category.findText("Rare-earth oxide"))
    category.activated.emit(category.currentIndex())  # what a user's pick emits
    assert model.rows[0]["category"] == "rare_earth_oxide"
    assert model.data(model.index(0, 3)) == "Rare-earth oxide"  # the label is shown, the code stored
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole) == "China"
    window.save()
    stored = load_dossier(desk, "LM-2026-0042").dossier.components[0]
    assert (stored.origin, stored.category, stored.elements) == ("CN", "rare_earth_oxide", ["Sm", "Co"])
    assert stored.value.currency == "CNY"


def test_in_chinese_the_choices_are_chinese_and_chinese_names_are_accepted(window, desk, qtbot):
    window.open_dossier("LM-2026-0042")
    set_language("zh-Hant")
    f = window.editor.field
    made_in = f["product.made_in"].widget
    made_in.setFocus()
    made_in.selectAll()
    made_in.lineEdit().insert("中国")  # what an input method commits (QTest cannot type CJK keys)
    qtbot.keyClick(made_in, Qt.Key.Key_Tab)  # Simplified typed in a Traditional window is still China
    assert f["product.made_in"].current() == "CN"
    assert "中國" in made_in.currentText()
    end_use = f["shipment.end_use.category"].widget
    labels = [end_use.itemText(i) for i in range(end_use.count())]
    assert "民用" in labels and "civil" not in labels and "Civil" not in labels
    category = f["product.category"].widget
    assert category.itemText(category.findData("rare_earth_permanent_magnet")) == "稀土永磁體"
    # The technology table's stage column is a drop-down of Chinese labels storing the code.
    tech = window.editor.technologies
    window.editor.tabs.setCurrentWidget(window.editor.tech_editor)
    qtbot.mouseClick(window.editor.tech_editor.buttons["add"], Qt.MouseButton.LeftButton)
    row = tech.rowCount() - 1
    view = window.editor.tech_editor.view
    index = tech.index(row, 0)
    view.setCurrentIndex(index)
    view.edit(index)
    combo = view.focusWidget()
    assert isinstance(combo, QComboBox)
    names = [combo.itemText(i) for i in range(combo.count())]
    assert "magnet_manufacturing" not in names and all("_" not in n for n in names)
    combo.setCurrentIndex(combo.findData("magnet_manufacturing"))
    combo.activated.emit(combo.currentIndex())  # what a user's pick emits
    assert tech.rows[row]["stage"] == "magnet_manufacturing"
    assert "_" not in tech.data(tech.index(row, 0))


def test_problems_name_the_row_and_column_the_user_sees(window, qtbot):
    """Issue 14: the second exchange-rate row is "row 2", not exchange_rates[1]."""
    window.open_dossier("LM-2026-0042")
    rates = window.editor.rates
    editor = window.editor.rate_editor
    window.editor.tabs.setCurrentWidget(window.editor.shipment_tab)
    for _ in range(2):
        qtbot.mouseClick(editor.buttons["add"], Qt.MouseButton.LeftButton)
    view = editor.view
    index = rates.index(1, 2)
    view.setCurrentIndex(index)
    view.edit(index)
    line = view.focusWidget()
    qtbot.keyClicks(line, "abc")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    text = editor.problems.text()
    assert "Exchange rates, row 2: Rate" in text and "exchange_rates[" not in text
    set_language("zh-Hans")
    editor.refresh_problems()
    assert "汇率第2行：汇率" in editor.problems.text()


def test_a_picker_text_pasted_from_the_other_script_is_understood(window, qtbot):
    """REVIEW8 F18: the zh-Hans window reads 「中國（CN）」 (the zh-Hant window's own text, fullwidth marks) as CN, as it
    reads "中國 (CN)"; before, only ASCII parentheses were looked inside and the text became an unknown country."""
    window.open_dossier("LM-2026-0042")
    set_language("zh-Hans")
    try:
        field = window.editor.field["product.made_in"]
        for pasted, code in (("中國（CN）", "CN"), ("中國 (CN)", "CN"), ("越南（VN）", "VN"), ("Japan (JP)", "JP")):
            field.widget.setFocus()
            field.widget.selectAll()
            field.widget.lineEdit().insert(pasted)
            qtbot.keyClick(field.widget, Qt.Key.Key_Tab)
            assert field.current() == code, pasted
    finally:
        set_language("en")
