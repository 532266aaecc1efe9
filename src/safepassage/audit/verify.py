"""Walking the audit chain: the first event whose content, link or key does not hold.

An event is keyed (HMAC under the audit key of its epoch, kept with the operator's keys) or, for
the events written before the chain became keyed, hashed by the old public rule. A legacy event is
accepted only up to the keyring's `legacy_until`: after it, anyone with write access to the
database alone could compute one, so it is a forgery. Epochs never go back along the chain.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from safepassage.audit.chain import GENESIS_HASH, LEGACY_EPOCH, digest_of
from safepassage.audit.models import AuditEvent, AuditHead
from safepassage.core.keys import keyring
from safepassage.crypto.keyring import Keyring

ERR_MISSING = "event #{seq} is missing"
ERR_LINK = "its link to the previous event is broken"
ERR_CONTENT = "its content does not match its hash under the audit key of epoch {epoch}"
ERR_LEGACY_CONTENT = "its content does not match its (old, unkeyed) hash"
ERR_LEGACY_AFTER = (
    "it carries the old unkeyed hash, which the chain no longer accepts after event #{until}: "
    "anyone who can write to the database could have computed it"
)
ERR_EPOCH_BACK = "its audit key epoch {epoch} is older than the previous event's {previous}"
ERR_EPOCH_UNKNOWN = "it names audit key epoch {epoch}, which the keyring does not hold"
ERR_HEAD = "the chain head does not match the last event"


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    # How many of the verified events were hashed by the old unkeyed rule (before the keyed chain).
    legacy: int = 0
    epochs: tuple[int, ...] = ()


def verify_chain(batch: int = 2000, ring: Keyring | None = None) -> ChainReport:
    ring = ring or keyring()
    legacy_until = ring.audit_legacy_until
    prev_hash, expected_seq, checked, legacy, epoch_before = GENESIS_HASH, 1, 0, 0, LEGACY_EPOCH
    epochs: set[int] = set()

    def broken(seq: int | None, reason: str) -> ChainReport:
        return ChainReport(False, checked, seq, reason, legacy, tuple(sorted(epochs)))

    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch):
        if event.seq != expected_seq:
            return broken(expected_seq, ERR_MISSING.format(seq=expected_seq))
        if event.prev_hash != prev_hash:
            return broken(event.seq, ERR_LINK)
        epoch = event.key_epoch
        if epoch == LEGACY_EPOCH:
            # Unset legacy_until (an upgrade `init` has not finished): legacy events only as a prefix.
            limit = legacy_until if legacy_until is not None else (event.seq if epoch_before == 0 else 0)
            if event.seq > limit:
                return broken(event.seq, ERR_LEGACY_AFTER.format(until=limit))
            if digest_of(event) != event.hash:
                return broken(event.seq, ERR_LEGACY_CONTENT)
            legacy += 1
        else:
            if epoch < epoch_before:
                return broken(event.seq, ERR_EPOCH_BACK.format(epoch=epoch, previous=epoch_before))
            if epoch not in ring.audit_keys:
                return broken(event.seq, ERR_EPOCH_UNKNOWN.format(epoch=epoch))
            if not hmac.compare_digest(digest_of(event, ring.audit_keys[epoch]), event.hash):
                return broken(event.seq, ERR_CONTENT.format(epoch=epoch))
            epochs.add(epoch)
            epoch_before = epoch
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq != checked or head_hash != prev_hash:
        missing = checked + 1 if head_seq > checked else None
        return broken(missing, ERR_HEAD)
    return ChainReport(True, checked, legacy=legacy, epochs=tuple(sorted(epochs)))
