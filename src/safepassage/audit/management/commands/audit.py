"""`safepassage audit verify`: check the hash chain; exit 1 naming the first broken event."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepassage.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Audit trail commands: `verify` walks the hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="walk the chain and report the first broken event")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            where = f"event #{report.first_broken_seq}" if report.first_broken_seq else "the head"
            raise CommandError(
                f"Audit chain broken at {where}: {report.reason} "
                f"({report.checked} events before it verified).",
                returncode=1,
            )
        self.stdout.write(f"Audit chain intact: {report.checked} events verified.")
