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


class InterviewSummary(models.Model):
    """How each interview counts: its wish code and dates, never its statement or the interviewer.

    Counting wishes over time asks, for every verified interview, when the person's next one took
    over, and for every person, when he was first interviewed and first verified: grouped over the
    whole interview table each time, that took seconds at 100,000 persons. The index keeps both
    answers per row, rebuilt for a person whenever one of his interviews is recorded.
    """

    interview = models.OneToOneField(
        "protection.Interview", on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField()
    verified = models.BooleanField()
    wish = models.CharField(max_length=12)
    # A verified interview governs from held_on until the next verified one (None: it still does).
    ends = models.DateField(null=True, blank=True)
    first = models.BooleanField()
    first_verified = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["verified", "held_on"], name="dash_interview_verified")]

    def __str__(self) -> str:
        return f"summary of interview {self.pk}"
