"""Family tracing moves to its own app (tracing.0001): its models leave this app's state only.

The tables stay where they are, under their names (row-level security is keyed by them): the
tracing app takes them over in its first migration, which changes nothing in the database either.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0004_import_jobs")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="TracingMatch"),
                migrations.DeleteModel(name="TracingRequest"),
            ],
            database_operations=[],
        ),
    ]
