"""RFC 6962 / RFC 9162 Merkle tree hashes, inclusion and consistency proofs.

leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right), the tree over n
leaves splits at the largest power of two below n, and the empty tree hashes to
SHA-256(""). Proof generation follows RFC 6962 §2.1.1-2.1.2 (PATH, PROOF/SUBPROOF);
verification follows RFC 9162 §2.1.3.2 and §2.1.4.2, which need only the proof.
Functions named ``*_hashes`` work on leaf hashes so callers that already hold them
(the audit trail) do not re-hash.
"""

from __future__ import annotations

import hashlib
from typing import Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly below ``n`` (n ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root_of_hashes(hashes: Sequence[bytes]) -> bytes:
    """MTH over leaf hashes, iteratively (an audit trail has 100,000 leaves)."""
    frontier = Frontier()
    for h in hashes:
        frontier.append(h)
    return frontier.root()


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of leaf data."""
    return root_of_hashes([leaf_hash(d) for d in leaves])


class MerkleTree:
    """A fixed tree over leaf hashes that answers many proofs cheaply.

    Subtree roots over ranges of at least ``_MEMO_MIN`` leaves are remembered, so the
    first proof costs O(n) hashing and each further one O(log n) — an evidence pack
    proves a dozen events of a 100,000-event trail.
    """

    _MEMO_MIN = 256

    def __init__(self, hashes: Sequence[bytes]):
        self.hashes = list(hashes)
        self._memo: dict[tuple[int, int], bytes] = {}

    @property
    def size(self) -> int:
        return len(self.hashes)

    def subtree(self, start: int, end: int) -> bytes:
        """MTH of leaves ``[start, end)``."""
        n = end - start
        if n == 0:
            return EMPTY_ROOT
        if n == 1:
            return self.hashes[start]
        if n < self._MEMO_MIN:
            return root_of_hashes(self.hashes[start:end])
        cached = self._memo.get((start, end))
        if cached is None:
            k = _split(n)
            cached = node_hash(self.subtree(start, start + k), self.subtree(start + k, end))
            self._memo[(start, end)] = cached
        return cached

    def root(self) -> bytes:
        return self.subtree(0, self.size)

    def inclusion_proof(self, index: int) -> list[bytes]:
        """PATH(index, D[n]) (RFC 6962 §2.1.1), leaf-side first."""
        if not 0 <= index < self.size:
            raise ValueError(f"leaf {index} is not in a tree of size {self.size}")
        path: list[bytes] = []
        start, end = 0, self.size
        while end - start > 1:
            k = _split(end - start)
            if index < start + k:
                path.append(self.subtree(start + k, end))
                end = start + k
            else:
                path.append(self.subtree(start, start + k))
                start = start + k
        path.reverse()
        return path


def inclusion_proof_hashes(index: int, size: int, hashes: Sequence[bytes]) -> list[bytes]:
    if not 0 <= index < size <= len(hashes):
        raise ValueError(f"leaf {index} is not in a tree of size {size} (have {len(hashes)} leaves)")
    return MerkleTree(hashes[:size]).inclusion_proof(index)


def inclusion_proof(index: int, size: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(index, D[size]): the audit path of leaf ``index`` (0-based)."""
    return inclusion_proof_hashes(index, size, [leaf_hash(d) for d in leaves[:size]])


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes | None:
    """The root an inclusion proof leads to from leaf hash ``leaf``, or None if malformed."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes) -> bool:
    """True if ``proof`` shows leaf hash ``leaf`` at ``index`` in the tree of ``size`` with ``expected_root``."""
    return root_from_inclusion(index, size, leaf, proof) == expected_root


def _subproof(m: int, hashes: Sequence[bytes], complete: bool) -> list[bytes]:
    n = len(hashes)
    if m == n:
        return [] if complete else [root_of_hashes(hashes)]
    k = _split(n)
    if m <= k:
        return _subproof(m, hashes[:k], complete) + [root_of_hashes(hashes[k:])]
    return _subproof(m - k, hashes[k:], False) + [root_of_hashes(hashes[:k])]


def consistency_proof_hashes(m: int, n: int, hashes: Sequence[bytes]) -> list[bytes]:
    if not 0 <= m <= n <= len(hashes):
        raise ValueError(f"cannot prove size {m} consistent with size {n} (have {len(hashes)} leaves)")
    if m == 0 or m == n:
        return []
    return _subproof(m, hashes[:n], True)


def consistency_proof(m: int, n: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]): shows the tree of size m is a prefix of the tree of size n."""
    return consistency_proof_hashes(m, n, [leaf_hash(d) for d in leaves[:n]])


def verify_consistency(m: int, n: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2: True if the size-``m`` tree is a prefix of the size-``n`` tree."""
    if not 0 <= m <= n:
        return False
    if m == n:
        return not proof and first_root == second_root
    if m == 0:
        return not proof  # every tree extends the empty tree
    if not proof:
        return False
    path = list(proof)
    if m & (m - 1) == 0:  # m is a power of two: the old root is itself a node of the proof
        path.insert(0, first_root)
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


class Frontier:
    """The right edge of a growing tree: the roots of its perfect subtrees, largest first.

    Appending is O(log n) amortised and :meth:`root` is O(log n), so a verifier can
    compare every signed tree head while reading 100,000 events once.
    """

    def __init__(self) -> None:
        self._stack: list[tuple[int, bytes]] = []  # (height, hash)
        self.size = 0

    def append(self, leaf: bytes) -> None:
        height, h = 0, leaf
        while self._stack and self._stack[-1][0] == height:
            _, left = self._stack.pop()
            h = node_hash(left, h)
            height += 1
        self._stack.append((height, h))
        self.size += 1

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        acc = self._stack[-1][1]
        for _, h in reversed(self._stack[:-1]):
            acc = node_hash(h, acc)
        return acc
