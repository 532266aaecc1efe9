"""`safepassage createuser --role ROLE USERNAME`: password from --password-file or a prompt."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepassage.accounts.models import Unit
from safepassage.accounts.services import user_create
from safepassage.core.roles import Role


class Command(BaseCommand):
    help = "Create an account with one of the six roles."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--password-file", type=Path, help="read the password from this file")
        parser.add_argument("--unit", help="the unit whose cases a caseworker sees (created if new)")

    def handle(self, *args: Any, **options: Any) -> None:
        password = self._password(options["password_file"])
        unit = Unit.objects.get_or_create(name=options["unit"])[0] if options["unit"] else None
        try:
            user_create(
                actor=None, username=options["username"], role=options["role"], password=password, unit=unit
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Created {options['username']} with role {options['role']}.")

    def _password(self, path: Path | None) -> str:
        if path is not None:
            try:
                return path.read_text(encoding="utf-8").rstrip("\n")
            except OSError as exc:
                raise CommandError(f"Cannot read the password file {path}: {exc.strerror}.") from exc
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password again: "):
            raise CommandError("The two passwords differ; nothing was created.")
        return first
