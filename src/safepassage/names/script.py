"""Script detection for name forms: Hangul, Cyrillic, Latin, mixed or other."""

from __future__ import annotations

import enum
import functools
import re
import unicodedata


class Script(enum.StrEnum):
    HANGUL = "hangul"
    CYRILLIC = "cyrillic"
    LATIN = "latin"
    MIXED = "mixed"
    OTHER = "other"


@functools.lru_cache(maxsize=4096)
def _char_script(ch: str) -> Script | None:
    if not ch.isalpha():
        return None
    code = ord(ch)
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return Script.HANGUL
    if 0xA960 <= code <= 0xA97F or 0xD7B0 <= code <= 0xD7FF:
        return Script.HANGUL
    name = unicodedata.name(ch, "")
    if name.startswith("CYRILLIC"):
        return Script.CYRILLIC
    if name.startswith("LATIN"):
        return Script.LATIN
    return Script.OTHER


# Most names are plain letters of one script with spaces, hyphens or commas: those are
# told at once, without looking at each character's Unicode name.
_SEPARATORS = r"[\s,.'’-]*"
_FAST = (
    (re.compile(f"{_SEPARATORS}(?:[A-Za-z]+{_SEPARATORS})+"), Script.LATIN),
    (re.compile(f"{_SEPARATORS}(?:[А-яЁёІіЇїЄєҐґ]+{_SEPARATORS})+"), Script.CYRILLIC),
    (re.compile(f"{_SEPARATORS}(?:[가-힣]+{_SEPARATORS})+"), Script.HANGUL),
)


def detect_script(text: str) -> Script:
    """The one script the letters of `text` are written in, MIXED if several, OTHER if none."""
    for pattern, script in _FAST:
        if pattern.fullmatch(text):
            return script
    found = {s for s in map(_char_script, unicodedata.normalize("NFC", text)) if s is not None}
    if not found:
        return Script.OTHER
    if len(found) == 1:
        return found.pop()
    return Script.MIXED
