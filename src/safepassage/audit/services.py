"""Appending to the audit chain, always inside the transaction of the change it records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction

from safepassage.audit.chain import GENESIS_HASH, digest_of
from safepassage.audit.models import AuditEvent, AuditHead
from safepassage.core.bulk import insert_rows
from safepassage.core.keys import keyring

ERR_NO_TRANSACTION = "audit_record must run inside the transaction of the change it records."
ERR_NO_OBJECT = "audit_record needs the object it records: pass obj= or object_ref=(type, id)."
# The object id a list page is recorded against: the whole list the reader saw.
LIST_ID = "*"


def _label(actor: AbstractBaseUser | None) -> str:
    return actor.get_username() if actor is not None else "system"


def _audit_key() -> tuple[int, bytes]:
    """The newest audit epoch and its key, read under the head lock (a rotation is seen at once)."""
    ring = keyring()
    epoch = ring.audit_epoch
    return epoch, ring.audit_key(epoch)


def _check_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(ERR_NO_TRANSACTION)


def _locked_head() -> AuditHead:
    """The chain's head row, locked until the transaction ends; refuses to run outside one."""
    _check_transaction()
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
    )
    return head


def _chained(
    *,
    seq: int,
    prev_hash: str,
    epoch: int,
    key: bytes,
    actor: AbstractBaseUser | None,
    action: str,
    object_type: str,
    object_id: str,
    person_id: object,
    fields: Iterable[str],
    purpose: str,
) -> AuditEvent:
    """The one way an event is built: its place in the chain, its content, and its keyed hash."""
    event = AuditEvent(
        seq=seq,
        # Microsecond precision only: the value must read back from every database unchanged.
        at=datetime.now(UTC),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=_label(actor),
        action=action,
        object_type=object_type,
        object_id=object_id,
        person_id=str(person_id or ""),
        fields=sorted(set(fields)),
        purpose=purpose,
        prev_hash=prev_hash,
        key_epoch=epoch,
    )
    event.hash = digest_of(event, key)
    return event


def _after_append(seq: int) -> None:
    from safepassage.audit.autocheckpoint import schedule_checkpoint

    schedule_checkpoint(seq)


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model | None = None,
    fields: Iterable[str] = (),
    person_id: object = "",
    purpose: str = "",
    object_ref: tuple[str, str] | None = None,
) -> AuditEvent:
    """Append one event; the head row lock orders concurrent appends on every database.

    The object is `obj`, or for something that is not one row (a list page) `object_ref`:
    (object type, object id), e.g. ("protection.worklist", "*").
    """
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, str(obj.pk)
    elif object_ref is not None:
        object_type, object_id = object_ref
    else:
        raise ValueError(ERR_NO_OBJECT)
    head = _locked_head()
    epoch, key = _audit_key()
    event = _chained(
        seq=head.seq + 1,
        prev_hash=head.hash,
        epoch=epoch,
        key=key,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        person_id=person_id,
        fields=fields,
        purpose=purpose,
    )
    event.save(force_insert=True)
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    _after_append(event.seq)
    return event


@dataclass(frozen=True)
class PendingEvent:
    """One event to append with `audit_record_many`: what `audit_record` takes, as a value.

    The object is `obj`, or for something that is not one row `object_ref` (type, id), as there.
    """

    actor: AbstractBaseUser | None
    action: str
    obj: models.Model | None
    fields: Sequence[str] = field(default_factory=tuple)
    person_id: object = ""
    purpose: str = ""
    object_ref: tuple[str, str] | None = None

    def object_key(self) -> tuple[str, str]:
        if self.obj is not None:
            return self.obj._meta.label_lower, str(self.obj.pk)
        if self.object_ref is not None:
            return self.object_ref
        raise ValueError(ERR_NO_OBJECT)


def audit_record_many(events: Sequence[PendingEvent], *, batch_size: int = 2000) -> int:
    """Append many events in order under one head lock: the same chain as one `audit_record` each."""
    _check_transaction()
    if not events:
        return 0
    head = _locked_head()
    seq, prev = head.seq, head.hash
    epoch, key = _audit_key()
    rows = []
    for pending in events:
        seq += 1
        object_type, object_id = pending.object_key()
        event = _chained(
            seq=seq,
            prev_hash=prev,
            epoch=epoch,
            key=key,
            actor=pending.actor,
            action=pending.action,
            object_type=object_type,
            object_id=object_id,
            person_id=pending.person_id,
            fields=pending.fields,
            purpose=pending.purpose,
        )
        prev = event.hash
        rows.append(event)
    insert_rows(AuditEvent, rows, batch_size=batch_size)
    head.seq, head.hash = seq, prev
    head.save(update_fields=["seq", "hash"])
    _after_append(seq)
    return len(rows)


def audit_read(
    *,
    actor: AbstractBaseUser | None,
    persons: Iterable[models.Model],
    what: str,
    fields: Iterable[str] = (),
    obj: models.Model | None = None,
    purpose: str = "",
) -> None:
    """Record that `actor` saw `what` (e.g. "identity") of each person: one event per person.

    The events of one page are appended together, so a list page costs the same few queries
    whether it shows one person or fifty.
    """
    with transaction.atomic():
        audit_record_many(
            read_events(actor=actor, persons=persons, what=what, fields=fields, obj=obj, purpose=purpose)
        )


def read_events(
    *,
    actor: AbstractBaseUser | None,
    persons: Iterable[models.Model],
    what: str,
    fields: Iterable[str] = (),
    obj: models.Model | None = None,
    purpose: str = "",
) -> list[PendingEvent]:
    """`audit_read`'s events, not yet appended: to append with others of the same page at once."""
    field_names = tuple(fields)
    return [
        PendingEvent(
            actor, f"{what}.read", obj if obj is not None else person, field_names, person.pk, purpose
        )
        for person in persons
    ]


def audit_view_read(
    *,
    actor: AbstractBaseUser | None,
    what: str,
    purpose: str,
    obj: models.Model | None = None,
    listing: str = "",
    person: models.Model | None = None,
    fields: Iterable[str] = (),
) -> AuditEvent:
    """One event for one page or API read: `obj` seen (or the list named `listing`), and why."""
    with transaction.atomic():
        return audit_record(
            actor=actor,
            action=f"{what}.read",
            obj=obj,
            object_ref=(listing, LIST_ID) if obj is None else None,
            fields=fields,
            person_id=person.pk if person is not None else "",
            purpose=purpose,
        )
