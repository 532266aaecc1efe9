"""Row-level security on the dashboard's index of determinations (core.rls); nothing on SQLite."""

from django.db import migrations

from safepassage.core import rls


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_row_level_security"),
        ("dashboard", "0001_initial"),
    ]

    operations = [rls.policy_operation(("dashboard_determinationsummary", "dashboard_pathwaysummary"))]
