"""Audit events record the epoch of the audit key that keyed their hash (earlier ones: epoch 0);
checkpoints keep their Merkle compact range."""

from django.db import migrations, models

from safepassage.core.db import triggers


def reinstall_guard(apps, schema_editor):
    # SQLite may add the column by rebuilding the table, which drops its triggers: put them back.
    triggers.remove(schema_editor)
    triggers.install(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_event_purpose"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_epoch",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="auditcheckpoint",
            name="frontier",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(reinstall_guard, reinstall_guard),
    ]
