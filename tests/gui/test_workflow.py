"""The signed-determination workflow as a user drives it: evaluate, sign (wrong then right
passphrase), countersign, export a pack, verify it in reviewer mode, detect tampering."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from reedesk.services.dossiers import list_dossiers
from reedesk.services.evaluation import list_determinations
from reedesk.services.signing import signatures_for
from tests.gui.conftest import wait_for

PASS_A, PASS_B = "correct horse battery", "staple mango river"


def _create_identity(window, qtbot, name: str, role: str, passphrase: str) -> None:
    dialog = window.open_settings()
    qtbot.keyClicks(dialog.new_name, name)
    qtbot.keyClicks(dialog.new_role, role)
    qtbot.keyClicks(dialog.new_org, "Lotus Compliance")
    qtbot.keyClicks(dialog.new_pass, passphrase)
    qtbot.keyClicks(dialog.new_pass2, passphrase)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert f"Created identity {name}" in dialog.message.text(), dialog.message.text()
    dialog.close()


def _evaluate(window, qtbot, reference: str, day: QDate) -> None:
    window.open_dossier(reference)
    window.editor.tabs.setCurrentWidget(window.editor.determinations_tab)
    window.determinations.as_of.setDate(day)
    qtbot.mouseClick(window.determinations.evaluate_button, Qt.MouseButton.LeftButton)


def test_evaluate_shows_badge_figures_and_trace(window, desk, qtbot):
    assert window.determinations.as_of.date() == QDate.currentDate()  # default as-of: today
    _evaluate(window, qtbot, "LM-2026-0042", QDate(2026, 11, 25))
    panel = window.determinations.panel
    assert panel.outcome() == "license_required"
    assert panel.badge.text() == "LICENCE REQUIRED"
    body = panel.body.toPlainText()
    assert "De minimis figures" in body and "Rule trace" in body
    assert "Announcement No. 61" in body
    assert window.determinations.determinations.rowCount() == 1
    assert [d.outcome for d in list_determinations(desk, "LM-2026-0042")] == ["license_required"]
    summary = next(s for s in list_dossiers(desk) if s.reference == "LM-2026-0042")
    assert summary.last_outcome == "license_required"


def test_suspended_rule_says_until_when(window, qtbot):
    _evaluate(window, qtbot, "LM-2026-0042", QDate(2026, 5, 1))
    panel = window.determinations.panel
    assert panel.outcome() == "suspended"
    assert "until 2026-11-10" in panel.body.toPlainText()


@pytest.mark.parametrize(("language", "announcement", "english_left"), [
    ("zh-Hant", "商務部 海關總署公告2025年第70號", "商務部公告2025年第61號"),
    ("zh-Hans", "商务部 海关总署公告2025年第70号", "商务部公告2025年第61号"),
])
def test_suspension_and_citations_are_named_in_the_chinese_of_the_ui(window, qtbot, language, announcement, english_left):
    from reedesk.gui.i18n import set_language

    _evaluate(window, qtbot, "LM-2026-0042", QDate(2026, 5, 1))
    set_language(language)
    panel = window.determinations.panel
    text = panel.header.text() + panel.body.toPlainText()
    assert announcement in text and english_left in text
    assert "MOFCOM/GAC Announcement No. 70" not in text


def test_sign_with_wrong_then_right_passphrase_then_countersign(window, desk, qtbot):
    _create_identity(window, qtbot, "Mai Tran", "Compliance officer", PASS_A)
    _create_identity(window, qtbot, "Ken Ito", "Reviewer", PASS_B)
    _evaluate(window, qtbot, "LM-2026-0042", QDate(2026, 11, 25))
    determination = window.determinations.current()
    dialog = window.sign()
    assert "licence required" in dialog.findChild(type(dialog.message), "signedContent").text().lower()
    assert determination.sha256 in dialog.findChild(type(dialog.message), "signedContent").text()
    dialog.identity.setCurrentIndex(dialog.identity.findText("Mai Tran", Qt.MatchFlag.MatchStartsWith))
    qtbot.keyClicks(dialog.passphrase, "not the passphrase")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, dialog.operation)  # signing runs off the GUI thread (reedesk.gui.ops)
    assert dialog.isVisible()
    assert "passphrase" in dialog.message.text().lower()
    assert dialog.meaning.currentText() == "Prepared by"  # input kept
    assert signatures_for(desk, determination.id) == []
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASS_A)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, dialog.operation)
    assert not dialog.isVisible()
    assert [s.signer_name for s in signatures_for(desk, determination.id)] == ["Mai Tran"]
    assert window.determinations.signatures.rowCount() == 1
    second = window.sign()
    assert second.sign_button.text() == "&Countersign"
    assert second.meaning.currentText() == "Reviewed by"
    second.identity.setCurrentIndex(second.identity.findText("Ken Ito", Qt.MatchFlag.MatchStartsWith))
    qtbot.keyClicks(second.passphrase, PASS_B)
    qtbot.mouseClick(second.sign_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, second.operation)
    signatures = signatures_for(desk, determination.id)
    assert [(s.signer_name, s.meaning) for s in signatures] == [("Mai Tran", "Prepared by"), ("Ken Ito", "Reviewed by")]
    assert next(s for s in list_dossiers(desk) if s.reference == "LM-2026-0042").signed


@pytest.fixture
def exported_pack(window, desk, qtbot, tmp_path) -> Path:
    _create_identity(window, qtbot, "Mai Tran", "Compliance officer", PASS_A)
    window.open_dossier("LM-2026-0042")
    window.determinations.as_of.setDate(QDate(2026, 11, 25))
    dialog = window.export_pack()
    out = tmp_path / "pack.pdf"
    dialog.out.setText(str(out))
    qtbot.keyClicks(dialog.passphrase, PASS_A)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, dialog.operation, timeout=120000)
    assert dialog.operation.error is None, dialog.operation.error
    assert out.is_file() and out.read_bytes().startswith(b"%PDF")
    assert dialog.open_button.isVisible()
    assert str(out) in dialog.message.text()
    dialog.close()
    return out


def test_export_then_verify_in_reviewer_mode(window, qtbot, exported_pack):
    window.handle_drop([exported_pack])  # dropping a PDF opens reviewer mode
    reviewer = window.reviewer()
    assert window.pages.currentWidget() is reviewer
    wait_for(qtbot, reviewer.operation, timeout=120000)
    assert "VALID" in reviewer.verdict.text() and "INVALID" not in reviewer.verdict.text(), reviewer.verdict.text()
    assert reviewer.checks.rowCount() >= 3
    assert all(c.ok for c in reviewer.checks.records)
    assert reviewer.panel.outcome() == "license_required"
    body = reviewer.panel.body.toPlainText()
    assert "Mai Tran" in body and "De minimis figures" in body and "Rule trace" in body
    assert reviewer.document.pageCount() >= 2  # the pages are shown (QtPdf)


def test_exporting_over_an_existing_pack_asks_first(window, qtbot, exported_pack):
    before = exported_pack.read_bytes()
    dialog = window.export_pack()
    dialog.out.setText(str(exported_pack))
    qtbot.keyClicks(dialog.passphrase, PASS_A)
    asked = []
    dialog.confirm_replace = lambda path: asked.append(path) or False
    assert dialog.start_export() is None  # declined: nothing runs, the old pack stays
    assert asked == [exported_pack] and exported_pack.read_bytes() == before
    dialog.confirm_replace = lambda path: True
    operation = dialog.start_export()
    wait_for(qtbot, operation, timeout=120000)
    assert operation.error is None, operation.error
    assert exported_pack.read_bytes() != before and exported_pack.read_bytes().startswith(b"%PDF")
    dialog.close()


def test_own_pack_is_trusted_and_a_strangers_pack_is_intact_but_unconfirmed(window, make_window, qtbot, exported_pack, tmp_path):
    """A regulator has never seen the exporter's key: the pack is intact but its signer not
    confirmed (never "VALID", issue 11); on the desk that holds the key it is VALID and trusted."""
    from reedesk.services.desk import open_desk

    own = window.reviewer()
    window.show_page("reviewer")
    own.open_pack(exported_pack)
    wait_for(qtbot, own.operation, timeout=120000)
    assert own.report.trust == "trusted"
    assert own.verdict.text().endswith("VALID — every check passed and every signer is confirmed.")

    stranger_desk = open_desk(tmp_path / "regulator", seed_samples=False)
    try:
        stranger = make_window(stranger_desk).reviewer()
        stranger.open_pack(exported_pack)
        wait_for(qtbot, stranger.operation, timeout=120000)
        text = stranger.verdict.text()
        assert "INVALID" not in text and "VALID" not in text and "not confirmed" in text, text
        assert stranger.report.trust == "unconfirmed" and stranger.report.exit_code == 3
        assert all(c.ok for c in stranger.checks.records if c.name != "key_trust")
    finally:
        stranger_desk.close()


def test_reviewer_detects_a_tampered_pack(window, qtbot, exported_pack, tmp_path):
    tampered = tmp_path / "tampered.pdf"
    shutil.copy(exported_pack, tampered)
    data = bytearray(tampered.read_bytes())
    index = data.index(b"/Contents", len(data) // 3)  # inside the signed byte range, away from the header
    data[index - 20] = data[index - 20] ^ 0x01
    tampered.write_bytes(bytes(data))
    reviewer = window.reviewer()
    window.show_page("reviewer")
    reviewer.open_pack(tampered)
    wait_for(qtbot, reviewer.operation, timeout=120000)
    text = reviewer.verdict.text()
    assert "INVALID" in text, text
    failed = [c for c in reviewer.checks.records if not c.ok]
    assert failed and all(c.reason for c in failed)
    assert any(c.name in text for c in failed)  # the verdict names the failed checks


def test_export_with_wrong_passphrase_keeps_the_dialog_and_writes_nothing(window, qtbot, tmp_path):
    _create_identity(window, qtbot, "Mai Tran", "Compliance officer", PASS_A)
    window.open_dossier("LM-2026-0042")
    dialog = window.export_pack()
    out = tmp_path / "never.pdf"
    dialog.out.setText(str(out))
    qtbot.keyClicks(dialog.passphrase, "wrong")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, dialog.operation, timeout=60000)
    assert "passphrase" in dialog.message.text().lower()
    assert dialog.passphrase.text() == "wrong" and dialog.out.text() == str(out)
    assert not out.exists()


def test_export_can_be_cancelled_and_leaves_no_file(window, qtbot, tmp_path):
    _create_identity(window, qtbot, "Mai Tran", "Compliance officer", PASS_A)
    window.open_dossier("LM-2026-0042")
    dialog = window.export_pack()
    out = tmp_path / "cancelled.pdf"
    dialog.out.setText(str(out))
    qtbot.keyClicks(dialog.passphrase, PASS_A)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    dialog.operation.dialog.canceled.emit()  # the progress dialog's Cancel button
    wait_for(qtbot, dialog.operation, timeout=120000)
    assert dialog.operation.was_cancelled
    assert "cancelled" in dialog.message.text().lower()
    assert not out.exists()
    assert not list(tmp_path.glob("cancelled*"))  # no temporary file left either


def test_reviewer_reports_a_file_that_is_not_a_pack(window, qtbot, tmp_path):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\nthis is not a reedesk pack\n%%EOF\n")
    reviewer = window.reviewer()
    window.show_page("reviewer")
    reviewer.open_pack(junk)
    wait_for(qtbot, reviewer.operation, timeout=60000)
    assert "junk.pdf" in reviewer.verdict.text()
    assert "could not be read" in reviewer.verdict.text() or "INVALID" in reviewer.verdict.text()
    assert "Traceback" not in reviewer.verdict.text()


def test_history_tab_lists_the_dossier_audit_events(window, qtbot):
    _evaluate(window, qtbot, "LM-2026-0042", QDate(2026, 11, 25))
    actions = [window.history.events.records[r].action for r in range(window.history.events.rowCount())]
    assert "import" in actions and "evaluate" in actions


def test_evaluating_a_new_dossier_saves_it_first_and_names_missing_data(window, desk, qtbot):
    window.new_dossier(ask=False)
    f = window.editor.field
    f["reference"].widget.setText("NEW-EVAL")
    f["reference"].widget.editingFinished.emit()
    f["product.name"].widget.setText("Unknown magnet")
    f["product.name"].widget.editingFinished.emit()
    f["product.category"].widget.setCurrentIndex(f["product.category"].widget.findData("rare_earth_permanent_magnet"))
    f["product.category"].widget.activated.emit(0)
    window.determinations.as_of.setDate(QDate(2026, 11, 25))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # the Evaluate shortcut
    assert not window.editor.is_new and not window.editor.is_dirty()
    panel = window.determinations.panel
    assert panel.outcome() == "insufficient_data"
    assert "Missing data" in panel.body.toPlainText()
    assert [d.outcome for d in list_determinations(desk, "NEW-EVAL")] == ["insufficient_data"]


def test_archiving_hides_the_dossier_from_the_browser(window, desk, qtbot):
    window.open_dossier("TW-TGT-19")
    window.actions_by_key["archive"].trigger()
    assert "TW-TGT-19" not in [s.reference for s in list_dossiers(desk)]
    assert window.browser.model.rowCount() == 3
    assert window.editor.is_new
