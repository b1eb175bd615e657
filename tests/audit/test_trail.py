"""Appending events (reedesk/audit/trail.py): the faster write path stores and hashes exactly
what RFC 8785 prescribes."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reedesk.audit.trail import GENESIS_HASH, append_event, canonical_body, event_hash, record_event
from reedesk.audit.verify import recompute_hash, verify_chain
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.paths import database_path

_FIELDS = ("occurred_at", "actor", "action", "entity_type", "entity_id", "dossier_reference", "before", "after", "reason", "prev_hash")

# Every code point but lone surrogates (not UTF-8), control characters included.
_text = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=100, deadline=None)
@given(values=st.fixed_dictionaries({name: st.none() | _text for name in _FIELDS}), seq=st.integers(1, 2**53 - 1))
def test_canonical_body_is_rfc8785(values, seq):
    body = {"seq": seq, **values}
    assert canonical_body(body) == canonical_bytes(body)


def test_canonical_body_falls_back_for_other_shapes():
    for body in ({"seq": True}, {"seq": 1.5}, {"seq": 2**53 - 1}, {"n": {"nested": ["x", 1]}}, {"é": "x"}):
        assert canonical_body(body) == canonical_bytes(body)
    for bad in ({"seq": 2**53}, {"reason": "lone \ud800 surrogate"}):
        with pytest.raises(ValueError):  # refused exactly as the reference encoder refuses
            canonical_body(bad)


def test_appended_events_chain_and_hash_as_the_reference_encoder_says(empty_desk):
    awkward = ['quote " and \\ backslash', "tab\t newline\n ctrl\x01", "漢字 é 😀 \u2028", "</script>"]
    with empty_desk.db.unit_of_work() as session:
        returned = [
            append_event(session, action="update", entity_type="thing", entity_id=text, reason=text, after={"v": text, "n": i})
            for i, text in enumerate(awkward)
        ]
        fields = record_event(session, action="create", entity_type="thing", entity_id="5", before='{"a":1}')
    with sqlite3.connect(database_path(empty_desk.home)) as connection:
        connection.row_factory = sqlite3.Row
        rows = [dict(r) for r in connection.execute("SELECT * FROM audit_event ORDER BY seq")]
    assert rows[0]["entity_type"] == "desk_key"  # a desk's first event records its head-signing key (issue 10)
    rows = rows[1:]
    assert [r["seq"] for r in rows] == [2, 3, 4, 5, 6]
    for previous, row in zip([None, *rows[1:]], rows[1:]):
        body = {k: v for k, v in row.items() if k != "hash"}
        assert row["hash"] == recompute_hash(body) == event_hash(row["prev_hash"], body)
        if previous is not None:
            assert row["prev_hash"] == previous["hash"]
    assert [(r.seq, r.hash, r.after) for r in returned] == [(r["seq"], r["hash"], r["after"]) for r in rows[:4]]
    assert (fields["seq"], fields["hash"], fields["before"]) == (6, rows[4]["hash"], '{"a":1}')
    assert verify_chain(empty_desk).ok


def test_an_event_in_a_rolled_back_unit_of_work_leaves_no_gap(empty_desk):
    with empty_desk.db.unit_of_work() as session:
        append_event(session, action="create", entity_type="thing", entity_id="1")
    with pytest.raises(RuntimeError):
        with empty_desk.db.unit_of_work() as session:
            append_event(session, action="create", entity_type="thing", entity_id="2")
            raise RuntimeError("abandon")
    with empty_desk.db.unit_of_work() as session:
        event = append_event(session, action="create", entity_type="thing", entity_id="3")
    assert event.seq == 3  # event 1 is the desk key
    assert verify_chain(empty_desk).ok


def test_a_rolled_back_savepoint_does_not_leave_a_stale_previous_hash(empty_desk):
    with empty_desk.db.unit_of_work() as session:
        append_event(session, action="create", entity_type="thing", entity_id="1")
        savepoint = session.begin_nested()
        append_event(session, action="create", entity_type="thing", entity_id="dropped")
        savepoint.rollback()
        event = append_event(session, action="create", entity_type="thing", entity_id="2")
    assert event.seq == 3  # event 1 is the desk key
    assert verify_chain(empty_desk).ok
