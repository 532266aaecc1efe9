"""`safepassage demo`: load the fictional demo data (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from safepassage.registry.demo import DEMO_USERS, PASSWORD_FILE, TOTP_FILE, load_demo


class Command(BaseCommand):
    help = "Load the fictional demo data; running it again adds nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo(settings.SAFEPASSAGE_HOME)
        what = f"{created} demo persons created" if created else "demo data already present"
        self.stdout.write(
            f"{what}. Accounts: {', '.join(DEMO_USERS)}; their password is in "
            f"{settings.SAFEPASSAGE_HOME / PASSWORD_FILE}; their authenticator (TOTP) URIs are in "
            f"{settings.SAFEPASSAGE_HOME / TOTP_FILE}."
        )
