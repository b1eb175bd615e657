"""The determinations and history tabs of the dossier editor.

They read through services only: ``evaluation.list_determinations``,
``signing.signatures_for``, ``dossiers.list_revisions`` and ``audit.audit_log``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from reedesk import vocabulary
from reedesk.gui import audit_text
from reedesk.gui.determination_panel import DeterminationPanel
from reedesk.gui.i18n import LanguageAware, current_language, tr
from reedesk.gui.icons import icon
from reedesk.gui.models import action_label, outcome_label
from reedesk.gui.table_model import Column, RecordTableModel, attr, make_table_view
from reedesk.services.desk import Desk


DETERMINATION_COLUMNS = (
    Column("Revision", lambda d: attr(d, "revision")),
    # the document's date; the row's for a stored text that is not a document (shown as unreadable in the panel)
    Column("As of", lambda d: d.document.get("as_of", "") if isinstance(d.document, dict) else attr(d, "as_of")),
    Column("Outcome", lambda d: outcome_label(d.outcome)),
)
SIGNATURE_COLUMNS = (
    Column("Signer", lambda s: s.signer_name),
    Column("Role", lambda s: s.signer_role),
    Column("Meaning", lambda s: vocabulary.label("signature_meaning", s.meaning, current_language())),
    Column("Signed at (UTC)", lambda s: s.signed_at),
    Column("Key", lambda s: s.fingerprint),
)
REVISION_COLUMNS = (
    Column("Revision", lambda r: r.number),
    # the time and the person as the audit events below show them (one way to name each)
    Column("Saved at (UTC)", lambda r: str(r.created_at or "")[:19].replace("T", " "), tooltip=lambda r: r.created_at),
    Column("Who", lambda r: audit_text.person(r.created_by, audit_text.KNOWN_PEOPLE), tooltip=lambda r: r.created_by),
    Column("Reason", lambda r: audit_text.reason_text(r.reason)),
    Column("SHA-256", lambda r: r.sha256[:16] + "…"),
)
EVENT_COLUMNS = (  # the person and the dossier named as a reader would (reedesk/gui/audit_text.py)
    Column("#", lambda e: attr(e, "seq")),
    Column("When (UTC)", lambda e: str(attr(e, "occurred_at", default=""))[:19].replace("T", " "), tooltip=lambda e: attr(e, "occurred_at")),
    Column("Who", lambda e: audit_text.person(attr(e, "actor"), audit_text.KNOWN_PEOPLE), tooltip=lambda e: attr(e, "actor")),
    Column("Action", lambda e: action_label(attr(e, "action"))),
    Column("What", lambda e: audit_text.what(e), max_chars=40),
    Column("Reason", lambda e: audit_text.reason_text(attr(e, "reason", default="")), max_chars=40),
)


class DeterminationsTab(LanguageAware, QWidget):
    """As-of date, Evaluate / Sign / Export buttons, the list of determinations and the panel."""

    evaluate_requested = Signal()
    sign_requested = Signal()
    export_requested = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.reference: str | None = None
        self.as_of = QDateEdit(QDate.currentDate())
        self.as_of.setObjectName("asOfDate")
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of_label = QLabel()
        self.as_of_label.setBuddy(self.as_of)
        self.evaluate_button = QPushButton(icon("evaluate"), "")
        self.evaluate_button.setObjectName("evaluateButton")
        self.evaluate_button.clicked.connect(self.evaluate_requested)
        self.sign_button = QPushButton(icon("sign"), "")
        self.sign_button.setObjectName("signButton")
        self.sign_button.clicked.connect(self.sign_requested)
        self.export_button = QPushButton(icon("export"), "")
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.export_requested)
        bar = QHBoxLayout()
        for w in (self.as_of_label, self.as_of, self.evaluate_button, self.sign_button, self.export_button):
            bar.addWidget(w)
        bar.addStretch(1)
        self.signature_counts: dict[int, int] = {}
        columns = DETERMINATION_COLUMNS + (Column("Signatures", lambda d: self.signature_counts.get(d.id, "")),)
        self.determinations = RecordTableModel(columns, parent=self)
        self.list_view = make_table_view("determinationList", self.determinations)
        self.list_view.selectionModel().currentRowChanged.connect(lambda cur, _: self._show(cur.row()))
        self.signatures = RecordTableModel(SIGNATURE_COLUMNS, parent=self)
        self.signature_view = make_table_view("signatureList", self.signatures)
        self.panel = DeterminationPanel()
        lists = QSplitter(Qt.Orientation.Horizontal)
        lists.addWidget(self.list_view)
        lists.addWidget(self.signature_view)
        split = QSplitter(Qt.Orientation.Vertical)  # the panel gets the full width for the figures
        split.addWidget(lists)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setSizes([150, 600])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.retranslate()

    def as_of_date(self) -> date:
        d = self.as_of.date()
        return date(d.year(), d.month(), d.day())

    def current(self) -> Any | None:
        index = self.list_view.currentIndex()
        if index.isValid():
            return self.determinations.records[index.row()]
        return self.determinations.records[0] if self.determinations.records else None

    def load(self, reference: str | None, select_id: int | None = None) -> None:
        self.reference = reference
        records: list[Any] = []
        if reference:
            from reedesk.services.evaluation import list_determinations  # the window paints before the store is imported
            from reedesk.services.signing import signatures_for

            records = list(list_determinations(self.desk, reference))
            records.sort(key=lambda d: d.id, reverse=True)
            self.signature_counts = {d.id: len(signatures_for(self.desk, d.id)) for d in records}
        self.determinations.set_records(records)
        row = 0
        if select_id is not None:
            row = next((i for i, d in enumerate(records) if d.id == select_id), 0)
        if records:
            self.list_view.selectRow(row)
            self._show(row)
        else:
            self._show(-1)

    def _show(self, row: int) -> None:
        records = self.determinations.records
        if 0 <= row < len(records):
            d = records[row]
            self.panel.show_document(d.document, d.sha256)
            from reedesk.services.signing import signatures_for

            self.signatures.set_records(signatures_for(self.desk, d.id))
        else:
            self.panel.show_document(None)
            self.signatures.set_records([])

    def retranslate(self) -> None:
        self.as_of_label.setText(tr("&As of"))
        self.as_of.setAccessibleName(tr("As-of date"))
        for button, text in ((self.evaluate_button, tr("Evaluate")), (self.sign_button, tr("Sign…")), (self.export_button, tr("Export pack…"))):
            button.setText(text)
            button.setAccessibleName(text.rstrip("…"))
        self.list_view.setAccessibleName(tr("Determinations"))
        self.signature_view.setAccessibleName(tr("Signatures"))
        self.determinations.retranslate()
        self.signatures.retranslate()


class HistoryTab(LanguageAware, QWidget):
    """Revisions of the dossier and its audit events."""

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.revisions = RecordTableModel(REVISION_COLUMNS, parent=self)
        self.events = RecordTableModel(EVENT_COLUMNS, parent=self)
        self.revision_view = make_table_view("revisionList", self.revisions)
        self.event_view = make_table_view("dossierEventList", self.events)
        self.revisions_label = QLabel()
        self.events_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.revisions_label)
        layout.addWidget(self.revision_view, 1)
        layout.addWidget(self.events_label)
        layout.addWidget(self.event_view, 2)
        self.retranslate()

    def load(self, reference: str | None) -> None:
        if not reference:
            self.revisions.set_records([])
            self.events.set_records([])
            return
        from reedesk.services.audit import audit_log  # the window paints before the store is imported
        from reedesk.services.dossiers import list_revisions

        self.revisions.set_records(list_revisions(self.desk, reference))
        audit_text.refresh_people(self.desk)
        self.events.set_records(audit_log(self.desk, dossier_reference=reference, limit=500))

    def retranslate(self) -> None:
        self.revisions_label.setText(tr("Revisions"))
        self.events_label.setText(tr("Audit events"))
        self.revision_view.setAccessibleName(tr("Revisions"))
        self.event_view.setAccessibleName(tr("Audit events"))
        self.revisions.retranslate()
        self.events.retranslate()
