"""Import and reconciliation jobs (progress, the sealed file); a list without a version is still staged."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import safepassage.core.fields
from safepassage.core import rls


def drop_staged_lists(apps, schema_editor):
    """Going back: lists still being imported (no version) cannot stay once version is required."""
    apps.get_model("exchanges", "ExchangeList").objects.filter(version__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0003_seal_tracing_birth_date"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="exchangelist",
            name="version",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(migrations.RunPython.noop, drop_staged_lists),
        migrations.CreateModel(
            name="ImportJob",
            fields=[
                (
                    "id",
                    models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("import", "Import"), ("reconcile", "Reconcile")], max_length=10
                    ),
                ),
                (
                    "direction",
                    models.CharField(
                        choices=[
                            ("outgoing", "Outgoing (we release)"),
                            ("incoming", "Incoming (we receive)"),
                        ],
                        max_length=10,
                        verbose_name="direction",
                    ),
                ),
                ("reconcile", models.BooleanField(default=True)),
                (
                    "source_name",
                    models.CharField(blank=True, default="", max_length=255, verbose_name="file"),
                ),
                ("encoding", models.CharField(blank=True, default="", max_length=20)),
                ("file", safepassage.core.fields.EncryptedBinaryField(blank=True, default=b"")),
                ("size", models.PositiveIntegerField(default=0)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Waiting to start"),
                            ("reading", "Reading the file"),
                            ("matching", "Matching against the registry"),
                            ("saving", "Saving the results"),
                            ("done", "Done"),
                            ("failed", "Failed"),
                        ],
                        default="queued",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("done", models.PositiveIntegerField(default=0)),
                ("total", models.PositiveIntegerField(default=0)),
                ("counts", models.JSONField(blank=True, default=dict)),
                ("message", safepassage.core.fields.EncryptedTextField(blank=True, default="")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                (
                    "exchange_list",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="jobs",
                        to="exchanges.exchangelist",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="jobs",
                        to="exchanges.exchangeround",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at"],
                "indexes": [models.Index(fields=["round", "finished_at"], name="import_job_round_open")],
            },
        ),
        # PostgreSQL: the new table under its row policy (core.rls.ROW_POLICY); nothing on SQLite.
        rls.policy_operation(("exchanges_importjob",)),
    ]
