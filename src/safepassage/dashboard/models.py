"""The dashboard's indexes: per-person rows sealed, and per-unit, per-day counts without person ids.

Determination results and interviews are encrypted, so the database cannot group by them. Each
stored determination gets one row here (its status code and each pathway's state, sealed), valid
from its determination's time until the next determination of the same person (`superseded_at`);
each interview gets one row (its wish and dates, the wish sealed). The dashboard counts
determinations from `DailyCount`: how the status and pathway counts of one unit changed
on one day, sealed, with no person in it.
"""

from __future__ import annotations

import uuid

from django.db import models

from safepassage.core.fields import EncryptedJSONField


class DeterminationSummary(models.Model):
    determination = models.OneToOneField(
        "protection.Determination", on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    recorded_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)
    # {"status": code, "pathways": {kind: best state}}: a pathway "asylum: open" tells the wish.
    counts = EncryptedJSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["person", "superseded_at"], name="dash_summary_current")]

    def __str__(self) -> str:
        return f"summary of determination {self.pk}"


class DailyCount(models.Model):
    """How many persons of one unit entered (+) or left (-) each status and pathway state on one day.

    The figures sum a unit's rows up to each point. The changes are sealed: only that something
    changed in the unit on that day is in the clear, which the determinations' own times tell
    anyway. A person moved to another unit takes his history with him (services).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    # {"s:<status>": change, "p:<pathway>:<state>": change}
    counts = EncryptedJSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["unit", "day"], name="dash_count_unit_day")]

    def __str__(self) -> str:
        return f"determination counts of {self.day}"


class InterviewSummary(models.Model):
    """How each interview counts: its wish code and dates, never its statement or the interviewer.

    Counting wishes over time asks, for every verified interview, when the person's next one took
    over, and for every person, when he was first interviewed and first verified: grouped over the
    whole interview table each time, that took seconds at 100,000 persons. The index keeps both
    answers per row, rebuilt for a person whenever one of his interviews is recorded.

    What the row tells about the wish (the wish, whether it is verified, when the next verified
    one took over, whether it is his first verified one) is sealed in `counts`, like the interview
    itself; the dashboard opens the rows of its scope in one batch.
    """

    interview = models.OneToOneField(
        "protection.Interview", on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField()
    first = models.BooleanField()
    # {"wish": code, "verified": bool, "ends": ISO date or None, "first_verified": bool}
    counts = EncryptedJSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["held_on"], name="dash_interview_held")]

    def __str__(self) -> str:
        return f"summary of interview {self.pk}"
