"""Row-level security on the administrators' second-factor resets (core.rls); nothing on SQLite."""

from django.db import migrations

from safepassage.core import rls


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_daily_counts_rls"),
        ("accounts", "0003_mfareset"),
    ]

    operations = [rls.policy_operation(("accounts_mfareset",))]
