"""Live view on a team desk (issue 12, point 8): another person's commit is announced (LISTEN/NOTIFY)."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from reedesk.services import dossiers
from reedesk.services.samples import sample_dossiers
from reedesk.store.team import ChangeListener


def test_a_commit_by_another_person_is_announced_with_the_newest_event(team_desk, team_url):
    with ChangeListener(team_url) as listener:
        assert listener.wait(0.2) is None  # nothing happened
        worker = threading.Thread(target=dossiers.import_dossiers, args=(team_desk, sample_dossiers()[:2]),
                                  kwargs={"source": "samples"})
        worker.start()
        worker.join(timeout=60)
        announced = listener.wait(10)
    with team_desk.db.read() as session:
        newest = session.connection().execute(sa.text("SELECT max(seq) FROM audit_event")).scalar_one()
    assert announced == newest


def test_a_rolled_back_change_is_not_announced(team_desk, team_url):
    with ChangeListener(team_url) as listener:
        try:
            with team_desk.db.unit_of_work() as session:
                from reedesk.audit.trail import record_event

                record_event(session, action="update", entity_type="setting", entity_id="x")
                raise RuntimeError("abandon")
        except RuntimeError:
            pass
        assert listener.wait(0.5) is None
