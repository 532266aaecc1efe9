"""Decoding list files whose encoding nobody wrote down: UTF-8, CP949/EUC-KR, Windows-1251."""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer

# Strict decodes are tried in this order; ties in plausibility go to the earlier one.
CANDIDATES = ("utf-8", "cp949", "cp1251")
_ALIASES = {"euc-kr": "cp949", "euc_kr": "cp949", "windows-1251": "cp1251"}
_EXTRA_CYRILLIC = set("ІіЇїЄєҐґЁё")

UNDECODABLE = (
    "it is not UTF-8, CP949/EUC-KR or Windows-1251 text; "
    "save it as UTF-8 or give its encoding with --encoding"
)


def _plausible_char(ch: str) -> bool:
    if ch.isascii():
        return ch.isprintable() or ch in "\r\n\t"
    if 0xAC00 <= ord(ch) <= 0xD7A3:
        return True
    if "А" <= ch <= "я" or ch in _EXTRA_CYRILLIC:
        return True
    # Accented Latin letters occur in McCune-Reischauer (ŏ, ŭ) and European names.
    return unicodedata.category(ch) == "Ll" and unicodedata.name(ch, "").startswith("LATIN")


def plausibility(text: str) -> float:
    """Share of characters a name list in Korean, Russian, Ukrainian or Latin would use."""
    if not text:
        return 1.0
    return sum(map(_plausible_char, text)) / len(text)


def _normalised(name: str) -> str:
    lowered = name.lower()
    try:
        return _ALIASES.get(lowered, codecs.lookup(lowered).name)
    except LookupError:
        return lowered


def detect_encoding(data: bytes) -> str | None:
    """The encoding of `data`, or None when no candidate decodes it into name-like text.

    A BOM decides; otherwise every candidate that decodes strictly is scored on how
    name-like its text looks, because CP949 and Windows-1251 byte ranges overlap and
    charset detectors guess wrong on short files of names only.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    guess = charset_normalizer.from_bytes(data).best()
    order = list(CANDIDATES)
    if guess is not None and _normalised(guess.encoding) in order:
        order.remove(_normalised(guess.encoding))
        order.insert(0, _normalised(guess.encoding))
    best: tuple[float, int, str] | None = None
    for rank, encoding in enumerate(order):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # UTF-8 that decodes strictly is never a coincidence on non-ASCII text.
        if encoding == "utf-8":
            return encoding
        score = (plausibility(text), -rank, encoding)
        if best is None or score > best:
            best = score
    if best is None or best[0] < 0.9:
        return None
    return best[2]
