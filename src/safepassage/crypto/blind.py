"""Blind indexes: truncated HMACs of normalised values, for exact search without plaintext."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from safepassage.crypto.keyring import Keyring

# 64 bits: rare collisions at registry sizes, while the value alone reveals nothing.
INDEX_HEX_CHARS = 16
_PUNCT = re.compile(r"[\s\-‐‑‒–—_.,'’`ʼ·/\\()\"]+")


def normalise_for_index(value: str) -> str:
    """Case, width, spacing and punctuation folded away: 'Jong-Un ' and 'jong un' agree."""
    text = unicodedata.normalize("NFKC", value).casefold()
    return _PUNCT.sub(" ", text).strip()


def blind_index(ring: Keyring, purpose: str, value: str) -> str:
    digest = hmac.new(ring.index_key_for(purpose), value.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:INDEX_HEX_CHARS]
