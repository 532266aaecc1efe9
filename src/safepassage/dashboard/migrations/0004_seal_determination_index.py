"""The determination index seals each row's status and pathways; counts move to sealed per-unit rows.

`DeterminationSummary.status` and the `PathwaySummary` rows become one sealed `counts` value per
summary, and `DailyCount` gets each unit's daily changes, built from the determination summaries
and from the (already sealed, 0003) interview index.
"""

import uuid
from collections import Counter, defaultdict

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

import safepassage.core.fields
from safepassage.core.keys import keyring
from safepassage.crypto.seal import seal
from safepassage.dashboard.summary import interview_changes

CHUNK = 500


def _vector(counts):
    found = Counter({f"s:{counts['status']}": 1})
    found.update(f"p:{kind}:{state}" for kind, state in counts.get("pathways", {}).items())
    return found


def _day(at):
    return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()


def _sealed(model, name, key, value, ring):
    field = model._meta.get_field(name)
    return seal(ring, field.encode(value), f"{model._meta.label_lower}.{name}:{key}")


def fill(apps, schema_editor):
    """Seal each summary's codes, then count every unit's daily changes from the summaries."""
    Summary = apps.get_model("dashboard", "DeterminationSummary")
    Pathway = apps.get_model("dashboard", "PathwaySummary")
    Count = apps.get_model("dashboard", "DailyCount")
    Person = apps.get_model("registry", "Person")
    persons = list(Summary.objects.order_by("person_id").values_list("person_id", flat=True).distinct())
    ring = keyring() if persons else None
    changes = defaultdict(Counter)
    for start in range(0, len(persons), CHUNK):
        chunk = persons[start : start + CHUNK]
        units = dict(Person.objects.filter(pk__in=chunk).values_list("pk", "unit_id"))
        pathways = defaultdict(dict)
        for summary_id, kind, state in Pathway.objects.filter(summary__person_id__in=chunk).values_list(
            "summary_id", "kind", "state"
        ):
            pathways[summary_id][kind] = state
        before = {}
        rows = Summary.objects.filter(person_id__in=chunk).order_by("person_id", "recorded_at")
        for pk, person_id, at, status in rows.values_list("pk", "person_id", "recorded_at", "status"):
            counts = {"status": status, "pathways": pathways.get(pk, {})}
            Summary.objects.filter(pk=pk).update(counts=_sealed(Summary, "counts", pk, counts, ring))
            now = _vector(counts)
            change = Counter(now)
            change.subtract(before.get(person_id, Counter()))
            changes[(units.get(person_id), _day(at))].update(change)
            before[person_id] = now
    Interview = apps.get_model("dashboard", "InterviewSummary")
    interviewed = list(Interview.objects.order_by("person_id").values_list("person_id", flat=True).distinct())
    for start in range(0, len(interviewed), CHUNK):
        chunk = interviewed[start : start + CHUNK]
        units = dict(Person.objects.filter(pk__in=chunk).values_list("pk", "unit_id"))
        for row in Interview.objects.filter(person_id__in=chunk):
            for (day, key), value in interview_changes(row.held_on, row.first, row.counts).items():
                changes[(units.get(row.person_id), day)][key] += value
    for (unit_id, day), change in changes.items():
        kept = {k: v for k, v in sorted(change.items()) if v}
        if kept:
            # Sealed on save (the field's pre_save), bound to the new row's id.
            Count.objects.create(unit_id=unit_id, day=day, counts=kept)


def unfill(apps, schema_editor):
    """Back to clear status codes and pathway rows, opened from the sealed counts."""
    Summary = apps.get_model("dashboard", "DeterminationSummary")
    Pathway = apps.get_model("dashboard", "PathwaySummary")
    apps.get_model("dashboard", "DailyCount").objects.all().delete()
    for summary in Summary.objects.all().iterator(chunk_size=CHUNK):
        counts = summary.counts
        Summary.objects.filter(pk=summary.pk).update(status=counts["status"])
        Pathway.objects.bulk_create(
            Pathway(summary_id=summary.pk, kind=kind, state=state)
            for kind, state in counts["pathways"].items()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_preference"),
        ("dashboard", "0003_seal_interview_index"),
        ("registry", "0005_seal_birth_date_rows"),
    ]

    operations = [
        migrations.CreateModel(
            name="DailyCount",
            fields=[
                (
                    "id",
                    models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False),
                ),
                ("day", models.DateField()),
                ("counts", safepassage.core.fields.EncryptedJSONField(default=dict)),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.unit",
                    ),
                ),
            ],
            options={"indexes": [models.Index(fields=["unit", "day"], name="dash_count_unit_day")]},
        ),
        migrations.AddField(
            model_name="determinationsummary",
            name="counts",
            field=safepassage.core.fields.EncryptedJSONField(default=dict),
        ),
        migrations.RunPython(fill, unfill),
        # A default first, so that undoing the removal can add the column back to existing rows.
        migrations.AlterField(
            model_name="determinationsummary",
            name="status",
            field=models.CharField(default="", max_length=32),
        ),
        migrations.RemoveField(model_name="determinationsummary", name="status"),
        migrations.DeleteModel(name="PathwaySummary"),
    ]
