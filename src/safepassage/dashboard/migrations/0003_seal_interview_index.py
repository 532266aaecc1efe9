"""The interview index seals what tells the wish (wish, verified, ends, first verified) in `counts`.

The index is derived data: it is emptied and rebuilt from the (sealed) interviews, a batch of
persons at a time; the reverse rebuilds the old clear form the same way.
"""

from django.db import migrations, models

import safepassage.core.fields
from safepassage.core.fields import opened_rows
from safepassage.dashboard.summary import interview_counts

CHUNK = 500


def _persons(Interview):
    ids = list(Interview.objects.order_by("person_id").values_list("person_id", flat=True).distinct())
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _counts(Interview, chunk):
    rows = Interview.objects.filter(person_id__in=chunk).order_by()
    fields = ("pk", "person_id", "held_on", "recorded_at", "verified_private", "wish")
    return interview_counts(
        opened_rows(Interview, rows.values_list(*fields), "", "", "", "verified_private", "wish")
    )


def index_sealed(apps, schema_editor):
    Interview = apps.get_model("protection", "Interview")
    Summary = apps.get_model("dashboard", "InterviewSummary")
    Summary.objects.all().delete()
    for chunk in _persons(Interview):
        Summary.objects.bulk_create(
            [
                Summary(
                    interview_id=c.interview_id,
                    person_id=c.person_id,
                    held_on=c.held_on,
                    first=c.first,
                    counts={
                        "wish": c.wish,
                        "verified": c.verified,
                        "ends": c.ends.isoformat() if c.ends else None,
                        "first_verified": c.first_verified,
                    },
                )
                for c in _counts(Interview, chunk)
            ],
            batch_size=CHUNK,
        )


def empty(apps, schema_editor):
    apps.get_model("dashboard", "InterviewSummary").objects.all().delete()


def index_clear(apps, schema_editor):
    Interview = apps.get_model("protection", "Interview")
    Summary = apps.get_model("dashboard", "InterviewSummary")
    for chunk in _persons(Interview):
        Summary.objects.bulk_create(
            [
                Summary(
                    interview_id=c.interview_id,
                    person_id=c.person_id,
                    held_on=c.held_on,
                    first=c.first,
                    verified=c.verified,
                    wish=c.wish,
                    ends=c.ends,
                    first_verified=c.first_verified,
                )
                for c in _counts(Interview, chunk)
            ],
            batch_size=CHUNK,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0002_interview_index"),
        ("protection", "0006_seal_protection_rows"),
    ]

    operations = [
        # Backwards, the clear form is rebuilt once its columns are back (this runs last then).
        migrations.RunPython(migrations.RunPython.noop, index_clear),
        migrations.RunPython(empty, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="interviewsummary", name="dash_interview_verified"),
        migrations.RemoveField(model_name="interviewsummary", name="verified"),
        migrations.RemoveField(model_name="interviewsummary", name="wish"),
        migrations.RemoveField(model_name="interviewsummary", name="ends"),
        migrations.RemoveField(model_name="interviewsummary", name="first_verified"),
        migrations.AddField(
            model_name="interviewsummary",
            name="counts",
            field=safepassage.core.fields.EncryptedJSONField(default=dict),
        ),
        migrations.AddIndex(
            model_name="interviewsummary",
            index=models.Index(fields=["held_on"], name="dash_interview_held"),
        ),
        migrations.RunPython(index_sealed, empty),
    ]
