"""Walking the audit chain: the first event whose content or link does not hold."""

from __future__ import annotations

from dataclasses import dataclass

from safepassage.audit.chain import GENESIS_HASH, digest_of
from safepassage.audit.models import AuditEvent, AuditHead


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def verify_chain(batch: int = 2000) -> ChainReport:
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    events = AuditEvent.objects.order_by("seq").iterator(chunk_size=batch)
    for event in events:
        if event.seq != expected_seq:
            return ChainReport(False, checked, expected_seq, f"event #{expected_seq} is missing")
        if event.prev_hash != prev_hash:
            return ChainReport(False, checked, event.seq, "its link to the previous event is broken")
        digest = digest_of(event)
        if digest != event.hash:
            return ChainReport(False, checked, event.seq, "its content does not match its hash")
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq != checked or head_hash != prev_hash:
        missing = checked + 1 if head_seq > checked else None
        return ChainReport(False, checked, missing, "the chain head does not match the last event")
    return ChainReport(True, checked)
