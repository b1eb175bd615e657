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
    assert model.page_loads == 0 and model.browse_calls == 1  # count and first page came in one call
    assert model.data(model.index(10, 0)) == "R-00010"
    assert model.page_loads == 0  # the first page is already held
    assert model.data(model.index(950, 0)) == "R-00950"
    assert model.page_loads == 1
    model.sort(2, Qt.SortOrder.AscendingOrder)  # by product name
    assert model.data(model.index(0, 2)) == "Item 0"
    assert model.data(model.index(0, 0)) == "R-00999"
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 0)) == "R-00999"
    model.set_filter("R-0001")
    assert model.rowCount() == 10
    assert model.browse_calls == 4 and model.page_loads == 1  # each reload is one browse_dossiers call
    assert [model.data(model.index(r, 0)) for r in (0, 9)] == ["R-00019", "R-00010"]  # still descending
    assert model.page_loads == 1


def test_filter_change_reads_count_and_first_page_in_one_call(empty_desk, monkeypatch):
    import reedesk.gui.models as models

    dossiers = [Dossier(reference=f"Q-{i:04d}", client=Party(name="Acme" if i % 2 else "Birch")) for i in range(450)]
    import_dossiers(empty_desk, dossiers, source="test")
    calls: list[str] = []
    for name in ("list_dossiers", "browse_dossiers"):  # count_dossiers is no longer imported at all
        real = getattr(models, name)
        monkeypatch.setattr(models, name, lambda *a, _real=real, _name=name, **k: (calls.append(_name), _real(*a, **k))[1])
    model = DossierTableModel(empty_desk)
    model.set_filter(client="Acme")
    assert calls == ["browse_dossiers", "browse_dossiers"]
    assert model.rowCount() == 225 and model.data(model.index(199, 0)) == "Q-0399"
    assert model.data(model.index(224, 0)) == "Q-0449"  # the second page is read lazily
    assert calls == ["browse_dossiers", "browse_dossiers", "list_dossiers"]


def test_clicking_a_row_opens_the_dossier(window, qtbot):
    table = window.browser.table
    row = next(r for r in range(4) if window.browser.model.summary(r).reference == "LM-2026-0042")
    rect = table.visualRect(window.browser.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editor.reference() == "LM-2026-0042"
    assert window.editor.bom.rowCount() == 2
    assert window.editor.field["product.name"].widget.text().startswith("Sintered Sm2Co17")
    assert window.history.revisions.rowCount() == 1
