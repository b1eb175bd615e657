"""RFC 6962 Merkle tree: published vectors and properties (reedesk/audit/merkle.py).

Vectors: the certificate-transparency test data (leaves, roots for sizes 1-8, audit
paths and consistency proofs) used by certificate-transparency-go's merkletree tests
and Google Trillian's ``merkle/testonly`` package.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reedesk.audit.merkle import (
    EMPTY_ROOT,
    Frontier,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    root_from_inclusion,
    verify_consistency,
    verify_inclusion,
)

LEAVES = [
    b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57", bytes(range(0x60, 0x70)),
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = [  # (leaf index, tree size, audit path)
    (0, 1, []),
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]
CONSISTENCY = [  # (old size, new size, proof)
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]


def test_the_empty_tree_hashes_to_sha256_of_nothing():
    assert root([]) == EMPTY_ROOT
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert Frontier().root() == EMPTY_ROOT


def test_leaf_and_node_hashes_are_domain_separated():
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    assert node_hash(b"a", b"b") == hashlib.sha256(b"\x01ab").digest()
    assert leaf_hash(b"\x01ab") != node_hash(b"a", b"b")


@pytest.mark.parametrize("size", range(1, 9))
def test_known_roots(size):
    assert root(LEAVES[:size]).hex() == ROOTS[size - 1]


@pytest.mark.parametrize("index, size, path", INCLUSION)
def test_known_inclusion_proofs(index, size, path):
    proof = inclusion_proof(index, size, LEAVES)
    assert [p.hex() for p in proof] == path
    assert verify_inclusion(leaf_hash(LEAVES[index]), index, size, proof, bytes.fromhex(ROOTS[size - 1]))


@pytest.mark.parametrize("m, n, path", CONSISTENCY)
def test_known_consistency_proofs(m, n, path):
    proof = consistency_proof(m, n, LEAVES)
    assert [p.hex() for p in proof] == path
    assert verify_consistency(m, n, bytes.fromhex(ROOTS[m - 1]), bytes.fromhex(ROOTS[n - 1]), proof)


def test_every_inclusion_and_consistency_proof_up_to_eight_leaves_verifies():
    for n in range(1, 9):
        r = bytes.fromhex(ROOTS[n - 1])
        for i in range(n):
            assert verify_inclusion(leaf_hash(LEAVES[i]), i, n, inclusion_proof(i, n, LEAVES), r)
        for m in range(0, n + 1):
            old = root(LEAVES[:m])
            assert verify_consistency(m, n, old, r, consistency_proof(m, n, LEAVES)), (m, n)


def test_inclusion_fails_for_a_wrong_leaf_index_size_root_or_path():
    proof = inclusion_proof(5, 8, LEAVES)
    good_root = bytes.fromhex(ROOTS[7])
    leaf = leaf_hash(LEAVES[5])
    assert not verify_inclusion(leaf_hash(LEAVES[4]), 5, 8, proof, good_root)
    assert not verify_inclusion(leaf, 4, 8, proof, good_root)
    assert not verify_inclusion(leaf, 5, 6, proof, good_root)
    assert not verify_inclusion(leaf, 5, 4, proof, good_root)
    assert not verify_inclusion(leaf, 5, 8, proof, bytes.fromhex(ROOTS[6]))
    assert not verify_inclusion(leaf, 5, 8, proof[:-1], good_root)
    assert not verify_inclusion(leaf, 5, 8, proof + [proof[0]], good_root)
    flipped = [bytes([proof[0][0] ^ 1]) + proof[0][1:]] + proof[1:]
    assert not verify_inclusion(leaf, 5, 8, flipped, good_root)
    assert root_from_inclusion(8, 8, leaf, proof) is None


def test_consistency_fails_against_a_wrong_root_or_a_tampered_proof():
    proof = consistency_proof(3, 7, LEAVES)
    old, new = bytes.fromhex(ROOTS[2]), bytes.fromhex(ROOTS[6])
    assert verify_consistency(3, 7, old, new, proof)
    assert not verify_consistency(3, 7, old, bytes.fromhex(ROOTS[5]), proof)
    assert not verify_consistency(3, 7, bytes.fromhex(ROOTS[1]), new, proof)
    assert not verify_consistency(3, 7, old, new, proof[:-1])
    assert not verify_consistency(3, 7, old, new, [])
    assert not verify_consistency(7, 3, new, old, proof)
    assert not verify_consistency(4, 4, old, new, [])


def test_proof_requests_outside_the_tree_are_refused():
    with pytest.raises(ValueError):
        inclusion_proof(8, 8, LEAVES)
    with pytest.raises(ValueError):
        consistency_proof(5, 9, LEAVES)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.binary(max_size=8), min_size=1, max_size=70), st.data())
def test_frontier_roots_and_proofs_agree_for_any_tree(leaves, data):
    frontier = Frontier()
    for i, leaf in enumerate(leaves):
        frontier.append(leaf_hash(leaf))
        assert frontier.root() == root(leaves[: i + 1])
    n = len(leaves)
    i = data.draw(st.integers(0, n - 1))
    m = data.draw(st.integers(0, n))
    r = root(leaves)
    assert verify_inclusion(leaf_hash(leaves[i]), i, n, inclusion_proof(i, n, leaves), r)
    assert verify_consistency(m, n, root(leaves[:m]), r, consistency_proof(m, n, leaves))


def test_a_large_memoised_tree_gives_the_same_roots_and_proofs():
    from reedesk.audit.merkle import MerkleTree, root_of_hashes

    hashes = [leaf_hash(i.to_bytes(4, "big")) for i in range(1000)]
    tree = MerkleTree(hashes)
    r = root_of_hashes(hashes)
    assert tree.root() == r
    for index in (0, 1, 255, 256, 511, 512, 777, 999):
        proof = tree.inclusion_proof(index)
        assert verify_inclusion(hashes[index], index, 1000, proof, r)
        assert not verify_inclusion(hashes[index], index ^ 1, 1000, proof, r)
    # same as the recursive definition on the small published tree
    small = MerkleTree([leaf_hash(d) for d in LEAVES])
    assert [p.hex() for p in small.inclusion_proof(5)] == INCLUSION[2][2]
