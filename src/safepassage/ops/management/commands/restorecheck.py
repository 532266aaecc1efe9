"""`safepassage restorecheck MANIFEST`: after a restore, the counts, the audit chain and checkpoints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection, connections

from safepassage.audit.checkpoints import verify_checkpoints
from safepassage.audit.verify import verify_chain
from safepassage.ops.backup.create import restored_matches
from safepassage.ops.dbroles import OWNER_ALIAS, RoleSetupError, install_context_key


class Command(BaseCommand):
    help = "Compare a restored database with the manifest of its backup and verify its audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("manifest", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = json.loads(options["manifest"].read_text(encoding="utf-8"))
        if connection.vendor == "postgresql":
            # A backup never holds the database's context key: give it the restored keyring's.
            owner = connections[OWNER_ALIAS] if OWNER_ALIAS in connections.settings else connection
            try:
                install_context_key(owner)
            except (RoleSetupError, DatabaseError) as exc:
                raise CommandError(f"Restore check failed: {exc}", returncode=1) from exc
            connection.close()
        problems = restored_matches(manifest)
        chain, checkpoints = verify_chain(), verify_checkpoints()
        if not chain.ok:
            problems.append(f"audit chain broken at event #{chain.first_broken_seq}: {chain.reason}")
        problems += list(checkpoints.problems)
        if problems:
            raise CommandError("Restore check failed: " + "; ".join(problems) + ".", returncode=1)
        self.stdout.write(
            f"Restore verified: {sum(manifest['counts'].values())} rows as recorded, "
            f"{chain.checked} audit events and {checkpoints.checked} checkpoints intact."
        )
