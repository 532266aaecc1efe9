"""One name form analysed for comparison: its readings as Hangul syllable options."""

from __future__ import annotations

import functools
import itertools
import re
from importlib import resources
from typing import NamedTuple

from safepassage.names.caches import MemoDict
from safepassage.names.foreign import fold
from safepassage.names.hangul import compose, decompose, is_syllable, southern_initial
from safepassage.names.latin import romanize_word
from safepassage.names.parse import ParsedName, parse_name
from safepassage.names.reverse import MAX_READINGS, Slot, is_ukrainian, read_word
from safepassage.names.script import Script, name_text
from safepassage.names.surname_index import lookup, rank

# Coarse classes merge what transliteration cannot tell apart (plain, tense and
# aspirated consonants; ㅓ/ㅗ as Cyrillic о; ㅜ/ㅡ as Latin u; ㅐ/ㅔ; final ㄴ/ㅇ as
# Cyrillic н), so that forms of one name in any script share a coarse code.
_INITIAL_CLASS = dict(zip("ㄱㄲㅋㄷㄸㅌㅂㅃㅍㅈㅉㅊㅅㅆㅎㅁㄴㄹㅇ", "KKKTTTPPPCCCSSHMNRx", strict=True))
_VOWEL_CLASS = dict(zip("ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ", "aeAEoeOEowvvOuWvyUuii", strict=True))
_FINAL_CLASS = {
    "": "", "ㄱ": "k", "ㄲ": "k", "ㄳ": "k", "ㄺ": "k", "ㅋ": "k", "ㄴ": "n", "ㄵ": "n",
    "ㄶ": "n", "ㅇ": "n", "ㄹ": "l", "ㄼ": "l", "ㄽ": "l", "ㄾ": "l", "ㅀ": "l", "ㅁ": "m",
    "ㄻ": "m", "ㅂ": "p", "ㅄ": "p", "ㅍ": "p", "ㄿ": "p", "ㄷ": "t", "ㅅ": "t", "ㅆ": "t",
    "ㅈ": "t", "ㅊ": "t", "ㅌ": "t", "ㅎ": "t",
}
# Ranking weights of given-name syllables: (first, last) of each frequency tier, graded
# by position within it; unlisted syllables are possible but unlikely.
_TIER_WEIGHTS = ((1.0, 0.75), (0.6, 0.45), (0.4, 0.4))
_UNLISTED = 0.25
# Ranking weight of a surname by its frequency rank: 1 / (1 + rank / _SURNAME_SPREAD).
_SURNAME_SPREAD = 20.0
# A reading with the other name order, when both ends of the name are surnames: its
# weight for ranking, and the factor on its similarity (a slight preference only, as
# clerks do write names in Western order).
_SWAPPED = 0.7
_SWAPPED_ORDER = 0.97
# Readings below this weight (relative to the best) are dropped.
_UNLIKELY = 0.15
MAX_NAME_READINGS = 4
_NOT_LETTER = re.compile(r"[^\w'’-]|[\d_]")


class Syllable(NamedTuple):
    """One syllable position: Hangul options (as compared, see `canonical`) and coarse codes."""

    raw: Slot
    exact: dict[str, float]
    spellings: frozenset[str]
    coarse: frozenset[str]
    loose: frozenset[str]
    # Coarse codes with the weight of their best option, best first.
    ranked: tuple[tuple[str, float], ...]
    # A number of its own, for caching scores of syllable pairs cheaply.
    uid: int


class Reading(NamedTuple):
    """One way to read a name: weight, surname syllables and given-name syllables."""

    weight: float
    surname: tuple[Syllable, ...]
    given: tuple[Syllable, ...]
    # 1.0 for the name order the parser chose, a little less for the other order.
    order: float = 1.0


class Analysis(NamedTuple):
    parsed: ParsedName
    readings: tuple[Reading, ...]


@functools.lru_cache(maxsize=1 << 17)
def coarse_code(syllable: str) -> str:
    initial, vowel, final = decompose(syllable)
    return _INITIAL_CLASS[initial] + _VOWEL_CLASS[vowel] + _FINAL_CLASS[final]


# Syllables by the identity of their slot (slots are shared objects, and hashing their
# nested tuples on every lookup would cost more than the work it saves).
# A long-lived process may empty it (names.caches.trim): a syllable's number is never given
# twice, so scores remembered by numbers (similarity._PAIRS) never mix two syllables up.
_SYLLABLES: MemoDict = MemoDict()
_UIDS = itertools.count()


