"""The keyring: data keys by key id, the active key, and the blind-index root key."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ERR_MISSING = "The field keyring {path} does not exist: run `safepassage init` to create it."
ERR_UNREADABLE = "The field keyring {path} is not valid: {detail}."
ERR_UNKNOWN_KEY = "Ciphertext names key id {key_id!r}, which is not in the keyring."


class KeyringError(Exception):
    """The keyring is missing, malformed, or lacks a key that data refers to."""


@dataclass(frozen=True)
class Keyring:
    active: str
    keys: dict[str, bytes]
    index_key: bytes
    _derived: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_file(cls, path: Path) -> Keyring:
        if not path.exists():
            raise KeyringError(ERR_MISSING.format(path=path))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            keys = {kid: base64.b64decode(val, validate=True) for kid, val in data["keys"].items()}
            ring = cls(
                active=data["active"],
                keys=keys,
                index_key=base64.b64decode(data["index_key"], validate=True),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyringError(ERR_UNREADABLE.format(path=path, detail=exc)) from exc
        ring.validate(path)
        return ring

    def validate(self, path: Path | str = "keyring") -> None:
        if self.active not in self.keys:
            detail = f"active key {self.active!r} is not among the keys"
            raise KeyringError(ERR_UNREADABLE.format(path=path, detail=detail))
        for kid, key in self.keys.items():
            if len(key) != 32 or ":" in kid:
                detail = f"key {kid!r} must be 32 bytes and its id may not contain ':'"
                raise KeyringError(ERR_UNREADABLE.format(path=path, detail=detail))
        if len(self.index_key) != 32:
            raise KeyringError(ERR_UNREADABLE.format(path=path, detail="index_key must be 32 bytes"))

    def data_key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise KeyringError(ERR_UNKNOWN_KEY.format(key_id=key_id)) from None

    def index_key_for(self, purpose: str) -> bytes:
        """A separate HMAC key per indexed field, derived so one leak does not expose the rest."""
        if purpose not in self._derived:
            info = f"bidx:{purpose}".encode()
            hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info)
            self._derived[purpose] = hkdf.derive(self.index_key)
        return self._derived[purpose]
