"""Language switching at run time, and catalogues that cover every text the window shows."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from reedesk.gui.i18n import current_language
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
    return texts - UNTRANSLATED


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_catalogue_translates_every_text_and_keeps_placeholders(language):
    catalogue = json.loads(resource("translations", f"{language}.json").read_text(encoding="utf-8"))
    missing = sorted(_source_texts() - set(catalogue))
    assert missing == []
    for source, text in catalogue.items():
        for placeholder in ("{value}", "{reference}", "{count}", "{name}", "{path}", "{sha}"):
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
