"""Sign a determination: shows exactly what is signed, the identity, the meaning, the passphrase.

A wrong passphrase (or any refusal) is shown inside the dialog, which stays open
with everything typed kept, so the user can correct it. A second person signs the
same determination again with their own identity (countersigning): earlier
signatures are listed and the service binds them into the new one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from reedesk.gui.dossier_panels import SIGNATURE_COLUMNS
from reedesk.gui.errors import error_text
from reedesk.gui.features import service
from reedesk.gui.i18n import tr
from reedesk.gui.models import outcome_label
from reedesk.gui.table_model import RecordTableModel, make_table_view

MEANINGS = ("Prepared by", "Reviewed by", "Reviewed and approved by")


def meaning_combo(name: str) -> QComboBox:
    """The usual meanings, shown translated; what is signed is the English meaning (or the text typed)."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setEditable(True)
    for meaning in MEANINGS:
        combo.addItem(tr(meaning), meaning)
    combo.setAccessibleName(tr("Meaning of the signature"))
    return combo


def chosen_meaning(combo: QComboBox) -> str:
    """The meaning to sign: the stored English one for a listed choice, else the text as typed."""
    index = combo.findText(combo.currentText())
    return combo.itemData(index) if index >= 0 and combo.itemData(index) else combo.currentText().strip()


def identity_combo(desk) -> QComboBox:
    """Active identities, the default one first; item data is the key id."""
    combo = QComboBox()
    keys = service("keys")
    identities = [i for i in keys.list_identities(desk) if not i.retired_at] if keys else []  # type: ignore[union-attr]
    preferred = ""
    try:
        from reedesk.services.settings import get_setting

        preferred = get_setting(desk, "default_identity")
    except Exception:
        pass
    identities.sort(key=lambda i: i.key_id != preferred)
    for i in identities:
        combo.addItem(f"{i.name} — {i.role}, {i.organisation} [{i.fingerprint}]", i.key_id)
    return combo


class SignDialog(QDialog):
    """Emits ``signed(signature_info)``; stays open on a wrong passphrase."""

    signed = Signal(object)

    def __init__(self, desk, determination: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signDialog")
        self.desk = desk
        self.determination = determination
        doc = determination.document or {}
        dossier = doc.get("dossier") or {}
        self.setWindowTitle(tr("Sign determination"))
        self.setMinimumWidth(760)  # the identity line (name, role, organisation, key) fits
        what = QLabel(
            "<b>" + tr("You are signing:") + "</b><br/>"
            + tr("Outcome: {outcome}").format(outcome=outcome_label(doc.get("outcome"))) + "<br/>"
            + tr("As of: {as_of}").format(as_of=doc.get("as_of")) + "<br/>"
            + tr("Dossier {reference} revision {revision}").format(reference=dossier.get("reference"), revision=dossier.get("revision")) + "<br/>"
            + tr("Snapshot SHA-256: {sha}").format(sha=dossier.get("sha256")) + "<br/>"
            + tr("Determination SHA-256: {sha}").format(sha=determination.sha256)
        )
        what.setObjectName("signedContent")
        what.setWordWrap(True)
        what.setTextInteractionFlags(what.textInteractionFlags().TextSelectableByMouse)
        self.identity = identity_combo(desk)
        self.identity.setObjectName("signIdentity")
        self.identity.setAccessibleName(tr("Identity"))
        self.meaning = meaning_combo("signMeaning")
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("signPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(tr("Passphrase"))
        self.message = QLabel()
        self.message.setObjectName("signMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#a11")
        form = QFormLayout()
        form.addRow(tr("&Identity"), self.identity)
        form.addRow(tr("&Meaning"), self.meaning)
        form.addRow(tr("&Passphrase"), self.passphrase)
        self.existing = RecordTableModel(SIGNATURE_COLUMNS, parent=self)
        signing = service("signing")
        if signing is not None:
            self.existing.set_records(signing.signatures_for(desk, determination.id))
        existing_view = make_table_view("existingSignatures", self.existing)
        existing_view.setAccessibleName(tr("Existing signatures"))
        if self.existing.records:
            self.meaning.setCurrentIndex(self.meaning.findData("Reviewed by"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button = self.buttons.addButton(tr("&Sign") if not self.existing.records else tr("&Countersign"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setObjectName("signConfirm")
        self.sign_button.setEnabled(self.identity.count() > 0)
        if self.identity.count() == 0:
            self.message.setText(tr("There is no signing identity yet: create one in Settings → Identities and keys."))
        self.buttons.accepted.connect(self.do_sign)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(QLabel(tr("Signatures so far:")))
        layout.addWidget(existing_view)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.result_info: Any = None

    def do_sign(self) -> None:
        try:
            info = service("signing").sign_determination(  # type: ignore[union-attr]
                self.desk, self.determination.id, self.identity.currentData(), self.passphrase.text(),
                chosen_meaning(self.meaning),
            )
        except Exception as exc:
            self.message.setText(error_text(exc))
            self.passphrase.setFocus()
            self.passphrase.selectAll()
            return
        self.result_info = info
        self.passphrase.clear()
        self.signed.emit(info)
        self.accept()
