"""Audit reads: the trail filtered by who, what, which person and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from safepassage.audit.models import AuditEvent


@dataclass(frozen=True)
class TrailFilter:
    """What the auditor asked for; empty fields do not filter. `person_id` is the id events carry."""

    actor: str = ""
    action: str = ""
    person_id: str = ""
    since: date | None = None
    until: date | None = None

    def as_fields(self) -> list[str]:
        """The names of the filters in use, as the export's audit event records them (never values)."""
        return [name for name in ("actor", "action", "person_id", "since", "until") if getattr(self, name)]


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def trail(chosen: TrailFilter, *, up_to: int | None = None) -> QuerySet[AuditEvent]:
    """The events `chosen` selects, newest first; with `up_to`, none after that sequence number.

    An action ending in "." (e.g. "user.") selects every action it begins; otherwise it is exact.
    The dates are whole days in the server's time zone, both included.
    """
    events = AuditEvent.objects.all()
    if chosen.actor:
        events = events.filter(actor_label=chosen.actor)
    if chosen.action:
        if chosen.action.endswith("."):
            events = events.filter(action__startswith=chosen.action)
        else:
            events = events.filter(action=chosen.action)
    if chosen.person_id:
        events = events.filter(person_id=chosen.person_id)
    if chosen.since:
        events = events.filter(at__gte=_start_of(chosen.since))
    if chosen.until:
        events = events.filter(at__lt=_start_of(chosen.until + timedelta(days=1)))
    if up_to is not None:
        events = events.filter(seq__lte=up_to)
    return events.order_by("-seq")
