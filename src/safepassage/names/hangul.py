"""Hangul syllable arithmetic: composing and decomposing syllables into jamo indices."""

from __future__ import annotations

from typing import NamedTuple

# Unicode 15, section 3.12 "Conjoining Jamo Behavior": a precomposed syllable is
# U+AC00 + (initial * 21 + vowel) * 28 + final.
SYLLABLE_BASE = 0xAC00
SYLLABLE_LAST = 0xD7A3
VOWEL_COUNT = 21
FINAL_COUNT = 28

INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
# Index 0 is "no final consonant".
FINALS = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")

NOT_A_SYLLABLE = "{char!r} is not a precomposed Hangul syllable (U+AC00..U+D7A3)."
UNKNOWN_JAMO = "{jamo!r} is not a jamo allowed in that position of a Hangul syllable."


class Jamo(NamedTuple):
    """A syllable as compatibility jamo letters; `final` is '' for an open syllable."""

    initial: str
    vowel: str
    final: str


def is_syllable(char: str) -> bool:
    return len(char) == 1 and SYLLABLE_BASE <= ord(char) <= SYLLABLE_LAST


def decompose(char: str) -> Jamo:
    """The initial, vowel and final jamo of one precomposed syllable."""
    if not is_syllable(char):
        raise ValueError(NOT_A_SYLLABLE.format(char=char))
    offset = ord(char) - SYLLABLE_BASE
    initial, rest = divmod(offset, VOWEL_COUNT * FINAL_COUNT)
    vowel, final = divmod(rest, FINAL_COUNT)
    return Jamo(INITIALS[initial], VOWELS[vowel], FINALS[final])


def compose(initial: str, vowel: str, final: str = "") -> str:
    """The precomposed syllable of compatibility jamo; initial 'ㅇ' for a vowel onset."""
    for jamo, table in ((initial, INITIALS), (vowel, VOWELS), (final, FINALS)):
        if jamo not in table or (table is not FINALS and len(jamo) != 1):
            raise ValueError(UNKNOWN_JAMO.format(jamo=jamo))
    i, v, f = INITIALS.index(initial), VOWELS.index(vowel), FINALS.index(final)
    return chr(SYLLABLE_BASE + (i * VOWEL_COUNT + v) * FINAL_COUNT + f)


def syllables(text: str) -> list[str]:
    """The precomposed Hangul syllables of `text`, in order, other characters dropped."""
    return [ch for ch in text if is_syllable(ch)]


def decompose_text(text: str) -> str:
    """`text` with every syllable spelled out as compatibility jamo (for jamo-level edits)."""
    return "".join("".join(decompose(ch)) if is_syllable(ch) else ch for ch in text)


# The initial-sound rule (두음법칙) of South Korean spelling: at the start of a word
# ㄹ becomes ㅇ before i/y vowels and ㄴ elsewhere, and ㄴ becomes ㅇ before i/y vowels.
# North Korean spelling keeps ㄹ/ㄴ (리 vs 이, 림 vs 임, 량 vs 양), so the same person is
# spelled both ways; comparison always uses the southern form.
_IY_VOWELS = frozenset("ㅣㅑㅕㅛㅠㅒㅖ")


def southern_initial(char: str) -> str:
    """The southern spelling of a word-initial syllable (리 -> 이, 로 -> 노, 녀 -> 여)."""
    if not is_syllable(char):
        return char
    initial, vowel, final = decompose(char)
    if initial == "ㄹ":
        return compose("ㅇ" if vowel in _IY_VOWELS else "ㄴ", vowel, final)
    if initial == "ㄴ" and vowel in _IY_VOWELS:
        return compose("ㅇ", vowel, final)
    return char
