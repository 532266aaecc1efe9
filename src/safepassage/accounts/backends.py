"""The authentication backend: allauth's, loading the signed-in user with his role and factor.

Every request loads its user from the session; the policy then asks for his role (a query on his
groups) and the MFA middleware whether he has a second factor (another). Both are read here in the
same query as the user (two subqueries), fresh on every request, so a changed role, a deactivation
or a second-factor reset still takes effect at the user's next request.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Case, Exists, IntegerField, OuterRef, Subquery, Value, When

from safepassage.accounts.mfa import SECOND_FACTOR_CACHE, SECOND_FACTORS
from safepassage.core.policy import ROLE_CACHE
from safepassage.core.roles import Role


def _role_name() -> Subquery:
    """The name of the user's first group that is a role, in the roles' order (as `role_of`)."""
    rank = Case(
        *(When(name=role.value, then=Value(n)) for n, role in enumerate(Role)), output_field=IntegerField()
    )
    groups = Group.objects.filter(user=OuterRef("pk"), name__in=[r.value for r in Role])
    return Subquery(groups.annotate(rank=rank).order_by("rank").values("name")[:1])


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id: Any) -> Any:
        users = get_user_model()._default_manager.annotate(
            sp_role=_role_name(),
            sp_second_factor=Exists(
                Authenticator.objects.filter(user=OuterRef("pk"), type__in=SECOND_FACTORS)
            ),
        )
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        setattr(user, ROLE_CACHE, Role(user.sp_role) if user.sp_role else None)
        setattr(user, SECOND_FACTOR_CACHE, bool(user.sp_second_factor))
        return user
