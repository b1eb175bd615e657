"""Audit view: events (paged lazily, newest first) with filters, the chain status and a Verify button.

Verification of a long trail runs in the background helper with progress and cancel. What the verification says
besides the chain's status — its notes, never problems: a determination not re-run because its packs are no longer
bundled, one whose reading the current engine has since corrected (superseded) or could not be asked about — is listed
under the status, in the window's language, each with its dossier (double-click or "Open dossier" opens it).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QCompleter, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget,
)

from reedesk import vocabulary
from reedesk.gui import audit_text
from reedesk.gui.dossier_panels import EVENT_COLUMNS
from reedesk.gui.i18n import LanguageAware, tr
from reedesk.gui.icons import icon
from reedesk.gui.models import action_label
from reedesk.gui.ops import Operation, run_in_background
from reedesk.gui.table_model import Column, PagedTableModel, RecordTableModel, make_table_view
from reedesk.services import audit

ACTIONS = ("", *vocabulary.codes("audit_action"))  # every action of the one vocabulary, "" first: any action


class AuditEventModel(PagedTableModel):
    """Events, newest first, in pages of 500 via ``audit_log(offset, limit)``; the count from ``count_audit_events``."""

    PAGE = 500
    MAX_PAGES = 20

    def __init__(self, desk, parent=None):
        super().__init__(EVENT_COLUMNS, parent)
        self.desk = desk
        self.dossier: str | None = None
        self.action: str | None = None
        self.actor: str | None = None

    def count(self) -> int:
        return audit.count_audit_events(self.desk, self.dossier, self.action, actor=self.actor)

    def fetch(self, offset: int, limit: int) -> list[Any]:
        return audit.audit_log(self.desk, self.dossier, self.action, offset, limit, newest_first=True, actor=self.actor)

    def entry(self, row: int) -> Any:
        return self.record(row)


def note_reference(note: Any) -> str | None:
    """The dossier a note of the verification names: its ``name`` clause is ``[audit_verify.determination_name]``
    (id, revision number, reference) for the re-run's notes; None for a note about no dossier."""
    name = (getattr(note, "params", None) or {}).get("name")
    reference = (getattr(name, "params", None) or {}).get("reference")
    return str(reference) if reference else None


def note_text(note: Any) -> str:
    """A note in the window's language (the words of ``reedesk audit verify --language``); in Chinese without an
    outcome's code beside its name."""
    from reedesk.gui.i18n import current_language

    language = current_language()
    return vocabulary.without_codes(vocabulary.text_in(note, language), language)


NOTE_COLUMNS = (
    Column("Dossier", lambda n: note_reference(n) or ""),
    Column("Note", note_text),
)


