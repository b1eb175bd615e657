"""The window refreshes what a desk change names (C3, issue 14; issue 12 points 7 and 8), driven as a user would.

A second desk opened on the same SQLite file stands for a second session (another
window, the command line in the same process); a worker thread stands for a
background operation. No refresh is called by hand in these tests.
"""

from __future__ import annotations

import dataclasses
import threading

from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication

from reedesk.services import dossiers, events
from reedesk.services.desk import open_desk
from reedesk.services.events import DeskChange


def _renamed(dossier, name: str):
    return dataclasses.replace(dossier, product=dataclasses.replace(dossier.product, name=name))


def _row(window, reference: str):
    model = window.browser.model
    for row in range(model.rowCount()):
        summary = model.summary(row)
        if summary is not None and summary.reference == reference:
            return summary
    return None


def test_a_save_by_a_second_session_on_the_same_file_refreshes_the_browser_row_and_the_clean_editor(window, desk, qtbot):
    window.open_dossier("LM-2026-0042")
    assert window.editor.revision == 1
    with open_desk(desk.home, seed_samples=False) as other:
        stored = dossiers.load_dossier(other, "LM-2026-0042").dossier
        dossiers.save_dossier(other, _renamed(stored, "Servo motor, revised by a colleague"))
    qtbot.waitUntil(lambda: (_row(window, "LM-2026-0042") or stored).product_name == "Servo motor, revised by a colleague")
    assert _row(window, "LM-2026-0042").revision == 2
    # the editor had nothing typed: it shows the new revision, and its history has the second save
    assert window.editor.document()["product"]["name"] == "Servo motor, revised by a colleague"
    assert window.editor.revision == 2
    assert not window.editor.is_dirty()


def test_a_change_committed_on_a_worker_thread_is_shown_by_the_gui_thread(window, desk, qtbot):
    threads: list[bool] = []
    window.desk_changes.changed.connect(lambda change: threads.append(QThread.currentThread() is QApplication.instance().thread()))
    stored = dossiers.load_dossier(desk, "LM-2026-0042").dossier
    worker = threading.Thread(target=dossiers.save_dossier, args=(desk, _renamed(stored, "Made on a worker")))
    worker.start()
    worker.join(30)
    qtbot.waitUntil(lambda: (_row(window, "LM-2026-0042") or stored).product_name == "Made on a worker")
    assert threads == [True]


def test_typed_changes_are_never_overwritten_by_someone_elses_save(window, desk, qtbot):
    window.open_dossier("LM-2026-0042")
    document = window.editor.document()
    window.editor.show_document({**document, "product": {**document["product"], "name": "Typed here"}})
    window.editor.undo_stack.resetClean()  # as after typing
    with open_desk(desk.home, seed_samples=False) as other:
        stored = dossiers.load_dossier(other, "LM-2026-0042").dossier
        dossiers.save_dossier(other, _renamed(stored, "Saved elsewhere"))
    qtbot.waitUntil(lambda: (_row(window, "LM-2026-0042") or stored).product_name == "Saved elsewhere")
    assert window.editor.document()["product"]["name"] == "Typed here"
    assert window.editor.revision == 1


def test_a_published_remote_change_refreshes_the_browser(window, desk, qtbot):
    """What another person's commit looks like on a team desk (origin remote), here written behind the window's back."""
    from sqlalchemy import text

    with desk.db.unit_of_work() as session:  # a change no service announced (as if made by another machine)
        session.connection().execute(text("UPDATE dossier SET product_name = 'Changed remotely' WHERE reference = 'LM-2026-0042'"))
    assert _row(window, "LM-2026-0042").product_name != "Changed remotely"
    events.publish(DeskChange(frozenset({"dossier"}), ("LM-2026-0042",), "remote"))
    qtbot.waitUntil(lambda: _row(window, "LM-2026-0042").product_name == "Changed remotely")


def test_the_licences_view_reloads_when_it_is_shown_and_a_licence_changes(window, desk, qtbot):
    import copy

    from reedesk.licences.record import parse_licence
    from reedesk.services.licences import add_licence
    from tests.licences.conftest import ISSUE_LICENCE

    window.show_page("licences")
    view = window.licences_view()
    before = view.table.rowCount()
    with open_desk(desk.home, seed_samples=False) as other:
        add_licence(other, parse_licence(copy.deepcopy(ISSUE_LICENCE)))
    qtbot.waitUntil(lambda: view.table.rowCount() == before + 1)


