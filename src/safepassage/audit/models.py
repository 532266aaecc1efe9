"""Audit events chained by HMAC-SHA256 (audit.chain), and the head row that serialises appends."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One recorded action. Field names changed are kept, never their values."""

    id = models.BigAutoField(primary_key=True)
    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # Deleting a user must not touch audit rows (they are append-only): the id stays.
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    person_id = models.CharField(max_length=64, blank=True, default="", db_index=True)
    fields = models.JSONField(default=list)
    # Why the event happened, for reads: the route that showed the data (e.g. "protection:worklist").
    purpose = models.CharField(max_length=100, blank=True, default="")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # The audit key's epoch that keyed `hash` (HMAC); 0 for the events hashed by the old unkeyed rule.
    key_epoch = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """A single row holding the chain's last sequence number and hash; locked by each append."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"head #{self.seq}"


class AuditCheckpoint(models.Model):
    """A signed Merkle root over the first `size` event hashes: what a neutral witness keeps."""

    id = models.BigAutoField(primary_key=True)
    size = models.PositiveBigIntegerField(unique=True)
    root = models.CharField(max_length=64)
    at = models.DateTimeField()
    public_key = models.CharField(max_length=64)
    signature = models.CharField(max_length=128)
    # The compact range behind `root` ([size, hex hash] per perfect subtree): the next checkpoint
    # hashes only the events added since (crypto.merkle.frontier_extend). Not signed; checked.
    frontier = models.JSONField(default=list)

    class Meta:
        ordering = ["size"]

    def __str__(self) -> str:
        return f"checkpoint of {self.size} events"
