"""Archived dossiers: list them, restore one, or delete one that was never signed.

Why: archiving hides a dossier from the browser; without a way back the user
would think it lost. Restoring and deleting go through the dossier services (each
an audit event with the reason given); a signed dossier is never deleted — the
service refuses and the refusal is shown here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from reedesk.gui.errors import error_text
from reedesk.gui.i18n import tr
from reedesk.gui.models import outcome_label
from reedesk.gui.table_model import Column, RecordTableModel, make_table_view

ARCHIVE_COLUMNS = (
    Column("Reference", lambda s: s.reference),
    Column("Client", lambda s: s.client_name or "", max_chars=30),
    Column("Product", lambda s: s.product_name or "", max_chars=30),
    Column("Outcome", lambda s: outcome_label(s.last_outcome) if s.last_outcome else ""),
    Column("Signed", lambda s: tr("Yes") if s.signed else tr("No")),
)


class ArchiveDialog(QDialog):
    """Emits ``restored(reference)`` and ``deleted(reference)``."""

    restored = Signal(str)
    deleted = Signal(str)

    def __init__(self, desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("archiveDialog")
        self.desk = desk
        self.setWindowTitle(tr("Archived dossiers"))
        self.resize(760, 420)
        self.model = RecordTableModel(ARCHIVE_COLUMNS, parent=self)
        self.view = make_table_view("archivedTable", self.model)
        self.view.setAccessibleName(tr("Archived dossiers"))
        self.restore_button = QPushButton(tr("&Restore"))
        self.restore_button.setObjectName("restoreDossier")
        self.restore_button.clicked.connect(lambda: self.restore())
        self.delete_button = QPushButton(tr("&Delete…"))
        self.delete_button.setObjectName("deleteDossier")
        self.delete_button.setToolTip(tr("Delete a dossier that was never signed; signed dossiers are kept"))
        self.delete_button.clicked.connect(lambda: self.delete())
        self.message = QLabel()
        self.message.setObjectName("archiveMessage")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Archived dossiers stay readable and can be restored; a dossier never signed can be deleted."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        # Deleting asks for a reason (kept in the audit trail); tests replace this to answer without a modal box.
        self.ask_reason = lambda reference: self._ask_reason(reference)
        self.reload()

    def _ask_reason(self, reference: str) -> str | None:
        text, ok = QInputDialog.getText(self, tr("Delete dossier"),
                                        tr("Delete {reference} for good? Say why (kept in the audit trail):").format(reference=reference))
        return text if ok else None

    def reload(self) -> None:
        from reedesk.services.dossiers import list_dossiers

        archived = [s for s in list_dossiers(self.desk, include_archived=True) if s.archived]
        self.model.set_records(archived)
        if archived and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))
        for b in (self.restore_button, self.delete_button):
            b.setEnabled(bool(archived))

    def references(self) -> list[str]:
        return [s.reference for s in self.model.records]

    def select(self, reference: str) -> None:
        if reference in self.references():
            self.view.setCurrentIndex(self.model.index(self.references().index(reference), 0))

    def _selected(self) -> Any:
        index = self.view.currentIndex()
        return self.model.records[index.row()] if index.isValid() and index.row() < len(self.model.records) else None

    def restore(self) -> str | None:
        from reedesk.services.dossiers import set_archived

        summary = self._selected()
        if summary is None:
            return None
        try:
            set_archived(self.desk, summary.reference, False, reason="restored in the desktop app")
        except Exception as exc:
            self._say(error_text(exc), ok=False)
            return None
        self.reload()
        self._say(tr("Restored {reference}; it is back in the dossier list.").format(reference=summary.reference))
        self.restored.emit(summary.reference)
        return summary.reference

    def delete(self) -> str | None:
        from reedesk.services.dossiers import delete_dossier

        summary = self._selected()
        if summary is None:
            return None
        reason = self.ask_reason(summary.reference)
        if reason is None:
            return None
        try:
            delete_dossier(self.desk, summary.reference, reason=reason.strip() or "deleted in the desktop app")
        except Exception as exc:
            self._say(error_text(exc), ok=False)
            return None
        self.reload()
        self._say(tr("Deleted {reference}; the audit trail keeps what it held.").format(reference=summary.reference))
        self.deleted.emit(summary.reference)
        return summary.reference

    def _say(self, text: str, ok: bool = True) -> None:
        self.message.setStyleSheet("color:#1b5e20" if ok else "color:#a11")
        self.message.setText(text)
