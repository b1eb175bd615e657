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

from reedesk.gui.concerns_panel import ConcernsPanel, document_concerns
from reedesk.gui.dossier_panels import SIGNATURE_COLUMNS
from reedesk import vocabulary
from reedesk.gui.i18n import current_language, tr
from reedesk.gui.models import outcome_label
from reedesk.gui.table_model import RecordTableModel, make_table_view
from reedesk.services.keys import list_identities
from reedesk.services.signing import sign_determination, signatures_for

# The usual meanings, as a statement records them (English), named in the window's language by reedesk.vocabulary.
MEANINGS = tuple(vocabulary.label("signature_meaning", code, "en") for code in vocabulary.codes("signature_meaning"))


def meaning_combo(name: str) -> QComboBox:
    """The usual meanings, shown translated; what is signed is the English meaning (or the text typed)."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setEditable(True)
    for meaning in MEANINGS:
        combo.addItem(vocabulary.label("signature_meaning", meaning, current_language()), meaning)
    combo.setAccessibleName(tr("Meaning of the signature"))
    return combo


def chosen_meaning(combo: QComboBox) -> str:
    """The meaning to sign: the stored English one for a listed choice, else the text as typed."""
    index = combo.findText(combo.currentText())
    return combo.itemData(index) if index >= 0 and combo.itemData(index) else combo.currentText().strip()


def identity_combo(desk) -> QComboBox:
    """Active identities, the default one first (and marked so); item data is the key id."""
    combo = QComboBox()
    refill_identities(combo, desk)
    return combo


def offer_new_identity(owner: Any):  # -> IdentityDialog
    """Open the identity dialog over a sign or export dialog (``owner``: its ``desk``, ``identity``
    combo, ``passphrase`` field and ``_identities_changed``); the identity made is chosen there and
    the passphrase field gets the focus. Kept on ``owner.identity_dialog`` for tests and screenshots."""
    from reedesk.gui.identity_dialog import IdentityDialog

    dialog = IdentityDialog(owner.desk, owner)

    def made(info: Any) -> None:
        refill_identities(owner.identity, owner.desk, select=info.key_id)
        owner._identities_changed()
        owner.passphrase.setFocus()

    dialog.created.connect(made)
    owner.identity_dialog = dialog
    dialog.open()
    return dialog


def refill_identities(combo: QComboBox, desk, select: str | None = None) -> None:
    """(Re)fill ``combo`` with the active identities, the default one first and marked."""
    combo.clear()
    identities = [i for i in list_identities(desk) if not i.retired_at]
    preferred = ""
    try:
        from reedesk.services.settings import get_setting

        preferred = get_setting(desk, "default_identity")
    except Exception:
        pass
    from reedesk.services.keys import local_identity_ids

    local = local_identity_ids(desk)  # a team desk lists everyone's identities: the ones with a key here first
    identities.sort(key=lambda i: (i.key_id not in local, i.key_id != preferred))
    for i in identities:
        mark = "  " + tr("(default)") if i.key_id == preferred else ""
        combo.addItem(f"{i.name} — {i.role}, {i.organisation} [{i.fingerprint}]{mark}", i.key_id)
    if select is not None:
        combo.setCurrentIndex(max(combo.findData(select), 0))


class SignDialog(QDialog):
    """Emits ``signed(signature_info)``; stays open on a wrong passphrase."""

    signed = Signal(object)

    def __init__(self, desk, determination: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signDialog")
        self.desk = desk
        self.determination = determination
        # a stored document not in reedesk's form (an edited row) shows what it gives; signing re-runs it and refuses
        doc = determination.document if isinstance(determination.document, dict) else {}
        dossier = doc.get("dossier") if isinstance(doc.get("dossier"), dict) else {}
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
        # Issue 14: what a careful officer wants to know, in the dialog where they go on (Sign) or stop (Cancel).
        self.concerns = ConcernsPanel("signConcerns")
        try:
            concerns = document_concerns(doc)
        except Exception:  # noqa: BLE001 — a document the concerns cannot read: signing will refuse it with the reason
            concerns = []
        self.concerns.set_concerns(concerns)
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
        self.existing.set_records(signatures_for(desk, determination.id))
        existing_view = make_table_view("existingSignatures", self.existing)
        existing_view.setAccessibleName(tr("Existing signatures"))
        existing_view.setMaximumHeight(120)  # room for the points to note above
        if self.existing.records:
            self.meaning.setCurrentIndex(self.meaning.findData("Reviewed by"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button = self.buttons.addButton(tr("&Sign") if not self.existing.records else tr("&Countersign"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setObjectName("signConfirm")
        self.create_identity_button = self.buttons.addButton(tr("Create an &identity…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.create_identity_button.setObjectName("signCreateIdentity")
        self.create_identity_button.clicked.connect(self.create_identity)
        self.refusal: str | None = None  # reedesk's own four-eyes refusal of the chosen meaning (issue 12, point 5)
        self._refusals: dict[str, str | None] = {}
        self._identities_changed()
        self.meaning.currentTextChanged.connect(self._meaning_changed)
        self._meaning_changed()
        self.buttons.accepted.connect(self.do_sign)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(self.concerns, 1)
        layout.addWidget(QLabel(tr("Signatures so far:")))
        layout.addWidget(existing_view)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.result_info: Any = None

    def _identities_changed(self) -> None:
        has_identity = self.identity.count() > 0
        self.sign_button.setEnabled(has_identity and self.refusal is None)
        self.create_identity_button.setVisible(not has_identity)
        self.message.setText(self.refusal or ("" if has_identity else tr("There is no signing identity yet: create one to sign.")))

    def approval_refusal(self, meaning: str, *, fresh: bool = False) -> str | None:
        """What reedesk says, in the window's language, against signing ``meaning`` here, or None.

        On a team desk an approval by a preparer, or by the person who prepared this determination
        while four eyes is on, is refused before any passphrase is read (the database would refuse
        it too); ``fresh`` asks the desk again instead of the answer kept for this meaning."""
        from reedesk.errors import ReedeskError
        from reedesk.gui.errors import error_text
        from reedesk.services.signing import check_approval, is_approval

        if not is_approval(meaning):
            return None
        if fresh or meaning not in self._refusals:
            try:
                check_approval(self.desk, self.determination.id, meaning)
                self._refusals[meaning] = None
            except ReedeskError as exc:
                self._refusals[meaning] = error_text(exc)
        return self._refusals[meaning]

    def _meaning_changed(self, *_: Any) -> None:
        """A refused approval is said at once; the passphrase field is closed while it stands."""
        self.refusal = self.approval_refusal(chosen_meaning(self.meaning))
        if self.refusal is not None:
            self.passphrase.clear()
        self.passphrase.setEnabled(self.refusal is None)
        self._identities_changed()

    def create_identity(self):
        """The identity dialog; once an identity is made it is chosen here."""
        return offer_new_identity(self)

    def do_sign(self):  # -> reedesk.gui.ops.Operation
        """Sign off the GUI thread (unlocking the key takes a while by design); a refusal keeps the dialog open."""
        from reedesk.gui.ops import run_in_background

        desk, determination_id = self.desk, self.determination.id
        meaning = chosen_meaning(self.meaning)
        refusal = self.approval_refusal(meaning, fresh=True)  # four eyes: before the passphrase is read
        if refusal is not None:
            self.refusal = refusal
            self.passphrase.clear()
            self.passphrase.setEnabled(False)
            self._identities_changed()
            return None
        key_id, passphrase = self.identity.currentData(), self.passphrase.text()
        self.sign_button.setEnabled(False)

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            progress(10, tr("Unlocking the key and signing…"))
            return sign_determination(desk, determination_id, key_id, passphrase, meaning)

        def done(info: Any) -> None:
            self.result_info = info
            self.passphrase.clear()
            self.signed.emit(info)
            self.accept()

        def refused(message: str) -> None:
            self.sign_button.setEnabled(True)
            self.message.setText(message)
            self.passphrase.setFocus()
            self.passphrase.selectAll()

        self.operation = run_in_background(self, tr("Signing"), work, done, refused, cancellable=False)
        return self.operation
