"""The `safepassage` command: the pure cores directly, everything else through Django."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from importlib import import_module

# Commands served by the pure-Python cores: they never start Django.
CORE_COMMANDS: dict[str, str] = {
    "assess": "safepassage.law.cli:main",
    "reconcile": "safepassage.linkage.cli:reconcile_main",
    "dedupe": "safepassage.linkage.cli:dedupe_main",
    "messages": "safepassage.i18n:main",
}

USAGE = """usage: safepassage COMMAND [ARGS]

Commands:
  init                 create or upgrade the database and create keys in SAFEPASSAGE_HOME
  demo                 load the fictional demo data (idempotent)
  createuser           create an account: createuser --role ROLE USERNAME [--password-file F]
  serve                serve the application with gunicorn [--host H] [--port P]
  audit verify [--witness DIR]
                       walk the keyed audit chain and signed checkpoints (and the witness's copies);
                       exit 1 on the first fault
  audit checkpoint     sign the Merkle root of the chain (Ed25519) and copy it to the witness directory
  audit export --out F write the signed checkpoints as JSON for the witness
  handover keys|trust|list|untrust|export|import|sent
                       hand a case to another installation as a signed, encrypted dossier
                       (see docs/handover.md)
  keys status|rotate   field keys: values per key; new active key and re-encrypt everything
  keys rotate-audit    a new audit key epoch for new events (older epochs still verify)
  keys wrap            wrap an old plain keyring with the key-encryption key
  backup --out FILE    encrypted, consistent backup (database and wrapped keys; never the KEK)
  restore FILE         restore a backup into an empty home and database, then verify it
  db roles [--create]  PostgreSQL: grant the non-owner app role and row-level security policies
  assess               legal determination from facts (see docs/assess.md)
  determinations refresh
                       re-assess stored determinations in batches: --job ID | --resume | --all | --list
  reconcile, dedupe    record linkage across scripts (see docs/reconcile.md)
  messages compile     compile the interface translations (.po -> .mo; init does it too)
  messages check       count translated messages per language; exit 1 on a gap
  apidocs [--check]    write docs/api.md and docs/api/openapi.yaml from the API schema
  help                 this text; every Django management command works too

Long commands (reconcile, dedupe, exchange import/reconcile, keys rotate, backup, restore,
determinations refresh) draw progress bars on stderr when it is a terminal; --progress forces
them, --no-progress hides them.
"""


def _load(target: str) -> Callable[[list[str]], int]:
    module, _, func = target.partition(":")
    return getattr(import_module(module), func)  # type: ignore[no-any-return]


def _restore(args: list[str]) -> int:
    """Restore before Django starts (the home has no secret key yet), then check the result."""
    import json
    import subprocess
    import tempfile
    from pathlib import Path

    from safepassage.home import home_dir
    from safepassage.ops.backup.restore import RestoreError, restore_archive
    from safepassage.progress import Progress, add_progress_flags, wanted

    parser = argparse.ArgumentParser(
        prog="safepassage restore", description="Restore a backup into an empty home and database."
    )
    parser.add_argument("backup", type=Path, help="the backup file")
    add_progress_flags(parser)
    try:
        options = parser.parse_args(args)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        with Progress(wanted(options.progress)) as progress:
            manifest = restore_archive(
                options.backup, home_dir(), os.environ.get("DATABASE_URL", ""), progress=progress
            )
    except (RestoreError, OSError, subprocess.CalledProcessError) as exc:
        sys.stderr.write(f"Restore failed: {exc}\n")
        return 1
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(manifest, handle)
    try:
        return main(["restorecheck", handle.name])
    finally:
        Path(handle.name).unlink()


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"help", "-h", "--help"}:
        sys.stdout.write(USAGE)
        return 0
    if args[0] in CORE_COMMANDS:
        return _load(CORE_COMMANDS[args[0]])(args[1:])
    if args[0] == "restore":
        return _restore(args[1:])
    if args[0] in ("init", "db"):
        # `db roles` gives the database its context key, so it may come before `init`: both need keys.
        from safepassage.home import ensure_home

        ensure_home()
        if args[0] == "init" and "--keys-only" in args:
            return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepassage.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["safepassage", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
