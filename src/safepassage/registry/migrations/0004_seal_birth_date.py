"""Full birth dates sealed (AES-256-GCM), with an exact-date blind index; the birth year stays clear."""

from django.db import migrations, models

import safepassage.core.fields


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_linkage_keys"), ("core", "0007_trust_verified_context")]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="birth_date",
            field=safepassage.core.fields.EncryptedDateField(
                blank=True, index_field="birth_date_index", null=True, verbose_name="birth date"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="birth_date_index",
            field=models.CharField(blank=True, db_index=True, default="", editable=False, max_length=16),
        ),
    ]
