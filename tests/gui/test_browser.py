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
    assert model.rowCount() == 200 and not model.count_exact  # the first page at once, the count after
    assert model.wait_for_count()
    assert model.rowCount() == 1000
    assert model.page_loads == 0 and model.browse_calls == 1 and model.count_calls == 1
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
    assert model.rowCount() == 10 and model.count_exact  # a short first page is the whole result: no count query
    assert model.browse_calls == 4 and model.page_loads == 1 and model.count_calls == 3  # each reload reads one page
    assert [model.data(model.index(r, 0)) for r in (0, 9)] == ["R-00019", "R-00010"]  # still descending
    assert model.page_loads == 1


def test_filter_change_shows_the_first_page_then_counts_off_the_gui_thread(empty_desk, qtbot, monkeypatch):
    """Issue 13 point 6: first page first, count after, and the count not on the GUI thread."""
    import threading

    import reedesk.services.dossiers as models  # the browser calls these (imported where they are called)

    dossiers = [Dossier(reference=f"Q-{i:04d}", client=Party(name="Acme" if i % 2 else "Birch")) for i in range(450)]
    import_dossiers(empty_desk, dossiers, source="test")
    calls: list[tuple[str, bool]] = []
    gui_thread = threading.get_ident()
    for name in ("list_dossiers", "count_dossiers"):
        real = getattr(models, name)
        monkeypatch.setattr(models, name, lambda *a, _real=real, _name=name, **k: (
            calls.append((_name, threading.get_ident() == gui_thread)), _real(*a, **k))[1])
    model = DossierTableModel(empty_desk)
    model.set_filter(client="Acme")
    assert model.rowCount() == 200 and model.data(model.index(199, 0)) == "Q-0399"
    assert model.wait_for_count()
    assert model.rowCount() == 225
    assert model.data(model.index(224, 0)) == "Q-0449"  # the second page is read lazily
    assert [c for c in calls if c[0] == "list_dossiers"] == [("list_dossiers", True)] * 3
    # Never on the GUI thread, and only for the filter shown: the unfiltered count asked for when the model was
    # built waited for the paint, and the client filter replaced it before that, so it never ran.
    assert [c for c in calls if c[0] == "count_dossiers"] == [("count_dossiers", False)]


def test_a_count_for_an_older_filter_is_ignored_and_the_label_follows(window, desk, qtbot):
    dossiers = [Dossier(reference=f"Z-{i:04d}", client=Party(name="Zeta" if i % 3 else "Eta")) for i in range(700)]
    import_dossiers(desk, dossiers, source="test")
    browser = window.browser
    browser.refresh()
    assert browser.model.rowCount() == 200
    assert "200+" in browser.count_label.text()
    browser.model.set_filter(client="Zeta")  # before the first count is in
    assert browser.model.wait_for_count()
    qtbot.wait(50)  # let any late count of the first filter arrive: it must not change the rows
    assert browser.model.rowCount() == 466
    assert browser.count_label.text() == "466 dossiers"


def test_clicking_a_row_opens_the_dossier(window, qtbot):
    table = window.browser.table
    row = next(r for r in range(4) if window.browser.model.summary(r).reference == "LM-2026-0042")
    rect = table.visualRect(window.browser.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editor.reference() == "LM-2026-0042"
    assert window.editor.bom.rowCount() == 2
    assert window.editor.field["product.name"].widget.text().startswith("Sintered Sm2Co17")
    assert window.history.revisions.rowCount() == 1


def test_the_window_reads_the_first_page_once_at_start(window):
    """Issue 13 point 5: the dossier list is loaded once when the window opens (it was four times)."""
    assert window.browser.model.browse_calls == 1
    assert window.browser.model.page_loads == 0


def test_the_count_starts_after_the_first_page_is_painted(window, desk, qtbot, monkeypatch):
    """Issue 13 point 6: a worker counting beside the paint held the GIL while the GUI thread painted
    (27 ms to the painted first page): the count now waits for the paint, then runs off the GUI thread."""
    import threading

    from PySide6.QtCore import QEvent, QObject

    import reedesk.services.dossiers as services

    import_dossiers(desk, [Dossier(reference=f"P-{i:04d}", client=Party(name="Pax")) for i in range(450)], source="test")
    browser = window.browser
    browser.refresh()
    assert browser.model.wait_for_count()
    log: list[str] = []
    real = services.count_dossiers
    gui_thread = threading.get_ident()
    monkeypatch.setattr(services, "count_dossiers", lambda *a, **k: (
        log.append("count on GUI thread" if threading.get_ident() == gui_thread else "count"), real(*a, **k))[1])

    class Paints(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                log.append("paint")
            return False

    paints = Paints()
    browser.table.viewport().installEventFilter(paints)
    try:
        browser.search.setText("P-0")
        browser.apply_filter()  # as the debounce timer does
        assert browser.model.rowCount() == 200 and not browser.model.count_exact and log == []  # nothing started yet
        qtbot.waitUntil(lambda: browser.model.count_exact, timeout=10_000)
    finally:
        browser.table.viewport().removeEventFilter(paints)
    assert "count" in log and "count on GUI thread" not in log
    assert log.index("paint") < log.index("count")
    assert browser.model.rowCount() == 450 and browser.count_label.text() == "450 dossiers"
