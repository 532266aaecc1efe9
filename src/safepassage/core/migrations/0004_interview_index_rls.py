"""Row-level security on the dashboard's index of interviews (core.rls); nothing on SQLite."""

from django.db import migrations

from safepassage.core import rls

TABLES = ("dashboard_interviewsummary",)


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
        ("core", "0003_linkage_key_row_level_security"),
        ("dashboard", "0002_interview_index"),
    ]

    operations = [migrations.RunPython(enable, disable)]
