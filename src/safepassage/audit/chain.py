"""How an audit event is hashed: HMAC-SHA256 under the audit key of its epoch, over a canonical JSON.

Epoch 0 is the old rule (plain SHA-256 over public code): anyone who can write the table can compute
it, so it is accepted only for the events written before the chain became keyed (audit.verify).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64
LEGACY_EPOCH = 0


def event_digest(
    *,
    seq: int,
    at: datetime,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    person_id: str,
    fields: list[str],
    prev_hash: str,
    purpose: str = "",
    epoch: int = LEGACY_EPOCH,
    key: bytes | None = None,
) -> str:
    payload: dict[str, Any] = {
        "seq": seq,
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "person_id": person_id,
        "fields": fields,
        "prev": prev_hash,
    }
    if purpose:
        # Only when set, so the events written before the column existed still verify.
        payload["purpose"] = purpose
    if epoch != LEGACY_EPOCH:
        # Bound into the MAC: an event cannot be moved to another epoch's key.
        payload["epoch"] = epoch
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    if epoch == LEGACY_EPOCH:
        return hashlib.sha256(canonical).hexdigest()
    if key is None or len(key) != 32:
        raise ValueError(f"a keyed audit event (epoch {epoch}) needs its 32-byte audit key")
    return hmac.new(key, canonical, hashlib.sha256).hexdigest()


def digest_of(event: Any, key: bytes | None = None) -> str:
    """The digest of an event row (or anything with its attributes): the writer's and the verifier's."""
    return event_digest(
        seq=event.seq,
        at=event.at,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        person_id=event.person_id,
        fields=list(event.fields),
        prev_hash=event.prev_hash,
        purpose=event.purpose,
        epoch=event.key_epoch,
        key=key,
    )