def _syllable(raw: Slot, word_initial: bool) -> Syllable:
    found = _SYLLABLES.get((id(raw), word_initial))
    if found is not None and found.raw is raw:
        return found
    made = _make_syllable(raw, word_initial, next(_UIDS))
    _SYLLABLES[id(raw), word_initial] = made
    return made


# After ㅈ ㅉ ㅊ a y-vowel sounds as the plain one (져 as 저, 쵸 as 초), and spellings
# follow the sound (Ukrainian Чжон for both 정 and 졍), so comparison merges them.
_PLAIN_AFTER_J = dict(zip("ㅑㅒㅕㅖㅛㅠ", "ㅏㅐㅓㅔㅗㅜ", strict=True))


@functools.lru_cache(maxsize=1 << 14)
def canonical(syllable: str, word_initial: bool) -> str:
    """The spelling a syllable is compared by: southern at a word start, ㅈ+y merged."""
    if word_initial:
        syllable = southern_initial(syllable)
    initial, vowel, final = decompose(syllable)
    if initial in "ㅈㅉㅊ" and vowel in _PLAIN_AFTER_J:
        return compose(initial, _PLAIN_AFTER_J[vowel], final)
    return syllable


def _make_syllable(raw: Slot, word_initial: bool, uid: int) -> Syllable:
    exact: dict[str, float] = {}
    for hangul, weight in raw:
        key = canonical(hangul, word_initial)
        exact[key] = max(exact.get(key, 0.0), weight)
    best: dict[str, float] = {}
    for hangul, weight in exact.items():
        code = coarse_code(hangul)
        best[code] = max(best.get(code, 0.0), weight)
    ranked = tuple(sorted(best.items(), key=lambda kv: (-kv[1], kv[0])))
    loose = frozenset(
        part for c in best for part in (c[:2] + "*", c[0] + "*" + c[2:], "*" + c[1:]))
    return Syllable(raw, exact, frozenset(exact), frozenset(best), loose, ranked, uid)


# Runs of syllables by the identity of their slots tuple (kept alive by the entry).
_RUNS: MemoDict = MemoDict()
_RUNS_SIZE = 1 << 18


def _syllables(slots: tuple[Slot, ...]) -> tuple[Syllable, ...]:
    found = _RUNS.get(id(slots))
    if found is not None and found[0] is slots:
        return found[1]
    run = tuple(_syllable(slot, i == 0) for i, slot in enumerate(slots))
    if len(_RUNS) >= _RUNS_SIZE:
        _RUNS.clear()
    _RUNS[id(slots)] = (slots, run)
    return run


