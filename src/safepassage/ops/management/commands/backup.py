"""`safepassage backup --out FILE`: an encrypted, consistent backup taken while the application runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepassage.crypto import KeyringError
from safepassage.crypto.kek import KekError
from safepassage.ops.backup.create import backup_create
from safepassage.progress import Progress, add_progress_flags, wanted


class Command(BaseCommand):
    help = "Write an encrypted backup (database snapshot and wrapped keys, never the KEK) to a new file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="the backup file to create")
        add_progress_flags(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        stream = getattr(self.stderr, "_out", None)
        try:
            with Progress(wanted(options["progress"], stream), stream) as progress:
                manifest = backup_create(options["out"], progress=progress)
        except (ValueError, KeyringError, KekError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Backup written to {options['out']}: {rows} rows, audit head #{manifest['audit_head']['seq']}."
        )
