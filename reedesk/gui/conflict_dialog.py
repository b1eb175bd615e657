"""When someone else saved the dossier first (issue 12, point 7): say so, lose nothing, let the user choose.

The save was refused by the service (:class:`reedesk.services.dossiers.DossierConflict`),
so nothing was merged. The dialog names who changed the dossier, when and to which
revision, and offers: Reload (show their revision; what was typed stays one Redo away),
Save as new (store what was typed as a new dossier under another reference), Cancel
(keep editing; nothing changes).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from reedesk.gui import audit_text
from reedesk.gui.i18n import tr

RELOAD, SAVE_AS_NEW, CANCEL = "reload", "save_as_new", "cancel"


def conflict_sentence(params: dict[str, Any]) -> str:
    """The issue's sentence, in the window's language, from the refusal's parameters."""
    return tr(
        "{reference} was changed by {actor} at {when} (revision {revision}); your changes are kept in the editor: "
        "reload and re-apply, or save as a new dossier."
    ).format(**{k: params.get(k, "?") for k in ("reference", "when", "revision")},
             actor=audit_text.person(str(params.get("actor", "?")), audit_text.KNOWN_PEOPLE))  # as the audit view names them


class ConflictDialog(QMessageBox):
    """Reload / Save as new / Cancel; :attr:`choice` says which was clicked."""

    def __init__(self, params: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(tr("Changed by someone else"))
        self.setText(conflict_sentence(params))
        self.setInformativeText(tr(
            "Reload shows the stored revision; Edit → Redo then brings back everything you typed. "
            "Save as new stores what you typed as a new dossier under another reference."))
        self.reload_button = self.addButton(tr("Reload"), QMessageBox.ButtonRole.AcceptRole)
        self.reload_button.setObjectName("conflictReload")
        self.new_button = self.addButton(tr("Save as new…"), QMessageBox.ButtonRole.ActionRole)
        self.new_button.setObjectName("conflictSaveAsNew")
        self.cancel_button = self.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("conflictCancel")
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)

    @property
    def choice(self) -> str:
        clicked = self.clickedButton()
        if clicked is self.reload_button:
            return RELOAD
        if clicked is self.new_button:
            return SAVE_AS_NEW
        return CANCEL
