"""Licences view: the licence register with balances, a warning badge for licences that
expire within 30 days, the selected licence's details, and "Add licence…".

A thin layer over ``reedesk.services.licences``: everything shown comes from the
service, and adding a licence goes through the same use case as ``reedesk licence add``
(a changed file with a registered number becomes a new revision; nothing is edited).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLineEdit, QHeaderView, QLabel, QMessageBox, QPushButton, QSplitter,
    QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget,
)

from reedesk.errors import ReedeskError
from reedesk.gui.errors import error_text, show_error
from reedesk.gui.i18n import LanguageAware, current_language, tr
from reedesk.gui.icons import icon
from reedesk.licences.matching import TYPE_NAMES, amount_text, country_text, dstr, join_text, money_text, parties_text
from reedesk.services import licences
from reedesk.services.licences import EXPIRY_WARNING_DAYS, LicenceSummary, LimitBalance

AMBER = QColor("#ffe0a3")
RED = QColor("#f8c4c4")


def _lang() -> str:
    language = current_language()
    return language if language in ("zh-Hans", "zh-Hant") else "en"


def _semicolon(lang: str) -> str:
    return "; " if lang == "en" else "；"


def balance_line(b: LimitBalance) -> str:
    """"60 kg of 100 kg, USD 140000.00 of USD 200000.00" in the window's language; Chinese names the currency from the
    catalogue as the licence reasons do (「60千克（限额100千克），140000.00美元（限额200000.00美元）」)."""
    lang = _lang()
    parts = []
    if b.quantity is not None and b.unit is not None:
        parts.append(tr("{left} of {limit}").format(left=amount_text(b.remaining_quantity, b.unit)[lang],  # type: ignore[arg-type]
                                                     limit=amount_text(b.quantity, b.unit)[lang]))
    if b.value is not None:
        parts.append(tr("{left} of {limit}").format(left=money_text(b.currency, dstr(b.remaining_value), lang, True),  # type: ignore[arg-type]
                                                     limit=money_text(b.currency, dstr(b.value), lang, True)))  # type: ignore[arg-type]
    return tr(", ").join(parts)


def status_text(s: LicenceSummary) -> str:
    if s.status == "expiring":
        return "⚠ " + tr("Expires in {days} days").format(days=s.days_left)
    return {"valid": tr("Valid"), "expired": tr("Expired"), "not_yet_valid": tr("Not yet valid")}[s.status]


class LicencesView(LanguageAware, QWidget):
    COLUMNS = ("Licence number", "Type", "Holder", "Valid until", "Status", "Remaining")

    def __init__(self, desk, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(parent)
        self.setObjectName("licencesView")
        self.desk = desk
        self.today = today  # tests fix the day; the window uses the clock
        self.rows: list[LicenceSummary] = []
        self.badge = QLabel()
        self.badge.setObjectName("licenceExpiryBadge")
        self.badge.setWordWrap(True)
        self.only_expiring = QCheckBox()
        self.only_expiring.setObjectName("licenceOnlyExpiring")
        self.only_expiring.toggled.connect(lambda _: self.reload())
        self.add_button = QPushButton(icon("add"), "")
        self.add_button.setObjectName("addLicenceButton")
        self.add_button.clicked.connect(self.add_dialog)
        self.ship_button = QPushButton(icon("export"), "")
        self.ship_button.setObjectName("recordShipmentButton")
        self.ship_button.clicked.connect(self.ship_dialog)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("licenceTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda row, *_: self._details(row))
        self.details = QTextBrowser()
        self.details.setObjectName("licenceDetails")
        bar = QHBoxLayout()
        bar.addWidget(self.badge, 1)
        bar.addWidget(self.only_expiring)
        bar.addWidget(self.ship_button)
        bar.addWidget(self.add_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.retranslate()

    # -- data -------------------------------------------------------------
    def reload(self) -> None:
        try:
            self.rows = licences.list_licences(self.desk, today=self.today,
                                               expiring_within=EXPIRY_WARNING_DAYS if self.only_expiring.isChecked() else None)
        except ReedeskError as exc:
            show_error(self, exc)  # by its code, in the window's language
            self.rows = []
        self._fill()

    def expiring(self) -> list[LicenceSummary]:
        return [s for s in self.rows if s.expiring]

    def _fill(self) -> None:
        selected = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        keep = selected.text() if selected is not None else None
        self.table.setRowCount(len(self.rows))
        lang = _lang()
        for r, s in enumerate(self.rows):
            values = (s.number, TYPE_NAMES[s.type][lang], s.holder, s.valid_until, status_text(s),
                      _semicolon(lang).join(balance_line(b) for b in s.balances) or tr("no limit"))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if s.status == "expiring":
                    item.setBackground(QBrush(AMBER))
                elif s.status == "expired":
                    item.setBackground(QBrush(RED))
                self.table.setItem(r, c, item)
        if self.rows:
            numbers = [s.number for s in self.rows]
            self.table.selectRow(numbers.index(keep) if keep in numbers else 0)
        self._details(self.table.currentRow())  # also when the row index stayed the same but the rows changed
        soon = self.expiring()
        if soon:
            self.badge.setStyleSheet("background:#ffe0a3; color:#5d4000; font-weight:bold; padding:4px; border-radius:4px")
            self.badge.setText("⚠ " + tr("{count} licence(s) expire within {days} days: {numbers}").format(
                count=len(soon), days=EXPIRY_WARNING_DAYS, numbers=join_text([s.number for s in soon], _lang(), True)))
        else:
            self.badge.setStyleSheet("color:#1b5e20")
            self.badge.setText(tr("No licence expires within {days} days.").format(days=EXPIRY_WARNING_DAYS))

    def _details(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            self.details.clear()
            return
        try:
            view = licences.show_licence(self.desk, self.rows[row].number, today=self.today)
        except ReedeskError as exc:
            self.details.setPlainText(error_text(exc))
            return
        d, lang = view.document, _lang()
        anyone = tr("not restricted")
        colon = "：" if lang != "en" else ": "  # a Chinese label ends with a full-width colon
        semi = _semicolon(lang)
        # Chinese names countries and currencies from the catalogue, as the licence reasons (matching.py); English: codes
        destinations = join_text([country_text(c, lang, True) for c in d["destinations"]], lang, True)

        def names(key: str) -> str:
            return escape(parties_text([(p["name"], p.get("country")) for p in d.get(key, [])], lang, True) or anyone)

        lines = [
            f"<h3>{escape(d['number'])} — {escape(TYPE_NAMES[d['type']][lang])}</h3>",
            f"<p><b>{tr('Holder')}{colon}</b>{escape(d['holder']['name'])} · {escape(d['authority'])}<br>",
            f"<b>{tr('Validity')}{colon}</b>{d['valid_from']} – {d['valid_until']} "
            + ("({})" if lang == "en" else "（{}）").format(escape(status_text(view.summary))) + "<br>",  # full-width in Chinese
            f"<b>{tr('Items')}{colon}</b>" + escape(semi.join(
                " ".join(x for x in (i["control_code"], i.get("description") or "", i.get("hs_code") or "") if x)
                for i in d["items"])) + "<br>",
            f"<b>{tr('Destinations')}{colon}</b>{escape(destinations)}<br>",
            f"<b>{tr('End users')}{colon}</b>{names('end_users')}<br>",
            f"<b>{tr('Consignees')}{colon}</b>{names('consignees')}<br>",
            f"<b>{tr('Remaining')}{colon}</b>" + escape(semi.join(balance_line(b) for b in view.summary.balances) or tr("no limit")),
        ]
        if d.get("conditions"):
            lines.append(f"<br><b>{tr('Conditions')}{colon}</b>{escape(d['conditions'])}")
        for a in view.attachments:
            sha = f" (SHA-256 {a.sha256})" if lang == "en" else f"（SHA-256 {a.sha256}）"
            lines.append(f"<br><b>{tr('Source document')}{colon}</b>{escape(a.file_name)}{sha}")
        lines.append("</p>")
        lines.append(f"<p><b>{tr('Shipments')}{colon}</b></p><ul>")
        for sh in view.shipments:
            value = f"{tr(', ')}{money_text(sh.value_currency or '', sh.value_amount, lang, True)}" if sh.value_amount else ""
            amount = amount_text(Decimal(str(sh.quantity)), sh.unit)[lang] if sh.unit else str(sh.quantity)
            lines.append(f"<li>{sh.shipped_on} {escape(sh.dossier_reference)}{colon}{escape(amount)}{escape(value)}</li>")
        lines.append("</ul>")
        self.details.setHtml("".join(lines))

    # -- adding -------------------------------------------------------------
    def add_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Open a licence file"), "", tr("Licence files (*.json)"))
        if not path:
            return
        pdf = None
        answer = QMessageBox.question(self, "reedesk", tr("Attach the scanned licence (PDF)?"))
        if answer == QMessageBox.StandardButton.Yes:
            chosen, _ = QFileDialog.getOpenFileName(self, tr("Scanned licence"), "", tr("Scanned licence (*.pdf)"))
            pdf = Path(chosen) if chosen else None
        self.add_file(Path(path), pdf)

    def add_file(self, path: Path, pdf: Path | None = None) -> str | None:
        """Add one licence file (and its scan); the message shown, or None after an error."""
        try:
            result = licences.add_licence_file(self.desk, path, source_pdf=pdf)
        except (ReedeskError, OSError) as exc:
            show_error(self, exc if isinstance(exc, ReedeskError) else str(exc))  # by its code, in the window's language
            return None
        self.reload()
        if result.changed:
            return tr("Licence {number} added as revision {revision}.").format(number=result.number, revision=result.revision)
        return tr("Licence {number} is unchanged.").format(number=result.number)

    # -- shipments -----------------------------------------------------------
    def selected_number(self) -> str | None:
        row = self.table.currentRow()
        return self.rows[row].number if 0 <= row < len(self.rows) else None

    def ship_dialog(self) -> None:
        number = self.selected_number()
        if number is None:
            show_error(self, tr("Select the licence the goods were exported under first."))
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(tr("Record shipment against {number}").format(number=number))
        reference, quantity, value = QLineEdit(), QLineEdit(), QLineEdit()
        quantity.setPlaceholderText("40 kg")
        value.setPlaceholderText("60000.00 USD")
        day = QDateEdit(QDate.currentDate())
        day.setDisplayFormat("yyyy-MM-dd")
        day.setCalendarPopup(True)
        form = QFormLayout(dialog)
        for label, widget in ((tr("Dossier"), reference), (tr("Quantity"), quantity), (tr("Value"), value),
                              (tr("Export date"), day)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            d = day.date()
            self.record_shipment(reference.text().strip(), quantity.text(), value.text(), date(d.year(), d.month(), d.day()))

    def record_shipment(self, reference: str, quantity: str, value: str, day: date) -> str | None:
        """Draw down the selected licence (same use case as ``reedesk ship``); the message shown, or None."""
        number = self.selected_number()
        if number is None:
            show_error(self, tr("Select the licence the goods were exported under first."))
            return None
        try:
            amount, unit = licences.parse_amount_text(quantity, tr("Quantity"))
            money, currency = licences.parse_amount_text(value, tr("Value")) if value.strip() else (None, None)
            licences.record_shipment(self.desk, reference, number, quantity=amount, unit=unit, value=money,
                                     currency=currency.upper() if currency else None, shipped_on=day)
        except ReedeskError as exc:
            show_error(self, exc)  # by its code, in the window's language
            return None
        self.reload()
        return tr("Shipment of {reference} recorded against licence {number}.").format(reference=reference, number=number)

    def retranslate(self) -> None:
        self.ship_button.setText(tr("Record shipment…"))
        self.ship_button.setAccessibleName(tr("Record shipment…"))
        self.only_expiring.setText(tr("Only those expiring within 30 days"))
        self.add_button.setText(tr("Add licence…"))
        self.add_button.setAccessibleName(tr("Add licence…"))
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.table.setAccessibleName(tr("Licences"))
        self._fill()
        self._details(self.table.currentRow())
