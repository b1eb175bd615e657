"""Portfolio view: what changes for every stored dossier under a change of the law.

A thin layer over ``services.portfolio.impact``: choose the as-of date and the change
(each declared reading, another date, a rule pack or a screening list not yet imported),
optionally one client; the comparison runs in the background with progress and cancel.
The table lists the dossiers whose outcome differs (client, dossier, outcome now, outcome
under the change, decisive rule), filtered as you type; the chart shows the outcome counts
by client now and under the change. A double click opens the dossier. Nothing is stored
unless "Store the new determinations" is chosen and confirmed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QDate, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from reedesk.gui.determination_panel import BADGE_COLOURS
from reedesk.gui.i18n import LanguageAware, current_language, tr
from reedesk.gui.models import outcome_label
from reedesk.gui.ops import Operation, run_in_background
from reedesk.gui.table_model import Column, RecordTableModel, make_table_view
from reedesk.services.desk import Desk

CHANGES = ("readings", "date", "pack", "list")
ORDER = ("prohibited", "license_required_presumption_of_denial", "case_by_case", "license_required",
         "exempt_report_required", "suspended", "insufficient_data", "not_controlled")


def _rule_text(row: dict[str, Any]) -> str:
    lang = current_language()
    return "; ".join(d["citation"].get(lang, d["citation"]["en"]) for d in row.get("decisive") or [])


def _reading_text(row: dict[str, Any]) -> str:
    """The reading that gives the new outcome, in the reader's language (readings mode only)."""
    desc = ((row.get("reading") or {}).get("description") or {})
    text = desc.get(current_language()) or desc.get("en")
    return f" — {text}" if text else ""


COLUMNS = (
    Column("Client", lambda r: r["client"], max_chars=24),
    Column("Dossier", lambda r: r["reference"], max_chars=18),
    Column("Outcome now", lambda r: outcome_label(r["old"]), max_chars=22),
    Column("Outcome under the change", lambda r: outcome_label(r["new"]) + _reading_text(r), max_chars=40),
    Column("Decisive rule", _rule_text, max_chars=40),
)


class OutcomeChart(QWidget):
    """Outcome counts by client: per client a bar now and a bar under the change, in outcome colours."""

    BAR = 12
    GAP = 10
    LABEL = 150

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("outcomeChart")
        self.now: dict[str, dict[str, int]] = {}
        self.changed: dict[str, dict[str, int]] = {}
        self.setMinimumHeight(80)

    def set_counts(self, now: dict[str, dict[str, int]], changed: dict[str, dict[str, int]]) -> None:
        self.now, self.changed = now, changed
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def clients(self) -> list[str]:
        return sorted(set(self.now) | set(self.changed))

    def legend_outcomes(self) -> list[str]:
        seen = {o for counts in (*self.now.values(), *self.changed.values()) for o in counts}
        return [o for o in ORDER if o in seen]

    def sizeHint(self) -> QSize:
        return QSize(400, 60 + len(self.clients()) * (2 * self.BAR + self.GAP + 4) + 24 * max(1, (len(self.legend_outcomes()) + 2) // 3))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().base())
        clients = self.clients()
        text = self.palette().text().color()
        p.setPen(text)
        if not clients:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("Compare to see the outcome counts by client."))
            p.end()
            return
        most = max(sum(c.values()) for c in (*self.now.values(), *self.changed.values())) or 1
        width = max(40, self.width() - self.LABEL - 70)
        fm = p.fontMetrics()
        bold = p.font()
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(4, 4, self.width() - 8, 18), Qt.AlignmentFlag.AlignVCenter, tr("Outcome counts by client: now and under the change"))
        p.setFont(self.font())
        y = 28
        for client in clients:
            p.setPen(text)
            p.drawText(QRectF(4, y, self.LABEL - 8, 2 * self.BAR + 2), Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(client, Qt.TextElideMode.ElideRight, self.LABEL - 8))
            for n, (counts, tag) in enumerate(((self.now.get(client, {}), tr("now")), (self.changed.get(client, {}), tr("changed")))):
                x = float(self.LABEL)
                top = y + n * (self.BAR + 2)
                for outcome in ORDER:
                    k = counts.get(outcome, 0)
                    if not k:
                        continue
                    w = width * k / most
                    p.fillRect(QRectF(x, top, w, self.BAR), QColor(BADGE_COLOURS.get(outcome, "#455a64")))
                    if w > 14:
                        p.setPen(QColor("white"))
                        p.drawText(QRectF(x, top, w, self.BAR), Qt.AlignmentFlag.AlignCenter, str(k))
                    x += w
                p.setPen(text)
                p.drawText(QRectF(x + 4, top - 1, 60, self.BAR + 2), Qt.AlignmentFlag.AlignVCenter, tag)
            y += 2 * self.BAR + self.GAP + 4
        # legend
        x, y = 4.0, y + 4
        for outcome in self.legend_outcomes():
            label = outcome_label(outcome)
            w = 16 + fm.horizontalAdvance(label) + 14
            if x + w > self.width():
                x, y = 4.0, y + 20
            p.fillRect(QRectF(x, y + 3, 12, 12), QColor(BADGE_COLOURS.get(outcome, "#455a64")))
            p.setPen(text)
            p.drawText(QRectF(x + 16, y, w, 18), Qt.AlignmentFlag.AlignVCenter, label)
            x += w
        p.end()


