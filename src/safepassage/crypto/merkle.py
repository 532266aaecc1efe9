"""Merkle tree hashes in the style of RFC 6962 (Certificate Transparency), section 2.1."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def root_of_leaf_hashes(leaves: Sequence[bytes]) -> bytes:
    """MTH over already-hashed leaves: the empty tree hashes to SHA-256 of nothing."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = _split(len(leaves))
    return node_hash(root_of_leaf_hashes(leaves[:k]), root_of_leaf_hashes(leaves[k:]))


def merkle_root(entries: Sequence[bytes]) -> bytes:
    return root_of_leaf_hashes([leaf_hash(e) for e in entries])