def _click_when_shown(qtbot, object_name: str) -> None:
    """Click a button of the modal dialog as soon as it shows (the dialog runs its own event loop)."""
    def click() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "conflictDialog":
            QTimer.singleShot(20, click)
            return
        texts.append(dialog.text())
        dialog.findChild(type(dialog.buttons()[0]), object_name).click()

    texts: list[str] = []
    QTimer.singleShot(0, click)
    return texts


def _typed_over_a_colleagues_save(window, desk, qtbot) -> None:
    window.open_dossier("LM-2026-0042")
    document = window.editor.document()
    window.editor.show_document({**document, "product": {**document["product"], "name": "Typed by me"}})
    window.editor.undo_stack.resetClean()
    with open_desk(desk.home, seed_samples=False) as other:  # the second person saves first
        stored = dossiers.load_dossier(other, "LM-2026-0042").dossier
        dossiers.save_dossier(other, _renamed(stored, "Saved by alice"))


def test_a_save_over_someone_elses_newer_revision_is_refused_with_the_sentence_and_cancel_keeps_the_typing(window, desk, qtbot):
    """Issue 12 point 7: conflicts are reported, never merged silently; nothing typed is lost."""
    _typed_over_a_colleagues_save(window, desk, qtbot)
    texts = _click_when_shown(qtbot, "conflictCancel")
    assert window.save() is False
    assert len(texts) == 1
    assert texts[0].startswith("LM-2026-0042 was changed by test-user at ")
    assert "(revision 2); your changes are kept in the editor: reload and re-apply, or save as a new dossier." in texts[0]
    assert window.editor.document()["product"]["name"] == "Typed by me" and window.editor.is_dirty()
    assert dossiers.load_dossier(desk, "LM-2026-0042").dossier.product.name == "Saved by alice"  # nothing merged


def test_reload_shows_the_other_revision_and_redo_brings_back_the_typing(window, desk, qtbot):
    _typed_over_a_colleagues_save(window, desk, qtbot)
    _click_when_shown(qtbot, "conflictReload")
    assert window.save() is False
    assert window.editor.revision == 2
    assert window.editor.document()["product"]["name"] == "Saved by alice"
    window.editor.undo_stack.redo()
    assert window.editor.document()["product"]["name"] == "Typed by me"
    assert window.save() is True  # now knowingly over revision 2
    assert dossiers.load_dossier(desk, "LM-2026-0042").revision == 3
    assert dossiers.load_dossier(desk, "LM-2026-0042").dossier.product.name == "Typed by me"


def test_save_as_new_stores_the_typing_under_another_reference(window, desk, qtbot):
    _typed_over_a_colleagues_save(window, desk, qtbot)
    asked: list[str] = []
    window.ask_text = lambda title, label, suggested: (asked.append(suggested), suggested)[1]
    _click_when_shown(qtbot, "conflictSaveAsNew")
    assert window.save() is True
    assert asked == ["LM-2026-0042-2"]
    assert dossiers.load_dossier(desk, "LM-2026-0042-2").dossier.product.name == "Typed by me"
    assert dossiers.load_dossier(desk, "LM-2026-0042").dossier.product.name == "Saved by alice"
    assert window.editor.reference() == "LM-2026-0042-2" and not window.editor.is_new


def test_restoring_a_backup_into_the_open_desk_refreshes_the_browser(window, desk, qtbot, tmp_path):
    from reedesk.services.backup import create_backup, restore_into_open_desk

    create_backup(desk, tmp_path / "desk.reedesk-backup")
    stored = dossiers.load_dossier(desk, "LM-2026-0042").dossier
    dossiers.save_dossier(desk, dataclasses.replace(stored, reference="AFTER-BACKUP"))
    assert _row(window, "AFTER-BACKUP") is not None
    restore_into_open_desk(desk, tmp_path / "desk.reedesk-backup", force=True)
    qtbot.waitUntil(lambda: _row(window, "AFTER-BACKUP") is None)  # the whole desk changed: every view re-reads
    assert _row(window, "LM-2026-0042") is not None


def test_the_conflict_dialog_speaks_the_window_language(window, desk, qtbot):
    from reedesk.gui.i18n import set_language

    set_language("zh-Hant")
    _typed_over_a_colleagues_save(window, desk, qtbot)
    texts = _click_when_shown(qtbot, "conflictCancel")
    assert window.save() is False
    assert texts[0].startswith("LM-2026-0042已由test-user於")
    assert "（第2版）；您的修改仍保留在編輯器中：請重新載入後再套用，或另存為新卷宗。" in texts[0]
    assert window.last_conflict.reload_button.text() == "重新載入"
    assert window.editor.document()["product"]["name"] == "Typed by me"
