"""What-if editor: change a line's origin or value (or the item's value) and see the outcome
and the value ratio change as you type, without saving anything.

The engine is pure and fast, so every edit re-runs it (``services.portfolio.what_if``) on
the edited copy of the form; the dossier itself is untouched. "Save as what-if revision"
keeps the copy as a revision marked ``"scenario": true`` — never the current revision,
never signable, ignored by ``evaluate --all`` and ``impact``. The headroom chart shows each
counted line's contribution to the ratio against the threshold line.
"""

from __future__ import annotations

import copy
import math
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from reedesk.gui.determination_panel import BADGE_COLOURS
from reedesk.gui.i18n import LanguageAware, current_language, tr
from reedesk.gui.models import outcome_label

Index = QModelIndex | QPersistentModelIndex


class HeadroomChart(QWidget):
    """Each counted line's share of the item value as a bar, the sum of them, and the threshold
    as a vertical line; a logarithmic axis, because 0.1 % and 13 % must both be readable."""

    ROW = 22
    LABEL = 150

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("headroomChart")
        self.headroom: dict[str, Any] | None = None
        self.message = ""

    def set_headroom(self, headroom: dict[str, Any] | None, message: str = "") -> None:
        self.headroom, self.message = headroom, message
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def rows(self) -> list[tuple[str, Decimal]]:
        """(label, percent of the item value) of each bar: the lines, then their sum."""
        h = self.headroom or {}
        out = [(f"{x['id'] or x['index']}", Decimal(x["ratio_contribution"]) * 100) for x in h.get("lines", [])]
        if h:
            out.append((tr("All counted lines"), Decimal(h["ratio"]) * 100))
        return out

    def sizeHint(self) -> QSize:
        return QSize(420, 56 + self.ROW * max(1, len(self.rows())))

    def _scale(self) -> tuple[float, float]:
        h = self.headroom or {}
        threshold = float(Decimal(h.get("threshold", "0.001")) * 100)
        values = [float(v) for _, v in self.rows() if v > 0] + [threshold]
        lo = 10 ** math.floor(math.log10(min(values) / 2))
        hi = 10 ** math.ceil(math.log10(max(values) * 1.05))
        return lo, max(hi, lo * 10)

    def x_of(self, percent: float) -> float:
        lo, hi = self._scale()
        width = max(40, self.width() - self.LABEL - 100)
        v = max(percent, lo)
        return self.LABEL + width * (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        text = self.palette().text().color()
        p.setPen(text)
        if not self.headroom:
            p.drawText(self.rect().adjusted(6, 0, -6, 0), Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                       self.message or tr("No value-content rule to measure against."))
            p.end()
            return
        h = self.headroom
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(4, 2, self.width() - 8, 18), Qt.AlignmentFlag.AlignVCenter,
                   tr("Share of the item value by line, against the {threshold} % threshold").format(threshold=h["threshold_percent_display"]))
        p.setFont(self.font())
        threshold = float(Decimal(h["threshold"]) * 100)
        rows = self.rows()
        top = 24
        for n, (label, percent) in enumerate(rows):
            y = top + n * self.ROW
            total = n == len(rows) - 1
            p.setPen(text)
            p.drawText(QRectF(4, y, self.LABEL - 8, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                       p.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, self.LABEL - 8))
            if percent > 0:
                right = self.x_of(float(percent))
                colour = QColor("#b71c1c" if float(percent) >= threshold else "#2e7d32")
                if not total:
                    colour = colour.lighter(130)
                p.fillRect(QRectF(self.LABEL, y + 4, max(1.0, right - self.LABEL), self.ROW - 8), colour)
            p.setPen(text)  # the figure in its own column, right of the axis, so no line crosses it
            p.drawText(QRectF(self.width() - 66, y, 64, self.ROW), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                       f"{percent.quantize(Decimal('0.0001'))} %")
        # threshold line and axis
        x = self.x_of(threshold)
        bottom = top + self.ROW * len(rows)
        p.setPen(QPen(QColor("#212121"), 2, Qt.PenStyle.DashLine))
        p.drawLine(int(x), top - 2, int(x), bottom + 2)
        p.setPen(text)
        lo, hi = self._scale()
        tick = lo
        while tick <= hi * 1.0001:
            tx = self.x_of(tick)
            p.drawLine(int(tx), bottom + 2, int(tx), bottom + 6)
            label = f"{tick:g} %"
            p.drawText(QRectF(tx - 30, bottom + 6, 60, 16), Qt.AlignmentFlag.AlignCenter, label)
            tick *= 10
        p.drawText(QRectF(4, bottom + 6, self.LABEL - 8, 16), Qt.AlignmentFlag.AlignVCenter, tr("logarithmic scale"))
        p.end()


