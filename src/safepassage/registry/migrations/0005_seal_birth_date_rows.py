"""Seal the birth dates stored in the clear: in batches, resumable (safepassage.core.sealing)."""

from django.db import migrations

from safepassage.core.keys import keyring
from safepassage.core.sealing import seal_rows, unseal_rows


def seal(apps, schema_editor):
    seal_rows(apps.get_model("registry", "Person"), ["birth_date"], keyring)


def unseal(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    unseal_rows(Person, ["birth_date"], keyring, schema_editor.connection.vendor)
    Person.objects.update(birth_date_index="")


class Migration(migrations.Migration):
    # One transaction per batch, so a run cut short keeps what it sealed and resumes from there.
    atomic = False

    dependencies = [("registry", "0004_seal_birth_date")]

    operations = [migrations.RunPython(seal, unseal)]