@functools.cache
def priors() -> dict[str, float]:
    """Ranking weight of each listed given-name syllable."""
    text = resources.files("safepassage.names").joinpath("data", "given_syllables.txt")
    lines = [ln for ln in text.read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    weights: dict[str, float] = {}
    for (first, last), line in zip(_TIER_WEIGHTS, lines, strict=False):
        tier = line.split()
        for position, syllable in enumerate(tier):
            weights.setdefault(syllable, first - (first - last) * position / max(1, len(tier) - 1))
    return weights


def prior(syllable: str) -> float:
    """Ranking weight of a given-name syllable in (0, 1]."""
    return priors().get(syllable, _UNLISTED)


def surname_prior(hangul: str) -> float:
    """Ranking weight of a surname in (0, 1], from its frequency rank."""
    found = rank(hangul)
    return _UNLISTED if found is None else 1.0 / (1.0 + found / _SURNAME_SPREAD)


def _surname_slots(surname: str) -> list[tuple[float, tuple[Slot, ...]]]:
    """Surname readings grouped by syllable count: [(weight, slots)]."""
    found = lookup(surname)
    if not found and all(is_syllable(c) for c in surname):
        found = {surname: 1.0}
    by_length: dict[int, list[tuple[str, float]]] = {}
    for hangul, weight in found.items():
        by_length.setdefault(len(hangul), []).append((hangul, weight))
    readings = []
    for options in by_length.values():
        slots = tuple(
            tuple(sorted({(h[i], w) for h, w in options}, key=lambda kv: (-kv[1], kv[0])))
            for i in range(len(options[0][0])))
        readings.append((max(w for _, w in options), slots))
    return readings


@functools.lru_cache(maxsize=1 << 17)
def _given_runs(given: str | None, ukrainian: bool) -> tuple[tuple[float, tuple[Syllable, ...]], ...]:
    """Readings of a given name as syllable runs with weights relative to the best."""
    if not given:
        return ((1.0, ()),)
    tokens = given.split()
    combined: list[tuple[float, tuple[Slot, ...]]] = [(1.0, ())]
    if len(tokens) == 1:
        combined = list(read_word(tokens[0], ukrainian))
    for token in tokens if len(tokens) > 1 else ():
        options = read_word(token, ukrainian)
        if not options:
            return ()
        combined = sorted(
            ((w1 * w2, a + b) for w1, a in combined for w2, b in options), key=lambda r: -r[0]
        )[:MAX_READINGS]
    if not combined:
        return ()
    best = combined[0][0]
    return tuple((w / best, _syllables(slots)) for w, slots in combined)


@functools.cache
def _surname_runs(surname: str) -> tuple[tuple[float, tuple[Syllable, ...]], ...]:
    return tuple((w, _syllables(slots)) for w, slots in _surname_slots(surname))


def _readings(surname: str | None, given: str | None, weight: float,
              ukrainian: bool) -> list[Reading]:
    if not surname:
        return []
    order = 1.0 if weight == 1.0 else _SWAPPED_ORDER
    return [
        Reading(weight * ws * wg, s_run, g_run, order)
        for ws, s_run in _surname_runs(surname)
        for wg, g_run in _given_runs(given, ukrainian)
    ]


def _swapped(parsed: ParsedName) -> tuple[str, str] | None:
    """(surname, given) with the other end of the name as surname."""
    if not parsed.ambiguous or not parsed.given or not parsed.surname:
        return None
    tokens = parsed.given.split()
    if parsed.order == "surname_first":
        return tokens[-1], " ".join([parsed.surname, *tokens[:-1]])
    return tokens[0], " ".join([*tokens[1:], parsed.surname])


@functools.lru_cache(maxsize=1 << 18)
def _analyse(text: str) -> Analysis:
    """Parse `text` and read it as Hangul syllables in its most likely ways (cached)."""
    parsed = parse_name(text)
    if not parsed.korean:
        return Analysis(parsed, ())
    ukrainian = is_ukrainian(text)
    readings = _readings(parsed.surname, parsed.given, 1.0, ukrainian)
    swapped = _swapped(parsed)
    if swapped:
        # Keep the best readings of both orders.
        readings = readings[:MAX_NAME_READINGS - 1] + _readings(
            *swapped, _SWAPPED, ukrainian)[:MAX_NAME_READINGS - 1]
    if not readings:
        return Analysis(parsed, ())
    # Weights are relative to the best reading, which counts in full.
    top = max(r.weight for r in readings)
    if top != 1.0:
        readings = [r._replace(weight=r.weight / top) for r in readings]
    if len(readings) > 1:
        # Far-fetched splits (Choi as 초이) cost comparisons and rarely help.
        readings = [r for r in readings if r.weight >= _UNLIKELY]
        readings.sort(key=lambda r: (-r.order, -r.weight))
    return Analysis(parsed, tuple(readings[:MAX_NAME_READINGS]))


def analyse(text: str) -> Analysis:
    """Parse `text` and read it as Hangul syllables in its most likely ways (cached)."""
    return _analyse(name_text(text))


@functools.lru_cache(maxsize=1 << 16)
def folded_words(text: str) -> tuple[str, ...]:
    """The words of a name's surname and given name as folded Latin, sorted.

    Hangul words are written in the North Korean system first, the Latin spelling
    closest to Russian passport Latin (박무범 pak mubom, Пак Мубом pak mubom), so that a
    Korean name can still be compared by spelling with a form too garbled to read.
    """
    parsed = parse_name(text)
    words = " ".join(filter(None, (parsed.surname, parsed.given))).split()
    if parsed.script in (Script.HANGUL, Script.MIXED):
        # A mixed form ("Kim 정은") keeps both halves: its Hangul words are romanised too.
        words = [romanize_word(word, "nk") if any(map(is_syllable, word)) else word for word in words]
    return tuple(sorted(filter(None, map(fold, words))))


def given_runs(text: str) -> tuple[tuple[float, tuple[Syllable, ...]], ...]:
    """Readings of `text` taken as a given name alone, as weighted syllable runs, best first."""
    text = name_text(text)
    words = " ".join(w for w in _NOT_LETTER.sub(" ", text).split() if w.strip("-"))
    return _given_runs(words, is_ukrainian(text)) if words else ()
