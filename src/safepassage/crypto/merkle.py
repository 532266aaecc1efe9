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


# A compact range: the roots of the perfect subtrees that make up the first n leaves, largest
# first, as (size, hash). It extends leaf by leaf, so a checkpoint needs only the new events.
Frontier = list[tuple[int, bytes]]


def frontier_extend(frontier: Frontier, leaves: Sequence[bytes]) -> Frontier:
    """The compact range after appending already-hashed `leaves`."""
    out = list(frontier)
    for leaf in leaves:
        out.append((1, leaf))
        while len(out) > 1 and out[-1][0] == out[-2][0]:
            (size, right), (_, left) = out.pop(), out.pop()
            out.append((size * 2, node_hash(left, right)))
    return out


def frontier_root(frontier: Frontier) -> bytes:
    """MTH of the leaves the compact range stands for (the same as root_of_leaf_hashes)."""
    if not frontier:
        return hashlib.sha256(b"").digest()
    root = frontier[-1][1]
    for _, subtree in reversed(frontier[:-1]):
        root = node_hash(subtree, root)
    return root
