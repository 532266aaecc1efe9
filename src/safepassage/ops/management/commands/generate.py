"""`safepassage generate --persons N`: fictional persons with full histories, for scale and load tests."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepassage.ops.generate import Actors, Totals, generate
from safepassage.registry.demo import ensure_demo_users


class Command(BaseCommand):
    help = (
        "Generate fictional persons with names in three scripts, documents (false ones too), capture, "
        "custody, interviews, risk assessments, applications and determinations; audited like the app."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, required=True, help="how many persons to add")
        parser.add_argument("--seed", type=int, default=1, help="same seed and prefix, same persons")
        parser.add_argument("--prefix", default="SP-GEN", help="case numbers are PREFIX-000001 and on")
        parser.add_argument("--batch", type=int, default=1000, help="persons written per transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        users = ensure_demo_users(settings.SAFEPASSAGE_HOME)
        actors = Actors(
            caseworker=users["demo-caseworker"],
            monitor=users["demo-monitor"],
            legal=users["demo-legal"],
            legal_2=users["demo-legal-2"],
        )

        def progress(totals: Totals, count: int) -> None:
            rate = totals.persons / totals.seconds if totals.seconds else 0.0
            eta = (count - totals.persons) / rate if rate else 0.0
            self.stdout.write(
                f"{totals.persons:>8}/{count} persons  {totals.rows:>9} rows  {totals.events:>9} audit events"
                f"  {rate:7.0f} persons/s  eta {eta:5.0f} s"
            )
            self.stdout.flush()

        try:
            totals = generate(
                count=options["persons"],
                seed=options["seed"],
                actors=actors,
                prefix=options["prefix"],
                batch=options["batch"],
                progress=progress,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Generated {totals.persons} persons ({totals.rows} rows, {totals.events} audit events) "
            f"in {totals.seconds:.1f} s."
        )
