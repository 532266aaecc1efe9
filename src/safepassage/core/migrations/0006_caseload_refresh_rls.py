"""Row-level security on the caseload refresh jobs (core.rls); nothing on SQLite."""

from django.db import migrations

from safepassage.core import rls

TABLES = ("protection_caseloadrefresh",)


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
        ("core", "0005_protection_work_row_level_security"),
        ("protection", "0004_caseload_refresh"),
    ]

    operations = [migrations.RunPython(enable, disable)]
