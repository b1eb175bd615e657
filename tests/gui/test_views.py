"""Audit view, settings (keys, rule packs, currency), background operations, remembered layout."""

from __future__ import annotations

import sqlite3

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from PySide6.QtCore import QByteArray, QDate, Qt
from PySide6.QtWidgets import QPushButton

from reedesk.gui.ops import run_in_background
from reedesk.services.evaluation import list_determinations
from reedesk.services.keys import list_identities, list_trusted
from reedesk.services.settings import get_setting
from tests.gui.conftest import wait_for


def test_audit_view_filters_and_verifies_the_chain(window, desk, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view = window.audit_view()
    assert window.pages.currentWidget() is view
    total = view.model.rowCount()
    assert total >= 4
    qtbot.keyClicks(view.dossier_filter, "LM-2026-0042")
    qtbot.keyClick(view.dossier_filter, Qt.Key.Key_Return)
    assert 0 < view.model.rowCount() < total
    view.action_filter.setCurrentIndex(view.action_filter.findData("create"))
    assert all(view.model.entry(r).action == "create" for r in range(view.model.rowCount()))
    qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, view.operation)
    assert view.status.text().startswith("Chain verified"), view.status.text()
    from reedesk.services.audit import desk_key_info

    assert f"Desk key {desk_key_info(desk).fingerprint};" in view.status.text()  # issue 10, point 2


def test_audit_view_names_the_broken_event(window, desk, qtbot):
    path = desk.db.path
    con = sqlite3.connect(path)
    triggers = [r[0] for r in con.execute("select name from sqlite_master where type='trigger' and tbl_name='audit_event'")]
    for name in triggers:
        con.execute(f"drop trigger {name}")
    con.execute("update audit_event set actor='mallory' where seq=2")
    con.commit()
    con.close()
    view = window.audit_view()
    window.show_page("audit")
    view.verify()
    wait_for(qtbot, view.operation)
    assert "broken at event 2" in view.status.text(), view.status.text()


def test_batch_evaluation_runs_in_the_background(window, desk, qtbot):
    window.determinations.as_of.setDate(QDate(2026, 11, 25))
    op = window.evaluate_client()
    wait_for(qtbot, op, timeout=60000)
    assert op.result == 4
    assert len(list_determinations(desk, "TW-TGT-19")) == 1
    assert "Evaluated 4 dossiers" in window.status.text()


def test_background_operation_can_be_cancelled_and_reports_errors_as_sentences(window, qtbot):
    import threading

    gate = threading.Event()

    def slow(progress, cancelled):
        progress(10, "working")
        gate.wait(5)
        return "finished"

    op = run_in_background(window, "Slow", slow, show_progress=True)
    qtbot.mouseClick(op.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)  # the Cancel button
    gate.set()
    wait_for(qtbot, op)
    assert op.was_cancelled and op.result is None

    def broken(progress, cancelled):
        raise ValueError("disk on fire")

    failures = []
    op = run_in_background(window, "Broken", broken, on_failure=failures.append, show_progress=False)
    wait_for(qtbot, op)
    assert failures and "disk on fire" in failures[0] and "Traceback" not in failures[0]


