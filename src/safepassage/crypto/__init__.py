"""Field encryption (AES-256-GCM) and blind indexes, independent of Django."""

from safepassage.crypto.blind import blind_index, normalise_for_index
from safepassage.crypto.keyring import Keyring, KeyringError
from safepassage.crypto.seal import CipherError, open_sealed, seal

__all__ = [
    "CipherError",
    "Keyring",
    "KeyringError",
    "blind_index",
    "normalise_for_index",
    "open_sealed",
    "seal",
]
