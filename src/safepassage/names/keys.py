"""Comparison keys of a name form, for blocking and for blind indexes."""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterable

from safepassage.names.analysis import Analysis, Reading, Syllable, analyse, given_runs
from safepassage.names.caches import MemoDict
from safepassage.names.foreign import fold
from safepassage.names.script import name_text

# Bounds that keep blocks small: coarse codes tried per syllable, keys per reading and
# per name.
_CODES_PER_SYLLABLE = 4
_KEYS_PER_READING = 8
MAX_KEYS = 16
_FOREIGN_PREFIX = "x:"


def _reading_keys(reading: Reading) -> list[tuple[float, str]]:
    heads = _part_codes(reading.surname)
    tails = _part_codes(reading.given)
    weight = reading.weight
    keys = [(min(wh, wt) * weight, head + "-" + tail) for wh, head in heads for wt, tail in tails]
    if len(keys) > _KEYS_PER_READING:
        keys.sort(key=lambda kv: (-kv[0], kv[1]))
        del keys[_KEYS_PER_READING:]
    return keys


# Coarse spellings of a surname or given name by the numbers of its syllables (cheap to
# hash), emptied when full.
_PARTS: MemoDict = MemoDict()
_PARTS_SIZE = 1 << 18


def _part_codes(syllables: tuple[Syllable, ...]) -> tuple[tuple[float, str], ...]:
    """The likeliest coarse spellings of a run of syllables, best first, with weights."""
    uids = tuple(s.uid for s in syllables)
    found = _PARTS.get(uids)
    if found is not None:
        return found
    spellings: list[tuple[float, str]] = [(1.0, "")]
    for syllable in syllables:
        spellings = [
            (min(w, wc), text + code)
            for w, text in spellings
            for code, wc in syllable.ranked[:_CODES_PER_SYLLABLE]
        ]
        if len(spellings) > _KEYS_PER_READING:
            spellings.sort(key=lambda kv: (-kv[0], kv[1]))
            del spellings[_KEYS_PER_READING:]
    found = tuple(spellings)
    if len(_PARTS) >= _PARTS_SIZE:
        _PARTS.clear()
    _PARTS[uids] = found
    return found


def _foreign_keys(analysis: Analysis) -> frozenset[str]:
    parsed = analysis.parsed
    words = [fold(w) for w in (parsed.surname or "", (parsed.given or "").split(" ")[0]) if w]
    words = [w for w in words if w]
    if not words:
        return frozenset()
    return frozenset({_FOREIGN_PREFIX + ".".join(sorted(words))})


@functools.lru_cache(maxsize=1 << 18)
def _comparison_keys(text: str) -> frozenset[str]:
    """A few short ASCII keys: forms of one name in any scripts share at least one.

    A Korean name gives keys of coarse syllable codes (surname, dash, given name), one
    per likely reading; any other name gives one key of its folded Latin words.
    """
    analysis = analyse(text)
    if not analysis.readings:
        return _foreign_keys(analysis)
    keys: list[tuple[float, str]] = []
    for reading in analysis.readings:
        keys.extend(_reading_keys(reading))
    if len(keys) > MAX_KEYS:
        keys.sort(key=lambda kv: (-kv[0], kv[1]))
        unique = dict.fromkeys(key for _, key in keys)
        return frozenset(list(unique)[:MAX_KEYS])
    return frozenset(key for _, key in keys)


def comparison_keys(text: str) -> frozenset[str]:
    """Short ASCII keys: forms of one name in any scripts share at least one (`_comparison_keys`)."""
    return _comparison_keys(name_text(text))


def comparison_keys_many(texts: Iterable[str]) -> list[frozenset[str]]:
    """`comparison_keys` of many names, about twice as fast for a large batch.

    Analysing a name allocates many small objects that live in the caches for good;
    Python's cyclic collector would rescan them over and over during a batch, so it is
    paused (and restored as it was) while the batch runs.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return [comparison_keys(text) for text in texts]
    finally:
        if was_enabled:
            gc.enable()


def given_name_keys(text: str) -> frozenset[str]:
    """Coarse keys of the given name of a full name form (리명학: those of 명학), best first.

    A search by the given name alone (`given_only_keys`) meets them in any script.
    """
    keys: dict[str, float] = {}
    for reading in analyse(text).readings:
        for weight, code in _part_codes(reading.given):
            if code:
                keys[code] = max(keys.get(code, 0.0), weight * reading.weight)
    ranked = sorted(keys.items(), key=lambda kv: (-kv[1], kv[0]))
    return frozenset(code for code, _ in ranked[:_KEYS_PER_READING])


def given_only_keys(text: str) -> frozenset[str]:
    """Coarse keys of `text` read as a given name by itself (명학, Myong Hak, Мён Хак)."""
    keys: set[str] = set()
    for _, run in given_runs(text):
        keys.update(code for _, code in _part_codes(run) if code)
    return frozenset(keys)
