"""`safepassage demo`: load the fictional demo data (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from safepassage.protection.demo import load_positions, load_protection_demo
from safepassage.protection.models import StatePosition
from safepassage.registry.demo import (
    DEMO_CASE,
    DEMO_USERS,
    PASSWORD_FILE,
    TOTP_FILE,
    ensure_demo_users,
    load_demo,
)


class Command(BaseCommand):
    help = "Load the fictional demo data; running it again adds nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            ensure_demo_users(settings.SAFEPASSAGE_HOME)
            # Caseload statements first, so each person's determination is computed once with them.
            if not StatePosition.objects.exists():
                load_positions()
            created = load_demo(settings.SAFEPASSAGE_HOME)
            history = load_protection_demo(DEMO_CASE)
        what = f"{created} demo persons created" if created else "demo data already present"
        if history:
            what += f", with {DEMO_CASE}'s protection history"
        self.stdout.write(
            f"{what}. Accounts: {', '.join(DEMO_USERS)}; their password is in "
            f"{settings.SAFEPASSAGE_HOME / PASSWORD_FILE}; their authenticator (TOTP) URIs are in "
            f"{settings.SAFEPASSAGE_HOME / TOTP_FILE}."
        )
