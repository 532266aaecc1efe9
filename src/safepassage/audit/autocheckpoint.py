"""Checkpoints that happen: signed after every N events or at the first event M minutes after the
last one, once the appending transaction commits, then copied to the witness directory."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)
_state = threading.local()
REFRESH_SECONDS = 60


def _last_checkpoint() -> tuple[int, datetime]:
    from safepassage.audit.models import AuditCheckpoint, AuditEvent

    last = AuditCheckpoint.objects.order_by("-size").values_list("size", "at").first()
    if last is not None:
        return int(last[0]), last[1]
    first = AuditEvent.objects.order_by("seq").values_list("at", flat=True).first()
    return 0, first or datetime.now(UTC)


def is_due(seq: int, *, now: datetime | None = None) -> bool:
    """Whether the chain at `seq` events wants a checkpoint (the last one is remembered per thread)."""
    every = int(getattr(settings, "SAFEPASSAGE_AUDIT_CHECKPOINT_EVENTS", 0))
    minutes = int(getattr(settings, "SAFEPASSAGE_AUDIT_CHECKPOINT_MINUTES", 0))
    if every <= 0 and minutes <= 0:
        return False
    known = getattr(_state, "last", None)
    if known is None or known[0] > seq or time.monotonic() - known[2] > REFRESH_SECONDS:
        # First append of this thread, a database replaced (a restore), or another process's
        # checkpoint to learn about: asked again at most once a minute.
        known = _state.last = (*_last_checkpoint(), time.monotonic())
    size, at, _ = known
    now = now or datetime.now(UTC)
    return (every > 0 and seq - size >= every) or (
        minutes > 0 and seq > size and now - at >= timedelta(minutes=minutes)
    )


def forget() -> None:
    _state.last = None


def run_checkpoint() -> None:
    """Sign and export now; a failure (no signing key, a full disk) is logged, never the request's."""
    from safepassage.audit.checkpoints import checkpoint_create
    from safepassage.audit.witness import export_to_witness
    from safepassage.core.rls import SYSTEM, database_context

    try:
        with database_context(SYSTEM):
            cp = checkpoint_create()
            _state.last = (cp.size, cp.at, time.monotonic())
            export_to_witness()
    except Exception:
        logger.exception("Automatic audit checkpoint failed; `safepassage audit checkpoint` retries it.")


def _after_commit() -> None:
    run_checkpoint()


def schedule_checkpoint(seq: int) -> None:
    """Called by every append, inside its transaction: sign after it commits, if one is due."""
    connection = transaction.get_connection()
    # Once per transaction (a rollback drops the callback, and the next append asks again).
    if any(entry[1] is _after_commit for entry in connection.run_on_commit) or not is_due(seq):
        return
    connection.on_commit(_after_commit)
