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

from hashlib import sha256

import sqlalchemy as sa

from reedesk.audit.merkle import EMPTY_ROOT, MerkleTree, _split, node_hash, root_from_inclusion

LEVEL = 8
BLOCK = 1 << LEVEL

_LEAVES = sa.text("SELECT seq, hash FROM audit_event WHERE seq > :first AND seq <= :last ORDER BY seq")
_COVERED = sa.text("SELECT max(idx) FROM audit_merkle_node WHERE level = :level")
_INSERT = sa.text("INSERT INTO audit_merkle_node (level, idx, hash) VALUES (:level, :idx, :hash)")


class TrailGap(Exception):
    """The events' sequence numbers have a gap: nothing is built on them (``audit verify`` names it)."""


def leaf_hashes(connection: Any, first: int, last: int) -> list[bytes]:
    """RFC 6962 leaf hashes of events ``first+1 … last`` (0-based leaves ``first … last-1``): each
    ``event_leaf_hash`` (SHA-256 of 0x00 ‖ the event's 32-byte chain hash), in one pass over rows fetched at
    once — the first export after 100,000 bulk-written events reads them all (issue 13: ~1.1 s with a
    Python call per row through two hash helpers and the cursor's row-at-a-time fetch)."""
    rows = connection.execute(_LEAVES, {"first": first, "last": last}).all()
    if len(rows) != last - first or (rows and (rows[0][0] != first + 1 or rows[-1][0] != last)):
        expected = first + 1  # the gap's place, for the message
        for seq, _ in rows:
            if seq != expected:
                raise TrailGap(seq)
            expected += 1
        raise TrailGap(expected)
    fromhex = bytes.fromhex
    return [sha256(b"\x00" + fromhex(digest)).digest() for _, digest in rows]


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
        new[(LEVEL, b)] = _perfect_root(leaves[offset:offset + BLOCK])
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


def _perfect_root(hashes: list[bytes]) -> bytes:
    """MTH of a perfect tree (a power-of-two number of leaf hashes), pairing level by level.

    The same root as ``root_of_hashes`` (for 2^k leaves every split is the middle), without its frontier's
    per-leaf Python steps: the first export after 100,000 bulk-written events fills 390 blocks (issue 13)."""
    level = hashes
    while len(level) > 1:
        pairs = iter(level)
        level = [sha256(b"\x01" + left + right).digest() for left, right in zip(pairs, pairs)]
    return level[0]


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
        self._memo: dict[tuple[int, int], bytes] = {}  # (start, end) → MTH, every node computed here

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
        """MTH of leaves ``[start, end)``: a stored node where there is one, else its two halves, each
        node computed once per tree (``_memo``).

        Why the memo reaches below ``BLOCK``: every proof of an export passes the same few subtrees —
        the tail after the last complete block is in every proof's path, and the siblings inside an
        event's block are shared by the dossier's other events there. Computed afresh per proof step
        (``root_of_hashes`` over up to 255 leaves each time), 25 proved events of a 100,000-event trail
        hashed ~12,000 nodes, ~43 ms of a 270 ms export; once each, a touched block costs at most
        ``2 * BLOCK`` hashes whatever the number of events proved in it (issue 13, EXPORT7)."""
        n = end - start
        if n == 0:
            return EMPTY_ROOT
        if n == 1:
            leaf = self._leaves.get(start)
            return leaf if leaf is not None else self._leaf_range(start, end)[0]
        found = self._memo.get((start, end))
        if found is not None:
            return found
        if n & (n - 1) == 0 and start % n == 0 and n >= BLOCK:  # a perfect aligned subtree: stored
            level = n.bit_length() - 1
            found = self._nodes.get((level, start >> level))
            if found is not None:
                return found
        k = _split(n)  # below BLOCK the leaves come from one read of their block (``_leaf_range``)
        found = self._memo[(start, end)] = node_hash(self.subtree(start, start + k), self.subtree(start + k, end))
        return found

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
