"""The one read-only table model shape every list in the window uses.

Columns are declared as data (:class:`Column`: the English header, which is the
catalogue key translated at display time, and how to read a cell), so a view's
model is a tuple of columns plus a way to reach row ``n``:

* :class:`RecordTableModel` holds a short list of records (revisions, checks, keys…);
* :class:`PagedTableModel` pages through a long result lazily (dossiers, audit
  events): it knows the row count and fetches a page only when the view asks for
  a row in it, keeping a bounded cache, so 100,000 rows scroll smoothly.

:func:`make_table_view` builds the read-only, single-row-selection view they are
shown in, and :func:`fit_columns` gives a view sensible initial column widths.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Sequence
from unicodedata import east_asian_width

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from reedesk.gui.i18n import tr

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
Role = Qt.ItemDataRole


@dataclass(frozen=True)
class Column:
    """One column: its English title (translated at display time) and how to read a cell.

    ``tooltip`` reads the tooltip (default: the cell text, so elided cells can be
    read in full); ``align`` aligns the cell; ``sort_key`` names the database sort
    of a paged model (None: not sortable); ``max_chars`` caps the initial width
    that :func:`fit_columns` gives the column.
    """

    title: str
    value: Callable[[Any], Any]
    sort_key: str | None = None
    tooltip: Callable[[Any], Any] | None = None
    align: Qt.AlignmentFlag | None = None
    max_chars: int | None = None


def attr(record: Any, *names: str, default: Any = None) -> Any:
    """The first of ``names`` set on ``record`` (a dict or an object), else ``default``.

    Services return dataclasses, the verifier's report dicts; columns read both.
    """
    for name in names:
        value = record.get(name) if isinstance(record, dict) else getattr(record, name, None)
        if value is not None:
            return value
    return default


def minutes(timestamp: Any) -> str:
    """An ISO timestamp to the minute, "2026-11-25 13:06", for a narrow column (the tooltip keeps it all)."""
    return "" if not timestamp else str(timestamp)[:16].replace("T", " ")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


_SERVED_ROLES = frozenset(int(r) for r in (Role.DisplayRole, Role.ToolTipRole, Role.UserRole, Role.TextAlignmentRole, Role.ForegroundRole))


class ReadOnlyTableModel(QAbstractTableModel):
    """Rows reached through :meth:`record`; cells, tooltips and headers from the columns.

    ``UserRole`` gives :meth:`user_value` of the row's record (the record itself
    unless a subclass says otherwise); ``colour(record)`` tints a whole row.
    """

    def __init__(self, columns: Sequence[Column], parent=None, colour: Callable[[Any], Any] | None = None):
        super().__init__(parent)
        self.columns: list[Column] = list(columns)
        self.colour = colour

    # -- what subclasses provide -------------------------------------------
    def record(self, row: int) -> Any:
        raise NotImplementedError

    def user_value(self, record: Any) -> Any:
        return record

    # -- Qt interface ------------------------------------------------------
    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        # A view asks ~15 roles per cell on every paint; answer the ones never served before finding the record.
        if role not in _SERVED_ROLES or not index.isValid():
            return None
        record = self.record(index.row())
        if record is None:
            return None
        column = self.columns[index.column()]
        if role == Role.DisplayRole:
            return _text(column.value(record))
        if role == Role.ToolTipRole:
            return _text((column.tooltip or column.value)(record))
        if role == Role.UserRole:
            return self.user_value(record)
        if role == Role.TextAlignmentRole and column.align is not None:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        if role == Role.ForegroundRole and self.colour is not None:
            return self.colour(record)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole) -> Any:
        if role == Role.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return tr(self.columns[section].title)
        return None

    def retranslate(self) -> None:
        """Headers and cells are translated when shown: ask the views to show them again."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        rows = self.rowCount()
        if rows and self.columns:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, len(self.columns) - 1))


