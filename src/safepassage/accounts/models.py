"""Units (teams that cases are assigned to) and which unit each user belongs to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="members")

    def __str__(self) -> str:
        return f"{self.user} in {self.unit}"


class Preference(models.Model):
    """A user's own settings; the interface language is applied on every request after sign-in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference")
    language = models.CharField(_("interface language"), max_length=8, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.user}: {self.language or '-'}"


class MfaReset(models.Model):
    """A request to remove a user's second factors: one administrator asks, a second approves.

    Approval removes every authenticator, security key and recovery code of the user; at his next
    sign-in he sets up a new authenticator app before he can open anything else.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"second-factor reset of {self.user_id}"