class PortfolioView(LanguageAware, QWidget):
    """The portfolio page of the main window; ``opened(reference)`` on a double click."""

    opened = Signal(str)

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("portfolioView")
        self.desk = desk
        self.document: dict[str, Any] | None = None
        self.operation: Operation | None = None
        self.path: Path | None = None
        self.confirm: Callable[[str], bool] = self._ask
        self.as_of_label, self.change_label, self.client_label = QLabel(), QLabel(), QLabel()
        self.as_of = QDateEdit(QDate.currentDate())
        self.as_of.setObjectName("portfolioAsOf")
        self.against = QDateEdit(QDate.currentDate().addMonths(1))
        self.against.setObjectName("portfolioAgainst")
        for d in (self.as_of, self.against):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        self.change = QComboBox()
        self.change.setObjectName("portfolioChange")
        for key in CHANGES:
            self.change.addItem("", key)
        self.change.currentIndexChanged.connect(self._change_kind)
        self.file_button = QPushButton()
        self.file_button.setObjectName("portfolioFile")
        self.file_button.clicked.connect(self.choose_file)
        self.client = QComboBox()
        self.client.setObjectName("portfolioClient")
        self.compare_button = QPushButton()
        self.compare_button.setObjectName("portfolioCompare")
        self.compare_button.clicked.connect(lambda: self.compare())
        self.store_button = QPushButton()
        self.store_button.setObjectName("portfolioStore")
        self.store_button.clicked.connect(lambda: self.store())
        self.store_button.setEnabled(False)
        self.filter = QLineEdit()
        self.filter.setObjectName("portfolioFilter")
        self.filter.textChanged.connect(self._apply_filter)
        self.summary = QLabel()
        self.summary.setObjectName("portfolioSummary")
        self.summary.setWordWrap(True)
        bar = QHBoxLayout()
        for w in (self.as_of_label, self.as_of, self.change_label, self.change, self.against, self.file_button,
                  self.client_label, self.client, self.compare_button, self.store_button):
            bar.addWidget(w)
        bar.addStretch(1)
        self.rows = RecordTableModel(COLUMNS, parent=self, colour=lambda r: QColor(BADGE_COLOURS.get(r["new"], "#455a64")))
        self.table = make_table_view("portfolioTable", self.rows)
        self.table.doubleClicked.connect(lambda index: self.opened.emit(self.rows.records[index.row()]["reference"]))
        self.chart = OutcomeChart()
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.filter)
        ll.addWidget(self.table, 1)
        split.addWidget(left)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([820, 520])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.reload_clients()
        self._change_kind()
        self.retranslate()

    # -- inputs -------------------------------------------------------------
    def reload_clients(self) -> None:
        from reedesk.services.dossiers import list_clients

        current = self.client.currentData()
        self.client.clear()
        self.client.addItem(tr("All clients"), None)
        for name in list_clients(self.desk):
            self.client.addItem(name, name)
        index = self.client.findData(current)
        self.client.setCurrentIndex(max(0, index))

    def kind(self) -> str:
        return self.change.currentData()

    def set_kind(self, kind: str, path: Path | None = None) -> None:
        self.change.setCurrentIndex(CHANGES.index(kind))
        if path is not None:
            self.path = Path(path)
        self._change_kind()

    def _change_kind(self, *_: Any) -> None:
        kind = self.kind()
        self.against.setVisible(kind == "date")
        self.file_button.setVisible(kind in ("pack", "list"))
        self._file_text()

    def _file_text(self) -> None:
        kind = self.kind()
        if self.path is not None and kind in ("pack", "list"):
            self.file_button.setText(self.path.name)
        else:
            self.file_button.setText(tr("Choose a rule pack…") if kind == "pack" else tr("Choose a screening list…"))

    def choose_file(self) -> None:
        pattern = tr("Rule packs (*.toml)") if self.kind() == "pack" else tr("Screening lists (*.toml *.json *.csv)")
        path, _ = QFileDialog.getOpenFileName(self, tr("Compare with a file that is not imported"), "", pattern)
        if path:
            self.path = Path(path)
            self._file_text()

    @staticmethod
    def _day(edit: QDateEdit) -> date:
        d = edit.date()
        return date(d.year(), d.month(), d.day())

    def _arguments(self) -> dict[str, Any]:
        kind = self.kind()
        args: dict[str, Any] = {"client": self.client.currentData()}
        if kind == "date":
            args["against"] = self._day(self.against)
        elif kind in ("pack", "list"):
            if self.path is None:
                raise ValueError(tr("Choose the file to compare with first."))
            args["pack" if kind == "pack" else "screening_list"] = self.path
        return args

    # -- running ------------------------------------------------------------
    def compare(self, *, store: bool = False) -> Operation | None:
        """Run the comparison in the background; the table and chart fill when it is done."""
        from reedesk.gui.errors import show_error
        from reedesk.services import portfolio

        try:
            args = self._arguments()
        except ValueError as exc:
            show_error(self, str(exc))
            return None
        as_of, desk = self._day(self.as_of), self.desk

        def work(progress, cancelled) -> dict[str, Any]:
            def report(done: int, total: int) -> None:
                progress(int(100 * done / max(total, 1)), tr("Comparing dossiers ({n} of {total})").format(n=done, total=total))

            return portfolio.impact(desk, as_of, progress=report, is_cancelled=cancelled, store=store, **args)

        self.operation = run_in_background(self, tr("Comparing dossiers"), work, self.show_document)
        return self.operation

    def store(self) -> Operation | None:
        if self.document is None or self.kind() not in ("date", "readings"):
            return None
        if not self.confirm(tr("Store the new determinations of every compared dossier? Each is kept and audited as an evaluation is.")):
            return None
        return self.compare(store=True)

    def _ask(self, question: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        return QMessageBox.question(self, "reedesk", question) == QMessageBox.StandardButton.Yes

    # -- showing ------------------------------------------------------------
    def show_document(self, document: dict[str, Any]) -> None:
        self.document = document
        self.chart.set_counts(document["counts_now"], document["counts_changed"])
        self._apply_filter()
        self.store_button.setEnabled(bool(document["rows"]) and self.kind() in ("date", "readings") and not document.get("stored"))
        self._summary_text()

    def _apply_filter(self, *_: Any) -> None:
        rows = list((self.document or {}).get("rows") or [])
        needle = self.filter.text().strip().casefold()
        if needle:
            rows = [r for r in rows if any(needle in str(c.value(r)).casefold() for c in COLUMNS)]
        self.rows.set_records(rows)

    def _summary_text(self) -> None:
        d = self.document
        if d is None:
            self.summary.setText(tr("Choose a change and compare: the dossiers whose outcome differs are listed here."))
            return
        text = tr("{changed} of {evaluated} dossiers change outcome as of {as_of}.").format(
            changed=d["changed"], evaluated=d["evaluated"], as_of=d["as_of"])
        if d.get("cancelled"):
            text += " " + tr("Cancelled: only the dossiers compared so far are listed.")
        if d.get("failures"):
            text += " " + tr("{count} could not be evaluated.").format(count=len(d["failures"]))
        if d.get("stored"):
            text += " " + tr("{count} new determinations stored as of {as_of}.").format(count=d["stored"]["determinations"], as_of=d["stored"]["as_of"])
        self.summary.setText(text)

    def retranslate(self) -> None:
        self.as_of_label.setText(tr("As of"))
        self.change_label.setText(tr("Change"))
        self.client_label.setText(tr("Client"))
        for i, text in enumerate((tr("Each declared reading"), tr("Another date"), tr("A rule pack not imported"), tr("A screening list not imported"))):
            self.change.setItemText(i, text)
        self.client.setItemText(0, tr("All clients"))
        self.compare_button.setText(tr("Compare"))
        self.store_button.setText(tr("Store the new determinations…"))
        self.filter.setPlaceholderText(tr("Filter the changed dossiers"))
        self.table.setAccessibleName(tr("Dossiers whose outcome changes"))
        self.chart.setAccessibleName(tr("Outcome counts by client"))
        self._file_text()
        self.rows.retranslate()
        self._summary_text()
        self.chart.update()
