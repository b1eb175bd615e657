"""The dossier browser: lazy paging, search, client filter, sorting."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reedesk.domain.dossier import Dossier, Party, Product
from reedesk.gui.models import DossierTableModel
from reedesk.services.dossiers import import_dossiers


def test_browser_lists_the_samples_and_filters_by_search_and_client(window, qtbot):
    browser = window.browser
    assert browser.model.rowCount() == 4
    qtbot.keyClicks(browser.search, "magnet")
    qtbot.waitUntil(lambda: browser.model.rowCount() == 0 or browser.model.search == "magnet", timeout=2000)
    refs = {browser.model.summary(r).reference for r in range(browser.model.rowCount())}
    assert refs == {"LM-2026-0042", "TK-NDFEB-7"}
    browser.search.clear()
    browser.apply_filter()
    lotus = browser.clients.names.index("Lotus Magnetics Co., Ltd.") + 1
    browser.client_view.setCurrentIndex(browser.clients.index(lotus, 0))
    assert [browser.model.summary(r).reference for r in range(browser.model.rowCount())] == ["LM-2026-0042"]
    assert "1 dossiers" in browser.count_label.text()


def test_model_pages_lazily_and_sorts_in_the_database(empty_desk, qtbot):
    dossiers = [Dossier(reference=f"R-{i:05d}", client=Party(name=f"Client {i % 7}"), product=Product(name=f"Item {999 - i}"))
                for i in range(1000)]
    import_dossiers(empty_desk, dossiers, source="test")
    model = DossierTableModel(empty_desk)
    assert model.rowCount() == 1000
    assert model.page_loads == 0  # nothing read until a row is wanted
    assert model.data(model.index(950, 0)) == "R-00950"
    assert model.page_loads == 1
    model.sort(2, Qt.SortOrder.AscendingOrder)  # by product name
    assert model.data(model.index(0, 2)) == "Item 0"
    assert model.data(model.index(0, 0)) == "R-00999"
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 0)) == "R-00999"
    model.set_filter("R-0001")
    assert model.rowCount() == 10


def test_clicking_a_row_opens_the_dossier(window, qtbot):
    table = window.browser.table
    row = next(r for r in range(4) if window.browser.model.summary(r).reference == "LM-2026-0042")
    rect = table.visualRect(window.browser.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editor.reference() == "LM-2026-0042"
    assert window.editor.bom.rowCount() == 2
    assert window.editor.field["product.name"].widget.text().startswith("Sintered Sm2Co17")
    assert window.history.revisions.rowCount() == 1
