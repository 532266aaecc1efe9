"""The keyring: data keys, the blind-index root, the audit chain's keys by epoch and the database
context key, all wrapped by a KEK."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from safepassage.crypto.kek import KekError, kek_check, resolve_kek

ERR_MISSING = "The field keyring {path} does not exist: run `safepassage init` to create it."
ERR_UNREADABLE = "The field keyring {path} is not valid: {detail}."
ERR_UNKNOWN_KEY = "Ciphertext names key id {key_id!r}, which is not in the keyring."
# Format 1: keys in the clear (homes made before wrapping; still read). Format 2: keys wrapped.
PLAIN_FORMAT, WRAPPED_FORMAT = 1, 2
INDEX_KEY_ID = "index"
CONTEXT_KEY_ID = "context"
ERR_NO_TRUST_KEY = (
    "The field keyring has no {what}: run `safepassage init` (with the key-encryption key available) "
    "to add one."
)
ERR_UNKNOWN_EPOCH = "No audit key of epoch {epoch} in the keyring."


class KeyringError(Exception):
    """The keyring is missing, malformed, or lacks a key that data refers to."""


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def wrap_key(kek: bytes, key_id: str, key: bytes) -> str:
    """AES-256-GCM under the KEK, bound to the key id so wrapped keys cannot be swapped."""
    nonce = os.urandom(12)
    return _b64(nonce + AESGCM(kek).encrypt(nonce, key, f"keyring:{key_id}".encode()))


def unwrap_key(kek: bytes, key_id: str, text: str) -> bytes:
    raw = base64.b64decode(text, validate=True)
    return AESGCM(kek).decrypt(raw[:12], raw[12:], f"keyring:{key_id}".encode())


@dataclass(frozen=True)
class Keyring:
    active: str
    keys: dict[str, bytes]
    index_key: bytes
    kek_spec: dict[str, Any] = field(default_factory=dict, compare=False)
    # The audit chain's HMAC keys by epoch (audit.chain); the newest epoch keys new events. Events
    # with seq <= audit_legacy_until may carry the old unkeyed SHA-256 (None: not yet fixed, an upgrade).
    audit_keys: dict[int, bytes] = field(default_factory=dict)
    audit_legacy_until: int | None = None
    # The root of the row-level security context tokens (core.rls); the database holds a derived key.
    context_key: bytes | None = None
    _derived: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_file(cls, path: Path, kek: bytes | None = None) -> Keyring:
        """Read a keyring; a wrapped one is opened with `kek` or the KEK the environment gives."""
        if not path.exists():
            raise KeyringError(ERR_MISSING.format(path=path))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            ring = cls.from_document(data, path=path, kek=kek)
        except KekError as exc:
            raise KeyringError(str(exc)) from exc
        except (ValueError, KeyError, TypeError, AttributeError, InvalidTag) as exc:
            raise KeyringError(ERR_UNREADABLE.format(path=path, detail=exc or type(exc).__name__)) from exc
        ring.validate(path)
        return ring

    @classmethod
    def from_document(cls, data: dict[str, Any], *, path: Path, kek: bytes | None = None) -> Keyring:
        if data.get("format", PLAIN_FORMAT) == PLAIN_FORMAT:
            keys = {kid: base64.b64decode(val, validate=True) for kid, val in data["keys"].items()}
            return cls(data["active"], keys, base64.b64decode(data["index_key"], validate=True))
        spec = dict(data["kek"])
        if kek is None:
            kek = resolve_kek(spec, path)
        elif kek_check(kek) != spec.get("check"):
            raise KekError(f"The key-encryption key given does not open the field keyring {path}.")
        keys = {kid: unwrap_key(kek, kid, val) for kid, val in data["keys"].items()}
        index_key = unwrap_key(kek, INDEX_KEY_ID, data["index_key"])
        audit = data.get("audit") or {}
        audit_keys = {
            int(epoch): unwrap_key(kek, f"audit:{int(epoch)}", val)
            for epoch, val in audit.get("keys", {}).items()
        }
        legacy = audit.get("legacy_until")
        context = data.get("context_key")
        return cls(
            data["active"],
            keys,
            index_key,
            kek_spec=spec,
            audit_keys=audit_keys,
            audit_legacy_until=None if legacy is None else int(legacy),
            context_key=unwrap_key(kek, CONTEXT_KEY_ID, context) if context else None,
        )

    def to_document(self, kek: bytes, kek_spec: dict[str, Any]) -> dict[str, Any]:
        """The wrapped form written to disk: key ids and the active id in the clear, keys not."""
        document: dict[str, Any] = {
            "format": WRAPPED_FORMAT,
            "kek": {**kek_spec, "check": kek_check(kek)},
            "active": self.active,
            "keys": {kid: wrap_key(kek, kid, key) for kid, key in self.keys.items()},
            "index_key": wrap_key(kek, INDEX_KEY_ID, self.index_key),
        }
        if self.audit_keys:
            document["audit"] = {
                "epoch": self.audit_epoch,
                "legacy_until": self.audit_legacy_until,
                "keys": {str(e): wrap_key(kek, f"audit:{e}", k) for e, k in sorted(self.audit_keys.items())},
            }
        if self.context_key is not None:
            document["context_key"] = wrap_key(kek, CONTEXT_KEY_ID, self.context_key)
        return document

    def _replace(self, **changes: Any) -> Keyring:
        values = {
            "active": self.active,
            "keys": self.keys,
            "index_key": self.index_key,
            "kek_spec": self.kek_spec,
            "audit_keys": self.audit_keys,
            "audit_legacy_until": self.audit_legacy_until,
            "context_key": self.context_key,
        }
        return Keyring(**{**values, **changes})

    def with_new_active_key(self) -> Keyring:
        """A ring with one more data key, made active; old keys stay to open older values."""
        number = 1 + max((int(k[1:]) for k in self.keys if k[1:].isdigit()), default=0)
        key_id = f"k{number}"
        return self._replace(active=key_id, keys={**self.keys, key_id: os.urandom(32)})

    def with_trust_keys(self, *, legacy_until: int | None) -> Keyring:
        """The ring with an audit key (epoch 1) and a context key where it had none: an upgrade."""
        changes: dict[str, Any] = {}
        if not self.audit_keys:
            changes.update(audit_keys={1: os.urandom(32)}, audit_legacy_until=legacy_until)
        if self.context_key is None:
            changes["context_key"] = os.urandom(32)
        return self._replace(**changes) if changes else self

    def with_new_audit_epoch(self) -> Keyring:
        """One more audit key, used for every new event; the older ones stay to verify older events."""
        epoch = self.audit_epoch + 1
        return self._replace(audit_keys={**self.audit_keys, epoch: os.urandom(32)})

    def with_legacy_until(self, seq: int) -> Keyring:
        return self._replace(audit_legacy_until=seq)

    @property
    def audit_epoch(self) -> int:
        """The epoch that keys new audit events (0: none yet)."""
        return max(self.audit_keys, default=0)

    def audit_key(self, epoch: int) -> bytes:
        if not self.audit_keys:
            raise KeyringError(ERR_NO_TRUST_KEY.format(what="audit key"))
        try:
            return self.audit_keys[epoch]
        except KeyError:
            raise KeyringError(ERR_UNKNOWN_EPOCH.format(epoch=epoch)) from None

    def database_context_key(self) -> bytes:
        """The key the database holds to check context tokens: derived, so it opens nothing else."""
        if self.context_key is None:
            raise KeyringError(ERR_NO_TRUST_KEY.format(what="database context key"))
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"db-context:v1").derive(
            self.context_key
        )

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


def write_keyring(path: Path, document: dict[str, Any]) -> None:
    """Replace the keyring file atomically (readers see the old or the new one, never half)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(document, indent=2))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
