"""Qt item models over service results (never ``QStandardItemModel``; see docs/gui.md).

* :class:`DossierTableModel` pages through ``list_dossiers`` lazily (see
  :class:`~reedesk.gui.table_model.PagedTableModel`), sorted and filtered in the database;
  a filter, search or sort change reads the count and the first page in one
  ``browse_dossiers`` call (the search index is consulted once, not twice).
* :class:`ClientListModel` lists "All clients" and each client.
* :class:`RecordTableModel` and :class:`Column` (read-only lists of records) live in
  :mod:`reedesk.gui.table_model` and are re-exported here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from reedesk.gui.i18n import tr
from reedesk.gui.table_model import Column, PagedTableModel, RecordTableModel
from reedesk.services.desk import Desk
from reedesk.services.dossiers import DossierSummary, browse_dossiers, list_clients, list_dossiers

__all__ = ["Column", "ClientListModel", "DossierTableModel", "RecordTableModel", "outcome_label", "DOSSIER_COLUMNS"]

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


# English display names of the FORMATS.md outcomes, worded as the evidence pack and the
# CLI word them (British "Licence"); the machine names stay ``license_*``.
OUTCOME_LABELS = {
    "not_controlled": "Not controlled",
    "license_required": "Licence required",
    "license_required_presumption_of_denial": "Licence required — presumption of denial",
    "case_by_case": "Licence required — case-by-case review",
    "prohibited": "Prohibited",
    "exempt_report_required": "Exempt — export must be reported",
    "suspended": "Suspended",
    "insufficient_data": "Insufficient data",
}


def outcome_label(outcome: str | None) -> str:
    if not outcome:
        return ""
    return tr(OUTCOME_LABELS.get(outcome) or outcome.replace("_", " ").capitalize())


DOSSIER_COLUMNS: tuple[Column, ...] = (
    Column("Reference", lambda d: d.reference, "reference", max_chars=18),
    Column("Client", lambda d: d.client_name, "client", max_chars=20),
    Column("Product", lambda d: d.product_name or "", "product", max_chars=28),
    Column("Outcome", lambda d: outcome_label(d.last_outcome), "outcome", max_chars=20),
    Column("Last determination", lambda d: d.last_as_of or "", "as_of", max_chars=12),
    Column("Signed", lambda d: tr("Yes") if d.signed else tr("No"), "signed"),
    Column("Revision", lambda d: d.revision, None, align=Qt.AlignmentFlag.AlignRight),
)


class DossierTableModel(PagedTableModel):
    """Lazily paged dossier summaries, sortable and filterable in the database.

    ``UserRole`` gives the dossier reference.
    """

    def __init__(self, desk: Desk, parent=None):
        super().__init__(DOSSIER_COLUMNS, parent)
        self.desk = desk
        self.browse_calls = 0
        self.search: str | None = None
        self.client: str | None = None
        self.sort_key = "reference"
        self.descending = False
        self.reload()

    def fetch(self, offset: int, limit: int) -> list[DossierSummary]:
        return list_dossiers(self.desk, search=self.search, client=self.client, sort=self.sort_key,
                             descending=self.descending, offset=offset, limit=limit)

    def reload(self) -> None:
        """Count and first page in one service call; later pages are read as the view scrolls."""
        page = browse_dossiers(self.desk, search=self.search, client=self.client, sort=self.sort_key,
                               descending=self.descending, offset=0, limit=self.PAGE)
        self.beginResetModel()
        self._pages.clear()
        self._count = page.total
        self._pages[0] = list(page.rows)
        self.browse_calls += 1  # page_loads counts only the pages read lazily afterwards
        self.endResetModel()

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
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
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
