"""The tracing app takes over the tables its models had in exchanges (exchanges.0005), in state only.

Nothing is written to the database: the tables keep their names (`db_table`), columns, indexes and
rows. The fields, options and indexes are those the models had at exchanges.0004.
"""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import safepassage.core.fields


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("exchanges", "0005_tracing_moves_out"),
        ("registry", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="TracingRequest",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                            ),
                        ),
                        ("reference", models.CharField(max_length=60, unique=True, verbose_name="reference")),
                        ("received_on", models.DateField(verbose_name="received on")),
                        (
                            "requester",
                            safepassage.core.fields.EncryptedTextField(
                                max_length=500, verbose_name="requester"
                            ),
                        ),
                        (
                            "sought_names",
                            safepassage.core.fields.EncryptedTextField(
                                max_length=2000, verbose_name="names of the person sought, one per line"
                            ),
                        ),
                        (
                            "birth_date",
                            safepassage.core.fields.EncryptedCodeField(
                                blank=True, default="", max_length=10, verbose_name="birth date or year"
                            ),
                        ),
                        (
                            "other_facts",
                            safepassage.core.fields.EncryptedTextField(
                                blank=True, default="", max_length=5000, verbose_name="other facts"
                            ),
                        ),
                        ("reply_withheld", models.BooleanField(default=False, verbose_name="reply withheld")),
                        (
                            "withheld_reason",
                            safepassage.core.fields.EncryptedTextField(
                                blank=True,
                                default="",
                                max_length=2000,
                                verbose_name="why the reply is withheld",
                            ),
                        ),
                        ("replied_on", models.DateField(blank=True, null=True, verbose_name="replied on")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "created_by",
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
                        "db_table": "exchanges_tracingrequest",
                        "ordering": ["-received_on"],
                        "indexes": [models.Index(fields=["received_on"], name="tracing_received_on")],
                    },
                ),
                migrations.CreateModel(
                    name="TracingMatch",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                            ),
                        ),
                        ("match_probability", models.FloatField()),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("matched", "Matched"),
                                    ("review", "For review"),
                                    ("unmatched", "Unmatched"),
                                    ("accepted", "Accepted by a person"),
                                    ("rejected", "Rejected by a person"),
                                ],
                                default="review",
                                max_length=10,
                            ),
                        ),
                        ("evidence", safepassage.core.fields.EncryptedTextField(blank=True, default="")),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="registry.person",
                            ),
                        ),
                        (
                            "request",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="matches",
                                to="tracing.tracingrequest",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "exchanges_tracingmatch",
                        "ordering": ["-match_probability"],
                    },
                ),
            ],
        ),
    ]
