"""Family tracing requests and the registry persons they may name.

The tables are the ones these models had in the exchanges app (`exchanges_tracingrequest`,
`exchanges_tracingmatch`): row-level security (core.rls) is keyed by those names, and the rows'
sealed values stay bound to the exchanges label they were sealed under (`sealed_label`,
core.fields).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepassage.core.fields import EncryptedCodeField, EncryptedTextField
from safepassage.registry.choices import MatchStatus
from safepassage.tracing.querysets import TracingQuerySet


class TracingRequest(models.Model):
    sealed_label = "exchanges.tracingrequest"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference"), max_length=60, unique=True)
    received_on = models.DateField(_("received on"))
    requester = EncryptedTextField(_("requester"), max_length=500)
    sought_names = EncryptedTextField(_("names of the person sought, one per line"), max_length=2000)
    # Sealed like the registry's birth dates: a full date is as identifying as a name.
    birth_date = EncryptedCodeField(_("birth date or year"), max_length=10, blank=True, default="")
    other_facts = EncryptedTextField(_("other facts"), max_length=5000, blank=True, default="")
    reply_withheld = models.BooleanField(_("reply withheld"), default=False)
    withheld_reason = EncryptedTextField(
        _("why the reply is withheld"), max_length=2000, blank=True, default=""
    )
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TracingQuerySet.as_manager()

    class Meta:
        db_table = "exchanges_tracingrequest"
        ordering = ["-received_on"]
        indexes = [models.Index(fields=["received_on"], name="tracing_received_on")]

    def __str__(self) -> str:
        return self.reference


class TracingMatch(models.Model):
    sealed_label = "exchanges.tracingmatch"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(TracingRequest, on_delete=models.CASCADE, related_name="matches")
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField()
    status = models.CharField(max_length=10, choices=MatchStatus, default=MatchStatus.REVIEW)
    evidence = EncryptedTextField(blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TracingQuerySet.as_manager()

    class Meta:
        db_table = "exchanges_tracingmatch"
        ordering = ["-match_probability"]

    def __str__(self) -> str:
        return f"tracing match {self.pk}"
