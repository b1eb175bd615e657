"""The list of protecting triggers `audit verify` expects agrees with a migrated desk
(reedesk/audit/integrity.py names them; the migrations create them)."""

from __future__ import annotations

import sqlite3

from reedesk.audit.integrity import EXPECTED_TRIGGERS, missing_triggers, trigger_problem
from reedesk.paths import database_path


def test_a_migrated_desk_has_every_expected_trigger(empty_desk):
    with empty_desk.db.unit_of_work() as session:
        assert missing_triggers(session.connection()) == []
    with sqlite3.connect(database_path(empty_desk.home)) as connection:
        present = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    # every refusing trigger of migrations 0001 and 0003 is expected (the search index's are not protection)
    refusing = {name for name in present if "_no_" in name and not name.startswith(("licence", "attachment"))}
    assert refusing <= set(EXPECTED_TRIGGERS)


def test_the_problem_names_what_was_dropped():
    assert trigger_problem([]) is None
    assert trigger_problem(["a"]).startswith("1 of the database's protecting triggers was dropped outside reedesk (a)")
    assert "and 2 more" in trigger_problem([str(i) for i in range(8)])
