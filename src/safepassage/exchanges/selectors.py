"""Exchange reads that need more than a queryset: a round's guard overrides and what one may rest on."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from safepassage.core.policy import can
from safepassage.exchanges.guard import consent_to_return_is_fresh
from safepassage.exchanges.models import ExchangeRound, GuardOverride
from safepassage.protection.models import Interview
from safepassage.protection.selectors import wish_history
from safepassage.registry.models import Person
from safepassage.registry.querysets import persons_scoped


def round_overrides(*, user: Any, round_: ExchangeRound) -> list[GuardOverride]:
    """The round's overrides of men the user may see, oldest first; none for a reader without the
    guard's details (an override's reason tells why a man may go home)."""
    if not can(user, "exchange.guard.details"):
        return []
    overrides = persons_scoped(GuardOverride.objects.for_user(user).filter(round=round_), user, "person")
    return list(
        overrides.select_related("person", "interview", "requested_by", "approved_by").order_by("created_at")
    )


def override_get(*, user: Any, round_: ExchangeRound, pk: Any) -> GuardOverride:
    """One override of the round, or GuardOverride.DoesNotExist when absent or not the user's to see."""
    if not can(user, "exchange.guard.details"):
        raise GuardOverride.DoesNotExist
    overrides = persons_scoped(GuardOverride.objects.for_user(user).filter(round=round_), user, "person")
    return overrides.select_related("person", "interview", "requested_by", "approved_by").get(pk=pk)


def consent_interviews(*, user: Any, person: Person) -> list[Interview]:
    """The man's verified private interviews, held lately, recording his wish to return: those an
    override may rest on (guard.consent_to_return_is_fresh), newest first, read through the
    protection selector that scopes interviews to the user."""
    today = timezone.localdate()
    interviews = wish_history(user=user, person=person)
    return [i for i in reversed(interviews) if consent_to_return_is_fresh(i, today)]
