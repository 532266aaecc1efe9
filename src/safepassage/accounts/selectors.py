"""Account reads: the stored preferences of a user."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from safepassage.accounts.models import Preference


def user_language(user: AbstractBaseUser) -> str:
    """The language `user` chose, or "" if none was chosen (the browser's choice then applies)."""
    return Preference.objects.filter(user=user).values_list("language", flat=True).first() or ""
