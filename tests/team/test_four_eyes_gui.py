"""Four eyes in the desktop app, on a real team desk (issue 12, point 5; pytest-qt, offscreen).

The signing dialog says reedesk's refusal as soon as an approval meaning is chosen that the
desk would refuse, closes its passphrase field, and never reads a passphrase or starts the
signing; Settings → Desk shows the four-eyes setting, lets an admin change it (an audit
event) and shows it read-only to everyone else.
"""

from __future__ import annotations

import os
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from reedesk.services import audit, evaluation, signing
from reedesk.services.team import four_eyes
from tests.signing.vectors import PASSPHRASE
from tests.team.test_four_eyes_precheck import APPROVAL, REFERENCE, four_eyes_team  # noqa: F401 - the fixture


@pytest.fixture
def gui(qtbot):
    from reedesk.gui.app import application
    from reedesk.gui.i18n import set_language

    application()
    yield qtbot
    set_language("en")


def _determination(desk, determination_id: int):
    [record] = [d for d in evaluation.list_determinations(desk, REFERENCE) if d.id == determination_id]
    return record


def _never_unlock(monkeypatch) -> list:
    """Every unlock of a key would be seen here (and fail the test): the passphrase was consulted."""
    seen: list = []

    def unlock(*args, **kwargs):
        seen.append(args)
        raise AssertionError("a key was unlocked: the passphrase was read")

    monkeypatch.setattr("reedesk.services.signing.unlock", unlock)
    monkeypatch.setattr("reedesk.services.keys.unlock", unlock)
    return seen


def test_the_sign_dialog_refuses_the_preparers_own_approval_and_never_reads_the_passphrase(four_eyes_team, gui, monkeypatch):
    """Bob prepared the determination: choosing "Reviewed and approved by" shows the four-eyes sentence
    (in the window's language), clears and closes the passphrase field and disables Sign; pressing it
    anyway starts no signing and unlocks nothing; nothing is stored."""
    from reedesk.gui.i18n import set_language
    from reedesk.gui.sign_dialog import SignDialog

    team = four_eyes_team
    with team["open"]("bob") as desk:
        before = (len(signing.signatures_for(desk, team["determination"])), audit.count_audit_events(desk))
        dialog = SignDialog(desk, _determination(desk, team["determination"]))
        gui.addWidget(dialog)
        dialog.show()
        assert dialog.passphrase.isEnabled() and dialog.message.text() == ""
        unlocked = _never_unlock(monkeypatch)
        dialog.passphrase.setText(PASSPHRASE)
        dialog.meaning.setCurrentIndex(dialog.meaning.findData(APPROVAL))
        assert dialog.message.text() == (
            f"{team['people']['bob']} prepared determination {team['determination']} and may not also approve it "
            "(four eyes): another person must approve it. Nothing was signed and the key was not unlocked.")
        assert not dialog.passphrase.isEnabled() and dialog.passphrase.text() == ""
        assert not dialog.sign_button.isEnabled()
        assert dialog.do_sign() is None and not hasattr(dialog, "operation")
        assert unlocked == []
        assert (len(signing.signatures_for(desk, team["determination"])), audit.count_audit_events(desk)) == before
        dialog.meaning.setCurrentIndex(dialog.meaning.findData("Reviewed by"))  # not an approval: the field opens again
        assert dialog.passphrase.isEnabled() and dialog.sign_button.isEnabled() and dialog.message.text() == ""
        dialog.close()
        set_language("zh-Hant")
        chinese = SignDialog(desk, _determination(desk, team["determination"]))
        gui.addWidget(chinese)
        chinese.meaning.setCurrentIndex(chinese.meaning.findData(APPROVAL))
        assert chinese.message.text().startswith(f"「{team['people']['bob']}」編製了判定 {team['determination']}")
        assert not chinese.passphrase.isEnabled()
        chinese.close()


