"""Trusted installations, dossiers sent and received, with row-level security on PostgreSQL."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import safepassage.core.countries
import safepassage.core.fields
from safepassage.core import rls


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0008_daily_counts_rls"),
        ("registry", "0007_custody_icrc_access"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TrustedInstallation",
            fields=[
                (
                    "id",
                    models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False),
                ),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                (
                    "state",
                    models.CharField(
                        blank=True,
                        default="",
                        max_length=2,
                        validators=[safepassage.core.countries.validate_country],
                        verbose_name="state",
                    ),
                ),
                ("fingerprint", models.CharField(max_length=64, unique=True, verbose_name="fingerprint")),
                ("signing_key", models.CharField(max_length=64)),
                ("encryption_key", models.CharField(max_length=64)),
                ("added_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("removed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "added_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "trusted installation",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="HandoverReceipt",
            fields=[
                (
                    "id",
                    models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False),
                ),
                ("dossier_id", models.UUIDField(unique=True)),
                ("sender_case_number", models.CharField(max_length=32)),
                ("created_at", models.DateTimeField()),
                ("received_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("file_sha256", models.CharField(max_length=64)),
                ("records", models.PositiveIntegerField(default=0)),
                ("sender_audit", safepassage.core.fields.EncryptedTextField(blank=True, default="")),
                ("possible_matches", safepassage.core.fields.EncryptedTextField(blank=True, default="")),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="registry.person"
                    ),
                ),
                (
                    "received_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "sender",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="receipts",
                        to="handover.trustedinstallation",
                    ),
                ),
            ],
            options={
                "verbose_name": "received dossier",
                "ordering": ["-received_at"],
            },
        ),
        migrations.CreateModel(
            name="HandoverExport",
            fields=[
                (
                    "id",
                    models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("requested", "Awaiting a second legal officer"), ("completed", "Sent")],
                        default="requested",
                        max_length=10,
                    ),
                ),
                (
                    "reason",
                    safepassage.core.fields.EncryptedTextField(max_length=2000, verbose_name="reason"),
                ),
                ("requested_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("completed_at", models.DateTimeField(blank=True, null=True)),
                ("manifest", safepassage.core.fields.EncryptedTextField(blank=True, default="")),
                ("file_sha256", models.CharField(blank=True, default="", max_length=64)),
                ("dossier", safepassage.core.fields.EncryptedBinaryField(blank=True, null=True)),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "custody_event",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="registry.custodyevent",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="registry.person"
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="exports",
                        to="handover.trustedinstallation",
                    ),
                ),
            ],
            options={
                "verbose_name": "handover",
                "ordering": ["-requested_at"],
            },
        ),
        # Row-level security on the three tables (core.rls); nothing on SQLite.
        rls.policy_operation(
            ("handover_trustedinstallation", "handover_handoverexport", "handover_handoverreceipt")
        ),
    ]