class LineModel(QAbstractTableModel):
    """The bill of materials of the what-if copy; origin and value are editable."""

    edited = Signal()
    HEADERS = ("Line", "Description", "Origin", "Value", "Currency")
    EDITABLE = (2, 3)

    def __init__(self, components: list[dict[str, Any]], parent: Any = None):
        super().__init__(parent)
        self.original = copy.deepcopy(components)
        self.components = copy.deepcopy(components)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.components)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def _value(self, comp: dict[str, Any], column: int) -> Any:
        value = comp.get("value") or {}
        return (comp.get("id") or "", comp.get("description") or "", comp.get("origin") or "", value.get("amount") or "",
                value.get("currency") or "")[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        comp = self.components[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._value(comp, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and self.is_changed(index.row(), index.column()):
            return QColor("#fff3c4")
        if role == Qt.ItemDataRole.ToolTipRole and self.is_changed(index.row(), index.column()):
            return tr("Changed from {value}").format(value=self._value(self.original[index.row()], index.column()) or tr("(empty)"))
        return None

    def is_changed(self, row: int, column: int) -> bool:
        return self._value(self.components[row], column) != self._value(self.original[row], column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in self.EDITABLE else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in self.EDITABLE:
            return False
        comp = self.components[index.row()]
        text = str(value).strip()
        if index.column() == 2:
            comp["origin"] = text.upper() or None
        else:
            comp["value"] = {**(comp.get("value") or {}), "amount": text or None}
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.HEADERS[section])
        return None

    def reset_to(self, components: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.components = copy.deepcopy(components)
        self.endResetModel()
        self.edited.emit()


class WhatIfDialog(LanguageAware, QDialog):
    """The what-if editor over a copy of one dossier document."""

    saved = Signal(str, int)  # reference, revision

    def __init__(self, desk: Any, document: dict[str, Any], as_of: date, parent: QWidget | None = None,
                 *, stored: bool = True):
        super().__init__(parent)
        from reedesk.services import portfolio

        self.setObjectName("whatIfDialog")
        self.desk = desk
        self.document = copy.deepcopy(document)
        self.as_of = as_of
        self.stored = stored
        self.result: dict[str, Any] | None = None
        self.problem: str | None = None
        self.context = portfolio.what_if_context(desk, self.document, as_of)
        self.reason_asker: Callable[[], str | None] = self._ask_reason
        self.model = LineModel(list(self.document.get("components") or []), self)
        self.model.edited.connect(self.recompute)
        self.table = QTableView()
        self.table.setObjectName("whatIfLines")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.item_value = QLineEdit(str(((self.document.get("product") or {}).get("unit_value") or {}).get("amount") or ""))
        self.item_value.setObjectName("whatIfItemValue")
        self.item_value.textChanged.connect(self.recompute)
        self.item_label = QLabel()
        self.badge = QLabel()
        self.badge.setObjectName("whatIfOutcome")
        self.figures = QLabel()
        self.figures.setObjectName("whatIfFigures")
        self.figures.setWordWrap(True)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = HeadroomChart()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.reset_button, self.save_button, self.close_button = QPushButton(), QPushButton(), QPushButton()
        self.reset_button.setObjectName("whatIfReset")
        self.save_button.setObjectName("whatIfSave")
        self.reset_button.clicked.connect(self.reset)
        self.save_button.clicked.connect(lambda: self.save())
        self.close_button.clicked.connect(self.reject)
        self.save_button.setEnabled(stored)
        form = QFormLayout()
        form.addRow(self.item_label, self.item_value)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        self.table.resizeColumnsToContents()
        self.table.setMinimumHeight(110)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.badge)
        layout.addWidget(self.figures)
        layout.addWidget(self.chart, 1)
        layout.addLayout(buttons)
        self.resize(820, 720)
        self.retranslate()
        self.recompute()

    # -- the edited copy ----------------------------------------------------
    def edited_document(self) -> dict[str, Any]:
        doc = copy.deepcopy(self.document)
        doc["components"] = copy.deepcopy(self.model.components)
        text = self.item_value.text().strip()
        product = doc.setdefault("product", {}) or {}
        doc["product"] = product
        product["unit_value"] = {**(product.get("unit_value") or {}), "amount": text or None}
        return doc

    def set_line(self, row: int, *, origin: str | None = None, value: str | None = None) -> None:
        """Edit a line as the user does in the table (tests and scripts)."""
        if origin is not None:
            self.model.setData(self.model.index(row, 2), origin)
        if value is not None:
            self.model.setData(self.model.index(row, 3), value)

    def recompute(self, *_: Any) -> None:
        """Re-run the engine on the edited copy; nothing is stored."""
        from reedesk.services import portfolio

        try:
            amount = self.item_value.text().strip()
            if amount:
                Decimal(amount)
            self.result = portfolio.what_if(self.context, self.edited_document())
            self.problem = None
        except (InvalidOperation, Exception) as exc:  # a half-typed value: say so, keep the last figures
            self.problem = str(exc) if not isinstance(exc, InvalidOperation) else tr("The item value is not a number.")
        self._show()

    def outcome(self) -> str | None:
        return (self.result or {}).get("determination", {}).get("outcome")

    def _show(self) -> None:
        lang = current_language()
        if self.result is None:
            self.badge.setText(self.problem or "")
            return
        outcome = self.outcome()
        self.badge.setText(outcome_label(outcome) + (f" — {tr('not saved')}"))
        self.badge.setStyleSheet(f"padding:6px 12px; border-radius:6px; color:white; font-weight:bold; font-size:15px; "
                                 f"background:{BADGE_COLOURS.get(outcome or '', '#455a64')}")
        h = self.result.get("headroom")
        lines = []
        if self.problem:
            lines.append("<b style='color:#b71c1c'>" + self.problem + "</b>")
        if h:
            lines.append(tr("Ratio {ratio} % of the item value; threshold {threshold} %; margin {margin} {currency} ({points} percentage points).").format(
                ratio=h["ratio_percent_display"], threshold=h["threshold_percent_display"], margin=h["margin"], currency=h["currency"],
                points=h["margin_percent_points_display"]))
            lines.append(h["statement"][lang])
        else:
            lines.append(self.result.get("headroom_problem") or "")
        from reedesk.rules.render import expand

        summary = expand(self.result["determination"]).get("summary") or {}  # the packs it names, not the newest
        if summary:
            lines.append("<i>" + summary.get(lang, summary.get("en", "")) + "</i>")
        self.figures.setText("<br/>".join(lines))
        self.chart.set_headroom(h, self.result.get("headroom_problem") or "")

    # -- actions ------------------------------------------------------------
    def reset(self) -> None:
        self.model.reset_to(self.model.original)
        self.item_value.setText(str(((self.document.get("product") or {}).get("unit_value") or {}).get("amount") or ""))

    def _ask_reason(self) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self, tr("Save as what-if revision"), tr("What does this what-if change?"))
        return text if ok else None

    def save(self) -> int | None:
        """Keep the edited copy as a what-if revision (asks what it changes); returns its number."""
        from reedesk.gui.errors import show_error
        from reedesk.services import portfolio

        reason = self.reason_asker()
        if reason is None:
            return None
        try:
            result = portfolio.save_what_if(self.desk, self.edited_document(), reason)
        except Exception as exc:
            show_error(self, exc, tr("Not saved"))
            return None
        self.saved.emit(result.reference, result.revision)
        self.note.setText(tr("Saved as what-if revision {revision}; the dossier's current revision is unchanged.").format(revision=result.revision))
        return result.revision

    def retranslate(self) -> None:
        self.setWindowTitle(tr("What if — {reference} as of {as_of}").format(reference=self.document.get("reference") or "", as_of=self.as_of.isoformat()))
        currency = ((self.document.get("product") or {}).get("unit_value") or {}).get("currency") or ""
        self.item_label.setText(tr("Item value ({currency})").format(currency=currency))
        if not self.note.text():
            self.note.setText(tr("Change a line's origin or value: the outcome and the ratio follow as you type. Nothing is saved "
                                 "unless you save a what-if revision, which never becomes the current revision and is never signed."))
        self.reset_button.setText(tr("Reset"))
        self.save_button.setText(tr("Save as what-if revision…"))
        self.close_button.setText(tr("Close"))
        self.table.setAccessibleName(tr("Bill of materials (what-if copy)"))
        self.chart.setAccessibleName(tr("Headroom chart"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(LineModel.HEADERS) - 1)
        self._show()
