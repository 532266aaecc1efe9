"""The key-encryption key (KEK): from the environment, a file, or a passphrase through Argon2id."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw

KEK_FILE_NAME = "kek"
# OWASP's Argon2id guidance with margin: 64 MiB, 3 passes; about 0.2 s on one core here.
ARGON2_DEFAULTS = {"time_cost": 3, "memory_cost": 65536, "parallelism": 1}

ERR_NO_KEK = (
    "No key-encryption key for the field keyring {path}: set SAFEPASSAGE_KEK (or SAFEPASSAGE_KEK_FILE), "
    "or keep the file {kek_file} that `safepassage init` created."
)
ERR_NO_PASSPHRASE = (
    "The field keyring {path} is protected by a passphrase: set SAFEPASSAGE_PASSPHRASE "  # noqa: S105
    "(or SAFEPASSAGE_PASSPHRASE_FILE)."
)
ERR_KEK_FORMAT = "The key-encryption key must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)."
ERR_WRONG_KEK = "The key-encryption key given does not open the field keyring {path}: is it the right one?"


class KekError(Exception):
    """No key-encryption key is available, or it is not the one that wrapped the keyring."""


def env_secret(name: str) -> str:
    """NAME, or the content of the file that NAME_FILE names; empty when neither is set."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, "").strip()


def decode_kek(text: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except ValueError:
        raise KekError(ERR_KEK_FORMAT) from None
    if len(key) != 32:
        raise KekError(ERR_KEK_FORMAT)
    return key


def new_kek_text() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def passphrase_kdf() -> dict[str, Any]:
    """Fresh Argon2id parameters with a random salt, stored beside the wrapped keys."""
    return {"kdf": "argon2id", "salt": base64.b64encode(secrets.token_bytes(16)).decode(), **ARGON2_DEFAULTS}


def derive_from_passphrase(passphrase: str, kdf: dict[str, Any]) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        base64.b64decode(kdf["salt"]),
        time_cost=int(kdf["time_cost"]),
        memory_cost=int(kdf["memory_cost"]),
        parallelism=int(kdf["parallelism"]),
        hash_len=32,
        type=Type.ID,
    )


def kek_check(kek: bytes) -> str:
    """A fingerprint that tells a wrong KEK apart from a damaged keyring, and reveals nothing."""
    return hmac.new(kek, b"safepassage-kek-check", hashlib.sha256).hexdigest()[:16]


def resolve_kek(spec: dict[str, Any], keyring_path: Path) -> bytes:
    """The KEK that `spec` (the keyring's "kek" entry) says wrapped the keys, checked."""
    if spec.get("kdf") == "argon2id":
        passphrase = env_secret("SAFEPASSAGE_PASSPHRASE")
        if not passphrase:
            raise KekError(ERR_NO_PASSPHRASE.format(path=keyring_path))
        kek = derive_from_passphrase(passphrase, spec)
    else:
        text = env_secret("SAFEPASSAGE_KEK")
        kek_file = keyring_path.parent / KEK_FILE_NAME
        if not text and kek_file.exists():
            text = kek_file.read_text(encoding="utf-8")
        if not text:
            raise KekError(ERR_NO_KEK.format(path=keyring_path, kek_file=kek_file))
        kek = decode_kek(text)
    if not hmac.compare_digest(kek_check(kek), str(spec.get("check", ""))):
        raise KekError(ERR_WRONG_KEK.format(path=keyring_path))
    return kek
