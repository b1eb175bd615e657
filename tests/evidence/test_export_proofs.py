"""An export's audit proofs after a long trail (issue 13, EXPORT7): the stored Merkle tree computes each
node once however many of the dossier's events sit in the same block or behind the same tail (the tail
after the last complete block is in every proof's path), and gives the whole-trail tree's proofs."""

from __future__ import annotations

import random

import sqlalchemy as sa


def test_an_exports_proofs_hash_each_node_once(tmp_path, monkeypatch):
    """25 events of one dossier among 5,000 others, proved against one head: the stored tree computes the
    nodes of the blocks it touches and of the tail once each (≤ 2 × 256 per block), not once per proof —
    what made the export after 100,000 events ~40 ms slower (the tail is in every proof's path)."""
    from reedesk.audit import merkle_store
    from reedesk.audit.checkpoints import event_leaf_hash
    from reedesk.audit.merkle import MerkleTree, root_of_hashes, verify_inclusion
    from reedesk.audit.trail import GENESIS_HASH, event_hash
    from reedesk.store.database import open_database

    database = open_database(tmp_path / "trail.sqlite3")
    try:
        with database.unit_of_work() as session:
            prev, rows = GENESIS_HASH, []
            for seq in range(1, 5_231):
                body = {"seq": seq, "occurred_at": "2026-12-02T04:00:00.000000Z", "actor": "test", "action": "update",
                        "entity_type": "dossier", "entity_id": "D", "dossier_reference": "D", "before": None,
                        "after": "{}", "reason": None, "prev_hash": prev}
                body["hash"] = prev = event_hash(prev, body)
                rows.append(body)
            session.connection().execute(sa.text(
                'INSERT INTO audit_event (seq, occurred_at, actor, action, entity_type, entity_id, dossier_reference, '
                '"before", "after", reason, prev_hash, hash) VALUES (:seq, :occurred_at, :actor, :action, :entity_type, '
                ':entity_id, :dossier_reference, :before, :after, :reason, :prev_hash, :hash)'), rows)
        with database.read() as session:
            leaves = [event_leaf_hash(h) for (h,) in session.connection().execute(sa.text("SELECT hash FROM audit_event ORDER BY seq"))]
        size, root = len(leaves), root_of_hashes(leaves)
        rng = random.Random(7)
        wanted = sorted({*range(3, 14), *(rng.randrange(5_120, size) for _ in range(14))})  # block 0 and the tail
        with database.unit_of_work() as session:
            merkle_store.inclusion_proofs(session.connection(), [0], size, root)  # the export before filled the nodes
        calls = [0]
        hash_node = merkle_store.node_hash

        def counting(left: bytes, right: bytes) -> bytes:
            calls[0] += 1
            return hash_node(left, right)

        from reedesk.audit import merkle

        monkeypatch.setattr(merkle_store, "node_hash", counting)
        monkeypatch.setattr(merkle, "node_hash", counting)  # root_of_hashes's, the way the tree went before
        with database.unit_of_work() as session:
            proofs = merkle_store.inclusion_proofs(session.connection(), wanted, size, root)
        hashed = calls[0]
        monkeypatch.undo()
        # two blocks touched (block 0, the tail), each node once, and each proof's own check against the root
        assert hashed <= 2 * 2 * merkle_store.BLOCK + len(wanted) * size.bit_length(), hashed
        tree = MerkleTree(leaves)
        for index in wanted:
            assert proofs[index] == tree.inclusion_proof(index)
            assert verify_inclusion(leaves[index], index, size, proofs[index], root)
    finally:
        database.dispose()
