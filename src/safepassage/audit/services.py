"""Appending to the audit chain, always inside the transaction of the change it records."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction

from safepassage.audit.chain import GENESIS_HASH, event_digest
from safepassage.audit.models import AuditEvent, AuditHead

ERR_NO_TRANSACTION = "audit_record must run inside the transaction of the change it records."


def _label(actor: AbstractBaseUser | None) -> str:
    return actor.get_username() if actor is not None else "system"


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model,
    fields: Iterable[str] = (),
    person_id: object = "",
) -> AuditEvent:
    """Append one event; the head row lock orders concurrent appends on every database."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError(ERR_NO_TRANSACTION)
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
    )
    # Microsecond precision only: the value must read back from every database unchanged.
    at = datetime.now(UTC)
    event = AuditEvent(
        seq=head.seq + 1,
        at=at,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=_label(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        person_id=str(person_id or ""),
        fields=sorted(set(fields)),
        prev_hash=head.hash,
    )
    event.hash = event_digest(
        seq=event.seq,
        at=event.at,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        person_id=event.person_id,
        fields=event.fields,
        prev_hash=event.prev_hash,
    )
    event.save(force_insert=True)
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


def audit_read(
    *,
    actor: AbstractBaseUser | None,
    persons: Iterable[models.Model],
    what: str,
    fields: Iterable[str] = (),
    obj: models.Model | None = None,
) -> None:
    """Record that `actor` saw `what` (e.g. "identity") of each person: one event per person."""
    field_names = list(fields)
    with transaction.atomic():
        for person in persons:
            audit_record(
                actor=actor,
                action=f"{what}.read",
                obj=obj if obj is not None else person,
                fields=field_names,
                person_id=person.pk,
            )
