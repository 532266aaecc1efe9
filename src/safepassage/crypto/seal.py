"""AES-256-GCM sealing of field values, bound to their row and field by associated data."""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from safepassage.crypto.keyring import Keyring

PREFIX = "v1"
ERR_FORMAT = "An encrypted value is malformed (expected 'v1:<key id>:<base64>')."
ERR_TAG = "An encrypted value failed authentication: it was altered or moved to another row."


class CipherError(Exception):
    """A sealed value cannot be opened."""


def seal(ring: Keyring, plaintext: bytes, aad: str) -> str:
    """Encrypt with the active key and a random 96-bit nonce; the key id travels in the text."""
    nonce = os.urandom(12)
    sealed = AESGCM(ring.data_key(ring.active)).encrypt(nonce, plaintext, aad.encode())
    return f"{PREFIX}:{ring.active}:{base64.b64encode(nonce + sealed).decode('ascii')}"


def open_sealed(ring: Keyring, text: str, aad: str) -> bytes:
    parts = text.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise CipherError(ERR_FORMAT)
    try:
        raw = base64.b64decode(parts[2], validate=True)
    except ValueError as exc:
        raise CipherError(ERR_FORMAT) from exc
    try:
        return AESGCM(ring.data_key(parts[1])).decrypt(raw[:12], raw[12:], aad.encode())
    except InvalidTag as exc:
        raise CipherError(ERR_TAG) from exc


def key_id_of(text: str) -> str:
    return text.split(":", 2)[1]
