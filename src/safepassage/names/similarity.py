"""Similarity of two name forms in any scripts, through their Hangul readings."""

from __future__ import annotations

from safepassage.names.analysis import Analysis, Reading, Syllable, analyse, folded_words, given_runs
from safepassage.names.caches import MemoDict
from safepassage.names.foreign import tokens_similarity
from safepassage.names.script import name_text

# Scores of one syllable pair: a shared Hangul option (scaled by how usual both
# spellings are), a shared coarse code, or two of initial/vowel/final in common.
_EXACT_BASE = 0.8
_COARSE = 0.65
_LOOSE = 0.35
# The given name carries more of a person's identity than the surname: Korea has few
# surnames (Kim, Lee, Park cover nearly half the population).
_SURNAME_WEIGHT = 0.3
# A Korean name compared with a non-Korean one (false identity papers) by spelling only.
_CROSS_KIND = 0.8


# Scores of syllable pairs by their numbers packed in one int, emptied when full.
_PAIRS: MemoDict = MemoDict()
_PAIRS_SIZE = 1 << 19
# Syllable numbers only grow (names.analysis._UIDS); 32 bits each keep keys apart for 4 billion.
_UID_BITS = 32


def _syllable_score(a: Syllable, b: Syllable) -> float:
    ua, ub = a.uid, b.uid
    key = (ua << _UID_BITS | ub) if ua <= ub else (ub << _UID_BITS | ua)
    score = _PAIRS.get(key)
    if score is None:
        score = _score(a, b)
        if len(_PAIRS) >= _PAIRS_SIZE:
            _PAIRS.clear()
        _PAIRS[key] = score
    return score


def _score(a: Syllable, b: Syllable) -> float:
    if not a.spellings.isdisjoint(b.spellings):
        ea, eb = a.exact, b.exact
        common = a.spellings & b.spellings
        return _EXACT_BASE + (1.0 - _EXACT_BASE) * max(min(ea[s], eb[s]) for s in common)
    if not a.coarse.isdisjoint(b.coarse):
        return _COARSE
    if not a.loose.isdisjoint(b.loose):
        return _LOOSE
    return 0.0


def _sequence_score(a: tuple[Syllable, ...], b: tuple[Syllable, ...]) -> float:
    """Mean syllable score, aligning sequences of different length with free gaps."""
    n = len(a)
    if n == len(b):
        if n == 1:
            return _syllable_score(a[0], b[0])
        if n == 0:
            return 1.0
        total = 0.0
        for x, y in zip(a, b, strict=True):
            total += _syllable_score(x, y)
        return total / n
    if not a or not b:
        return 0.0
    previous = [0.0] * (len(b) + 1)
    for x in a:
        current = [0.0]
        for j, y in enumerate(b, 1):
            current.append(max(previous[j], current[j - 1], previous[j - 1] + _syllable_score(x, y)))
        previous = current
    return previous[-1] / max(n, len(b))


def _reading_score(a: Reading, b: Reading) -> float:
    surname = _sequence_score(a.surname, b.surname)
    if not a.given and not b.given:
        return surname
    return _SURNAME_WEIGHT * surname + (1.0 - _SURNAME_WEIGHT) * _sequence_score(a.given, b.given)


def _korean_score(a: Analysis, b: Analysis) -> float:
    # Spelling weights are in the syllable scores already; a reading in the other name
    # order costs a little.
    best = 0.0
    for ra in a.readings:
        for rb in b.readings:
            factor = ra.order * rb.order
            if factor <= best:
                continue
            score = _reading_score(ra, rb) * factor
            if score > best:
                best = score
                if best >= 0.999:
                    return 1.0
    return best


def name_similarity(a: str, b: str) -> float:
    """How alike two name forms are in [0, 1], in any scripts and orders; symmetric."""
    a, b = name_text(a), name_text(b)
    if a == b:
        return 1.0
    if b < a:
        # One order for each pair keeps greedy word pairing symmetric.
        a, b = b, a
    first, second = analyse(a), analyse(b)
    if first.readings and second.readings:
        return round(_korean_score(first, second), 6)
    spelling = tokens_similarity(folded_words(a), folded_words(b))
    if first.readings or second.readings:
        spelling *= _CROSS_KIND
    return round(spelling, 6)


def given_name_similarity(query: str, name: str) -> float:
    """How alike `query`, read as a given name alone, is to the given name of `name`, in [0, 1]."""
    runs = given_runs(query)
    readings = analyse(name).readings
    best = 0.0
    for weight, run in runs:
        for reading in readings:
            if reading.given:
                best = max(best, _sequence_score(run, reading.given) * min(1.0, 0.5 + weight / 2))
    return round(best, 6)