def test_the_sign_and_export_dialogs_refuse_a_preparers_approval_meaning(four_eyes_team, gui, monkeypatch, tmp_path):
    """Alice is a preparer (not reedesk_approver): an approval meaning is refused at once in both dialogs;
    the export's Export button starts nothing and writes no pack."""
    from reedesk.gui.export_dialog import ExportDialog
    from reedesk.gui.sign_dialog import SignDialog

    team = four_eyes_team
    with team["open"]("alice") as desk:
        unlocked = _never_unlock(monkeypatch)
        dialog = SignDialog(desk, _determination(desk, team["determination"]))
        gui.addWidget(dialog)
        dialog.meaning.setCurrentIndex(dialog.meaning.findData(APPROVAL))
        assert "only a member of reedesk_approver signs an approval" in dialog.message.text()
        assert not dialog.passphrase.isEnabled() and dialog.do_sign() is None
        dialog.close()
        export = ExportDialog(desk, REFERENCE, date(2026, 12, 1))
        gui.addWidget(export)
        export.out.setText(str(tmp_path / "pack.pdf"))
        export.passphrase.setText(PASSPHRASE)
        export.meaning.setCurrentIndex(export.meaning.findData(APPROVAL))
        assert "only a member of reedesk_approver signs an approval" in export.message.text()
        assert not export.passphrase.isEnabled() and export.passphrase.text() == ""
        assert export.start_export() is None and export.operation is None
        assert unlocked == [] and not (tmp_path / "pack.pdf").exists()
        export.close()
    with team["open"]("bob") as desk:  # bob prepared it: the export dialog finds the stored determination it would sign
        export = ExportDialog(desk, REFERENCE, date(2026, 12, 1))
        gui.addWidget(export)
        export.out.setText(str(tmp_path / "pack.pdf"))
        export.meaning.setCurrentIndex(export.meaning.findData(APPROVAL))
        assert export.passphrase.isEnabled()  # an approver may approve in general
        export.passphrase.setText(PASSPHRASE)
        assert export.start_export() is None and export.operation is None
        assert "may not also approve it (four eyes)" in export.message.text()
        assert export.passphrase.text() == "" and unlocked == [] and not (tmp_path / "pack.pdf").exists()
        export.close()


def test_settings_desk_shows_four_eyes_and_only_an_admin_changes_it(four_eyes_team, gui):
    """Settings → Desk: the admin turns four eyes off with the check box (an audit event; the tab then says
    OFF in red with who changed it); a preparer sees the state read-only (the box disabled)."""
    from reedesk.gui.desk_settings import DeskTab

    team = four_eyes_team
    with team["open"]("dana") as desk:
        tab = DeskTab(desk)
        gui.addWidget(tab)
        tab.show()
        assert tab.four_eyes.isVisible() and tab.four_eyes.isChecked() and tab.four_eyes.isEnabled()
        assert tab.four_eyes_state.text().startswith("Four eyes is on")
        tab.four_eyes.click()  # the admin turns it off
        assert not four_eyes(desk).on
        assert not tab.four_eyes.isChecked()
        assert "Four eyes is OFF on this team desk" in tab.four_eyes_state.text()
        assert f"Last changed by {team['people']['dana']} at " in tab.four_eyes_state.text()
        assert "color:#a11" in tab.four_eyes_state.styleSheet()
        assert "outside reedesk" not in tab.four_eyes_state.text()
        [event] = [e for e in audit.audit_log(desk) if e.entity_id == "four_eyes"]
        assert (event.actor, event.before, event.after) == (team["people"]["dana"], {"four_eyes": True}, {"four_eyes": False})
        tab.close()
        from reedesk.gui import audit_text
        from reedesk.gui.i18n import set_language

        set_language("zh-Hant")  # the audit view says the change in the reader's words
        assert audit_text.what(event) == "設定：四眼原則"
        shown = audit_text.fields_html(event)
        assert "四眼原則" in shown and "是" in shown and "否" in shown and "four_eyes" not in shown
        set_language("en")
    with team["open"]("alice") as desk:
        tab = DeskTab(desk)
        gui.addWidget(tab)
        tab.show()
        assert tab.four_eyes.isVisible() and not tab.four_eyes.isEnabled() and not tab.four_eyes.isChecked()
        assert "Four eyes is OFF" in tab.four_eyes_state.text()
        assert f"you are connected as {team['people']['alice']}" in tab.four_eyes_state.text()
        assert tab.change_four_eyes(True) is False  # even called directly: refused, said, nothing changed
        assert f"{team['people']['alice']} may not change four eyes" in tab.four_eyes_state.text()
        assert not four_eyes(desk).on
        tab.close()


def test_settings_desk_shows_no_four_eyes_control_on_a_local_desk(empty_desk, gui):
    """A single-user SQLite desk has no four eyes (one person): the control is hidden."""
    from reedesk.gui.desk_settings import DeskTab

    tab = DeskTab(empty_desk)
    gui.addWidget(tab)
    tab.show()
    assert not tab.four_eyes.isVisible() and not tab.four_eyes_state.isVisible()
