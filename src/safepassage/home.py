"""The data home (SAFEPASSAGE_HOME): where the SQLite database and key files live."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name)
FIELD_KEYS_FILE = "keys/field-keys.json"
KEK_FILE = "keys/kek"
AUDIT_SIGNING_KEY_FILE = "keys/audit-signing.pem"
# The handover identity (docs/handover.md), made by `safepassage handover keys`, wrapped by the KEK.
HANDOVER_IDENTITY_FILE = "keys/handover-identity.json"


def home_dir() -> Path:
    """The data home: SAFEPASSAGE_HOME, or ./var beside the working directory."""
    return Path(os.environ.get("SAFEPASSAGE_HOME") or "var").resolve()


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def new_field_keyring() -> Any:
    """A fresh keyring: one active AES-256 data key and one blind-index root key."""
    from safepassage.crypto.keyring import Keyring

    ring = Keyring("k1", {"k1": secrets.token_bytes(32)}, secrets.token_bytes(32))
    # A new installation has no event written under the old unkeyed rule.
    return ring.with_trust_keys(legacy_until=0)


def upgrade_field_keyring(path: Path) -> bool:
    """Add the audit and context keys to a keyring made before they existed; False if it cannot yet.

    The events already written stay under their old unkeyed rule: how many there are is fixed by
    `safepassage init` once it sees the database (legacy_until stays unset until then).
    """
    from safepassage.crypto.kek import KekError, resolve_kek
    from safepassage.crypto.keyring import WRAPPED_FORMAT, Keyring, write_keyring

    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != WRAPPED_FORMAT or ("audit" in data and "context_key" in data):
        return False
    try:
        kek = resolve_kek(dict(data["kek"]), path)
    except KekError:
        return False
    ring = Keyring.from_document(data, path=path, kek=kek)
    upgraded = ring.with_trust_keys(legacy_until=None)
    spec = {k: v for k, v in ring.kek_spec.items() if k != "check"}
    write_keyring(path, upgraded.to_document(kek, spec))
    return True


def new_home_kek(home: Path) -> tuple[bytes, dict[str, Any]]:
    """The KEK for a new keyring: SAFEPASSAGE_KEK, else a passphrase, else a new file beside the keys.

    The file is the single-machine default; production keeps the KEK out of the home (system check).
    """
    from safepassage.crypto.kek import (
        decode_kek,
        derive_from_passphrase,
        env_secret,
        new_kek_text,
        passphrase_kdf,
    )

    given = env_secret("SAFEPASSAGE_KEK")
    if given:
        return decode_kek(given), {"kdf": "none"}
    passphrase = env_secret("SAFEPASSAGE_PASSPHRASE")
    if passphrase:
        kdf = passphrase_kdf()
        return derive_from_passphrase(passphrase, kdf), kdf
    kek_file = home / KEK_FILE
    if not kek_file.exists():
        _write_private(kek_file, new_kek_text() + "\n")
    return decode_kek(kek_file.read_text(encoding="utf-8")), {"kdf": "none"}


def ensure_home(home: Path | None = None) -> Path:
    """Create the data home and any missing key file; never overwrite an existing key."""
    from safepassage.crypto.signing import new_signing_key_pem

    home = home or home_dir()
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Static files are collected here; the directory must exist before the app starts.
    (home / "static").mkdir(exist_ok=True)
    secret = home / SECRET_KEY_FILE
    if not secret.exists():
        _write_private(secret, secrets.token_urlsafe(50))
    field_keys = home / FIELD_KEYS_FILE
    if not field_keys.exists():
        kek, spec = new_home_kek(home)
        _write_private(field_keys, json.dumps(new_field_keyring().to_document(kek, spec), indent=2))
    else:
        upgrade_field_keyring(field_keys)
    signing = home / AUDIT_SIGNING_KEY_FILE
    if not signing.exists():
        _write_private(signing, new_signing_key_pem())
    return home
