"""A name as typed, in any mix of scripts, written in Latin or Cyrillic.

`latin` and `cyrillic` transliterate a name written in Hangul alone. A form typed in two
scripts ("Kim 정은", a clerk's Latin surname before a Hangul given name) is first read as one
Korean name (김정은) by the Hangul candidates, which themselves stand on the romanisation
tables: reading the mixed form therefore lives here, above both, and no module of the names
package imports one that imports it back.
"""

from __future__ import annotations

from safepassage.names.candidates import hangul_candidates
from safepassage.names.cyrillic import cyrillic_hangul
from safepassage.names.latin import romanizations_hangul, romanize_hangul
from safepassage.names.script import Script, detect_script, name_text

ERR_UNREADABLE_MIXED = (
    "{text!r} mixes Hangul with letters of another script that do not read as a Korean name: "
    "record each script's form separately."
)


def hangul_of(text: str) -> str:
    """A name for transliteration from Hangul: as given, or its best Hangul reading if mixed.

    A text with no Hangul at all is returned as it is; a mixed text whose other words do not
    read as Korean is refused (nothing is silently dropped).
    """
    text = name_text(text)
    if detect_script(text) is not Script.MIXED or not any(detect_script(c) is Script.HANGUL for c in text):
        return text
    found = hangul_candidates(text, limit=1)
    if not found:
        raise ValueError(ERR_UNREADABLE_MIXED.format(text=text))
    return found[0]


def romanize(hangul: str, system: str = "rr", *, customary: bool = True, hyphen: bool = True) -> str:
    """A Korean name as Latin in `system` (rr, mr, mr_ascii, nk), surname first (see latin)."""
    return romanize_hangul(hangul_of(hangul), system, customary=customary, hyphen=hyphen)


def romanizations(hangul: str, system: str = "rr") -> tuple[str, ...]:
    """Every customary Latin form of a Korean name in `system`, the usual one first (see latin)."""
    return romanizations_hangul(hangul_of(hangul), system)


def to_cyrillic(hangul: str, lang: str = "ru", *, customary: bool = True, joined: bool = False) -> str:
    """A Korean name in Russian (Kontsevich) or Ukrainian Cyrillic, surname first (see cyrillic)."""
    return cyrillic_hangul(hangul_of(hangul), lang, customary=customary, joined=joined)
