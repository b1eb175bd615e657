"""Showing errors to people: readable sentences, never tracebacks.

A :class:`~reedesk.errors.ReedeskError` already carries a sentence written for the
user, and a ``code`` with ``params`` that :func:`reedesk.vocabulary.error_text` says in
the window's language; the English-sentence patterns below serve errors not coded yet. Anything else is a bug: the user gets a short apology naming the kind of
error, and the traceback goes to stderr for the developer.
"""

from __future__ import annotations

import re
import sys
import traceback
from functools import lru_cache

from PySide6.QtWidgets import QMessageBox, QWidget

from reedesk import vocabulary
from reedesk.errors import ReedeskError
from reedesk.gui.i18n import current_language, tr


# Sentences the services write (in English, for the CLI too) that a desktop user meets
# often; shown through the catalogue when one matches, else as written.
SERVICE_SENTENCES = (
    "The passphrase does not open the key of {name} ({key}); nothing was signed.",
    "The key {key} of {name} was retired on {when} and can no longer sign.",
    "The key {key} of {name} was already retired on {when}.",
    "The key {key} was retired and can no longer sign.",
    "The identity {name} ({key}) has no private key on this machine.",
    "The key {key} is already trusted.",
    "The key {key} is one of this desk's own identities; it need not be trusted.",
    "The public key file {path} cannot be read ({reason}).",
    "The export was cancelled; no pack was written.",
    "Determination {id} no longer matches its recorded SHA-256; it will not be signed.",
    "The passphrase is one of the first that anyone guessing would try; choose another (a few unrelated words are easy to remember and hard to guess).",
    "The passphrase consists only of spaces; choose one with words or characters in it.",
    "The passphrase of {name} ({key}) is needed to sign; nothing was signed.",
)


@lru_cache(maxsize=None)
def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)  # literal, name, literal, name, …
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts)), re.DOTALL)


def translated_sentence(sentence: str) -> str:
    """A service's sentence in the current language when it is one of :data:`SERVICE_SENTENCES`."""
    for template in SERVICE_SENTENCES:
        match = _pattern(template).fullmatch(sentence)
        if match:
            return tr(template).format(**match.groupdict())
    return sentence


def error_text(exc: BaseException) -> str:
    """The sentence to show for ``exc``."""
    if isinstance(exc, ReedeskError):
        language = current_language()
        coded = vocabulary.error_text(exc, language)  # by its code and params (reedesk.vocabulary)
        if language == "en" or coded != str(exc):
            return coded
        return translated_sentence(str(exc))  # an error that carries no translated code yet
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
