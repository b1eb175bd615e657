"""Signed tree heads (reedesk/audit/checkpoints.py)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DatabaseError
from sqlmodel import select

from reedesk.audit.checkpoints import (
    TreeHead,
    all_tree_heads,
    event_leaf_hashes,
    latest_tree_head,
    sign_tree_head,
    verify_tree_head,
    write_checkpoint,
)
from reedesk.audit.merkle import root_of_hashes
from reedesk.audit.trail import append_event
from reedesk.signing.keys import key_id_of, raw_public_key
from reedesk.store.models import TreeHeadRow
from tests.signing.vectors import RFC8032_1_SECRET, RFC8032_2_SECRET, vector_key

KEY = vector_key(RFC8032_1_SECRET)
KEY_ID = key_id_of(raw_public_key(KEY))
KEYS = {KEY_ID: raw_public_key(KEY)}


def test_a_head_signed_with_a_fixed_key_verifies_and_binds_every_field():
    head = sign_tree_head(KEY, KEY_ID, 12, "ab" * 32, "2026-11-25T12:00:00.000000Z")
    assert head == sign_tree_head(KEY, KEY_ID, 12, "ab" * 32, "2026-11-25T12:00:00.000000Z")
    assert verify_tree_head(head, KEYS) is None
    for changed in (
        TreeHead(11, head.root_hash, head.signed_at, head.key_id, head.signature),
        TreeHead(head.size, "cd" * 32, head.signed_at, head.key_id, head.signature),
        TreeHead(head.size, head.root_hash, "2026-11-25T12:00:01.000000Z", head.key_id, head.signature),
    ):
        assert "does not match" in (verify_tree_head(changed, KEYS) or "")
    other = vector_key(RFC8032_2_SECRET)
    assert "not known or trusted" in (verify_tree_head(head, {key_id_of(raw_public_key(other)): raw_public_key(other)}) or "")


def test_a_head_round_trips_through_a_dict():
    head = sign_tree_head(KEY, KEY_ID, 3, "ab" * 32)
    assert TreeHead.from_dict(head.as_dict()) == head


@pytest.fixture
def bare_db(tmp_path):
    """A migrated database with no desk around it: no desk key, no head at each batch, so
    ``write_checkpoint`` signs with the key it is given (the 0.1 behaviour)."""
    from reedesk.store.database import open_database

    database = open_database(tmp_path / "bare.sqlite3")
    yield database
    database.dispose()


def test_write_checkpoint_covers_every_event_of_the_unit_of_work(bare_db):
    with bare_db.unit_of_work() as session:
        for i in range(5):
            append_event(session, action="create", entity_type="thing", entity_id=str(i))
        head = write_checkpoint(session, KEY, KEY_ID)
        assert head.size == 5
        assert head.root_hash == root_of_hashes(event_leaf_hashes(session)).hex()
    with bare_db.unit_of_work() as session:
        assert latest_tree_head(session) == head
        append_event(session, action="create", entity_type="thing", entity_id="5")
        second = write_checkpoint(session, KEY, KEY_ID)
        assert [h.size for h in all_tree_heads(session)] == [5, 6]
        assert latest_tree_head(session) == second


def test_on_a_desk_write_checkpoint_signs_with_the_desk_key_whatever_key_it_is_given(empty_desk):
    """Since 0.2 only the desk key signs heads (issue 10, point 2): the key passed is ignored."""
    from reedesk.services.audit import desk_key_info

    with empty_desk.db.unit_of_work() as session:
        for i in range(5):
            append_event(session, action="create", entity_type="thing", entity_id=str(i))
        head = write_checkpoint(session, KEY, KEY_ID)
        assert head.size == 6  # event 1 is the desk key's creation
        assert head.root_hash == root_of_hashes(event_leaf_hashes(session)).hex()
    assert head.key_id == desk_key_info(empty_desk).key_id != KEY_ID
    with empty_desk.db.unit_of_work() as session:
        assert latest_tree_head(session) == head  # the batch's own head was not written twice


def test_the_tree_head_table_refuses_update_and_delete(empty_desk):
    from reedesk.store.database import WriteRefused

    with empty_desk.db.unit_of_work() as session:
        append_event(session, action="create", entity_type="thing", entity_id="1")
    with empty_desk.db.unit_of_work() as session:
        sizes = session.exec(select(TreeHeadRow.size)).all()
    assert sizes == [1, 2]  # one head per write batch: the desk key's, then this one
    for statement in ("UPDATE tree_head SET size = 99", "DELETE FROM tree_head"):
        with pytest.raises((DatabaseError, WriteRefused), match="append-only"):
            with empty_desk.db.unit_of_work() as session:
                session.connection().exec_driver_sql(statement)
    with empty_desk.db.unit_of_work() as session:
        assert session.exec(select(TreeHeadRow.size)).all() == [1, 2]


def test_a_head_over_an_empty_trail_has_the_empty_root_and_verifies(bare_db):
    from reedesk.audit.merkle import EMPTY_ROOT
    from reedesk.audit.verify import verify_chain

    with bare_db.unit_of_work() as session:
        head = write_checkpoint(session, KEY, KEY_ID)
    assert (head.size, head.root_hash) == (0, EMPTY_ROOT.hex())
    with bare_db.unit_of_work() as session:
        report = verify_chain(session, public_keys=KEYS)
    assert report.ok and report.heads_checked == 1
