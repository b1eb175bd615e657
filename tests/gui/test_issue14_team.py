"""Issue 14 "no surprises" on a team desk (real PostgreSQL server, tests/team/conftest.py):
a user's own save is never announced to them as someone else's change; a colleague's is.

The server announces every commit (LISTEN/NOTIFY), ours too; RemoteChanges
(reedesk/services/events.py) leaves out the audit events this desk wrote itself.
"""

from __future__ import annotations

import dataclasses
import threading

from PySide6.QtCore import Qt

from reedesk.services import dossiers, events
from reedesk.services.desk import open_desk
from reedesk.services.events import DeskChange, RemoteChanges
from reedesk.services.samples import sample_dossiers
from tests.team.conftest import pg_server, team_desk, team_url  # noqa: F401  (the real server's fixtures)
from tests.team.test_head_keys import desk_team  # noqa: F401  (an admin, a preparer, an approver, an auditor)


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)  # Return finishes the field (one undo step)


def _newest_seq(desk) -> int:
    from sqlalchemy import text

    with desk.db.read() as session:
        return int(session.connection().execute(text("SELECT coalesce(max(seq), 0) FROM audit_event")).scalar_one())


def _renamed(dossier, name: str):
    return dataclasses.replace(dossier, product=dataclasses.replace(dossier.product, name=name))


def _wait(condition, seconds: float = 20) -> bool:
    pause = threading.Event()
    for _ in range(int(seconds * 20)):
        if condition():
            return True
        pause.wait(0.05)
    return condition()


def test_own_commits_are_not_remote_changes_and_a_colleagues_are(team_desk):  # noqa: F811
    dossiers.import_dossiers(team_desk, sample_dossiers()[:1], source="samples")
    reference = sample_dossiers()[0].reference
    heard: list[DeskChange] = []
    unsubscribe = events.subscribe(lambda change: heard.append(change) if change.origin == "remote" else None)
    watcher = RemoteChanges(team_desk, poll_seconds=0.1).start()
    try:
        assert watcher.active, watcher.error
        stored = dossiers.load_dossier(team_desk, reference).dossier
        dossiers.save_dossier(team_desk, _renamed(stored, "Saved by me"))  # our own save
        dossiers.import_dossiers(team_desk, sample_dossiers()[1:2], source="samples")  # our own bulk import
        newest = _newest_seq(team_desk)
        assert _wait(lambda: watcher.last_seq >= newest), (watcher.last_seq, newest, watcher.error)
        assert heard == []  # the server announced them; nothing came back as someone else's change
        other = open_desk(team_desk.home, seed_samples=False)  # a colleague: another connection to the server
        try:
            again = dossiers.load_dossier(other, reference).dossier
            dossiers.save_dossier(other, _renamed(again, "Saved by a colleague"))
        finally:
            other.close()
        assert _wait(lambda: any(reference in c.references for c in heard)), heard
    finally:
        watcher.stop()
        unsubscribe()
    assert all(c.origin == "remote" and c.references == (reference,) for c in heard), heard
    assert events._pool(team_desk.db.engine) not in events._own_seqs  # stopped: nothing is noted any more


def test_the_window_never_calls_my_own_save_someone_elses(team_desk, make_window, qtbot):  # noqa: F811
    from tests.gui.conftest import make_window as _  # noqa: F401  (fixtures come from tests/gui/conftest.py)

    dossiers.import_dossiers(team_desk, sample_dossiers()[:1], source="samples")
    reference = sample_dossiers()[0].reference
    window = make_window(team_desk)
    remote = window.desk_changes.remote
    assert remote is not None and remote.active, remote and remote.error
    window.open_dossier(reference)
    _type(qtbot, window.editor.field["product.name"].widget, "Renamed in my window")
    assert window.editor.is_dirty(), window.editor.document()["product"]["name"]
    assert window.actions_by_key["save"].isEnabled()
    window.actions_by_key["save"].trigger()  # File → Save
    assert window.editor.revision == 2 and not window.editor.is_dirty(), (window.status.text(), window.property("last_error"))
    _type(qtbot, window.editor.field["product.name"].widget, "Typing on after the save")  # dirty again
    newest = _newest_seq(team_desk)
    qtbot.waitUntil(lambda: remote.last_seq >= newest, timeout=20000)
    qtbot.wait(300)  # anything the listener published has been delivered on the GUI thread
    assert "someone else" not in window.status.text(), window.status.text()
    assert window.editor.document()["product"]["name"] == "Typing on after the save"
    # a colleague's save of the same dossier is announced as theirs, and the typing is kept
    with open_desk(team_desk.home, seed_samples=False) as other:
        stored = dossiers.load_dossier(other, reference).dossier
        dossiers.save_dossier(other, _renamed(stored, "Saved by a colleague"), base_revision=2)
    qtbot.waitUntil(lambda: "changed by someone else" in window.status.text(), timeout=20000)
    assert "revision 3" in window.status.text()
    assert window.editor.document()["product"]["name"] == "Typing on after the save"


def test_a_non_admins_first_window_on_a_new_team_desk_says_the_samples_were_not_loaded_in_chinese(request, make_window):
    """Issue 12 point 4 / issue 14: on a new team desk only the admin loads the samples; a preparer who
    opens the desktop app first gets the desk open and one notice, once, in the desk's language
    (the admin set it to Traditional Chinese), not a refused INSERT and not English."""
    from reedesk.services.settings import set_setting
    from tests.team.test_head_keys import _enrol_and_certify

    team = request.getfixturevalue("desk_team")
    with team["open"]("admin") as admin:
        set_setting(admin, "language", "zh-Hant")
    _enrol_and_certify(team, "alice")
    desk = team["open"]("alice", seed_samples=True)  # as the desktop app opens it
    try:
        window = make_window(desk)
        box = window.notice_box
        assert box is not None and box.isVisible()
        assert box.text().startswith("未載入範例卷宗") and f"「{team['people']['alice']}」" in box.text(), box.text()
        assert "The sample dossiers" not in box.text()
        assert window.show_notices() is box  # once
        assert window.browser.model.rowCount() == 0  # the desk opened, without the samples
        window.desk_changes.close()
    finally:
        desk.close()
