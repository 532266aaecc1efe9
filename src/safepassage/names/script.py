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
# Each pattern is one character class and a look-ahead for a letter, never a repeated group of
# repeats: `(?:[A-Za-z]+[ ,.-]*)+` backtracks exponentially on a long text it does not match
# ("UNION SELECT username, password FROM auth_user --" took minutes in a search).
_SEPARATORS = "\\s,.'’-"


def _one_script(letters: str) -> re.Pattern[str]:
    return re.compile(f"(?=[^{letters}]*[{letters}])[{letters}{_SEPARATORS}]+")


_FAST = (
    (_one_script("A-Za-z"), Script.LATIN),
    (_one_script("А-яЁёІіЇїЄєҐґ"), Script.CYRILLIC),
    (_one_script("가-힣"), Script.HANGUL),
)


ERR_MIXED = (
    "{text!r} mixes Hangul with another script: read it as one Korean name first "
    "(safepassage.names.romanize and to_cyrillic do)."
)
ERR_NOT_TEXT = "A name must be text (str), not {type}: pass the name as written, e.g. '리명학'."


def name_text(text: object) -> str:
    """`text` as the names core reads it: a str in composed Unicode (NFC).

    Hangul typed on some systems arrives decomposed into jamo (NFD); read as is, its
    syllables would not be recognised. Anything but a str is refused with a clear error
    instead of an obscure one deep inside a parser.
    """
    if not isinstance(text, str):
        raise TypeError(ERR_NOT_TEXT.format(type=type(text).__name__))
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def detect_script(text: str) -> Script:
    """The one script the letters of `text` are written in, MIXED if several, OTHER if none."""
    text = name_text(text)
    for pattern, script in _FAST:
        if pattern.fullmatch(text):
            return script
    found = {s for s in map(_char_script, unicodedata.normalize("NFC", text)) if s is not None}
    if not found:
        return Script.OTHER
    if len(found) == 1:
        return found.pop()
    return Script.MIXED


def hangul_alone(text: str) -> str:
    """`text` as a name, refused if it mixes Hangul with another script (nothing silently dropped)."""
    text = name_text(text)
    if detect_script(text) is Script.MIXED and any(_char_script(ch) is Script.HANGUL for ch in text):
        raise ValueError(ERR_MIXED.format(text=text))
    return text
