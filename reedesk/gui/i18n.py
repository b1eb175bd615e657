"""Run-time switchable translations through Qt's own machinery.

The catalogues are small JSON files in ``resources/translations/`` (English source
text -> translation), readable and diffable, instead of binary ``.qm`` files. A
:class:`CatalogTranslator` (a ``QTranslator``) serves them, so installing one makes
Qt send ``QEvent.LanguageChange`` to every widget; widgets re-read their texts in
``retranslate()``. Text not in the catalogue falls back to English.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Callable, Union

from PySide6.QtCore import QCoreApplication, QEvent, QTranslator

from reedesk import vocabulary
from reedesk.resources import resource

# Each language named in its own script, for the language switchers (one definition: reedesk.vocabulary).
LANGUAGES: dict[str, str] = {code: vocabulary.autonym(code) for code in vocabulary.LANGUAGES}
CONTEXT = "reedesk"


@lru_cache(maxsize=None)
def catalog(language: str) -> dict[str, str]:
    """The translations of one language (empty for English, the source language)."""
    if language == "en":
        return {}
    path = resource("translations", f"{language}.json")
    return json.loads(path.read_text(encoding="utf-8"))


class CatalogTranslator(QTranslator):
    """A QTranslator over one JSON catalogue."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self._texts = catalog(language)

    def translate(self, context, source_text, disambiguation=None, n=-1):  # type: ignore[override]
        return self._texts.get(source_text, source_text)

    def isEmpty(self) -> bool:  # type: ignore[override]
        return not self._texts


_installed: CatalogTranslator | None = None


def tr(text: str) -> str:
    """Translate ``text`` into the current language."""
    return QCoreApplication.translate(CONTEXT, text)


Message = Union[str, Callable[[], str]]
"""A text to show: a string, or a callable giving it in the current language (re-asked on a switch)."""


def render(message: Message) -> str:
    return message() if callable(message) else message


def plain(text: str) -> str:
    """``text`` without its mnemonic, "(&S)" in Chinese or "&S" in English, and without a trailing "…".

    Qt strips only the "&" for toolbar buttons, which would leave "儲存(S)" under the icon.
    """
    text = re.sub(r"\s*\(&[^&)]\)", "", text)
    return re.sub(r"&(.)", r"\1", text).rstrip("…").strip()


def with_shortcut(text: str, shortcut: str) -> str:
    """A tooltip naming its key, "Save (Ctrl+S)", with the language's own brackets."""
    return tr("{text} ({shortcut})").format(text=text, shortcut=shortcut) if shortcut else text


def current_language() -> str:
    return _installed.language if _installed is not None else "en"


def set_language(language: str) -> None:
    """Switch every open window to ``language`` now."""
    global _installed
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if _installed is not None:
        QCoreApplication.removeTranslator(_installed)
        _installed = None
    if language != "en":
        _installed = CatalogTranslator(language)
        QCoreApplication.installTranslator(_installed)
    # Qt posts LanguageChange to every widget; deliver it now so the switch is immediate.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)


class LanguageAware:
    """Mixin for a widget (listed before the Qt class) that re-reads its texts on a language switch.

    The widget defines ``retranslate()``; Qt's ``LanguageChange`` event calls it.
    """

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.isWindow():  # type: ignore[attr-defined]
                _retranslate_tab_scrollers(self)
        super().changeEvent(event)  # type: ignore[misc]


def _retranslate_tab_scrollers(window) -> None:
    """Qt names the scroll arrows of a crowded tab bar once, in the language of the moment; name them again."""
    from PySide6.QtWidgets import QToolButton

    for button in window.findChildren(QToolButton):
        name = {"ScrollLeftButton": "Scroll Left", "ScrollRightButton": "Scroll Right"}.get(button.objectName())
        if name:
            button.setAccessibleName(tr(name))
