"""`safepassage notify export --out FILE`: notification to the Information Bureau (Arts. 122-123)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safepassage.exchanges.notify import export, export_record
from safepassage.registry.models import Person


class Command(BaseCommand):
    help = "Export capture-card and Art. 17 data for the Information Bureau; nothing else leaves."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        exp = sub.add_parser("export")
        exp.add_argument("--out", type=Path, required=True)
        exp.add_argument("--format", choices=["csv", "json"], default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        fmt = options["format"] or ("json" if out.suffix.lower() == ".json" else "csv")
        persons = list(Person.objects.order_by("case_number"))
        out.write_text(export(persons, fmt), encoding="utf-8")
        # Written first: a person counts as notified only once the file holding him exists.
        export_record(actor=None, persons=persons)
        self.stdout.write(
            f"Notification written to {out} ({fmt}); {len(persons)} persons recorded as notified."
        )
