"""Pairs of persons the linkage model takes for one man, the merges made of them, and the scans.

A pair names its two persons in a fixed order (`person_a` has the smaller id), so one pair is
proposed once whichever of the two a scan started from. A pair marked "not the same" stays: the
scans skip it from then on. A merge lists every row it moved, so that its undo moves exactly
those back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepassage.duplicates.querysets import PairQuerySet
from safepassage.registry.models import Person


class PairStatus(models.TextChoices):
    OPEN = "open", _("open")
    MERGED = "merged", _("merged")
    NOT_SAME = "not_same", _("not the same man")


class DuplicatePair(models.Model):
    """Two registrations the linkage model takes for the same man, and what a legal officer decided."""

    id = models.BigAutoField(primary_key=True)
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("probability"))
    # The model's evidence per field (levels such as "exact" or "within a year"), never a name.
    reasons = models.JSONField(_("reasons"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=PairStatus, default=PairStatus.OPEN)
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = PairQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_unique"),
        ]
        indexes = [
            models.Index(fields=["status", "probability"], name="duplicate_pair_status"),
            models.Index(fields=["person_b"], name="duplicate_pair_person_b"),
        ]

    def __str__(self) -> str:
        return f"possible duplicate {self.pk}"


class PersonMerge(models.Model):
    """One merge: which registration went into which, every row it moved, and its undo."""

    id = models.BigAutoField(primary_key=True)
    pair = models.ForeignKey(DuplicatePair, on_delete=models.PROTECT, related_name="merges")
    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # {"app_label.model": [primary keys as text]}: what moved to the survivor, and what stayed
    # with the merged registration because the survivor already had one (a capture, case facts).
    moved = models.JSONField(default=dict)
    kept = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["merged", "undone_at"], name="person_merge_merged")]

    def __str__(self) -> str:
        return f"merge {self.pk}"


class DuplicateScan(models.Model):
    """A run of the duplicate check: the whole registry, or the persons just registered or changed.

    Resumable like a caseload refresh: persons are taken in primary-key order, `last_person` the
    last one done. Holds no person data beyond the ids it was asked to check.
    """

    id = models.BigAutoField(primary_key=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Empty: the whole registry. Otherwise the ids (as text) of the persons to check.
    persons = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    found = models.PositiveIntegerField(default=0)
    last_person = models.UUIDField(null=True, blank=True)
    error = models.TextField(blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["finished_at", "started_at"], name="duplicate_scan_open")]

    def __str__(self) -> str:
        return f"duplicate scan {self.pk}: {self.done} of {self.total}"
