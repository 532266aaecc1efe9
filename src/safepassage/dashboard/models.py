"""A countable index of stored determinations; the determinations themselves stay sealed.

Determination results are encrypted, so the database cannot group by them. Each stored
determination therefore gets one row here with its status code and each pathway's state,
plain codes like `Interview.wish`, never facts, names or free text. A row is valid from its
determination's time until the next determination of the same person (`superseded_at`).
"""

from __future__ import annotations

from django.db import models


class DeterminationSummary(models.Model):
    determination = models.OneToOneField(
        "protection.Determination", on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    recorded_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["person", "superseded_at"], name="dash_summary_current")]

    def __str__(self) -> str:
        return f"summary of determination {self.pk}"


class PathwaySummary(models.Model):
    summary = models.ForeignKey(DeterminationSummary, on_delete=models.CASCADE, related_name="pathways")
    kind = models.CharField(max_length=32)
    state = models.CharField(max_length=12)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["summary", "kind"], name="dash_pathway_once")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.state}"