class AuditView(LanguageAware, QWidget):
    opened = Signal(str)  # the reference of a note's dossier, to open it (the main window connects open_dossier)

    def __init__(self, desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("auditView")
        self.desk = desk
        self.model = AuditEventModel(desk, self)
        self.dossier_filter = QLineEdit()
        self.dossier_filter.setObjectName("auditDossierFilter")
        self.dossier_filter.setClearButtonEnabled(True)
        self.dossier_filter.editingFinished.connect(self.reload)
        self.dossier_completer = QCompleter([], self.dossier_filter)  # the references on the desk, any case
        self.dossier_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.dossier_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.dossier_filter.setCompleter(self.dossier_completer)
        self.person_filter = QComboBox()
        self.person_filter.setObjectName("auditPersonFilter")
        self.person_filter.addItem("", "")
        self.person_filter.currentIndexChanged.connect(lambda _: self.reload())
        self.action_filter = QComboBox()
        self.action_filter.setObjectName("auditActionFilter")
        for a in ACTIONS:
            self.action_filter.addItem(a, a)
        self.action_filter.currentIndexChanged.connect(lambda _: self.reload())
        self.status = QLabel()
        self.status.setObjectName("chainStatus")
        self.status.setWordWrap(True)
        self.verify_button = QPushButton(icon("verify"), "")
        self.verify_button.setObjectName("verifyChainButton")
        self.verify_button.clicked.connect(self.verify)
        self.table = make_table_view("auditTable", self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _: self._details(cur))
        self.details = QTextBrowser()
        self.details.setObjectName("auditDetails")
        self.filter_label = QLabel()
        # The verification's notes (worth saying, never problems), under the status; hidden while there are none.
        self.notes_header = QLabel()
        self.notes_header.setObjectName("auditNotesHeader")
        self.notes_header.setWordWrap(True)
        self.notes_header.setTextFormat(Qt.TextFormat.PlainText)
        self.notes_header.setStyleSheet("color:#8a5a00; font-weight:bold")
        self.notes = RecordTableModel(NOTE_COLUMNS, parent=self)
        self.notes_table = make_table_view("auditNotes", self.notes)
        self.notes_table.setWordWrap(True)  # a note is a sentence or two: wrap it rather than cut it
        self.notes_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.notes_table.doubleClicked.connect(lambda index: self.open_note(index.row()))
        self.notes_table.selectionModel().currentRowChanged.connect(lambda cur, _: self._note_chosen())
        self.open_note_button = QPushButton(icon("open"), "")
        self.open_note_button.setObjectName("auditOpenNoteDossier")
        self.open_note_button.setEnabled(False)
        self.open_note_button.clicked.connect(lambda: self.open_note(self.notes_table.currentIndex().row()))
        notes_bar = QHBoxLayout()
        notes_bar.setContentsMargins(0, 0, 0, 0)
        notes_bar.addWidget(self.notes_header, 1)
        notes_bar.addWidget(self.open_note_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.notes_box = QWidget()
        self.notes_box.setObjectName("auditNotesBox")
        notes_layout = QVBoxLayout(self.notes_box)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.addLayout(notes_bar)
        notes_layout.addWidget(self.notes_table, 1)
        self.notes_box.hide()
        bar = QHBoxLayout()
        bar.addWidget(self.filter_label)
        bar.addWidget(self.dossier_filter, 1)
        bar.addWidget(self.person_filter)
        bar.addWidget(self.action_filter)
        bar.addWidget(self.verify_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.notes_box)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.report: Any = None
        self.operation: Operation | None = None
        self.retranslate()

    def reload(self) -> None:
        self._refresh_choices()
        self.model.dossier = self.dossier_filter.text().strip() or None
        self.model.action = self.action_filter.currentData() or None
        self.model.actor = self.person_filter.currentData() or None
        self.model.reload()

    def _refresh_choices(self) -> None:
        """The people and dossier references the trail names, for the filters."""
        from reedesk.services.dossiers import list_dossiers

        known = audit_text.refresh_people(self.desk)
        actors = audit.audit_actors(self.desk)
        chosen = self.person_filter.currentData()
        self.person_filter.blockSignals(True)
        self.person_filter.clear()
        self.person_filter.addItem(tr("anyone"), "")
        for actor in actors:
            self.person_filter.addItem(audit_text.person(actor, known), actor)
        self.person_filter.setCurrentIndex(max(self.person_filter.findData(chosen), 0))
        self.person_filter.blockSignals(False)
        self.dossier_completer.model().setStringList(  # type: ignore[attr-defined]
            [s.reference for s in list_dossiers(self.desk, include_archived=True)])

    def choose_person(self, actor: str) -> None:
        self.person_filter.setCurrentIndex(max(self.person_filter.findData(actor), 0))

    def _details(self, index: QModelIndex) -> None:
        e = self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None
        if e is None:
            self.details.clear()
            return
        self.details.setHtml(audit_text.fields_html(e, audit_text.KNOWN_PEOPLE))

    def verify(self) -> Operation | None:
        desk = self.desk

        def work(progress, cancelled):
            def step(done: int, total: int) -> None:
                if cancelled():
                    from reedesk.gui.ops import Cancelled

                    raise Cancelled(tr("Verification cancelled."))
                progress(int(100 * done / max(total, 1)), tr("Checked {done} of {total} events").format(done=done, total=total))
            return audit.verify_audit(desk, step)

        self.verify_button.setEnabled(False)
        self.report = None  # the last result's notes go with it: a new verification says its own
        self._show_notes(None)
        self.status.setStyleSheet("")
        self.status.setText(tr("Verifying the audit trail…"))
        self.operation = run_in_background(self, tr("Verifying the audit trail"), work, self.show_report,
                                           lambda text: self.status.setText(text))
        self.operation.finished.connect(lambda: self.verify_button.setEnabled(True))
        self.operation.finished.connect(lambda: self.operation.was_cancelled and self.status.setText(tr("Verification cancelled.")))  # type: ignore[union-attr]
        return self.operation

    def show_report(self, report: Any) -> None:
        self.report = report
        if report.ok:
            self.status.setStyleSheet("color:#1b5e20; font-weight:bold")
            text = tr("Chain verified: {events} events, {heads} signed tree heads intact.").format(
                events=report.events_checked, heads=report.heads_checked)
            desk_key = getattr(report, "desk_key", None)
            if desk_key is not None and getattr(report, "reproduced", None) is not None:  # issue 10: desk key and re-run
                total = report.reproduced + (report.not_reproduced or 0)
                text += " " + tr("Desk key {fingerprint}; {reproduced} of {total} determinations reproduce when re-run.").format(
                    fingerprint=desk_key.fingerprint, reproduced=report.reproduced, total=total)
            self.status.setText(text)
        else:
            self.status.setStyleSheet("color:#b71c1c; font-weight:bold")
            where = (tr("broken at event {seq}").format(seq=report.first_broken_seq) if report.first_broken_seq is not None
                     else tr("cut off after the last signed tree head") if report.truncated else tr("broken"))
            from reedesk.gui.i18n import current_language  # the problem in the window's language (audit verify --language's words)

            problem = vocabulary.text_in(report.problem, current_language()) if report.problem else ""
            self.status.setText(tr("Chain {where}: {problem}").format(where=where, problem=problem))
        self._show_notes(report)

    def _show_notes(self, report: Any) -> None:
        """The report's notes under the status: how many, the current engine's summary, each note with its dossier."""
        notes = list(getattr(report, "notes", None) or [])
        if self.notes.records != notes:  # a language switch keeps the chosen note
            self.notes.set_records(notes)
        self.notes_box.setVisible(bool(notes))
        self._note_chosen()
        if not notes:
            self.notes_header.clear()
            return
        text = tr("{count} notes — worth knowing, not problems. Double-click a note to open its dossier.").format(count=len(notes))
        if getattr(report, "compared_current", None):  # older engines' determinations asked of the current one
            from reedesk.audit.verify import say
            from reedesk.gui.i18n import current_language
            from reedesk.rules.engine import ENGINE_VERSION

            summary = say("current_summary", current=ENGINE_VERSION, compared=report.compared_current,
                          superseded=report.superseded or 0, unread=report.current_unread or 0,
                          seconds=f"{report.current_seconds or 0.0:.2f}")
            text += (" " if current_language() == "en" else "") + note_text(summary)  # no space between Chinese sentences
        self.notes_header.setText(text)

    def _note_chosen(self) -> None:
        row = self.notes_table.currentIndex().row()
        self.open_note_button.setEnabled(note_reference(self.notes.record(row)) is not None)

    def open_note(self, row: int) -> str | None:
        """Open the dossier of the note in ``row`` (``opened``); returns its reference, None for a note of no dossier."""
        reference = note_reference(self.notes.record(row))
        if reference is not None:
            self.opened.emit(reference)
        return reference

    def retranslate(self) -> None:
        self.filter_label.setText(tr("Dossier:"))
        self.dossier_filter.setPlaceholderText(tr("any dossier"))
        self.dossier_filter.setAccessibleName(tr("Filter by dossier"))
        self.action_filter.setItemText(0, tr("any action"))
        for i in range(1, self.action_filter.count()):  # the recorded verb stays the item's data
            self.action_filter.setItemText(i, action_label(self.action_filter.itemData(i)))
        self.action_filter.setAccessibleName(tr("Filter by action"))
        self.person_filter.setAccessibleName(tr("Filter by person"))
        if self.person_filter.count():
            self.person_filter.setItemText(0, tr("anyone"))
        self.verify_button.setText(tr("Verify chain"))
        self.verify_button.setAccessibleName(tr("Verify chain"))
        self.table.setAccessibleName(tr("Audit events"))
        self.notes_table.setAccessibleName(tr("Notes of the verification"))
        self.open_note_button.setText(tr("Open dossier"))
        self.open_note_button.setAccessibleName(tr("Open the dossier of the chosen note"))
        self.model.retranslate()
        self.notes.retranslate()
        if self.report is not None:
            self.show_report(self.report)
        elif self.operation is None or self.operation.done:
            self.status.setText(tr("Chain status not checked yet: press Verify chain."))
