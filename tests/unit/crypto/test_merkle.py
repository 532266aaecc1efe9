"""Merkle roots agree with the reference tree heads published with RFC 6962 (Certificate Transparency)."""

from __future__ import annotations

import hashlib

import pytest

from safepassage.crypto.merkle import leaf_hash, merkle_root, node_hash

LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


@pytest.mark.parametrize("size", range(len(ROOTS)))
def test_the_root_of_the_first_n_reference_leaves_is_the_published_one(size: int) -> None:
    assert ROOTS[size] == merkle_root(LEAVES[:size]).hex()


def test_leaves_and_nodes_are_domain_separated() -> None:
    left, right = leaf_hash(b"a"), leaf_hash(b"b")
    assert hashlib.sha256(b"\x00a").digest() == left
    assert hashlib.sha256(b"\x01" + left + right).digest() == node_hash(left, right)
    # A two-leaf tree's root is not the leaf hash of the concatenated leaves.
    assert merkle_root([b"a", b"b"]) != leaf_hash(left + right)


def test_changing_or_reordering_any_leaf_changes_the_root() -> None:
    leaves = [bytes([i]) * 32 for i in range(13)]
    root = merkle_root(leaves)
    for i in range(len(leaves)):
        changed = [*leaves[:i], b"\xff" * 32, *leaves[i + 1 :]]
        assert root != merkle_root(changed)
    assert root != merkle_root([leaves[1], leaves[0], *leaves[2:]])
