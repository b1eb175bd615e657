"""Qt item models over service results (never ``QStandardItemModel``; see docs/gui.md).

* :class:`DossierTableModel` pages through ``list_dossiers`` lazily (see
  :class:`~reedesk.gui.table_model.PagedTableModel`), sorted and filtered in the database;
  a filter, search or sort change reads the count and the first page in one
  ``browse_dossiers`` call (the search index is consulted once, not twice).
  While the window's desk is still a :class:`~reedesk.services.deferred_desk.DeferredDesk`
  (the first paint, before the database stack is imported), an unsearched page, the
  count and the clients are read with stdlib sqlite3 (:mod:`reedesk.services.first_page`,
  the same queries); everything else goes through the services.
* :class:`ClientListModel` lists "All clients" and each client.
* :class:`RecordTableModel` and :class:`Column` (read-only lists of records) live in
  :mod:`reedesk.gui.table_model` and are re-exported here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QEvent, QModelIndex, QPersistentModelIndex, QRunnable, Qt, QThreadPool, Signal

from reedesk import vocabulary
from reedesk.gui.i18n import current_language, tr
from reedesk.gui.table_model import Column, PagedTableModel, RecordTableModel
from reedesk.services import first_page
from reedesk.services.desk import Desk
from reedesk.services.first_page import DossierSummary

__all__ = ["Column", "ClientListModel", "DossierTableModel", "RecordTableModel", "outcome_label", "DOSSIER_COLUMNS"]

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


# The outcomes and audit actions are named by reedesk.vocabulary (one catalogue for the window, the
# CLI and the PDF); these are views onto it in the window's language (the machine names stay
# ``license_*`` and the verbs of services.audit.KNOWN_ACTIONS).
OUTCOME_LABELS = {code: vocabulary.label("outcome", code, "en") for code in vocabulary.codes("outcome")}
ACTION_LABELS = {code: vocabulary.label("audit_action", code, "en") for code in vocabulary.codes("audit_action")}


def action_label(action: str | None) -> str:
    """The reader's name of an audit action (an unknown one is shown as recorded)."""
    if not action:
        return ""
    return vocabulary.label("audit_action", action, current_language())


def outcome_label(outcome: str | None) -> str:
    """The outcome's name in the window's language, the same words as the evidence pack and the CLI memo. A stored
    outcome the catalogue does not know (a row edited outside reedesk, a newer build's code) is "Outcome cannot be
    read" in the window's language — the determinations panel's badge words — never the stored code."""
    if not outcome:
        return ""
    if not vocabulary.known("outcome", outcome):
        return tr("Outcome cannot be read")
    return vocabulary.label("outcome", outcome, current_language())


DOSSIER_COLUMNS: tuple[Column, ...] = (
    Column("Reference", lambda d: d.reference, "reference", max_chars=18),
    Column("Client", lambda d: d.client_name, "client", max_chars=14),
    Column("Product", lambda d: d.product_name or "", "product", max_chars=14),
    Column("Outcome", lambda d: outcome_label(d.last_outcome), "outcome", max_chars=20),
    Column("Last determination", lambda d: d.last_as_of or "", "as_of", max_chars=12),
    Column("Signed", lambda d: tr("Yes") if d.signed else tr("No"), "signed"),
    Column("Revision", lambda d: d.revision, None, align=Qt.AlignmentFlag.AlignRight),
)


def _pending(desk: Any) -> Any:
    """The SQLite file of a desk not opened yet (read it with first_page), else None."""
    return getattr(desk, "pending_path", None)


def _count(desk: Any, *, search: str | None, client: str | None) -> int:
    path = _pending(desk)
    if path is not None and search is None:
        return first_page.count_dossiers(path, client=client)
    from reedesk.services.dossiers import count_dossiers

    return count_dossiers(desk, search=search, client=client)


def _clients(desk: Any) -> list[str]:
    path = _pending(desk)
    if path is not None:
        return first_page.list_clients(path)
    from reedesk.services.dossiers import list_clients

    return list_clients(desk)


class _Count(QRunnable):
    """Counts the rows of one filter off the GUI thread and reports back through the model's signal."""

    def __init__(self, model: "DossierTableModel", generation: int, filters: dict[str, Any]):
        super().__init__()
        self.setAutoDelete(True)
        self.model, self.generation, self.filters = model, generation, filters

    def run(self) -> None:  # worker thread: a service call in its own unit of work
        try:
            total = _count(self.model.desk, **self.filters)
        except Exception:  # noqa: BLE001 - the desk closed meanwhile: the count is simply not shown
            total = -1
        try:
            self.model.counted.emit(self.generation, total)
        except RuntimeError:  # the model was deleted before the count finished
            pass


# The count is started after the first page is painted, not beside it: a worker thread that starts
# at once holds the GIL for its Python work (the search probes, SQLAlchemy) while the GUI thread
# paints, and each hand-over waits out the interpreter's switch interval (issue 13: 27 ms to the
# painted first page where reading and painting take ~12 ms of the GUI thread). Qt posts a
# widget's paint request (UpdateRequest) at LowEventPriority; an event posted below that priority
# is delivered after it, so the count starts right after the paint (and, with no view, at the next
# pass of the event loop).
_START_COUNT = QEvent.Type(QEvent.registerEventType())
_AFTER_PAINT = Qt.EventPriority.LowEventPriority.value - 1


