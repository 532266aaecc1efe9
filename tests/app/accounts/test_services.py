"""Creating accounts: exactly one role, a checked password, an audit event without the password."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from safepassage.accounts.models import Membership
from safepassage.accounts.services import user_create
from safepassage.audit.models import AuditEvent
from safepassage.core.policy import role_of
from safepassage.core.roles import Role

pytestmark = pytest.mark.django_db

GOOD = "a long and unusual passphrase 9"


def test_user_create_gives_one_role_and_a_unit(units: Any) -> None:
    user = user_create(actor=None, username="cora", role="caseworker", password=GOOD, unit=units["a"])
    assert Role.CASEWORKER is role_of(user)
    assert units["a"] == Membership.objects.get(user=user).unit
    assert user.check_password(GOOD)
    event = AuditEvent.objects.get(action="user.create")
    assert GOOD not in str(event.fields) and "password" in event.fields


@pytest.mark.parametrize(
    ("username", "role", "password", "field"),
    [
        ("x", "emperor", GOOD, "role"),
        ("x", "auditor", "short", None),
        ("x", "auditor", "password123456", None),
        ("bad name!", "auditor", GOOD, "username"),
    ],
)
def test_user_create_refuses_bad_input(username: str, role: str, password: str, field: str | None) -> None:
    with pytest.raises(ValidationError) as caught:
        user_create(actor=None, username=username, role=role, password=password)
    if field:
        assert field in caught.value.message_dict
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_a_second_user_with_the_same_name_is_refused(users: Any) -> None:
    with pytest.raises(ValidationError, match="already exists"):
        user_create(actor=None, username="lev", role="auditor", password=GOOD)


def test_an_inactive_user_has_no_role(users: Any) -> None:
    user = users["lev"]
    user.is_active = False
    user.save()
    from django.contrib.auth import get_user_model

    assert role_of(get_user_model().objects.get(pk=user.pk)) is None
