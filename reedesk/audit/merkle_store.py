"""Inclusion proofs of audit events without reading the whole trail (issue 13, point 4).

An evidence pack proves a dozen events of its dossier against the newest signed tree
head. Building the RFC 6962 tree from every event at each export made the export grow
with the trail (378 ms → 969 ms with 100,000 earlier events). Every node of the tree
is the root of a *perfect* subtree over an aligned block of leaves, and such a node
never changes once its block is complete; so the roots of the complete blocks of
``BLOCK`` (256) leaves and every node above them are kept in ``audit_merkle_node``
(migration 0005: ``level``, ``idx``, ``hash``; level 8 is a block of 256 leaves).

A proof then reads the event's own block (≤ 256 leaf hashes), the leaves after the
last complete block (≤ 255) and O(log n) stored nodes: flat in trail size.

The nodes are derived data, not evidence: every proof built from them is checked
against the signed head's root before it is returned, and a proof that does not check
(a node damaged in the file, say) is rebuilt from all the leaves, as before. The table
is filled lazily (:func:`sync_nodes`) by the unit of work that exports, for the events
since the last fill; a read-only caller computes the missing nodes in memory.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import sqlalchemy as sa

from reedesk.audit.checkpoints import event_leaf_hash
from reedesk.audit.merkle import EMPTY_ROOT, MerkleTree, _split, node_hash, root_from_inclusion, root_of_hashes

LEVEL = 8
BLOCK = 1 << LEVEL

_LEAVES = sa.text("SELECT seq, hash FROM audit_event WHERE seq > :first AND seq <= :last ORDER BY seq")
_COVERED = sa.text("SELECT max(idx) FROM audit_merkle_node WHERE level = :level")
_INSERT = sa.text("INSERT INTO audit_merkle_node (level, idx, hash) VALUES (:level, :idx, :hash)")


class TrailGap(Exception):
    """The events' sequence numbers have a gap: nothing is built on them (``audit verify`` names it)."""


def leaf_hashes(connection: Any, first: int, last: int) -> list[bytes]:
    """RFC 6962 leaf hashes of events ``first+1 … last`` (0-based leaves ``first … last-1``)."""
    leaves = []
    expected = first + 1
    for seq, digest in connection.execute(_LEAVES, {"first": first, "last": last}):
        if seq != expected:
            raise TrailGap(seq)
        leaves.append(event_leaf_hash(digest))
        expected += 1
    if expected != last + 1:
        raise TrailGap(expected)
    return leaves


class NodeReader:
    """Stored nodes by ``(level, idx)``, read one indexed row at a time and remembered,
    with the nodes computed in this call (not stored, or not yet) laid over them."""

    _ONE = sa.text("SELECT hash FROM audit_merkle_node WHERE level = :level AND idx = :idx")

    def __init__(self, connection: Any):
        self._connection = connection
        self.nodes: dict[tuple[int, int], bytes | None] = {}

    def get(self, key: tuple[int, int]) -> bytes | None:
        if key not in self.nodes:
            found = self._connection.execute(self._ONE, {"level": key[0], "idx": key[1]}).scalar()
            self.nodes[key] = bytes.fromhex(found) if found else None
        return self.nodes[key]


