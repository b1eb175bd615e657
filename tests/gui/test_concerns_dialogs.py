"""Points to note in the sign and export dialogs, identities made where they are needed, pack file
names and modes — driven as a user would, with real widgets offscreen on a real desk (issue 14)."""

from __future__ import annotations

import copy
import os
import stat

from PySide6.QtCore import QDate, Qt

from reedesk.domain.dossier_file import parse_dossier
from reedesk.services.dossiers import save_dossier
from reedesk.services.signing import signatures_for
from tests.conftest import sample_document
from tests.gui.conftest import wait_for

PASS = "correct horse battery"


def _make_identity_in(dialog, qtbot, button) -> None:
    """Click "Create an identity…" in ``dialog`` and fill in the identity dialog it opens."""
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    made = dialog.identity_dialog
    assert made.isVisible()
    qtbot.keyClicks(made.name, "Mai Tran")
    qtbot.keyClicks(made.role, "Export compliance officer")
    qtbot.keyClicks(made.organisation, "Lotus Compliance")
    qtbot.keyClicks(made.passphrase, PASS)
    qtbot.keyClicks(made.passphrase2, PASS)
    qtbot.mouseClick(made.create_button, Qt.MouseButton.LeftButton)
    assert not made.isVisible(), made.message.text()


def _evaluate(window, qtbot, reference: str, day: QDate) -> None:
    window.open_dossier(reference)
    window.editor.tabs.setCurrentWidget(window.editor.determinations_tab)
    window.determinations.as_of.setDate(day)
    qtbot.mouseClick(window.determinations.evaluate_button, Qt.MouseButton.LeftButton)


def test_sign_dialog_lists_the_points_to_note_and_offers_an_identity(window, desk, qtbot):
    """No. 70 of 2025 suspends No. 61 until 2026-11-10; the reported extension to 2027-01-10 is an
    alternative reading giving "suspended": the signer sees it before signing, and may sign anyway."""
    _evaluate(window, qtbot, "LM-2026-0042", QDate(2026, 11, 25))
    determination = window.determinations.current()
    dialog = window.sign()
    texts = dialog.concerns.texts()
    assert any("2027-01-10" in t and "suspended" in t.lower() for t in texts), texts
    assert any("last reviewed" in t for t in texts)
    assert dialog.concerns.list.item(0).data(256) == "reading_changes_outcome"  # warnings before information
    # No identity yet: the dialog offers to make one instead of naming a command.
    assert not dialog.sign_button.isEnabled()
    assert "reedesk keys" not in dialog.message.text()
    _make_identity_in(dialog, qtbot, dialog.create_identity_button)
    assert dialog.sign_button.isEnabled() and not dialog.create_identity_button.isVisible()
    assert dialog.identity.currentText().startswith("Mai Tran — Export compliance officer")
    assert "(default)" in dialog.identity.currentText()  # the first identity became the default, and says so
    qtbot.keyClicks(dialog.passphrase, PASS)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.operation.done, timeout=30000)  # signing runs off the GUI thread (reedesk.gui.ops)
    assert not dialog.isVisible(), dialog.message.text()
    assert [s.signer_name for s in signatures_for(desk, determination.id)] == ["Mai Tran"]


def test_cancel_in_the_sign_dialog_signs_nothing(window, desk, qtbot):
    _evaluate(window, qtbot, "LM-2026-0042", QDate(2026, 11, 25))
    determination = window.determinations.current()
    dialog = window.sign()
    assert dialog.concerns.texts()
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert not dialog.isVisible() and signatures_for(desk, determination.id) == []


def test_export_dialog_names_an_undecided_hit_in_the_ui_language(window, desk, qtbot):
    """MOFCOM control list: an end user matching an entry nobody has decided (Export Control Law Art. 18)."""
    from reedesk.gui.i18n import set_language

    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["shipment"]["end_user"]["name"] = "Lockheed Martin Corp."
    save_dossier(desk, parse_dossier(doc))
    window.open_dossier("LM-2026-0042")
    window.determinations.as_of.setDate(QDate(2026, 11, 25))
    dialog = window.export_pack()
    assert any("Lockheed Martin Corp." in t and "nobody has decided" in t for t in dialog.concerns.texts()), dialog.concerns.texts()
    set_language("zh-Hant")
    dialog.concerns.retranslate()
    assert any("尚未判定" in t and "最終用戶" in t for t in dialog.concerns.texts())
    assert dialog.concerns.title() == "依賴本判定前應注意的事項"


def test_export_without_identity_offers_one_then_writes_a_pack_named_by_language_with_the_umask(window, desk, qtbot, tmp_path):
    window.open_dossier("LM-2026-0042")
    window.determinations.as_of.setDate(QDate(2026, 11, 25))
    dialog = window.export_pack()
    assert not dialog.export_button.isEnabled()
    assert "reedesk keys" not in dialog.message.text() and dialog.create_identity_button.isVisible()
    _make_identity_in(dialog, qtbot, dialog.create_identity_button)
    assert dialog.export_button.isEnabled()
    # The suggested file name follows the chosen language and date.
    assert dialog.out.text().endswith("LM-2026-0042-2026-11-25-en.pdf")
    dialog.language.setCurrentIndex(dialog.language.findData("zh-Hant"))
    assert dialog.out.text().endswith("LM-2026-0042-2026-11-25-zh-Hant.pdf")
    dialog.out.setText(str(tmp_path / "LM-2026-0042-2026-11-25-zh-Hant.pdf"))
    qtbot.keyClicks(dialog.passphrase, PASS)
    old = os.umask(0o022)
    try:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        wait_for(qtbot, dialog.operation, timeout=120000)
    finally:
        os.umask(old)
    assert dialog.operation.error is None, dialog.operation.error
    pack = tmp_path / "LM-2026-0042-2026-11-25-zh-Hant.pdf"
    assert pack.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(pack.stat().st_mode) == 0o644  # readable by others as any file the user saves, not 0600
