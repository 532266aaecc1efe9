"""Lookup of a written surname (any script, any customary spelling) to its Hangul surnames."""

from __future__ import annotations

import functools

from safepassage.names.cyrillic import cyrillic_syllables
from safepassage.names.hangul import is_syllable, southern_initial
from safepassage.names.latin import romanize_word
from safepassage.names.reverse import fold_latin
from safepassage.names.surnames import surnames

# Weight of a customary or system spelling, of a listed variant, and of a Ukrainian
# form (Ukrainian и is ㅡ: Кім is 김 but Ким is 금 there, a clash with Russian Ким).
_MAIN = 1.0
_VARIANT = 0.9
_UKRAINIAN = 0.6


def fold(form: str) -> str:
    """The lookup form of a written surname: lower case, no apostrophes, breves or hyphens."""
    return fold_latin(form).replace("'", "").replace("-", "").replace("ŏ", "o").replace("ŭ", "u")


@functools.cache
def _index() -> dict[str, dict[str, float]]:
    index: dict[str, dict[str, float]] = {}

    def add(form: str, hangul: str, weight: float) -> None:
        entry = index.setdefault(fold(form), {})
        entry[hangul] = max(entry.get(hangul, 0.0), weight)

    for hangul, entry in surnames().items():
        for form in (entry.rr, entry.mr, entry.nk, *entry.russian[:1]):
            add(form, hangul, _MAIN)
        for system in ("rr", "mr", "nk"):
            add(romanize_word(hangul, system), hangul, _MAIN)
        add("".join(cyrillic_syllables(hangul, "ru", joined=True)), hangul, _MAIN)
        for form in (*entry.latin, *entry.russian[1:]):
            add(form, hangul, _VARIANT)
        for form in (*entry.ukrainian, "".join(cyrillic_syllables(hangul, "uk", joined=True))):
            add(form, hangul, _UKRAINIAN)
    return index


@functools.cache
def _rank() -> dict[str, int]:
    """Frequency rank of each surname (table order), shared by 이/리, 임/림 and the like."""
    rank: dict[str, int] = {}
    for position, hangul in enumerate(surnames()):
        key = "".join(southern_initial(ch) if i == 0 else ch for i, ch in enumerate(hangul))
        rank.setdefault(key, position)
        rank[hangul] = rank[key]
    return rank


@functools.lru_cache(maxsize=65536)
def lookup(form: str) -> dict[str, float]:
    """Hangul surnames that `form` may spell, with weights; {} if it is no known surname."""
    if form and all(is_syllable(ch) for ch in form):
        return {form: _MAIN} if form in surnames() else {}
    return _index().get(fold(form), {})


@functools.lru_cache(maxsize=65536)
def rank(form: str) -> int | None:
    """How common the surname spelled `form` is (0 the most common), None if unknown."""
    found = lookup(form)
    if not found:
        return None
    ranks = _rank()
    return min(ranks[h] for h in found)