def sync_nodes(connection: Any, size: int, *, persist: bool = True) -> NodeReader:
    """The nodes of every block of ``BLOCK`` leaves complete within the first ``size`` events,
    computing (from the events since the last fill only) those not stored yet.

    With ``persist`` the new nodes are inserted (inside a savepoint: a role that may not
    write the table, or a read-only snapshot, simply keeps them in memory).
    """
    reader = NodeReader(connection)
    blocks = size // BLOCK
    done = connection.execute(_COVERED, {"level": LEVEL}).scalar()
    before = 0 if done is None else int(done) + 1
    if before >= blocks:
        return reader
    new: dict[tuple[int, int], bytes] = {}
    leaves = leaf_hashes(connection, before * BLOCK, blocks * BLOCK)
    for b in range(before, blocks):
        offset = (b - before) * BLOCK
        new[(LEVEL, b)] = root_of_hashes(leaves[offset:offset + BLOCK])
    reader.nodes.update(new)
    level = LEVEL
    while (blocks >> (level - LEVEL)) > 1:
        had, now = before >> (level + 1 - LEVEL), blocks >> (level + 1 - LEVEL)
        for j in range(had, now):
            left, right = reader.get((level, 2 * j)), reader.get((level, 2 * j + 1))
            if left is None or right is None:  # a damaged or partial table: proofs fall back to the leaves
                continue
            new[(level + 1, j)] = reader.nodes[(level + 1, j)] = node_hash(left, right)
        level += 1
    if persist:
        _store(connection, new)
    return reader


def _store(connection: Any, new: Mapping[tuple[int, int], bytes]) -> None:
    rows = [{"level": level, "idx": idx, "hash": h.hex()} for (level, idx), h in sorted(new.items())]
    try:
        with connection.begin_nested():
            connection.execute(_INSERT, rows)
    except sa.exc.DBAPIError:
        pass  # e.g. a team role without INSERT on the table, or a parallel fill: kept in memory


class StoredTree(MerkleTree):
    """A tree of ``size`` leaves whose perfect subtrees of ≥ ``BLOCK`` leaves come from stored
    nodes and whose smaller ones from the few leaves read around the proved event."""

    def __init__(self, connection: Any, size: int, nodes: NodeReader):
        super().__init__(())
        self._connection = connection
        self._size = size
        self._nodes = nodes
        self._leaves: dict[int, bytes] = {}  # leaf index → hash, for the blocks read

    @property
    def size(self) -> int:
        return self._size

    def _leaf_range(self, start: int, end: int) -> list[bytes]:
        if any(i not in self._leaves for i in (start, end - 1)):
            block_start = start - start % BLOCK
            block_end = min(self._size, block_start + BLOCK) if end - start <= BLOCK else end
            block_end = max(block_end, end)
            for offset, h in enumerate(leaf_hashes(self._connection, block_start, block_end)):
                self._leaves[block_start + offset] = h
        return [self._leaves[i] for i in range(start, end)]

    def subtree(self, start: int, end: int) -> bytes:
        n = end - start
        if n == 0:
            return EMPTY_ROOT
        if n & (n - 1) == 0 and start % n == 0 and n >= BLOCK:  # a perfect aligned subtree: stored
            level = n.bit_length() - 1
            found = self._nodes.get((level, start >> level))
            if found is not None:
                return found
        if n <= BLOCK:
            leaves = self._leaf_range(start, end)
            return leaves[0] if n == 1 else root_of_hashes(leaves)
        k = _split(n)
        return node_hash(self.subtree(start, start + k), self.subtree(start + k, end))

    def leaf(self, index: int) -> bytes:
        return self._leaf_range(index, index + 1)[0]


def inclusion_proofs(
    connection: Any, indices: Iterable[int], size: int, root: bytes, *, persist: bool = True
) -> dict[int, list[bytes]]:
    """Inclusion proofs (leaf-side first) of the 0-based leaves ``indices`` in the tree of the
    first ``size`` events, each checked against ``root`` (the signed head's); any that does
    not check is rebuilt from every leaf. Raises :class:`TrailGap` on a gap in the trail."""
    wanted = sorted(set(indices))
    if not wanted:
        return {}
    tree = StoredTree(connection, size, sync_nodes(connection, size, persist=persist))
    proofs: dict[int, list[bytes]] = {}
    bad = []
    for index in wanted:
        proof = tree.inclusion_proof(index)
        if root_from_inclusion(index, size, tree.leaf(index), proof) == root:
            proofs[index] = proof
        else:
            bad.append(index)
    if bad:
        full = MerkleTree(leaf_hashes(connection, 0, size))
        for index in bad:
            proofs[index] = full.inclusion_proof(index)
    return proofs
