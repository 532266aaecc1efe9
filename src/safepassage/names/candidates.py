"""Hangul spellings of a name form, best first, and one canonical display key."""

from __future__ import annotations

import functools

from safepassage.names.analysis import (
    Reading,
    Syllable,
    analyse,
    folded_words,
    prior,
    surname_prior,
)
from safepassage.names.hangul import southern_initial
from safepassage.names.latin import romanize_parts
from safepassage.names.script import Script, name_text


def _best(syllable: Syllable, given: bool) -> list[tuple[str, float]]:
    """Hangul options of a slot ranked by spelling weight times how common they are."""
    ranking = prior if given else surname_prior
    scored = [(h, w * ranking(h)) for h, w in syllable.raw]
    return sorted(scored, key=lambda kv: (-kv[1], kv[0]))


def _best_surname(reading: Reading) -> str:
    if len(reading.surname) == 1:
        return _best(reading.surname[0], False)[0][0]
    # A two-syllable surname is ranked as a whole (남궁), not syllable by syllable.
    return "".join(s.raw[0][0] for s in reading.surname)


def reading_candidates(reading: Reading, limit: int) -> list[tuple[float, str]]:
    """The most likely Hangul spellings of one reading, best first, with scores."""
    beams: list[tuple[float, str]] = [(reading.weight, "")]
    positions = [(s, False) for s in reading.surname] + [(s, True) for s in reading.given]
    for syllable, is_given in positions:
        options = _best(syllable, is_given)[:limit]
        beams = sorted(((w * ow, text + h) for w, text in beams for h, ow in options),
                       key=lambda kv: (-kv[0], kv[1]))[:limit]
    return beams


@functools.lru_cache(maxsize=1 << 16)
def _spellings(text: str, limit: int) -> tuple[str, ...]:
    analysis = analyse(text)
    scored: dict[str, float] = {}
    for reading in analysis.readings:
        for score, hangul in reading_candidates(reading, limit):
            scored[hangul] = max(scored.get(hangul, 0.0), score)
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(h for h, _ in ranked[:limit])


def hangul_candidates(text: str, limit: int = 16) -> list[str]:
    """The most likely Hangul spellings of a name form, best first (Hangul gives itself)."""
    text = name_text(text)
    compact = "".join(text.split())
    if compact and analyse(text).parsed.script is Script.HANGUL:
        return [compact]
    return list(_spellings(text, limit))


@functools.lru_cache(maxsize=1 << 18)
def _name_key(text: str) -> str:
    """One canonical key of a name: the best Hangul reading in Revised Romanization.

    The surname takes its customary form and the given name is written in one piece,
    from the southern spelling (리 as 이), so that forms of one name in any script
    usually agree: "kim jeongeun" for 김정은 and Ким Чен Ын. Where the spelling leaves
    the Hangul open (Latin Un is 운 or 은), the more common reading wins, so the key is
    for display and sorting; match with `comparison_keys`. Other names give their
    folded Latin words in alphabetical order.
    """
    analysis = analyse(text)
    if not analysis.readings:
        return " ".join(folded_words(text))
    reading = analysis.readings[0]
    surname = _best_surname(reading)
    given = "".join(_best(s, True)[0][0] for s in reading.given)
    surname = southern_initial(surname[:1]) + surname[1:]
    given = southern_initial(given[:1]) + given[1:]
    return romanize_parts(surname, given, "rr", hyphen=False).lower()


def name_key(text: str) -> str:
    """One canonical key of a name for display and sorting (see `_name_key`)."""
    return _name_key(name_text(text))
