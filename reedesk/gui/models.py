"""Qt item models over service results (never ``QStandardItemModel``; see docs/gui.md).

* :class:`DossierTableModel` pages through ``list_dossiers`` lazily: it knows the
  row count from ``count_dossiers`` and fetches a page of rows only when the view
  asks for one, keeping a bounded cache, so 100,000 dossiers scroll smoothly.
* :class:`RecordTableModel` shows a read-only list of records (audit events,
  revisions, checks, identities…) through column accessor functions.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reedesk.gui.i18n import tr
from reedesk.services.desk import Desk
from reedesk.services.dossiers import DossierSummary, count_dossiers, list_clients, list_dossiers

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(frozen=True)
class Column:
    """One column: its English title (translated at display time) and how to read a cell."""

    title: str
    value: Callable[[Any], Any]
    sort_key: str | None = None


def outcome_label(outcome: str | None) -> str:
    if not outcome:
        return ""
    return tr(outcome.replace("_", " ").capitalize())


DOSSIER_COLUMNS: tuple[Column, ...] = (
    Column("Reference", lambda d: d.reference, "reference"),
    Column("Client", lambda d: d.client_name, "client"),
    Column("Product", lambda d: d.product_name or "", "product"),
    Column("Outcome", lambda d: outcome_label(d.last_outcome), "outcome"),
    Column("Last determination", lambda d: d.last_as_of or "", "as_of"),
    Column("Signed", lambda d: tr("Yes") if d.signed else tr("No"), "signed"),
    Column("Revision", lambda d: d.revision, None),
)


class DossierTableModel(QAbstractTableModel):
    """Lazily paged dossier summaries, sortable and filterable in the database."""

    PAGE = 200
    MAX_PAGES = 50

    def __init__(self, desk: Desk, parent=None):
        super().__init__(parent)
        self.desk = desk
        self.search: str | None = None
        self.client: str | None = None
        self.sort_key = "reference"
        self.descending = False
        self._count = 0
        self._pages: OrderedDict[int, list[DossierSummary]] = OrderedDict()
        self.page_loads = 0  # for tests and the benchmark: how many pages were read
        self.reload()

    # -- loading ---------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._count = count_dossiers(self.desk, search=self.search, client=self.client)
        self.endResetModel()

    def set_filter(self, search: str | None = None, client: str | None = None) -> None:
        self.search = (search or "").strip() or None
        self.client = client or None
        self.reload()

    def _page(self, number: int) -> list[DossierSummary]:
        page = self._pages.get(number)
        if page is None:
            page = list_dossiers(
                self.desk, search=self.search, client=self.client, sort=self.sort_key,
                descending=self.descending, offset=number * self.PAGE, limit=self.PAGE,
            )
            self.page_loads += 1
            self._pages[number] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def summary(self, row: int) -> DossierSummary | None:
        if not 0 <= row < self._count:
            return None
        page = self._page(row // self.PAGE)
        offset = row % self.PAGE
        return page[offset] if offset < len(page) else None

    def row_of(self, reference: str) -> int:
        """Row of ``reference`` among the loaded pages, or -1 (used after saving)."""
        for number, page in self._pages.items():
            for i, s in enumerate(page):
                if s.reference == reference:
                    return number * self.PAGE + i
        return -1

    # -- Qt interface ----------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(DOSSIER_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            s = self.summary(index.row())
            return None if s is None else DOSSIER_COLUMNS[index.column()].value(s)
        if role == Qt.ItemDataRole.UserRole:
            s = self.summary(index.row())
            return None if s is None else s.reference
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(DOSSIER_COLUMNS[section].title)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = DOSSIER_COLUMNS[column].sort_key
        if key is None:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(DOSSIER_COLUMNS) - 1)
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(DOSSIER_COLUMNS) - 1))


class ClientListModel(QAbstractListModel):
    """"All clients" followed by each client name."""

    def __init__(self, desk: Desk, parent=None):
        super().__init__(parent)
        self.desk = desk
        self.names: list[str] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.names = list_clients(self.desk)
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


class RecordTableModel(QAbstractTableModel):
    """A read-only table of arbitrary records described by :class:`Column`s."""

    def __init__(self, columns: Sequence[Column], records: Sequence[Any] = (), parent=None,
                 colour: Callable[[Any], Any] | None = None):
        super().__init__(parent)
        self.columns = list(columns)
        self.records: list[Any] = list(records)
        self.colour = colour

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self.records[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self.columns[index.column()].value(record)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return record
        if role == Qt.ItemDataRole.ForegroundRole and self.colour is not None:
            return self.colour(record)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.columns[section].title)
        return None

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
