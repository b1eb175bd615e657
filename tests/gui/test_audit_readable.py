"""The audit view in the user's words (issue 14): each entry names the dossier and the person, shows
before/after as fields, filters by dossier, person and action; a save can carry a reason."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reedesk.services.audit import audit_log
from reedesk.services.keys import create_identity

PASS = "correct horse battery"


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def _column(view, title: str) -> int:
    model = view.model
    return next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == title)


def test_a_save_with_a_reason_is_named_by_dossier_and_person_with_readable_fields(window, desk, qtbot):
    create_identity(desk, "Mai Tran", "Export compliance officer", "Lotus Compliance", PASS)
    window.open_dossier("LM-2026-0042")
    window.determinations.as_of.setDate(__import__("PySide6.QtCore").QtCore.QDate(2026, 11, 25))
    qtbot.mouseClick(window.determinations.evaluate_button, Qt.MouseButton.LeftButton)
    _type(qtbot, window.editor.field["product.name"].widget, "Arc segment, grade 26")
    qtbot.keyClicks(window.editor.reason, "customer corrected the grade")
    assert window.save()
    assert window.editor.reason.text() == ""  # a reason is for one save
    update = [e for e in audit_log(desk, dossier_reference="LM-2026-0042") if e.action == "update"][-1]
    assert update.reason == "customer corrected the grade"

    window.show_page("audit")
    view = window.audit_view()
    model = view.model
    who, what, reason = _column(view, "Who"), _column(view, "What"), _column(view, "Reason")
    row = next(r for r in range(model.rowCount()) if model.index(r, reason).data() == "customer corrected the grade")
    assert model.index(row, who).data() == "Mai Tran (account test-user)"  # the person, not the account alone
    evaluate_row = next(r for r in range(model.rowCount()) if model.record(r).action == "evaluate")
    assert model.index(evaluate_row, what).data() == "Determination of LM-2026-0042"  # not "determination 1"
    setting_row = next(r for r in range(model.rowCount()) if model.record(r).entity_type == "setting")
    assert model.index(setting_row, what).data().startswith("Setting: ")  # not a snake_case key
    view.table.setCurrentIndex(model.index(row, 0))
    details = view.details.toPlainText()
    assert "Before" in details and "After" in details and "{" not in details  # fields, not JSON
    assert "customer corrected the grade" in details

    view.table.setCurrentIndex(model.index(evaluate_row, 0))
    details = view.details.toPlainText()
    assert "Outcome" in details and "Licence required" in details and "license_required" not in details

    # Filters: person, dossier, action.
    view.choose_person("test-user")
    assert model.rowCount() > 0 and all(model.record(r).actor == "test-user" for r in range(model.rowCount()))
    view.dossier_filter.setText("CN-TB-880")
    view.dossier_filter.editingFinished.emit()
    assert all(model.record(r).dossier_reference == "CN-TB-880" for r in range(model.rowCount()))
    view.dossier_filter.setText("LM-2026-0042")
    view.dossier_filter.editingFinished.emit()
    view.action_filter.setCurrentIndex(view.action_filter.findData("update"))
    assert model.rowCount() == 1 and model.record(0).reason == "customer corrected the grade"
    names = [view.person_filter.itemText(i) for i in range(view.person_filter.count())]
    assert "Mai Tran (account test-user)" in names
