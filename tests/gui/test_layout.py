"""Layout (issue 14): fields and columns wide enough for what they hold, tables showing several rows,
the client list growing with the window, and the determination area given the room."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reedesk.gui.models import DOSSIER_COLUMNS


def _settle(qtbot) -> None:
    qtbot.wait(50)


def test_identity_fields_fit_a_role(window, qtbot):
    dialog = window.open_settings()
    dialog.tabs.setCurrentIndex(1)
    dialog.resize(980, 560)
    _settle(qtbot)
    role = dialog.new_role
    assert role.width() >= role.fontMetrics().horizontalAdvance("Export compliance officer") + 8
    dialog.close()


def test_exchange_rate_table_shows_several_rows(window, qtbot):
    window.open_dossier("LM-2026-0042")
    window.editor.tabs.setCurrentWidget(window.editor.shipment_tab)
    _settle(qtbot)
    view = window.editor.rate_editor.view
    rows = view.verticalHeader().defaultSectionSize()
    assert view.height() >= view.horizontalHeader().height() + 4 * rows


def test_browser_outcome_column_fits_an_outcome_name(window, qtbot):
    table = window.browser.table
    column = next(i for i, c in enumerate(DOSSIER_COLUMNS) if c.title == "Outcome")
    assert table.columnWidth(column) >= table.fontMetrics().horizontalAdvance("Licence required")
    # and it is on screen beside reference, client and product in the default split
    right = sum(table.columnWidth(c) for c in range(column + 1))
    assert right <= table.viewport().width() + 4, (right, table.viewport().width())


def test_client_list_grows_with_the_window_and_the_editor_gets_the_room(window, qtbot):
    window.resize(1100, 640)
    _settle(qtbot)
    small = window.browser.client_view.height()
    window.resize(1400, 1000)
    _settle(qtbot)
    assert window.browser.client_view.height() > small
    assert window.editor.width() > window.browser.width()
