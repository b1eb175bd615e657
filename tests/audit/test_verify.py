"""Verifying the whole audit trail after tampering with the SQLite file (reedesk/audit/verify.py)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DatabaseError

from reedesk.audit.trail import append_event
from reedesk.audit.verify import verify_chain
from reedesk.services.desk import open_desk
from tests.signing.vectors import signed_desk, tamper


def _reopen(desk):
    return open_desk(desk.home, seed_samples=False)


def test_an_untouched_trail_is_intact(desk):
    signed_desk(desk, signatures=2)
    report = verify_chain(desk)
    assert report.ok, report.problem
    assert report.events_checked > 10
    # every write batch ends with a head by the desk key (issue 10, points 2 and 6)
    assert report.heads_checked >= 6 and report.desk_key is not None
    assert report.latest_head.key_id == report.desk_key.key_id
    assert report.latest_head is not None and report.latest_head.size == report.events_checked
    assert "intact" in report.summary()


def test_the_audit_table_refuses_update_and_delete(desk):
    from reedesk.store.database import WriteRefused

    for statement in ("UPDATE audit_event SET actor = 'x' WHERE seq = 1", "DELETE FROM audit_event WHERE seq = 1"):
        with pytest.raises((DatabaseError, WriteRefused), match="append-only"):
            with desk.db.unit_of_work() as session:
                session.connection().exec_driver_sql(statement)


@pytest.mark.parametrize("column, value", [("actor", "'mallory'"), ("after", "'{}'"), ("occurred_at", "'2020-01-01T00:00:00.000000Z'"), ("reason", "'cleanup'")])
def test_one_changed_field_of_one_event_is_named(desk, column, value):
    signed_desk(desk)
    tamper(desk, f"UPDATE audit_event SET {column} = {value} WHERE seq = 3")
    reopened = _reopen(desk)
    try:
        report = verify_chain(reopened)
    finally:
        reopened.close()
    assert not report.ok
    assert report.first_broken_seq == 3
    assert report.problem.startswith("Audit event 3 ")
    assert "was changed" in report.problem
    # the rewritten event no longer matches the signed tree head either
    assert any("no longer match the tree head" in p for p in report.problems)


def test_a_rewritten_hash_is_caught_at_the_next_event_and_by_the_head(desk):
    signed_desk(desk)
    from reedesk.audit.trail import event_body, event_hash
    from reedesk.store.models import AuditEventRow
    from sqlmodel import select

    with desk.db.unit_of_work() as session:
        row = session.exec(select(AuditEventRow).where(AuditEventRow.seq == 2)).one()
        body = event_body(row)
    body["actor"] = "mallory"
    new_hash = event_hash(body["prev_hash"], body)
    tamper(desk, f"UPDATE audit_event SET actor = 'mallory', hash = '{new_hash}' WHERE seq = 2")
    reopened = _reopen(desk)
    try:
        report = verify_chain(reopened)
    finally:
        reopened.close()
    assert report.first_broken_seq == 3
    assert "Audit event 3 does not follow event 2" in report.problem


def test_deleting_the_last_events_is_a_truncation_against_the_signed_head(desk):
    signed_desk(desk)
    reopened = _reopen(desk)
    total = verify_chain(reopened).events_checked
    reopened.close()
    tamper(desk, f"DELETE FROM audit_event WHERE seq > {total - 2}")
    reopened = _reopen(desk)
    try:
        report = verify_chain(reopened)
    finally:
        reopened.close()
    assert not report.ok and report.truncated
    assert report.first_broken_seq == total - 1
    assert f"covers {total} events, but only {total - 2} remain" in report.problem
    assert "truncated" in report.problem


def test_deleting_an_event_in_the_middle_is_named(desk):
    signed_desk(desk)
    tamper(desk, "DELETE FROM audit_event WHERE seq = 4")
    reopened = _reopen(desk)
    try:
        report = verify_chain(reopened)
    finally:
        reopened.close()
    assert report.first_broken_seq == 4
    assert report.problem.startswith("Audit event 4 is missing")


def test_a_forged_tree_head_is_refused(desk):
    signed_desk(desk)
    tamper(desk, "UPDATE tree_head SET size = size - 1")
    reopened = _reopen(desk)
    try:
        report = verify_chain(reopened)
    finally:
        reopened.close()
    assert not report.ok
    assert "signature does not match" in report.problem


def test_events_after_the_last_head_are_still_chain_checked(tmp_path):
    from reedesk.store.database import open_database

    bare = open_database(tmp_path / "bare.sqlite3")  # no desk: no head at each batch
    with bare.unit_of_work() as session:
        for i in range(3):
            append_event(session, action="create", entity_type="thing", entity_id=str(i))
    with bare.unit_of_work() as session:
        session.connection().exec_driver_sql("DROP TRIGGER audit_event_no_update")
        session.connection().exec_driver_sql("UPDATE audit_event SET entity_id = '9' WHERE seq = 3")
    try:
        with bare.unit_of_work() as session:
            report = verify_chain(session)
    finally:
        bare.dispose()
    assert (report.ok, report.first_broken_seq, report.heads_checked) == (False, 3, 0)


def test_progress_is_reported(empty_desk):
    with empty_desk.db.unit_of_work() as session:
        for i in range(2100):
            append_event(session, action="create", entity_type="thing", entity_id=str(i), occurred_at="2026-11-25T00:00:00.000000Z")
    seen = []
    report = verify_chain(empty_desk, progress=lambda done, total: seen.append((done, total)))
    assert report.ok
    assert seen == [(1000, 2101), (2000, 2101), (2101, 2101)]  # 2,100 and the desk key's event


def test_the_fast_hash_shortcut_agrees_with_rfc8785_on_awkward_text(empty_desk):
    from reedesk.audit.verify import _checked_hash, body_of, recompute_hash
    from reedesk.store.models import AuditEventRow
    from sqlmodel import select

    awkward = ["é漢字", "tab\there", "quote\" back\\slash", "\u2028line sep", "ctrl\x01\x1f", "emoji 😀", "\ue000 private", "</script>"]
    with empty_desk.db.unit_of_work() as session:
        for i, text in enumerate(awkward):
            append_event(session, action="update", entity_type="thing", entity_id=text, reason=text, after={"v": text, "n": i})
    with empty_desk.db.unit_of_work() as session:
        for row in session.exec(select(AuditEventRow)):
            body = body_of(row.__dict__)
            assert _checked_hash(body, row.hash) == recompute_hash(body) == row.hash
            assert _checked_hash(body, "0" * 64) == row.hash  # a wrong stored hash falls back to the exact form
    assert verify_chain(empty_desk).ok
