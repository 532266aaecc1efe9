"""Row-level security on the work list's index and the notification records (core.rls); nothing on SQLite."""

from django.db import migrations

from safepassage.core import rls

TABLES = ("protection_workitem", "protection_notification")


def enable(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in rls.policy_statements(set(TABLES)):
            schema_editor.execute(statement, params=None)


def disable(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in rls.drop_statements(TABLES):
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_interview_index_rls"),
        ("protection", "0003_work_items"),
    ]

    operations = [migrations.RunPython(enable, disable)]
