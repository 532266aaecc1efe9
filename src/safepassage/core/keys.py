"""Access to the field keyring configured in settings, loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from safepassage.crypto import Keyring


@lru_cache(maxsize=4)
def _ring_at(path: str, mtime: float) -> Keyring:
    return Keyring.from_file(Path(path))


def keyring() -> Keyring:
    """The keyring; re-read when its file changes (key rotation replaces the file)."""
    path = Path(settings.FIELD_KEYS_PATH)
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _ring_at(str(path), mtime)
