"""PostgreSQL row-level security on the sensitive tables (core.rls); nothing on SQLite."""

from django.db import migrations

from safepassage.core import rls


def enable(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        existing = set(schema_editor.connection.introspection.table_names())
        for statement in rls.policy_statements(existing):
            schema_editor.execute(statement, params=None)


def disable(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in rls.drop_statements():
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_event_purpose"),
        ("exchanges", "0001_initial"),
        ("protection", "0001_initial"),
        ("registry", "0001_initial"),
    ]

    operations = [migrations.RunPython(enable, disable)]
