"""Row-level security on the dashboard's index of interviews (core.rls); nothing on SQLite."""

from django.db import migrations

from safepassage.core import rls


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_linkage_key_row_level_security"),
        ("dashboard", "0002_interview_index"),
    ]

    operations = [rls.policy_operation(("dashboard_interviewsummary",))]
