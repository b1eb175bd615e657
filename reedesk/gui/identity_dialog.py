"""Create a signing identity from where it is needed (sign or export without one).

Why: a desktop user who wants to sign and has no identity yet should be offered
to make one there and then, not told a command line to type. The identity is
made by the keys service (the same checks as ``reedesk keys create``); a refusal
is shown in the dialog with everything typed kept.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from reedesk.gui.errors import error_text
from reedesk.gui.i18n import tr


class IdentityDialog(QDialog):
    """Emits ``created(identity_info)``; the first identity of a desk becomes its default."""

    created = Signal(object)

    def __init__(self, desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("identityDialog")
        self.desk = desk
        self.setWindowTitle(tr("Create a signing identity"))
        self.setMinimumWidth(560)  # a role such as "Export compliance officer" fits
        self.name, self.role, self.organisation = QLineEdit(), QLineEdit(), QLineEdit()
        self.passphrase, self.passphrase2 = QLineEdit(), QLineEdit()
        form = QFormLayout()
        for widget, name, label in ((self.name, "identityName", tr("Name")), (self.role, "identityRole", tr("Role")),
                                    (self.organisation, "identityOrganisation", tr("Organisation")),
                                    (self.passphrase, "identityPassphrase", tr("Passphrase")),
                                    (self.passphrase2, "identityPassphrase2", tr("Passphrase again"))):
            widget.setObjectName(name)
            widget.setAccessibleName(label)
            widget.setMinimumWidth(320)
            form.addRow(label, widget)
        for widget in (self.passphrase, self.passphrase2):
            widget.setEchoMode(QLineEdit.EchoMode.Password)
        self.role.setPlaceholderText(tr("e.g. Export compliance officer"))
        intro = QLabel(tr("Your name, role and organisation are printed with every signature you make; "
                          "the passphrase protects the private key on this computer."))
        intro.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("identityMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#a11")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(tr("&Create identity"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setObjectName("identityCreate")
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.info: Any = None

    def create(self) -> Any:
        if self.passphrase.text() != self.passphrase2.text():
            self.message.setText(tr("The two passphrases differ; no key was created."))
            return None
        from reedesk.services import keys
        from reedesk.services.settings import get_setting, may_change_settings, set_setting

        try:
            info = keys.create_identity(self.desk, self.name.text(), self.role.text(), self.organisation.text(),
                                        self.passphrase.text())
            if not get_setting(self.desk, "default_identity") and may_change_settings(self.desk):
                set_setting(self.desk, "default_identity", info.key_id)
        except Exception as exc:
            self.message.setText(error_text(exc))
            return None
        self.passphrase.clear()
        self.passphrase2.clear()
        self.info = info
        self.created.emit(info)
        self.accept()
        return info
