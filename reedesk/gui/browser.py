"""The client list and the lazily loaded, sortable, searchable dossier table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QLineEdit, QListView, QSplitter, QTableView, QVBoxLayout, QWidget

from reedesk.gui.i18n import LanguageAware, tr
from reedesk.gui.models import ClientListModel, DossierTableModel
from reedesk.gui.table_model import fit_columns
from reedesk.services.desk import Desk


class Browser(LanguageAware, QWidget):
    """Emits ``opened(reference)`` when the user picks a dossier."""

    opened = Signal(str)

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.clients = ClientListModel(desk, self)
        self.model = DossierTableModel(desk, self)
        self.client_view = QListView()
        self.client_view.setObjectName("clientList")
        self.client_view.setUniformItemSizes(True)  # one row measured, not all 500 clients, before the first paint
        self.client_view.setModel(self.clients)
        self.client_view.setCurrentIndex(self.clients.index(0, 0))
        self.client_view.selectionModel().currentChanged.connect(lambda *_: self.apply_filter())
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        # Filter after a short pause in typing, not on every key (100,000 rows).
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.search.returnPressed.connect(self.apply_filter)
        self.table = QTableView()
        self.table.setObjectName("dossierTable")
        self.table.setModel(self.model)
        # The indicator first, so switching sorting on asks for the order already loaded (no second read).
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        fit_columns(self.table)  # the first page's widths, capped; the main window restores the user's own
        self._fit_outcome()
        self.table.activated.connect(self._activated)
        self.table.clicked.connect(self._activated)
        self.count_label = QLabel()
        self.count_label.setObjectName("dossierCount")
        self.clients_label = QLabel()
        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.clients_label)
        tl.addWidget(self.client_view)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.search)
        bl.addWidget(self.table, 1)
        bl.addWidget(self.count_label)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 1)  # the client list grows with the window too, not only the table
        split.setStretchFactor(1, 3)
        self.splitter = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.model.modelReset.connect(self._update_count)
        self.model.count_known.connect(self._update_count)  # the exact count arrives after the first page
        self.retranslate()

    def _fit_outcome(self) -> None:
        """The Outcome column fits an outcome name even before any dossier is evaluated (issue 14)."""
        from reedesk.gui.models import DOSSIER_COLUMNS, outcome_label

        column = next(i for i, c in enumerate(DOSSIER_COLUMNS) if c.title == "Outcome")
        fm = self.table.fontMetrics()
        width = max(fm.horizontalAdvance(outcome_label(code)) for code in ("license_required", "not_controlled", "insufficient_data"))
        self.table.setColumnWidth(column, max(self.table.columnWidth(column), width + 24))

    def selected_client(self) -> str | None:
        index = self.client_view.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.search.text(), self.selected_client())

    def refresh(self, select: str | None = None) -> None:
        """Re-read clients and dossiers (after a save or import), keeping the filter."""
        client = self.selected_client()
        self.clients.reload()
        row = self.clients.names.index(client) + 1 if client in self.clients.names else 0
        self.client_view.selectionModel().blockSignals(True)
        self.client_view.setCurrentIndex(self.clients.index(row, 0))
        self.client_view.selectionModel().blockSignals(False)
        self.model.set_filter(self.search.text(), self.selected_client())
        if select:
            self.select_reference(select)

    def select_reference(self, reference: str) -> None:
        # Look at the first pages only: after a save the row is usually near the top of a filtered view.
        for row in range(min(self.model.rowCount(), 2000)):
            if self.model.summary(row) and self.model.summary(row).reference == reference:  # type: ignore[union-attr]
                index = self.model.index(row, 0)
                self.table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(index)
                return

    def current_reference(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None

    def _activated(self, index) -> None:
        reference = self.model.data(index, Qt.ItemDataRole.UserRole)
        if reference:
            self.opened.emit(reference)

    def _update_count(self) -> None:
        if getattr(self.model, "count_exact", True):
            self.count_label.setText(tr("{count} dossiers").format(count=f"{self.model.rowCount():,}"))
        else:  # the first page is shown; the exact count is being made off the GUI thread
            self.count_label.setText(tr("{count}+ dossiers (counting…)").format(count=f"{self.model.rowCount():,}"))

    def retranslate(self) -> None:
        self.search.setPlaceholderText(tr("Search reference, product or client (Ctrl+F)"))
        self.search.setAccessibleName(tr("Search dossiers"))
        self.table.setAccessibleName(tr("Dossiers"))
        self.client_view.setAccessibleName(tr("Clients"))
        self.clients_label.setText(tr("Clients"))
        self.model.retranslate()
        self.clients.retranslate()
        self._update_count()
