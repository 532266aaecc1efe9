"""Trusted installations, dossiers sent (with their manifest) and dossiers received."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepassage.core.countries import validate_country
from safepassage.core.fields import EncryptedBinaryField, EncryptedTextField
from safepassage.handover.querysets import HandoverQuerySet, PersonRowQuerySet


class TrustedInstallation(models.Model):
    """Another installation whose public keys were compared out of band: a sender and a recipient."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    # The state the installation belongs to: the custody event of a handover names it.
    state = models.CharField(_("state"), max_length=2, blank=True, default="", validators=[validate_country])
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    signing_key = models.CharField(max_length=64)
    encryption_key = models.CharField(max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    # Untrusted installations stay for the history of what was sent and received; nothing new passes.
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("trusted installation")

    def __str__(self) -> str:
        return self.name


class ExportStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting a second legal officer")
    COMPLETED = "completed", _("Sent")


class HandoverExport(models.Model):
    """One dossier to one recipient: requested, approved by a second legal officer, then written."""

    # The dossier id: unique per file, what the recipient refuses to import twice.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(TrustedInstallation, on_delete=models.PROTECT, related_name="exports")
    status = models.CharField(max_length=10, choices=ExportStatus, default=ExportStatus.REQUESTED)
    reason = EncryptedTextField(_("reason"), max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    # What was sent: every record's type, id and hash, and the file's SHA-256 (JSON, sealed).
    manifest = EncryptedTextField(blank=True, default="")
    file_sha256 = models.CharField(max_length=64, blank=True, default="")
    # The file as sent (ciphertext for the recipient, sealed again here), to hand it over again.
    dossier = EncryptedBinaryField(null=True, blank=True)
    custody_event = models.ForeignKey(
        "registry.CustodyEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PersonRowQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("handover")

    def __str__(self) -> str:
        return f"handover {self.pk}"


class HandoverReceipt(models.Model):
    """A dossier received and registered as a new person: where he came from, and when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier_id = models.UUIDField(unique=True)
    sender = models.ForeignKey(TrustedInstallation, on_delete=models.PROTECT, related_name="receipts")
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    sender_case_number = models.CharField(max_length=32)
    created_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_sha256 = models.CharField(max_length=64)
    records = models.PositiveIntegerField(default=0)
    # The sender's audit events of the case, each with its chain hash (JSON, sealed): they stay the
    # sender's trail, kept beside ours rather than appended to it.
    sender_audit = EncryptedTextField(blank=True, default="")
    # Persons of this registry the dossier's person may already be (JSON list of ids, sealed).
    possible_matches = EncryptedTextField(blank=True, default="")

    objects = PersonRowQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("received dossier")

    def __str__(self) -> str:
        return f"received dossier {self.dossier_id}"
