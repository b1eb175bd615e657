"""The audit actor is the signed-in identity or the OS account, never an environment
variable taken at its word (issue 10, point 13)."""

from __future__ import annotations

import os
import pwd

import pytest

from reedesk import clock
from reedesk.audit.trail import append_event


def test_reedesk_actor_environment_variable_no_longer_names_the_actor(empty_desk, monkeypatch):
    """Attack: set REEDESK_ACTOR=auditor before editing, so the trail blames someone else."""
    monkeypatch.setenv("REEDESK_ACTOR", "the-auditor")
    monkeypatch.setenv("USER", "the-auditor")
    monkeypatch.setenv("LOGNAME", "the-auditor")
    with empty_desk.db.unit_of_work() as session:
        event = append_event(session, action="create", entity_type="thing", entity_id="1")
    assert "the-auditor" not in event.actor
    assert event.actor == "test-user"  # conftest's OS account


def test_os_account_comes_from_the_account_database_not_the_environment(monkeypatch):
    monkeypatch.undo()  # the real lookup, not conftest's replacement
    monkeypatch.setenv("USER", "someone-else")
    monkeypatch.setenv("LOGNAME", "someone-else")
    assert clock.os_account() == pwd.getpwuid(os.getuid()).pw_name


def test_signed_in_identity_is_recorded_with_the_account(empty_desk):
    clock.sign_in("Mei Lin 8732-930A")
    try:
        with empty_desk.db.unit_of_work() as session:
            event = append_event(session, action="create", entity_type="thing", entity_id="1")
    finally:
        clock.sign_out()
    assert event.actor == "Mei Lin 8732-930A (account test-user)"
    with clock.acting_as("Jun Wu 1111-2222"):
        assert clock.current_actor() == "Jun Wu 1111-2222 (account test-user)"
    assert clock.current_actor() == "test-user"
