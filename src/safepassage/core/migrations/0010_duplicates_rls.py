"""Row-level security on possible duplicates, merges and duplicate scans (core.rls); nothing on SQLite."""

from django.db import migrations

from safepassage.core import rls


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_mfa_reset_rls"),
        ("duplicates", "0001_initial"),
    ]

    operations = [
        rls.policy_operation(
            ("duplicates_duplicatepair", "duplicates_personmerge", "duplicates_duplicatescan")
        )
    ]
