"""`safepassage db roles`: the owner grants the application's non-owner role its rights, then checks them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepassage.ops.dbroles import RoleSetupError, setup_roles

ERR_READ = "--password-file {path}: {error}"


class Command(BaseCommand):
    help = (
        "PostgreSQL roles: as DATABASE_OWNER_URL's role, (re)apply row-level security and grant "
        "DATABASE_URL's role what the application needs (never UPDATE or DELETE on the audit trail)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        roles = sub.add_parser("roles", help="create (with --create) and grant the application role")
        roles.add_argument("--create", action="store_true", help="create the application role if missing")
        roles.add_argument("--password-file", type=Path, help="its password, for --create")

    def handle(self, *args: Any, **options: Any) -> None:
        password = ""
        if options.get("password_file"):
            try:
                password = options["password_file"].read_text(encoding="utf-8").strip()
            except OSError as exc:
                message = ERR_READ.format(path=options["password_file"], error=exc)
                raise CommandError(message) from exc
        try:
            report = setup_roles(create=options["create"], password=password)
        except RoleSetupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Application role {report.app!r} (owner {report.owner!r}): owns no table; "
            f"{report.tables_with_forced_rls} tables under forced row-level security, "
            f"{report.policies} policies; audit rows: SELECT and INSERT only."
        )
