"""`safepassage audit verify|checkpoint|export`: check, sign and publish the audit trail."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from safepassage.audit.checkpoints import checkpoint_create, export_document, verify_checkpoints
from safepassage.audit.verify import verify_chain
from safepassage.audit.witness import export_to_witness, verify_against_witness, witness_dir
from safepassage.core.db import triggers

ERR_EXISTS = "{path} already exists: choose a new file name, an export never overwrites one."


class Command(BaseCommand):
    help = "Audit trail: `verify` the chain and checkpoints, sign a `checkpoint`, `export` for a witness."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser(
            "verify", help="walk the chain and every signed checkpoint; exit 1 on the first fault"
        )
        verify.add_argument(
            "--witness",
            type=Path,
            help="a directory of the witness's checkpoint copies to check the chain against",
        )
        sub.add_parser("checkpoint", help="sign the Merkle root of the chain as it stands now")
        export = sub.add_parser("export", help="write the signed checkpoints as JSON for a neutral witness")
        export.add_argument("--out", required=True, type=Path, help="the JSON file to create")
        sub.add_parser("guard", help="(re)install the triggers that make audit rows append-only")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['subcommand']}")(options)

    def _verify(self, options: dict[str, Any]) -> None:
        report = verify_chain()
        if not report.ok:
            where = f"event #{report.first_broken_seq}" if report.first_broken_seq else "the head"
            raise CommandError(
                f"Audit chain broken at {where}: {report.reason} "
                f"({report.checked} events before it verified).",
                returncode=1,
            )
        checkpoints = verify_checkpoints()
        if not checkpoints.ok:
            raise CommandError(
                "Audit checkpoint failed: " + "; ".join(checkpoints.problems) + ".", returncode=1
            )
        witnessed = ""
        if options.get("witness") is not None:
            try:
                witness = verify_against_witness(options["witness"])
            except FileNotFoundError as exc:
                raise CommandError(str(exc), returncode=1) from exc
            if not witness.ok:
                raise CommandError(
                    "Audit witness check failed: " + "; ".join(witness.problems) + ".", returncode=1
                )
            latest = f"the latest of {witness.latest_size} events" if witness.latest_size else "none yet"
            witnessed = f" {witness.checked} witness copies match ({latest}; {witness.gap} events since)."
        keyed = report.checked - report.legacy
        self.stdout.write(
            f"Audit chain intact: {report.checked} events verified "
            f"({keyed} keyed, epochs {', '.join(map(str, report.epochs)) or 'none'}; "
            f"{report.legacy} legacy, under the old unkeyed rule); "
            f"{checkpoints.checked} signed checkpoints verified.{witnessed}"
        )

    def _checkpoint(self, options: dict[str, Any]) -> None:
        cp = checkpoint_create()
        copied = export_to_witness()
        where = f"; {copied} new copies in {witness_dir()}" if copied else ""
        self.stdout.write(f"Checkpoint of {cp.size} events signed: root {cp.root}{where}.")

    def _guard(self, options: dict[str, Any]) -> None:
        vendor = connection.vendor
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in [*triggers.drop_statements(vendor), *triggers.create_statements(vendor)]:
                cursor.execute(statement, None)
        self.stdout.write("Audit tables are append-only: triggers installed.")

    def _export(self, options: dict[str, Any]) -> None:
        path: Path = options["out"]
        text = json.dumps(export_document(), indent=2, ensure_ascii=False) + "\n"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            raise CommandError(ERR_EXISTS.format(path=path)) from None
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.stdout.write(f"Audit checkpoints exported to {path}.")
