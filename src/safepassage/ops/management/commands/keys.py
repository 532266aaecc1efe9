"""`safepassage keys status|rotate|wrap`: see, rotate and wrap the field encryption keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepassage.core.keys import keyring
from safepassage.crypto import KeyringError
from safepassage.crypto.kek import KekError
from safepassage.home import new_home_kek
from safepassage.ops.rotation import key_usage, rotate, rotate_audit_key, wrap_plain_keyring
from safepassage.progress import Progress, add_progress_flags, wanted

ERR_ALREADY_WRAPPED = "The field keyring is already wrapped by a key-encryption key."


class Command(BaseCommand):
    help = "Field keys: `status` (values per key), `rotate` (new key, re-encrypt all), `wrap` (old homes)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("status", help="the active key and how many stored values each key seals")
        rotate_p = sub.add_parser("rotate", help="add a new active key and re-encrypt every value under it")
        rotate_p.add_argument("--batch", type=int, default=200, help="rows per transaction (default 200)")
        add_progress_flags(rotate_p)
        sub.add_parser("rotate-audit", help="a new audit key epoch for new events; old keys stay to verify")
        sub.add_parser(
            "wrap", help="wrap an old plain keyring with the KEK (SAFEPASSAGE_KEK, passphrase or file)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['subcommand'].replace('-', '_')}")(options)
        except (KeyringError, KekError, ValueError) as exc:
            raise CommandError(str(exc)) from exc

    def _status(self, options: dict[str, Any]) -> None:
        ring = keyring()
        wrapped = (
            "wrapped by a passphrase (Argon2id)"
            if ring.kek_spec.get("kdf") == "argon2id"
            else (
                "wrapped by a key-encryption key"
                if ring.kek_spec
                else "NOT wrapped (run `safepassage keys wrap`)"
            )
        )
        self.stdout.write(f"Active key {ring.active}; keys {', '.join(sorted(ring.keys))}; {wrapped}.")
        legacy = ring.audit_legacy_until
        epochs = ", ".join(map(str, sorted(ring.audit_keys))) or "none"
        self.stdout.write(
            f"Audit key epoch {ring.audit_epoch} (epochs {epochs}); "
            f"events kept under the old unkeyed rule: {'not yet fixed' if legacy is None else legacy}."
        )
        for kid, count in sorted(key_usage().items()):
            self.stdout.write(f"  {kid}: {count} values")

    def _rotate(self, options: dict[str, Any]) -> None:
        stream = getattr(self.stderr, "_out", None)
        with Progress(wanted(options["progress"], stream), stream) as progress:
            active, changed = rotate(batch=options["batch"], progress=progress)
        self.stdout.write(f"Active key is now {active}; {changed} rows re-encrypted.")

    def _rotate_audit(self, options: dict[str, Any]) -> None:
        epoch = rotate_audit_key()
        self.stdout.write(f"Audit key epoch {epoch} now keys every new event; older epochs still verify.")

    def _wrap(self, options: dict[str, Any]) -> None:
        if keyring().kek_spec:
            raise CommandError(ERR_ALREADY_WRAPPED)
        kek, spec = new_home_kek(Path(settings.FIELD_KEYS_PATH).parent.parent)
        wrap_plain_keyring(kek, spec)
        self.stdout.write(f"Field keyring {settings.FIELD_KEYS_PATH} is now wrapped.")
