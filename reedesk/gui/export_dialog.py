"""Export an evidence pack: evaluate, sign and write the PDF off the GUI thread,
with a progress dialog that can be cancelled, then offer to open the pack."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from reedesk.gui.concerns_panel import ConcernsPanel, document_concerns
from reedesk.gui.errors import error_text
from reedesk.gui.i18n import LANGUAGES, current_language, tr
from reedesk.gui.ops import Operation, run_in_background
from reedesk.gui.sign_dialog import chosen_meaning, identity_combo, meaning_combo, offer_new_identity


def pack_file_name(reference: str, as_of: date, language: str) -> str:
    """``LM-2026-0042-2026-12-01-zh-Hant.pdf``: the language is in the name, so packs of one
    determination in several languages sit side by side."""
    return f"{reference}-{as_of.isoformat()}-{language}.pdf"


class ExportDialog(QDialog):
    """Emits ``exported(path)``; errors are shown in the dialog with the input kept."""

    exported = Signal(object)

    def __init__(self, desk, reference: str, as_of: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.desk = desk
        self.reference = reference
        self.setWindowTitle(tr("Export evidence pack"))
        self.setMinimumWidth(720)  # the identity line (name, role, organisation, key) fits
        self.as_of = QDateEdit(QDate(as_of.year, as_of.month, as_of.day))
        self.as_of.setObjectName("exportAsOf")
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setCalendarPopup(True)
        self.identity = identity_combo(desk)
        self.identity.setObjectName("exportIdentity")
        self.meaning = meaning_combo("exportMeaning")
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("exportPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.language = QComboBox()
        self.language.setObjectName("exportLanguage")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        self.out = QLineEdit(str(Path.home() / pack_file_name(reference, as_of, self.language.currentData())))
        self.out.setObjectName("exportPath")
        self._suggested = self.out.text()  # followed while the user has not typed a name of their own
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        form = QFormLayout()
        for label, widget in ((tr("As of"), self.as_of), (tr("Identity"), self.identity), (tr("Meaning"), self.meaning),
                              (tr("Passphrase"), self.passphrase), (tr("Language"), self.language)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        self.out.setAccessibleName(tr("Pack file"))
        form.addRow(tr("Pack file"), out_row)
        # Issue 16: the headroom chart and figures as an optional page (off by default).
        self.headroom = QCheckBox(tr("Include the headroom chart (ratio, threshold, margin, smallest re-sourcing set)"))
        self.headroom.setObjectName("exportHeadroom")
        form.addRow("", self.headroom)
        self.message = QLabel()
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        # Issue 14: the points to note for the determination that would be exported, before Export.
        self.concerns = ConcernsPanel("exportConcerns")
        self.open_button = QPushButton(tr("&Open pack"))
        self.open_button.setObjectName("openPackButton")
        self.open_button.hide()
        self.open_button.clicked.connect(self.open_pack)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(tr("&Export"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("exportConfirm")
        self.export_button.clicked.connect(self.start_export)
        self.create_identity_button = self.buttons.addButton(tr("Create an &identity…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.create_identity_button.setObjectName("exportCreateIdentity")
        self.create_identity_button.clicked.connect(self.create_identity)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Dossier {reference}: evaluate, sign and write a PDF evidence pack.").format(reference=reference)))
        layout.addLayout(form)
        layout.addWidget(self.concerns, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.open_button)
        layout.addWidget(self.buttons)
        self.operation: Operation | None = None
        # Replacing an existing file is asked first; tests replace this to answer without a modal box.
        self.confirm_replace = lambda path: QMessageBox.question(
            self, tr("Replace evidence pack"), tr("{path} already exists. Replace it?").format(path=path)
        ) == QMessageBox.StandardButton.Yes
        self.path: Path | None = None
        self.result_info: Any = None
        self.as_of.dateChanged.connect(self._inputs_changed)
        self.language.currentIndexChanged.connect(self._inputs_changed)
        self.meaning.currentTextChanged.connect(self._meaning_changed)
        self._identities_changed()
        self.refresh_concerns()

    def _meaning_changed(self, *_: Any) -> None:
        """Issue 12, point 5: a preparer choosing an approval meaning on a team desk is told at once, and the
        passphrase field is closed (the export checks the determination itself before reading it)."""
        from reedesk.errors import ReedeskError
        from reedesk.services.signing import check_approval

        try:
            check_approval(self.desk, None, chosen_meaning(self.meaning))
        except ReedeskError as exc:
            self.passphrase.clear()
            self.passphrase.setEnabled(False)
            self.message.setStyleSheet("color:#a11")
            self.message.setText(error_text(exc))
            return
        if not self.passphrase.isEnabled():
            self.passphrase.setEnabled(True)
            self.message.setText("")

    def chosen_date(self) -> date:
        d = self.as_of.date()
        return date(d.year(), d.month(), d.day())

    def _inputs_changed(self, *_: Any) -> None:
        if self.out.text() == self._suggested:
            folder = Path(self.out.text()).expanduser().parent
            self.out.setText(str(folder / pack_file_name(self.reference, self.chosen_date(), self.language.currentData())))
            self._suggested = self.out.text()
        self.refresh_concerns()

    def refresh_concerns(self) -> None:
        """The concerns of the determination the export would sign (evaluated now, nothing stored)."""
        from reedesk.services.evaluation import evaluate_reference

        try:
            found = evaluate_reference(self.desk, self.reference, self.chosen_date(), store=False)
        except Exception as exc:  # the export itself will say it again; show why here too
            self.concerns.set_concerns([])
            self.message.setStyleSheet("color:#a11")
            self.message.setText(error_text(exc))
            return
        self.concerns.set_concerns(document_concerns(found.document))

    def _identities_changed(self) -> None:
        has_identity = self.identity.count() > 0
        self.export_button.setEnabled(has_identity)
        self.create_identity_button.setVisible(not has_identity)
        if not has_identity:
            self.message.setStyleSheet("color:#a11")
            self.message.setText(tr("There is no signing identity yet: a pack is signed, so create one first."))
        elif self.message.text() == tr("There is no signing identity yet: a pack is signed, so create one first."):
            self.message.setText("")

    def create_identity(self):
        """The identity dialog; once an identity is made it is chosen here and export is enabled."""
        return offer_new_identity(self)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Save evidence pack"), self.out.text(), tr("Evidence packs (*.pdf)"))
        if path:
            self.out.setText(path)

    def start_export(self) -> Operation | None:
        from reedesk.services.evidence import export_pack  # the PDF stack is imported when a pack is written

        from reedesk.errors import ReedeskError
        from reedesk.services.signing import check_export_approval

        as_of = self.chosen_date()
        out = Path(self.out.text()).expanduser()
        meaning, language, desk, reference = chosen_meaning(self.meaning), self.language.currentData(), self.desk, self.reference
        try:  # four eyes on a team desk: refused before the passphrase is read
            check_export_approval(desk, reference, as_of, meaning)
        except ReedeskError as exc:
            self.passphrase.clear()
            self.message.setStyleSheet("color:#a11")
            self.message.setText(error_text(exc))
            return None
        key_id, passphrase = self.identity.currentData(), self.passphrase.text()
        headroom = self.headroom.isChecked()
        overwrite = out.is_file()
        if overwrite and not self.confirm_replace(out):
            return None

        def work(progress, cancelled):
            return export_pack(desk, reference, as_of, meaning, out, key_id=key_id, passphrase=passphrase,
                                        language=language, progress=progress, cancelled=cancelled, overwrite=overwrite,
                                        headroom=headroom)

        def done(result: Any) -> None:
            self.result_info = result
            self.path = Path(getattr(result, "path", out))
            self.message.setStyleSheet("color:#1b5e20")
            text = tr("Pack written: {path}").format(path=self.path)
            if getattr(result, "headroom_omitted", None):
                text += "\n" + tr("No headroom page: this determination has no value-content ratio to chart.")
            self.message.setText(text)
            self.open_button.show()
            self.passphrase.clear()
            self.exported.emit(self.path)

        def failed(text: str) -> None:
            self.message.setStyleSheet("color:#a11")
            self.message.setText(text)
            self.export_button.setEnabled(True)

        self.message.setText("")
        self.export_button.setEnabled(False)
        self.operation = run_in_background(self, tr("Exporting evidence pack"), work, done, failed)
        self.operation.finished.connect(self._finished)
        return self.operation

    def _finished(self) -> None:
        self.export_button.setEnabled(self.identity.count() > 0)
        if self.operation is not None and self.operation.was_cancelled:
            self.message.setStyleSheet("color:#a11")
            self.message.setText(tr("Export cancelled; no pack was written."))

    def open_pack(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))
