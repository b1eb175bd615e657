"""Prepare the licence application pack of the open dossier (Dossier → Prepare application…).

A thin layer over ``reedesk.services.applications.prepare_application``: the same use
case as ``reedesk application``, run off the GUI thread; documents attached here are
stored on the desk (hashed, audited) and embedded in the pack.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QPushButton, QVBoxLayout, QWidget,
)

from reedesk.evidence.application import CHECKLIST_ITEMS, load_application_texts
from reedesk.gui.i18n import tr
from reedesk.gui.ops import Operation, run_in_background
from reedesk.gui.sign_dialog import chosen_meaning, identity_combo, meaning_combo


def checklist_label(item: str) -> str:
    """The checklist item in the window's language (English source text, translated by the catalogue)."""
    return tr(load_application_texts("en")["checklist"][item])


class ApplicationDialog(QDialog):
    """Emits ``prepared(path)``; errors are shown in the dialog with the input kept."""

    prepared = Signal(object)

    def __init__(self, desk, reference: str, as_of: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("applicationDialog")
        self.desk, self.reference = desk, reference
        self.setWindowTitle(tr("Prepare licence application"))
        self.setMinimumWidth(720)
        self.as_of = QDateEdit(QDate(as_of.year, as_of.month, as_of.day))
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setCalendarPopup(True)
        self.identity = identity_combo(desk)
        self.meaning = meaning_combo("applicationMeaning")
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("applicationPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.language = QComboBox()
        self.language.setObjectName("applicationLanguage")
        self.language.addItem(tr("Simplified Chinese"), "zh-Hans")
        self.language.addItem(tr("Traditional Chinese"), "zh-Hant")
        self.language.addItem(tr("Simplified Chinese with English beside it"), "en")
        self.out = QLineEdit(str(Path.home() / f"{reference}-application-{as_of.isoformat()}.pdf"))
        self.out.setObjectName("applicationPath")
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        self.kind = QComboBox()
        self.kind.setObjectName("applicationAttachKind")
        for item in CHECKLIST_ITEMS:
            self.kind.addItem(checklist_label(item), item)
        # the checklist's long names must not squeeze the form's labels ("Supporting doc…" was clipped)
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(24)
        attach = QPushButton(tr("Attach…"))
        attach.setObjectName("applicationAttachButton")
        attach.clicked.connect(self._attach_dialog)
        attach_row = QHBoxLayout()
        attach_row.addWidget(self.kind, 1)
        attach_row.addWidget(attach)
        self.attached = QListWidget()
        self.attached.setObjectName("applicationAttachments")
        self.attachments: list[tuple[str, Path]] = []
        form = QFormLayout()
        for label, widget in ((tr("As of"), self.as_of), (tr("Identity"), self.identity), (tr("Meaning"), self.meaning),
                              (tr("Passphrase"), self.passphrase), (tr("Language"), self.language)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        form.addRow(tr("Application file"), out_row)
        form.addRow(tr("Supporting documents"), attach_row)
        form.addRow("", self.attached)
        self.message = QLabel()
        self.message.setObjectName("applicationMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.prepare_button = self.buttons.addButton(tr("&Prepare"), QDialogButtonBox.ButtonRole.ActionRole)
        self.prepare_button.setObjectName("applicationConfirm")
        self.prepare_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Dossier {reference}: the licence application pack in Simplified Chinese, with the "
                                   "checklist of supporting documents.").format(reference=reference)))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.operation: Operation | None = None
        self.result_info: Any = None

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Save application"), self.out.text(), tr("Application packs (*.pdf)"))
        if path:
            self.out.setText(path)

    def _attach_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Attach…"), "", "PDF (*.pdf);;* (*)")
        if path:
            self.add_attachment(self.kind.currentData(), Path(path))

    def add_attachment(self, kind: str, path: Path) -> None:
        self.attachments.append((kind, path))
        self.attached.addItem(f"{checklist_label(kind)}: {path.name}")

    def start(self) -> Operation:
        from reedesk.services.applications import prepare_application

        d = self.as_of.date()
        as_of = date(d.year(), d.month(), d.day())
        out = Path(self.out.text()).expanduser()
        key_id, passphrase, meaning = self.identity.currentData(), self.passphrase.text(), chosen_meaning(self.meaning)
        language, desk, reference, attach = self.language.currentData(), self.desk, self.reference, list(self.attachments)

        def work(progress, cancelled):
            return prepare_application(desk, reference, as_of, out, passphrase=passphrase, key_id=key_id,
                                       language=language, attach=attach, meaning=meaning)

        def done(result: Any) -> None:
            self.result_info = result
            self.message.setStyleSheet("color:#1b5e20")
            self.message.setText(tr("Application written: {path}; {missing} document(s) missing.").format(
                path=result.path, missing=len(result.missing)))
            self.passphrase.clear()
            self.prepared.emit(result.path)

        def failed(text: str) -> None:
            self.message.setStyleSheet("color:#a11")
            self.message.setText(text)

        self.message.setText("")
        self.prepare_button.setEnabled(False)
        self.operation = run_in_background(self, tr("Preparing the application"), work, done, failed)
        self.operation.finished.connect(lambda: self.prepare_button.setEnabled(True))
        return self.operation