class RecordTableModel(ReadOnlyTableModel):
    """A read-only table of a list of records."""

    def __init__(self, columns: Sequence[Column], records: Sequence[Any] = (), parent=None,
                 colour: Callable[[Any], Any] | None = None):
        super().__init__(columns, parent, colour)
        self.records: list[Any] = list(records)

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self.records[row] if 0 <= row < len(self.records) else None

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.records)


class PagedTableModel(ReadOnlyTableModel):
    """Rows read lazily, a page at a time, from :meth:`fetch`; the total from :meth:`count`.

    Subclasses set their filters and call :meth:`reload`. Pages are cached, least
    recently used dropped first, at most ``MAX_PAGES`` of ``PAGE`` rows.
    """

    PAGE = 200
    MAX_PAGES = 50

    def __init__(self, columns: Sequence[Column], parent=None, colour: Callable[[Any], Any] | None = None):
        super().__init__(columns, parent, colour)
        self._count = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self.page_loads = 0  # for tests and the benchmark: how many pages were read

    def count(self) -> int:
        raise NotImplementedError

    def fetch(self, offset: int, limit: int) -> list[Any]:
        raise NotImplementedError

    def reload(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._count = self.count()
        self.endResetModel()

    def _page(self, number: int) -> list[Any]:
        page = self._pages.get(number)
        if page is None:
            page = list(self.fetch(number * self.PAGE, self.PAGE))
            self.page_loads += 1
            self._pages[number] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def record(self, row: int) -> Any:
        if not 0 <= row < self._count:
            return None
        page = self._page(row // self.PAGE)
        offset = row % self.PAGE
        return page[offset] if offset < len(page) else None

    def loaded(self) -> list[tuple[int, Any]]:
        """``(row, record)`` of every row already read (no database access)."""
        return [(number * self.PAGE + i, r) for number, page in self._pages.items() for i, r in enumerate(page)]

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._count


def make_table_view(name: str, model: ReadOnlyTableModel) -> QTableView:
    """A read-only view selecting whole rows, one at a time, columns sized to their contents."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    if any(c.max_chars for c in model.columns):  # capped columns: sized from the rows on each reset, then the user's
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setDefaultSectionSize(60)  # also the least the stretched last column asks for
        model.modelReset.connect(lambda: fit_columns(view))
        fit_columns(view)
    else:
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


_MEASURED = 4  # texts measured per column: the longest by _display_length


def _display_length(text: str) -> int:
    """About how many Latin letters wide ``text`` is: East Asian wide and full-width characters count two."""
    return len(text) + sum(1 for ch in text if ord(ch) >= 0x1100 and east_asian_width(ch) in "WF")


def fit_columns(view: QTableView, sample_rows: int = 60) -> None:
    """Give each column of ``view`` the width of its header and of the first rows, capped by ``max_chars``.

    Only rows already at hand are looked at (the first page of a paged model), and of
    those only the few longest texts of each column are measured with the font (a wide
    character counted twice), so this is cheap on 100,000 rows and at start-up (issue 13);
    columns stay resizable by the user.
    """
    model = view.model()
    if not isinstance(model, ReadOnlyTableModel):
        return
    header = view.horizontalHeader()
    fm = view.fontMetrics()
    header_fm = header.fontMetrics()
    padding = 2 * view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin) + 16
    rows = min(model.rowCount(), sample_rows)
    for c, column in enumerate(model.columns):
        if header.stretchLastSection() and c == len(model.columns) - 1:
            break  # the last column takes what is left; a width set here would only force a scroll bar
        width = header_fm.horizontalAdvance(tr(column.title)) + 28  # room for the sort arrow
        texts = {model.data(model.index(r, c)) or "" for r in range(rows)}
        for text in sorted(texts, key=_display_length, reverse=True)[:_MEASURED]:
            width = max(width, fm.horizontalAdvance(text) + padding)
        if column.max_chars:
            width = min(width, max(fm.horizontalAdvance("x" * column.max_chars) + padding,
                                   header_fm.horizontalAdvance(tr(column.title)) + 28))
        view.setColumnWidth(c, width)
