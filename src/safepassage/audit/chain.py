"""How an audit event is hashed: a canonical JSON of its content and the previous hash."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


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
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def digest_of(event: Any) -> str:
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
    )