class DossierTableModel(PagedTableModel):
    """Lazily paged dossier summaries, sortable and filterable in the database.

    A filter change reads the first page only (a LIMIT query that stops early, ~1–5 ms on
    100,000 dossiers) and shows it at once; the exact count, which must visit every match,
    runs on a worker thread and then adds the remaining rows (``count_exact`` turns True,
    ``count_known`` is emitted). ``UserRole`` gives the dossier reference.
    """

    counted = Signal(int, int)  # generation, total (from the worker thread)
    count_known = Signal()

    def __init__(self, desk: Desk, parent=None):
        super().__init__(DOSSIER_COLUMNS, parent)
        self.desk = desk
        self.browse_calls = 0
        self.count_calls = 0
        self.count_exact = False
        self._generation = 0
        self._pending_count: tuple[int, dict[str, Any]] | None = None  # (generation, filters) to count after the paint
        self.search: str | None = None
        self.client: str | None = None
        self.sort_key = "reference"
        self.descending = False
        self.counted.connect(self._counted)
        self.reload()

    def fetch(self, offset: int, limit: int) -> list[DossierSummary]:
        path = _pending(self.desk)
        if path is not None and self.search is None:
            return first_page.list_dossiers(path, client=self.client, sort=self.sort_key, descending=self.descending,
                                            offset=offset, limit=limit)
        from reedesk.services.dossiers import list_dossiers

        return list_dossiers(self.desk, search=self.search, client=self.client, sort=self.sort_key,
                             descending=self.descending, offset=offset, limit=limit)

    def reload(self) -> None:
        """The first page now; the count, when the page is full, from a worker thread once the page is painted."""
        self._generation += 1
        rows = self.fetch(0, self.PAGE)
        self.browse_calls += 1  # page_loads counts only the pages read lazily afterwards
        self.beginResetModel()
        self._pages.clear()
        self._pages[0] = rows
        self._count = len(rows)
        self.count_exact = len(rows) < self.PAGE  # a short first page is the whole result
        self.endResetModel()
        if self.count_exact:
            self._pending_count = None
            self.count_known.emit()
        else:
            self.count_calls += 1
            self._pending_count = (self._generation, {"search": self.search, "client": self.client})
            QCoreApplication.postEvent(self, QEvent(_START_COUNT), _AFTER_PAINT)

    def customEvent(self, event: QEvent) -> None:
        if event.type() != _START_COUNT:
            return super().customEvent(event)
        pending, self._pending_count = self._pending_count, None
        if pending is not None and pending[0] == self._generation:  # a newer filter replaced it: its own event follows
            QThreadPool.globalInstance().start(_Count(self, *pending))

    def _counted(self, generation: int, total: int) -> None:
        if generation != self._generation or total < 0:
            return  # a newer filter is shown (its own count is on the way), or the desk went away
        if total < self._count:  # rows were deleted in between: show the smaller result as a whole
            self.beginResetModel()
            self._count = total
            self.endResetModel()
        elif total > self._count:
            self.beginInsertRows(QModelIndex(), self._count, total - 1)
            self._count = total
            self.endInsertRows()
        self.count_exact = True
        self.count_known.emit()

    def wait_for_count(self, timeout_ms: int = 10_000) -> bool:
        """Block (processing events) until the exact count is in; for tests, benchmarks and scripts."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(timeout_ms)
        if self._pending_count is not None:  # the count waits for the paint: start it now
            QCoreApplication.sendPostedEvents(self, _START_COUNT)
        while not self.count_exact and not deadline.hasExpired():
            QThreadPool.globalInstance().waitForDone(5)
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        return self.count_exact

    def user_value(self, record: DossierSummary) -> str:
        return record.reference

    def set_filter(self, search: str | None = None, client: str | None = None) -> None:
        self.search = (search or "").strip() or None
        self.client = client or None
        self.reload()

    def summary(self, row: int) -> DossierSummary | None:
        return self.record(row)

    def row_of(self, reference: str) -> int:
        """Row of ``reference`` among the loaded pages, or -1 (used after saving)."""
        return next((row for row, s in self.loaded() if s.reference == reference), -1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending) and self._pages:
            return  # already shown in this order (the view re-asks when sorting is switched on): read once
        self.sort_key = key
        self.descending = descending
        self.reload()


class ClientListModel(QAbstractListModel):
    """"All clients" followed by each client name."""

    def __init__(self, desk: Desk, parent=None):
        super().__init__(parent)
        self.desk = desk
        self.names: list[str] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.names = _clients(self.desk)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.names) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return tr("All clients") if row == 0 else self.names[row - 1]
        if role == Qt.ItemDataRole.UserRole:
            return None if row == 0 else self.names[row - 1]
        return None

    def retranslate(self) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(0, 0))