def test_settings_keys_rotation_export_and_trust(window, desk, qtbot, tmp_path):
    dialog = window.open_settings()
    for widget, text in ((dialog.new_name, "Mai Tran"), (dialog.new_role, "Officer"), (dialog.new_org, "Lotus"),
                         (dialog.new_pass, "pass one two"), (dialog.new_pass2, "pass one typo")):
        qtbot.keyClicks(widget, text)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "differ" in dialog.message.text() and list_identities(desk) == []
    dialog.new_pass2.clear()
    qtbot.keyClicks(dialog.new_pass2, "pass one two")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert len(list_identities(desk)) == 1
    dialog.identity_view.selectRow(0)
    pem = dialog.export_public_key(tmp_path / "mai.pem")
    assert pem.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    qtbot.keyClicks(dialog.new_pass, "second key pass")
    qtbot.keyClicks(dialog.new_pass2, "second key pass")
    dialog.identity_view.selectRow(0)
    qtbot.mouseClick(dialog.rotate_button, Qt.MouseButton.LeftButton)
    identities = list_identities(desk)
    assert len(identities) == 2 and sum(1 for i in identities if i.retired_at) == 1, dialog.message.text()
    dialog.trust_key(pem)  # one's own key is refused with a sentence
    assert "own identities" in dialog.message.text() and list_trusted(desk) == []
    other = tmp_path / "reviewer.pem"
    other.write_bytes(Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    qtbot.keyClicks(dialog.trust_label, "Client reviewer")
    dialog.trust_key(other)
    assert [k.label for k in list_trusted(desk)] == ["Client reviewer"], dialog.message.text()
    assert dialog.trusted.rowCount() == 1


def test_settings_rule_packs_and_currency(window, desk, qtbot):
    dialog = window.open_settings()
    assert dialog.packs.rowCount() >= 3
    dialog.tabs.setCurrentIndex(2)
    dialog.pack_view.selectRow(0)
    assert "SHA-256" in dialog.pack_details.toPlainText()
    dialog.currency.setText("QQQ")
    dialog._currency_changed()
    assert "not an ISO 4217" in dialog.message.text() and get_setting(desk, "default_currency") == "USD"
    dialog.currency.setText("eur")
    dialog._currency_changed()
    assert get_setting(desk, "default_currency") == "EUR"


def test_window_layout_is_remembered(make_window, desk, qsettings):
    first = make_window(desk)
    first.resize(720, 640)
    first.workspace.setSizes([250, 451])
    first.close()
    assert isinstance(qsettings.value("window/geometry"), QByteArray)
    second = make_window(desk)
    assert second.size().width() == 720 and second.size().height() == 640
    assert abs(second.workspace.sizes()[0] - 250) <= 12  # the splitter keeps its proportion


def test_actions_have_shortcuts_and_controls_have_accessible_names(window):
    for key in ("new", "import", "save", "evaluate", "sign", "export", "audit", "reviewer", "find"):
        assert not window.actions_by_key[key].shortcut().isEmpty(), key
    for f in window.editor.fields:
        assert f.widget.accessibleName()
    assert window.browser.table.accessibleName() == "Dossiers"
    assert window.determinations.evaluate_button.accessibleName() == "Evaluate"


def test_rotation_checks_the_new_passphrase_before_retiring_the_old_key(window, desk, qtbot):
    from reedesk.services.keys import create_identity

    create_identity(desk, "Mai Tran", "Officer", "Lotus", "first key pass")
    dialog = window.open_settings()
    dialog.identity_view.selectRow(0)
    for widget in (dialog.new_pass, dialog.new_pass2):
        qtbot.keyClicks(widget, "short")
    qtbot.mouseClick(dialog.rotate_button, Qt.MouseButton.LeftButton)
    assert "at least 8" in dialog.message.text() and "nothing was changed" in dialog.message.text()
    assert [i.retired_at for i in list_identities(desk)] == [None]  # the old key still signs


def test_a_refused_rotation_in_settings_leaves_the_old_key_active(window, desk, qtbot):
    """Integrity issue point 10: the new passphrase is refused by the keys service (one of the
    commonest) after the dialog's own checks pass; the rotation is one step, so the old key
    is still the active one (0.1.0's dialog retired it first and left no active key)."""
    from reedesk.services.keys import create_identity

    create_identity(desk, "Mai Tran", "Officer", "Lotus", "first key pass")
    dialog = window.open_settings()
    dialog.identity_view.selectRow(0)
    for widget in (dialog.new_pass, dialog.new_pass2):
        qtbot.keyClicks(widget, "password123")
    qtbot.mouseClick(dialog.rotate_button, Qt.MouseButton.LeftButton)
    assert [i.retired_at for i in list_identities(desk)] == [None]
    dialog.new_pass.clear()
    dialog.new_pass2.clear()
    for widget in (dialog.new_pass, dialog.new_pass2):
        qtbot.keyClicks(widget, "second key pass")
    dialog.identity_view.selectRow(0)
    qtbot.mouseClick(dialog.rotate_button, Qt.MouseButton.LeftButton)
    assert sorted(i.retired_at is None for i in list_identities(desk)) == [False, True], dialog.message.text()
