"""No surprises (issue 14): unsaved edits are saved, discarded or kept; archived dossiers can be listed,
restored and deleted; Help → About and Documentation; distinct icons; undo names its action."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reedesk import __version__
from reedesk.services.dossiers import list_dossiers, list_revisions


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def _click_row(qtbot, window, reference: str) -> None:
    """Click the dossier's row in the browser, as a user picks it."""
    browser = window.browser
    row = browser.model.row_of(reference)
    rect = browser.table.visualRect(browser.model.index(row, 0))
    qtbot.mouseClick(browser.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_cancel_keeps_the_edits_and_the_browser_on_the_dossier_being_edited(window, desk, qtbot):
    asked = []
    window.ask_unsaved = lambda question: asked.append(question) or "cancel"
    window.open_dossier("LM-2026-0042")
    _type(qtbot, window.editor.field["product.name"].widget, "Edited name")
    _click_row(qtbot, window, "TW-TGT-19")
    assert asked and "LM-2026-0042" in asked[0]
    assert window.editor.reference() == "LM-2026-0042" and window.editor.is_dirty()
    assert window.editor.field["product.name"].current() == "Edited name"
    assert window.browser.current_reference() == "LM-2026-0042"  # the selection went back


def test_save_in_the_prompt_saves_then_opens_the_other_dossier(window, desk, qtbot):
    window.ask_unsaved = lambda question: "save"
    window.open_dossier("LM-2026-0042")
    _type(qtbot, window.editor.field["product.name"].widget, "Saved on the way out")
    _click_row(qtbot, window, "TW-TGT-19")
    assert window.editor.reference() == "TW-TGT-19"
    assert len(list_revisions(desk, "LM-2026-0042")) == 2


def test_archive_with_unsaved_edits_asks_and_cancel_archives_nothing(window, desk, qtbot):
    window.ask_unsaved = lambda question: "cancel"
    window.open_dossier("TW-TGT-19")
    _type(qtbot, window.editor.field["product.name"].widget, "Not yet saved")
    window.actions_by_key["archive"].trigger()
    assert "TW-TGT-19" in [s.reference for s in list_dossiers(desk)]  # not archived
    assert window.editor.is_dirty() and window.editor.field["product.name"].current() == "Not yet saved"
    window.ask_unsaved = lambda question: "save"
    window.actions_by_key["archive"].trigger()
    assert "TW-TGT-19" not in [s.reference for s in list_dossiers(desk)]
    assert len(list_revisions(desk, "TW-TGT-19")) == 2  # the edit was saved before archiving


def test_archived_dossiers_are_listed_restored_and_deleted(window, desk, qtbot):
    window.open_dossier("TW-TGT-19")
    window.actions_by_key["archive"].trigger()
    dialog = window.archived_dossiers()
    assert dialog.references() == ["TW-TGT-19"]
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert "TW-TGT-19" in [s.reference for s in list_dossiers(desk)]
    assert window.browser.model.row_of("TW-TGT-19") >= 0 and dialog.references() == []
    window.open_dossier("TW-TGT-19")
    window.actions_by_key["archive"].trigger()
    dialog.reload()
    reasons = []
    dialog.ask_reason = lambda reference: reasons.append(reference) or "duplicate of TW-TGT-20"
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert reasons == ["TW-TGT-19"] and dialog.references() == []
    assert "TW-TGT-19" not in [s.reference for s in list_dossiers(desk, include_archived=True)]
    assert "Deleted TW-TGT-19" in dialog.message.text()


def test_help_menu_about_and_documentation(window, desk):
    titles = [a.text() for a in window.menus["help"].actions() if not a.isSeparator()]
    assert titles == ["&Documentation", "&About reedesk"]
    about = window.about()
    text = about.text.toPlainText()
    assert f"reedesk {__version__}" in text
    assert "cn-mofcom-2025-061" in text and "Reviewed up to" in text
    assert str(desk.home) in text
    assert "MIT" in text and "PySide6" in text
    from reedesk.gui.help_menu import documentation_path

    assert documentation_path() is not None and documentation_path().is_file()


def test_quit_and_find_have_their_own_icons_and_undo_names_its_action(window, qtbot):
    icons = {key: window.actions_by_key[key].icon() for key in ("quit", "find", "new", "save")}
    assert not icons["quit"].isNull() and not icons["find"].isNull()
    keys = {key: icon.cacheKey() for key, icon in icons.items()}
    app_icon = window.windowIcon().cacheKey()
    assert len(set(keys.values())) == 4 and app_icon not in (keys["quit"], keys["find"])
    window.open_dossier("LM-2026-0042")
    _type(qtbot, window.editor.field["product.name"].widget, "Renamed")
    undo = window.actions_by_key["undo"]
    assert undo.text() == "Undo: Edit Product name" and undo.iconText() == "Undo"
