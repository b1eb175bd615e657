"""Language switching at run time, and catalogues that cover every text the window shows."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reedesk.gui.i18n import current_language, plain, set_language
from reedesk.resources import resource
from reedesk.services.settings import get_setting

GUI = Path(__file__).resolve().parents[2] / "reedesk" / "gui"
UNTRANSLATED = {"#", "SHA-256", "reedesk"}


def _source_texts() -> set[str]:
    """Every literal passed to tr(), and every column/field/form title (translated at display time)."""
    texts: set[str] = set()
    for path in GUI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("tr", "Column", "Field", "F")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                texts.add(node.args[0].value)
    from reedesk.gui.editable_table import CHOICE_LABELS
    from reedesk.gui.screening_panel import DECISION_LABELS, SHIPPED_LIST_NAMES
    from reedesk.gui.sign_dialog import MEANINGS

    # outcome, list-kind and audit-action names and service errors are named by reedesk.vocabulary
    # (tests/test_vocabulary.py checks their three languages), not by this catalogue
    return (texts | set(CHOICE_LABELS.values()) | set(MEANINGS)
            | set(DECISION_LABELS.values()) | set(SHIPPED_LIST_NAMES)) - UNTRANSLATED


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_catalogue_translates_every_text_and_keeps_placeholders(language):
    catalogue = json.loads(resource("translations", f"{language}.json").read_text(encoding="utf-8"))
    missing = sorted(_source_texts() - set(catalogue))
    assert missing == []
    for source, text in catalogue.items():
        for placeholder in ("{value}", "{reference}", "{count}", "{name}", "{path}", "{sha}", "{key}", "{when}", "{text}", "{shortcut}"):
            assert (placeholder in source) == (placeholder in text), (source, text)


def test_switching_language_in_settings_retranslates_the_open_window(window, desk, qtbot):
    assert window.actions_by_key["save"].text() == "&Save"
    window.open_dossier("LM-2026-0042")
    dialog = window.open_settings()
    combo = dialog.language
    combo.setCurrentIndex(combo.findData("zh-Hant"))
    combo.activated.emit(combo.currentIndex())  # what a user's pick emits
    assert current_language() == "zh-Hant"
    assert get_setting(desk, "language") == "zh-Hant"
    assert window.actions_by_key["save"].text() == "儲存(&S)"
    assert window.editor.tabs.tabText(1) == "物料清單"
    assert window.browser.model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "編號"
    assert dialog.tabs.tabText(1) == "身份與金鑰"
    combo.setCurrentIndex(combo.findData("zh-Hans"))
    combo.activated.emit(combo.currentIndex())
    assert window.editor.tabs.tabText(1) == "物料清单"
    assert window.menus["file"].title() == "文件(&F)"
    combo.setCurrentIndex(combo.findData("en"))
    combo.activated.emit(combo.currentIndex())
    assert window.editor.tabs.tabText(1) == "Bill of materials"
    assert window.actions_by_key["save"].text() == "&Save"


def test_the_stored_language_is_used_at_start(make_window, desk):
    from reedesk.services.settings import set_setting

    set_setting(desk, "language", "zh-Hans")
    window = make_window(desk)
    assert window.menus["file"].title() == "文件(&F)"


def _english_patterns(language: str) -> tuple[set[str], list[re.Pattern[str]]]:
    """The catalogue's English texts that have a translation: as plain words, and as templates with {fields}."""
    catalogue = json.loads(resource("translations", f"{language}.json").read_text(encoding="utf-8"))
    english = {plain(k) for k, v in catalogue.items() if plain(k) != plain(v) and re.search(r"[A-Za-z]{2}", plain(k))}
    templates = []
    for text in english:
        if "{" in text:
            literal = re.sub(r"\{\w+\}", "", text)
            if re.search(r"[A-Za-z]{3}", literal):  # a template of only fields and punctuation says nothing
                parts = re.split(r"\{\w+\}", text)
                templates.append(re.compile(".+?".join(re.escape(p) for p in parts), re.DOTALL))
    return english, templates


def _ui_texts(window) -> list[tuple[str, str]]:
    """Every label, button, tab, group, placeholder, header, action, menu, tooltip and accessible name.

    Cell contents, text fields and documents shown in text browsers are data and left out.
    """
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit, QMenu, QTableView, QTabWidget, QWidget

    found: list[tuple[str, str]] = [("window title", window.windowTitle())]
    for w in [window, *window.findChildren(QWidget)]:
        where = f"{type(w).__name__} {w.objectName()}".strip()
        found += [(f"{where} tooltip", w.toolTip()), (f"{where} accessible name", w.accessibleName())]
        if isinstance(w, QLabel) and w.objectName() not in ("determinationHeader",):
            found.append((where, w.text()))
        elif isinstance(w, QAbstractButton):
            found.append((where, w.text()))
        elif isinstance(w, QGroupBox):
            found.append((where, w.title()))
        elif isinstance(w, QLineEdit):
            found.append((f"{where} placeholder", w.placeholderText()))
        elif isinstance(w, QComboBox) and w.objectName().startswith("field_"):  # the editor's choices, not data
            found += [(f"{where} item {i}", w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            found += [(f"{where} tab {i}", w.tabText(i)) for i in range(w.count())]
        if isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            found += [(f"{where} header {c}", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                      for c in range(model.columnCount())]
    for a in window.findChildren(QAction):
        found += [(f"action {a.objectName()}", a.text()), (f"action {a.objectName()} icon text", a.iconText()),
                  (f"action {a.objectName()} tooltip", a.toolTip())]
    found += [(f"menu {m.objectName()}", m.title()) for m in window.findChildren(QMenu)]
    return [(where, text) for where, text in found if text]


def _english_left(window, language: str) -> list[tuple[str, str]]:
    english, templates = _english_patterns(language)
    return [(where, text) for where, text in _ui_texts(window)
            if plain(text) in english or any(t.fullmatch(plain(text)) for t in templates)]


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_dialogs_opened_after_switching_speak_the_language(window, qtbot, tmp_path, language):
    from PySide6.QtCore import QDate

    window.open_dossier("LM-2026-0042")
    window.determinations.as_of.setDate(QDate(2026, 11, 25))
    window.evaluate()
    assert window.determinations.current() is not None, (window.status.text(), window.property("last_error"))
    set_language(language)
    window.open_settings()
    window.sign()
    window.export_pack()
    bad = tmp_path / "bom.csv"
    bad.write_text("line_id,description,origin,category,elements,value,currency\nC1,Iron,XX,other,Fe,1.00,QQQ\n", encoding="utf-8")
    window.import_paths([bad])
    assert len(window.dialogs) == 4
    assert _english_left(window, language) == []


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_no_english_ui_text_remains_after_switching_language(window, qtbot, language):
    from PySide6.QtCore import QDate

    window.open_dossier("LM-2026-0042")
    window.determinations.as_of.setDate(QDate(2026, 5, 1))
    window.evaluate()  # leaves "LM-2026-0042 as of 2026-05-01: Rule applies but is suspended." in the status bar
    assert "suspended" in window.status.text()
    window.audit_view()
    window.reviewer()
    set_language(language)
    assert _english_left(window, language) == []
    assert "suspended" not in window.status.text() and "LM-2026-0042" in window.status.text()
    assert "(" not in window.actions_by_key["save"].iconText()  # no "(S)" left under the toolbar icon
