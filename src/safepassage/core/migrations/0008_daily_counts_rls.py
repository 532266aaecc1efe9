"""Row-level security on the dashboard's per-unit determination counts (core.rls); nothing on SQLite."""

from django.db import migrations

from safepassage.core import rls


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_trust_verified_context"),
        ("dashboard", "0004_seal_determination_index"),
    ]

    operations = [rls.policy_operation(("dashboard_dailycount",))]
