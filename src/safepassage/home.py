"""The data home (SAFEPASSAGE_HOME): where the SQLite database and key files live."""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path

SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name)
FIELD_KEYS_FILE = "keys/field-keys.json"


def home_dir() -> Path:
    """The data home: SAFEPASSAGE_HOME, or ./var beside the working directory."""
    return Path(os.environ.get("SAFEPASSAGE_HOME") or "var").resolve()


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def new_field_keyring() -> dict[str, object]:
    """A fresh keyring: one active AES-256 data key and one blind-index root key."""

    def key() -> str:
        return base64.b64encode(secrets.token_bytes(32)).decode("ascii")

    return {"format": 1, "active": "k1", "keys": {"k1": key()}, "index_key": key()}


def ensure_home(home: Path | None = None) -> Path:
    """Create the data home and any missing key file; never overwrite an existing key."""
    home = home or home_dir()
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Static files are collected here; the directory must exist before the app starts.
    (home / "static").mkdir(exist_ok=True)
    secret = home / SECRET_KEY_FILE
    if not secret.exists():
        _write_private(secret, secrets.token_urlsafe(50))
    field_keys = home / FIELD_KEYS_FILE
    if not field_keys.exists():
        _write_private(field_keys, json.dumps(new_field_keyring(), indent=2))
    return home
