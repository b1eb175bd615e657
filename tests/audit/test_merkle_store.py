"""Inclusion proofs from stored Merkle nodes (reedesk/audit/merkle_store.py, migration 0005):
the same proofs as the whole-trail tree for every size and leaf, filled incrementally,
never trusted blindly (a damaged node is caught and the proof rebuilt from the events),
and an export that reads a bounded number of leaves however long the trail."""

from __future__ import annotations

import random
import sqlite3

import pytest
import sqlalchemy as sa

from reedesk.audit import merkle_store
from reedesk.audit.checkpoints import event_leaf_hash
from reedesk.audit.merkle import MerkleTree, root_of_hashes, verify_inclusion
from reedesk.audit.trail import GENESIS_HASH, event_hash
from reedesk.store.database import open_database


def _append(database, count: int) -> None:
    """``count`` chained events, written the way the trail hashes them (bulk, like benchmarks/signing_audit)."""
    with database.unit_of_work() as session:
        connection = session.connection()
        last = connection.execute(sa.text("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")).first()
        seq, prev = (last[0], last[1]) if last else (0, GENESIS_HASH)
        rows = []
        for _ in range(count):
            seq += 1
            body = {"seq": seq, "occurred_at": "2026-12-01T12:00:00.000000Z", "actor": "test", "action": "update",
                    "entity_type": "dossier", "entity_id": f"D-{seq % 7}", "dossier_reference": f"D-{seq % 7}",
                    "before": None, "after": '{"revision":1}', "reason": None, "prev_hash": prev}
            body["hash"] = prev = event_hash(prev, body)
            rows.append(body)
        connection.execute(sa.text(
            'INSERT INTO audit_event (seq, occurred_at, actor, action, entity_type, entity_id, dossier_reference, "before", '
            '"after", reason, prev_hash, hash) VALUES (:seq, :occurred_at, :actor, :action, :entity_type, :entity_id, '
            ':dossier_reference, :before, :after, :reason, :prev_hash, :hash)'), rows)


def _leaves(database) -> list[bytes]:
    with database.read() as session:
        return [event_leaf_hash(h) for (h,) in session.connection().execute(sa.text("SELECT hash FROM audit_event ORDER BY seq"))]


@pytest.fixture
def database(tmp_path):
    db = open_database(tmp_path / "trail.sqlite3")
    yield db
    db.dispose()


def _proofs(database, indices, size, *, persist=True):
    leaves = _leaves(database)
    root = root_of_hashes(leaves[:size])
    with database.unit_of_work() as session:
        return merkle_store.inclusion_proofs(session.connection(), indices, size, root, persist=persist), leaves, root


def test_stored_proofs_equal_the_whole_trail_tree_for_every_size_filled_step_by_step(database):
    rng = random.Random(13)
    total = 0
    for step in (1, 255, 1, 300, 511, 2, 700, 1):  # crosses block boundaries at odd places
        _append(database, step)
        total += step
        for size in sorted({total, max(1, total - rng.randrange(total)), min(total, 256), min(total, 257)}):
            indices = sorted({0, size - 1, rng.randrange(size), rng.randrange(size)})
            proofs, leaves, root = _proofs(database, indices, size)
            tree = MerkleTree(leaves[:size])
            for index in indices:
                assert proofs[index] == tree.inclusion_proof(index), (size, index)
                assert verify_inclusion(leaves[index], index, size, proofs[index], root)
    with sqlite3.connect(database.path) as connection:
        stored = connection.execute("SELECT count(*) FROM audit_merkle_node WHERE level = 8").fetchone()[0]
    assert stored == total // merkle_store.BLOCK  # every complete block of 256 events, filled once


def test_a_damaged_stored_node_is_caught_and_the_proof_rebuilt_from_the_events(database, monkeypatch):
    _append(database, 1100)
    _proofs(database, [0], 1100)  # fills the table
    with sqlite3.connect(database.path) as connection:
        connection.execute("UPDATE audit_merkle_node SET hash = ? WHERE level = 9 AND idx = 0", ("00" * 32,))
    rebuilt: list[int] = []

    class Counting(MerkleTree):
        def __init__(self, hashes):
            rebuilt.append(len(hashes))
            super().__init__(hashes)

    monkeypatch.setattr(merkle_store, "MerkleTree", Counting)
    proofs, leaves, root = _proofs(database, [3, 700, 1099], 1100)
    assert rebuilt == [1100]  # leaf 700's sibling is the damaged node: its proof failed the check and was rebuilt
    tree = MerkleTree(leaves)
    for index in (3, 700, 1099):
        assert proofs[index] == tree.inclusion_proof(index)
        assert verify_inclusion(leaves[index], index, 1100, proofs[index], root)


def test_a_read_only_caller_computes_the_nodes_without_storing_them(database):
    _append(database, 600)
    proofs, leaves, root = _proofs(database, [10, 599], 600, persist=False)
    assert verify_inclusion(leaves[10], 10, 600, proofs[10], root)
    with sqlite3.connect(database.path) as connection:
        assert connection.execute("SELECT count(*) FROM audit_merkle_node").fetchone()[0] == 0


def test_a_proof_reads_a_bounded_number_of_events_however_long_the_trail(database, monkeypatch):
    _append(database, 5000)
    _proofs(database, [0], 5000)  # the export before this one filled the nodes
    _append(database, 20)
    read: list[int] = []
    original = merkle_store.leaf_hashes

    def counting(connection, first, last):
        read.append(last - first)
        return original(connection, first, last)

    monkeypatch.setattr(merkle_store, "leaf_hashes", counting)
    proofs, leaves, root = _proofs(database, [17, 2500, 5019], 5020)
    for index in (17, 2500, 5019):
        assert verify_inclusion(leaves[index], index, 5020, proofs[index], root)
    # three blocks around the proved events and the tail, never the 5,020 events
    assert sum(read) <= 4 * merkle_store.BLOCK, read


def test_a_gap_in_the_trail_is_refused(database):
    _append(database, 300)
    with sqlite3.connect(database.path) as connection:
        connection.execute("DROP TRIGGER audit_event_no_delete")
        connection.execute("DELETE FROM audit_event WHERE seq = 100")
    with database.unit_of_work() as session, pytest.raises(merkle_store.TrailGap):
        merkle_store.inclusion_proofs(session.connection(), [5], 300, b"\x00" * 32)
