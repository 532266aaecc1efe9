"""Signed checkpoints: an RFC 6962 Merkle root over event hashes, signed with Ed25519."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from safepassage.audit.chain import GENESIS_HASH
from safepassage.audit.models import AuditCheckpoint, AuditEvent, AuditHead
from safepassage.audit.services import audit_record
from safepassage.crypto.merkle import (
    Frontier,
    frontier_extend,
    frontier_root,
    leaf_hash,
    root_of_leaf_hashes,
)
from safepassage.crypto.signing import load_signing_key, public_key_b64, sign_b64, signature_valid

FORMAT = "safepassage-audit-checkpoint/1"
EXPORT_FORMAT = "safepassage-audit-export/1"
ERR_ROOT = "checkpoint of {size} events: the events no longer hash to the signed root"
ERR_SIGNATURE = "checkpoint of {size} events: the signature does not verify"
ERR_FOREIGN_KEY = "checkpoint of {size} events: signed by a key that is not this installation's"
ERR_SHORT = "checkpoint of {size} events: only {count} events exist"


def checkpoint_message(*, size: int, root: str, at: datetime) -> bytes:
    """The exact bytes signed: canonical JSON, so a witness can rebuild them."""
    body = {"format": FORMAT, "size": size, "root": root, "at": at.isoformat(timespec="microseconds")}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def chain_leaves(limit: int | None = None, after: int = 0) -> list[bytes]:
    """The event hashes after event `after` up to event `limit`: the Merkle tree's leaves."""
    hashes = AuditEvent.objects.filter(seq__gt=after).order_by("seq").values_list("hash", flat=True)
    if limit is not None:
        hashes = hashes[: limit - after]
    return [leaf_hash(bytes.fromhex(h)) for h in hashes.iterator(chunk_size=5000)]


def _stored_frontier(cp: AuditCheckpoint, public: str) -> Frontier | None:
    """A checkpoint's compact range, if it is ours, signed, and really stands for its signed root."""
    try:
        frontier = [(int(size), bytes.fromhex(h)) for size, h in cp.frontier]
    except (TypeError, ValueError):
        return None
    message = checkpoint_message(size=cp.size, root=cp.root, at=cp.at)
    if (
        cp.public_key != public
        or sum(size for size, _ in frontier) != cp.size
        or frontier_root(frontier).hex() != cp.root
        or not signature_valid(public, message, cp.signature)
    ):
        return None
    return frontier


def _frontier_at(size: int, public: str) -> Frontier:
    """The compact range of the first `size` events, from the latest usable checkpoint onwards."""
    for cp in AuditCheckpoint.objects.filter(size__lte=size).exclude(frontier=[]).order_by("-size")[:3]:
        frontier = _stored_frontier(cp, public)
        if frontier is not None:
            return frontier_extend(frontier, chain_leaves(size, after=cp.size))
    return frontier_extend([], chain_leaves(size))


def signing_key() -> Any:
    """The checkpoint signing key, read from the home (AUDIT_SIGNING_KEY_PATH)."""
    return load_signing_key(Path(settings.AUDIT_SIGNING_KEY_PATH))


@transaction.atomic
def checkpoint_create() -> AuditCheckpoint:
    """Sign the chain as it stands; with no new events since the last one, return that one."""
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
    )
    existing = AuditCheckpoint.objects.filter(size=head.seq).first()
    if existing is not None:
        return existing
    key = signing_key()
    public = public_key_b64(key)
    frontier = _frontier_at(head.seq, public)
    root = frontier_root(frontier).hex()
    at = datetime.now(UTC)
    return AuditCheckpoint.objects.create(
        size=head.seq,
        root=root,
        at=at,
        public_key=public,
        signature=sign_b64(key, checkpoint_message(size=head.seq, root=root, at=at)),
        frontier=[[size, h.hex()] for size, h in frontier],
    )


@transaction.atomic
def checkpoint_sign(*, actor: Any) -> AuditCheckpoint:
    """`checkpoint_create` asked for by a signed-in user: his request is an event of the chain it signs."""
    audit_record(actor=actor, action="audit.checkpoint", object_ref=("audit.auditcheckpoint", "*"))
    return checkpoint_create()


@dataclass(frozen=True)
class CheckpointReport:
    ok: bool
    checked: int
    problems: tuple[str, ...] = ()


def verify_checkpoints() -> CheckpointReport:
    """Every checkpoint's root rebuilt from today's events, and its signature by our key."""
    public = public_key_b64(signing_key())
    leaves = chain_leaves()
    problems: list[str] = []
    checkpoints = list(AuditCheckpoint.objects.order_by("size"))
    for cp in checkpoints:
        if cp.public_key != public:
            problems.append(ERR_FOREIGN_KEY.format(size=cp.size))
        message = checkpoint_message(size=cp.size, root=cp.root, at=cp.at)
        if not signature_valid(public, message, cp.signature):
            problems.append(ERR_SIGNATURE.format(size=cp.size))
        if cp.size > len(leaves):
            problems.append(ERR_SHORT.format(size=cp.size, count=len(leaves)))
        elif root_of_leaf_hashes(leaves[: cp.size]).hex() != cp.root:
            problems.append(ERR_ROOT.format(size=cp.size))
    return CheckpointReport(not problems, len(checkpoints), tuple(problems))


def export_document() -> dict[str, Any]:
    """What a neutral witness keeps: our public key and every signed root, no event content."""
    head = AuditHead.objects.filter(pk=1).first()
    return {
        "format": EXPORT_FORMAT,
        "public_key_ed25519": public_key_b64(signing_key()),
        "merkle": "RFC 6962: leaf = SHA-256(0x00 || event hash), node = SHA-256(0x01 || left || right)",
        "head": {"size": head.seq if head else 0, "hash": head.hash if head else GENESIS_HASH},
        "checkpoints": [
            {
                "size": cp.size,
                "root": cp.root,
                "at": cp.at.isoformat(timespec="microseconds"),
                "signed_message": checkpoint_message(size=cp.size, root=cp.root, at=cp.at).decode(),
                "signature": cp.signature,
            }
            for cp in AuditCheckpoint.objects.order_by("size")
        ],
    }
