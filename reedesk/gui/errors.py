"""Showing errors to people: readable sentences, never tracebacks.

A :class:`~reedesk.errors.ReedeskError` already carries a sentence written for the
user, and a ``code`` with ``params`` that :func:`reedesk.vocabulary.error_text` says in
the window's language. Anything else is a bug: the user gets a short apology naming the kind of
error, and the traceback goes to stderr for the developer.
"""

from __future__ import annotations

import sys
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from reedesk import vocabulary
from reedesk.errors import ReedeskError
from reedesk.gui.i18n import current_language, tr


def error_text(exc: BaseException) -> str:
    """The sentence to show for ``exc``."""
    if isinstance(exc, ReedeskError):
        # by its code and params (reedesk.vocabulary; resources/vocabulary/messages.toml), never by matching
        # its English sentence; an error with no translated code yet is shown as written
        return vocabulary.error_text(exc, current_language())
    traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    return tr("Something went wrong inside reedesk ({kind}: {message}); nothing was saved.").format(
        kind=type(exc).__name__, message=str(exc) or "no details"
    )


def show_error(parent: QWidget | None, exc: BaseException | str, title: str | None = None) -> QMessageBox:
    """Show a non-blocking message box (``open()``, so tests never hang) and return it."""
    text = exc if isinstance(exc, str) else error_text(exc)
    box = QMessageBox(QMessageBox.Icon.Warning, title or tr("reedesk"), text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setAccessibleName(tr("Error message"))
    box.open()
    if parent is not None:
        parent.setProperty("last_error", text)
    return box
