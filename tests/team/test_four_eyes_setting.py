"""The desk-level four-eyes setting (issue 12, point 5: "configurable per desk, on by default").

Only ``reedesk_admin`` may change it, enforced by the database's grants; each change through
reedesk is an audit event, and the database itself records every change (who, when) whichever
way it was made, so turning four eyes off is always visible (``reedesk team status``).
"""

from __future__ import annotations

import psycopg
import pytest

from reedesk.errors import ReedeskError
from reedesk.services import audit, evaluation, signing
from reedesk.services.team import four_eyes, set_four_eyes
from reedesk.store.database import WriteRefused
from tests.signing.vectors import PASSPHRASE
from tests.team.test_four_eyes_precheck import APPROVAL, REFERENCE, _run, four_eyes_team  # noqa: F401 - the fixture

OTHER = "2026-12-02"  # a second as-of date: a second determination of the same dossier


def test_four_eyes_is_on_by_default_and_a_non_admins_psql_update_is_refused(four_eyes_team):
    """Only reedesk_admin is granted UPDATE on team_desk_setting: a preparer's or an approver's psql
    UPDATE is refused by the server and the setting stays on."""
    team = four_eyes_team
    for person in ("alice", "bob"):
        with team["psql"](person) as connection:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute("UPDATE team_desk_setting SET four_eyes = false")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute("DELETE FROM team_desk_setting")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute("INSERT INTO team_desk_setting_change (db_role, four_eyes) VALUES ('dana', false)")
    with team["psql"]("alice") as connection:
        assert connection.execute("SELECT four_eyes FROM team_desk_setting").fetchall() == [(True,)]
        assert connection.execute("SELECT count(*) FROM team_desk_setting_change").fetchone() == (0,)
    with team["open"]("bob") as desk:
        state = four_eyes(desk)
        assert state is not None and state.on and not state.may_change and state.changed_by is None
        events = audit.count_audit_events(desk)
        with pytest.raises(ReedeskError) as refused:
            set_four_eyes(desk, False)
        assert refused.value.code == "team_four_eyes_admin_only"
        assert audit.count_audit_events(desk) == events
        assert four_eyes(desk).on


def test_with_four_eyes_off_the_same_person_may_approve_and_the_change_is_audited(four_eyes_team):
    """The admin turns four eyes off (an audit event naming the admin's role, before on, after off);
    then the preparer may approve her own determination, `audit verify` passes; turned on again, the
    same approval of another determination is refused again (by reedesk, before the key is unlocked)."""
    team = four_eyes_team
    with team["open"]("dana") as desk:
        state, changed = set_four_eyes(desk, False, reason="two-person office this month")
        assert changed and not state.on and state.changed_by == team["people"]["dana"] and state.changed_at
        assert set_four_eyes(desk, False) == (state, False)  # unchanged: nothing written
        [event] = [e for e in audit.audit_log(desk) if e.entity_type == "setting" and e.entity_id == "four_eyes"]
        assert (event.action, event.actor, event.reason) == ("update", team["people"]["dana"], "two-person office this month")
        assert (event.before, event.after) == ({"four_eyes": True}, {"four_eyes": False})
    with team["open"]("bob") as desk:
        info = signing.sign_determination(desk, team["determination"], team["keys"]["bob"], PASSPHRASE, APPROVAL)
        assert info.meaning == APPROVAL
        assert [v.ok for v in signing.verify_determination_signatures(desk, team["determination"])] == [True, True]
        report = audit.verify_audit(desk)
        assert report.ok, report.problem
        second = evaluation.evaluate_reference(desk, REFERENCE, OTHER).id
        signing.sign_determination(desk, second, team["keys"]["bob"], PASSPHRASE, "Prepared by")
    with team["open"]("dana") as desk:
        set_four_eyes(desk, True)
        changes = [(e.before, e.after) for e in audit.audit_log(desk) if e.entity_id == "four_eyes"]
        assert changes == [({"four_eyes": True}, {"four_eyes": False}), ({"four_eyes": False}, {"four_eyes": True})]
    with team["open"]("bob") as desk:
        with pytest.raises(WriteRefused) as refused:
            signing.sign_determination(desk, second, team["keys"]["bob"], "wrong", APPROVAL)
        assert refused.value.code == "team_four_eyes_same_person"
        assert audit.verify_audit(desk).ok


def test_reedesk_team_four_eyes_and_status_through_the_command(four_eyes_team):
    """`reedesk team four-eyes off` (admin) and `reedesk team status`: off is said plainly, with who changed
    it; a non-admin's `team four-eyes on` is one sentence; `reedesk audit log` lists the change."""
    team = four_eyes_team
    shown = _run(team, "bob", "team", "status")
    assert shown.returncode == 0, shown.stderr
    assert f"connected as {team['people']['bob']} (reedesk_approver)." in shown.stdout and "Four eyes is ON" in shown.stdout
    off = _run(team, "dana", "team", "four-eyes", "off", "--reason", "holiday cover")
    assert off.returncode == 0, off.stderr
    assert "Four eyes is OFF on this desk" in off.stdout and f"Last changed by {team['people']['dana']}" in off.stdout
    status = _run(team, "bob", "team", "status")
    assert "Four eyes is OFF on this desk: a person may approve a determination they prepared" in status.stdout
    assert f"Last changed by {team['people']['dana']} at " in status.stdout
    refused = _run(team, "alice", "team", "four-eyes", "on")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert f"{team['people']['alice']} may not change four eyes: only a member of reedesk_admin" in refused.stderr
    again = _run(team, "bob", "team", "four-eyes")  # no argument: shows it
    assert again.returncode == 0 and "Four eyes is OFF" in again.stdout
    log = _run(team, "bob", "audit", "log", "--json")
    assert log.returncode == 0, log.stderr
    import json

    [event] = [e for e in json.loads(log.stdout) if e.get("entity_id") == "four_eyes"]
    assert event["actor"] == team["people"]["dana"] and event["reason"] == "holiday cover"


def test_an_admins_psql_update_is_recorded_by_the_database_and_shown(four_eyes_team):
    """An admin may UPDATE the setting with psql (the grant), bypassing reedesk's audit event: the
    database's own trigger records who turned it off and when, and `reedesk team status` shows it."""
    team = four_eyes_team
    with team["psql"]("dana") as dana:
        dana.execute("UPDATE team_desk_setting SET four_eyes = false")
        assert dana.execute("SELECT db_role, four_eyes FROM team_desk_setting_change").fetchall() == [(team["people"]["dana"], False)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            dana.execute("DELETE FROM team_desk_setting_change")
    with team["open"]("alice") as desk:
        state = four_eyes(desk)
        assert not state.on and state.changed_by == team["people"]["dana"] and state.outside_reedesk == 1
    status = _run(team, "alice", "team", "status")
    assert "Four eyes is OFF" in status.stdout and f"Last changed by {team['people']['dana']}" in status.stdout
    assert "1 change(s) of it were made outside reedesk" in status.stdout
    with team["open"]("dana") as desk:  # turned on again through reedesk: audited; the psql change stays counted
        state, changed = set_four_eyes(desk, True)
        assert changed and state.on and state.outside_reedesk == 1
        assert audit.verify_audit(desk).ok


def test_a_change_through_reedesk_is_not_counted_as_outside(four_eyes_team):
    """A change made with `set_four_eyes` has its audit event, so status names no change made outside reedesk."""
    team = four_eyes_team
    with team["open"]("dana") as desk:
        state, _ = set_four_eyes(desk, False)
        assert state.outside_reedesk == 0
    assert "outside reedesk" not in _run(team, "bob", "team", "status").stdout
