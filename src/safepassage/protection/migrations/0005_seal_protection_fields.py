"""Wish, destination, verified flag, risk, procedure, status and work items become sealed columns.

Schema only: the columns become text (their values unchanged); 0006 seals the values.
"""

from django.db import migrations, models

import safepassage.core.countries
import safepassage.core.fields

E = safepassage.core.fields


class Migration(migrations.Migration):
    dependencies = [("protection", "0004_caseload_refresh"), ("core", "0007_trust_verified_context")]

    operations = [
        migrations.AlterField(
            model_name="interview",
            name="wish",
            field=E.EncryptedCodeField(
                choices=[
                    ("return", "Wants to return"),
                    ("not_return", "Does not want to return"),
                    ("undecided", "Undecided"),
                ],
                max_length=12,
                verbose_name="wish",
            ),
        ),
        migrations.AlterField(
            model_name="interview",
            name="wish_destination",
            field=E.EncryptedCodeField(
                blank=True,
                default="",
                max_length=2,
                validators=[safepassage.core.countries.validate_country],
                verbose_name="wished destination",
            ),
        ),
        migrations.AlterField(
            model_name="interview",
            name="verified_private",
            field=E.EncryptedBooleanField(
                default=False, verbose_name="verified private interview (neutral monitor only)"
            ),
        ),
        migrations.AlterField(
            model_name="riskassessment",
            name="destination",
            field=E.EncryptedCodeField(
                max_length=2,
                validators=[safepassage.core.countries.validate_country],
                verbose_name="destination state",
            ),
        ),
        migrations.AlterField(
            model_name="riskassessment",
            name="risk_kinds",
            field=E.EncryptedJSONField(blank=True, default=list, verbose_name="kinds of risk"),
        ),
        migrations.AlterField(
            model_name="riskassessment",
            name="conclusion",
            field=E.EncryptedCodeField(
                choices=[
                    ("substantial", "Substantial grounds for a real risk"),
                    ("none", "No real risk found"),
                ],
                max_length=12,
                verbose_name="conclusion",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="procedure",
            field=E.EncryptedCodeField(max_length=32, verbose_name="procedure"),
        ),
        migrations.AlterField(
            model_name="application",
            name="kind",
            field=E.EncryptedCodeField(
                choices=[
                    ("asylum", "Asylum / refugee status"),
                    ("protection", "Protection"),
                    ("transfer", "Transfer to a third state"),
                ],
                max_length=12,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="status",
            field=E.EncryptedCodeField(
                choices=[
                    ("pending", "Pending"),
                    ("granted", "Granted"),
                    ("refused", "Refused"),
                    ("withdrawn", "Withdrawn"),
                ],
                default="pending",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="casefacts",
            name="renounced_military_activity",
            field=E.EncryptedBooleanField(
                blank=True, null=True, verbose_name="genuine and permanent renunciation verified"
            ),
        ),
        migrations.AlterField(model_name="workitem", name="code", field=E.EncryptedCodeField(max_length=40)),
        migrations.AlterField(model_name="workitem", name="task", field=E.EncryptedCodeField(max_length=40)),
        migrations.AlterField(
            model_name="workitem",
            name="procedure",
            field=E.EncryptedCodeField(blank=True, default="", max_length=32),
        ),
        migrations.AlterField(
            model_name="workitem", name="permission", field=E.EncryptedCodeField(max_length=40)
        ),
        migrations.AlterField(
            model_name="workitem", name="citation", field=E.EncryptedTextField(blank=True, default="")
        ),
        # Null until 0006 gives each stored row its own; 0007 then makes it required and unique.
        migrations.AddField(
            model_name="workitem",
            name="uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="workitem",
            name="lane",
            field=models.CharField(default="", max_length=8),
        ),
    ]
