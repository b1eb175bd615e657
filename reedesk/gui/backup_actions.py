"""File → Back up… and File → Restore… (integrity issue 10, point 11).

Thin: a file dialog, then :mod:`reedesk.services.backup`. A restore that would lose
history (the backup is older than a checkpoint known from outside it) is explained and
only done if the user confirms; the desk it replaces is kept aside, and the open window
goes on with the restored desk.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from reedesk.gui.errors import show_error
from reedesk.gui.i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    from reedesk.gui.main_window import MainWindow

BACKUP_SUFFIX = ".reedesk-backup"


def _file_dialog(parent: QWidget, title: str, *, save: bool) -> Path | None:
    """A Qt file dialog (not the platform's, so it behaves the same everywhere and in tests)."""
    dialog = QFileDialog(parent, title)
    dialog.setObjectName("backupSaveDialog" if save else "backupOpenDialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setNameFilter(tr("reedesk backups (*.reedesk-backup);;All files (*)"))
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(BACKUP_SUFFIX.lstrip("."))
        dialog.selectFile(f"reedesk-desk{BACKUP_SUFFIX}")
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if not dialog.exec():
        return None
    files = dialog.selectedFiles()
    return Path(files[0]) if files else None


def back_up(window: "MainWindow") -> Path | None:
    """Ask where, then write a backup of the open desk; returns the file written (None if cancelled)."""
    from reedesk.services.backup import create_backup

    out = _file_dialog(window, tr("Back up the desk"), save=True)
    if out is None:
        return None
    try:
        info = create_backup(window.desk, out, force=out.exists())  # the dialog already asked about replacing
    except Exception as exc:  # noqa: BLE001 - shown to the user as one sentence
        show_error(window, exc)
        return None
    window.say(lambda: tr("Backed up the desk to {path}.").format(path=str(info.path)))
    return info.path


def restore(window: "MainWindow") -> Path | None:
    """Ask for a backup file and restore it into the open desk; returns the backup restored (None if not)."""
    from reedesk.services.backup import RestoreRefused, restore_into_open_desk

    source = _file_dialog(window, tr("Restore a backup"), save=False)
    if source is None:
        return None
    if not window._may_discard():
        return None
    try:
        try:
            result = restore_into_open_desk(window.desk, source)
        except RestoreRefused as refused:
            worst = max((f for f in refused.findings if not f.extends), key=lambda f: f.missing_events)
            question = tr(
                "This backup is older than a checkpoint known from outside it ({size} audit events); restoring it "
                "would lose {count} audit events. Restore it anyway? The current desk is kept aside, not deleted."
            ).format(size=worst.size, count=worst.missing_events)
            if not window.confirm(question):
                window.say(lambda: tr("Nothing was restored."))
                return None
            result = restore_into_open_desk(window.desk, source, force=True)
    except Exception as exc:  # noqa: BLE001 - shown to the user as one sentence
        show_error(window, exc)
        return None
    window.editor.undo_stack.setClean()
    window.new_dossier(ask=False)  # the restore's desk change refreshed the browser and the views
    aside = str(result.moved_aside) if result.moved_aside else "—"
    window.say(lambda: tr("Restored {path}; the desk it replaced was kept in {aside}.").format(path=str(source), aside=aside))
    return source
