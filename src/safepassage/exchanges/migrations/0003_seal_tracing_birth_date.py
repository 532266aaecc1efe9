"""A tracing request's birth date of the person sought is sealed like the registry's birth dates."""

from django.db import migrations

import safepassage.core.fields
from safepassage.core.keys import keyring
from safepassage.core.sealing import seal_rows, unseal_rows


def seal(apps, schema_editor):
    seal_rows(apps.get_model("exchanges", "TracingRequest"), ["birth_date"], keyring)


def unseal(apps, schema_editor):
    model = apps.get_model("exchanges", "TracingRequest")
    unseal_rows(model, ["birth_date"], keyring, schema_editor.connection.vendor)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0002_scale_indexes"), ("core", "0007_trust_verified_context")]

    operations = [
        migrations.AlterField(
            model_name="tracingrequest",
            name="birth_date",
            field=safepassage.core.fields.EncryptedCodeField(
                blank=True, default="", max_length=10, verbose_name="birth date or year"
            ),
        ),
        migrations.RunPython(seal, unseal),
    ]
