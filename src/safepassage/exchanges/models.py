"""Exchange rounds, their versioned lists and entries, import jobs and guard overrides."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepassage.core.countries import validate_country
from safepassage.core.fields import EncryptedBinaryField, EncryptedTextField
from safepassage.exchanges.querysets import ExchangeQuerySet
from safepassage.registry.choices import MatchStatus


class RoundStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("Negotiating")
    FINALISED = "finalised", _("Finalised")
    EXECUTED = "executed", _("Executed")


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("Outgoing (we release)")
    INCOMING = "incoming", _("Incoming (we receive)")


class ExchangeRound(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=120, unique=True)
    counterpart = models.CharField(
        _("other party"), max_length=2, validators=[validate_country], default="RU"
    )
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    agreed_outgoing = models.PositiveIntegerField(_("agreed number released"), null=True, blank=True)
    agreed_incoming = models.PositiveIntegerField(_("agreed number received"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus, default=RoundStatus.NEGOTIATING
    )
    finalised_list = models.ForeignKey(
        "ExchangeList", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    executed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"], name="exchange_round_created")]

    def __str__(self) -> str:
        return self.name


class ExchangeList(models.Model):
    """One version of one direction's list; a new import is a new version, nothing is replaced.

    An import job stages its entries under a list without a version, a batch per transaction; the
    list gets its version (and is shown) only when the job has read and reconciled all of it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(ExchangeRound, on_delete=models.CASCADE, related_name="lists")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction)
    version = models.PositiveIntegerField(null=True, blank=True)
    source_name = models.CharField(_("file"), max_length=255, blank=True, default="")
    encoding = models.CharField(max_length=20, blank=True, default="")
    reconciled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        ordering = ["direction", "version"]
        constraints = [
            models.UniqueConstraint(fields=["round", "direction", "version"], name="exchange_list_version")
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.direction} v{self.version}"


class ListEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    exchange_list = models.ForeignKey(ExchangeList, on_delete=models.CASCADE, related_name="entries")
    row = models.PositiveIntegerField()
    external_id = models.CharField(max_length=100)
    full_name = EncryptedTextField(max_length=300)
    birth_date = EncryptedTextField(max_length=40, blank=True, default="")
    unit = EncryptedTextField(max_length=300, blank=True, default="")
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="list_entries"
    )
    match_probability = models.FloatField(null=True, blank=True)
    match_status = models.CharField(max_length=10, choices=MatchStatus, default=MatchStatus.UNMATCHED)
    evidence = EncryptedTextField(blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        ordering = ["row"]
        # A list's entries page by page in row order, and its uncertain matches for review.
        indexes = [
            models.Index(fields=["exchange_list", "row"], name="list_entry_list_row"),
            models.Index(fields=["exchange_list", "match_status"], name="list_entry_list_status"),
        ]

    def __str__(self) -> str:
        return f"entry {self.row} of {self.exchange_list_id}"


class JobKind(models.TextChoices):
    IMPORT = "import", _("Import")
    RECONCILE = "reconcile", _("Reconcile")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    READING = "reading", _("Reading the file")
    MATCHING = "matching", _("Matching against the registry")
    SAVING = "saving", _("Saving the results")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """An exchange list's import or reconciliation, carried out beside the server, with its progress.

    The file (sealed like names) is kept only until the job ends. Progress is `done` of `total`
    in the current stage; `message` says why a job failed, naming the row and field, or what it found.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(ExchangeRound, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=10, choices=JobKind)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction)
    reconcile = models.BooleanField(default=True)
    source_name = models.CharField(_("file"), max_length=255, blank=True, default="")
    encoding = models.CharField(max_length=20, blank=True, default="")
    file = EncryptedBinaryField(blank=True, default=b"")
    size = models.PositiveIntegerField(default=0)
    exchange_list = models.ForeignKey(
        ExchangeList, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    status = models.CharField(_("status"), max_length=10, choices=JobStatus, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    message = EncryptedTextField(blank=True, default="")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["round", "finished_at"], name="import_job_round_open")]

    def __str__(self) -> str:
        return f"{self.kind} job {self.pk}"

    @property
    def active(self) -> bool:
        return self.finished_at is None

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


class GuardOverride(models.Model):
    """Lets one person onto one round's manifest: a fresh verified consent and a second approver."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(ExchangeRound, on_delete=models.CASCADE, related_name="overrides")
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    interview = models.ForeignKey("protection.Interview", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = EncryptedTextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = ExchangeQuerySet.as_manager()

    def __str__(self) -> str:
        return f"override {self.pk}"
