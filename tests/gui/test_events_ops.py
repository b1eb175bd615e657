"""Import and signing run through the one background-operation helper (reedesk.gui.ops), off the GUI
thread, with progress; the window refreshes from the desk change they publish (issue 14)."""

from __future__ import annotations

import json
import threading

from PySide6.QtCore import QDate, Qt

from reedesk.services import events
from reedesk.services.dossiers import count_dossiers
from tests.conftest import sample_document
from tests.gui.conftest import wait_for

PASS = "correct horse battery"


def _dossier_files(tmp_path, count: int) -> list:
    paths = []
    for n in range(count):
        document = sample_document("smco-magnet-vietnam")
        document["reference"] = f"BG-{n:03d}"
        path = tmp_path / f"bg-{n:03d}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(path)
    return paths


def _committing_threads():
    names: list[str] = []
    return names, events.subscribe(lambda change: names.append(threading.current_thread().name))


def test_an_import_stores_off_the_gui_thread_reports_progress_and_the_browser_shows_it(window, desk, qtbot, tmp_path):
    paths = _dossier_files(tmp_path, 5)
    dialog = window.import_paths(paths)
    assert dialog.import_button.isEnabled()
    threads, unsubscribe = _committing_threads()
    try:
        operation = dialog.do_import()
        wait_for(qtbot, operation)
    finally:
        unsubscribe()
    assert operation.error is None
    assert len(threads) == 1 and threads[0] != threading.main_thread().name  # committed on a worker thread
    assert operation.last_progress == (100, "Importing dossiers (5 of 5)")
    shown = {window.browser.model.summary(r).reference for r in range(window.browser.model.rowCount())}
    assert {f"BG-{n:03d}" for n in range(5)} <= shown  # refreshed by the import's desk change
    assert window.editor.reference() == "BG-000"


def test_a_cancelled_import_stores_nothing(window, desk, qtbot, tmp_path):
    paths = _dossier_files(tmp_path, 60)
    before = count_dossiers(desk)
    dialog = window.import_paths(paths)
    operation = dialog.do_import()
    operation.cancel()  # as the progress dialog's Cancel button does
    wait_for(qtbot, operation)
    assert operation.was_cancelled
    assert count_dossiers(desk) == before  # one unit of work: rolled back before its commit
    assert dialog.import_button.isEnabled()  # the user may import again
    assert dialog.problems.stringList() == [] or "cancelled" not in " ".join(dialog.problems.stringList())


def test_signing_unlocks_and_signs_off_the_gui_thread_and_a_wrong_passphrase_keeps_the_dialog(window, desk, qtbot):
    from reedesk.services.keys import create_identity
    from reedesk.services.signing import signatures_for

    create_identity(desk, name="Mai Tran", role="Compliance officer", organisation="Lotus Compliance", passphrase=PASS)
    window.open_dossier("LM-2026-0042")
    window.determinations.as_of.setDate(QDate(2026, 11, 25))
    window.evaluate()
    record = window.determinations.current()
    dialog = window.sign()
    qtbot.keyClicks(dialog.passphrase, "not it")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert not dialog.sign_button.isEnabled()  # while it runs, no second click
    wait_for(qtbot, dialog.operation)
    assert dialog.isVisible() and "passphrase" in dialog.message.text().lower()
    assert dialog.sign_button.isEnabled()
    threads, unsubscribe = _committing_threads()
    try:
        dialog.passphrase.clear()
        qtbot.keyClicks(dialog.passphrase, PASS)
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
        wait_for(qtbot, dialog.operation)
    finally:
        unsubscribe()
    assert not dialog.isVisible()
    assert [s.signer_name for s in signatures_for(desk, record.id)] == ["Mai Tran"]
    assert len(threads) == 1 and threads[0] != threading.main_thread().name
    assert window.determinations.signatures.rowCount() == 1
    summary = window.browser.model.summary(next(r for r in range(window.browser.model.rowCount())
                                                 if window.browser.model.summary(r).reference == "LM-2026-0042"))
    assert summary.signed  # the browser row was refreshed by the signature's desk change
