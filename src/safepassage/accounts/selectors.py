"""Account reads: the stored preferences of a user; the administrator's lists of accounts and units."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, QuerySet

from safepassage.accounts.mfa import SECOND_FACTORS
from safepassage.accounts.models import MfaReset, Preference, Unit
from safepassage.core.roles import Role


def user_language(user: AbstractBaseUser) -> str:
    """The language `user` chose, or "" if none was chosen (the browser's choice then applies)."""
    return Preference.objects.filter(user=user).values_list("language", flat=True).first() or ""


@dataclass(frozen=True)
class AccountRow:
    """One account as the administrator's list shows it: no case data, only who may do what."""

    user: Any
    role: str
    unit: Unit | None
    has_second_factor: bool
    pending_reset: MfaReset | None


def accounts(*, role: str = "", unit: Unit | None = None, active: bool | None = None) -> QuerySet[Any]:
    """Every account, by username; filtered by role (a group name), unit and whether it is active."""
    users = get_user_model().objects.order_by("username").prefetch_related("groups")
    users = users.select_related("membership__unit")
    if role:
        users = users.filter(groups__name=role)
    if unit is not None:
        users = users.filter(membership__unit=unit)
    if active is not None:
        users = users.filter(is_active=active)
    return users


def account_rows(users: Iterable[Any]) -> list[AccountRow]:
    """The rows of one page of `accounts()`: two queries for the factors and resets, whatever its size."""
    users = list(users)
    ids = [u.pk for u in users]
    with_factor = set(
        Authenticator.objects.filter(user_id__in=ids, type__in=SECOND_FACTORS).values_list(
            "user_id", flat=True
        )
    )
    pending = {r.user_id: r for r in MfaReset.objects.filter(user_id__in=ids, approved_at__isnull=True)}
    rows = []
    for user in users:
        names = {g.name for g in user.groups.all()}
        role = next((r.value for r in Role if r.value in names), "")
        membership = getattr(user, "membership", None)
        rows.append(
            AccountRow(
                user,
                role,
                membership.unit if membership else None,
                user.pk in with_factor,
                pending.get(user.pk),
            )
        )
    return rows


def pending_resets() -> QuerySet[MfaReset]:
    """Second-factor resets waiting for a second administrator, oldest first."""
    return (
        MfaReset.objects.filter(approved_at__isnull=True)
        .select_related("user", "requested_by")
        .order_by("requested_at")
    )


def units_with_counts() -> QuerySet[Unit]:
    return Unit.objects.annotate(members_count=Count("members", distinct=True)).order_by("name")
