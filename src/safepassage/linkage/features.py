"""Per-record features for Splink: name forms from the names core, birth parts, unit key."""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from safepassage.linkage.details import detail_columns
from safepassage.names import (
    Script,
    comparison_keys,
    detect_script,
    hangul_candidates,
    name_key,
    parse_name,
)
from safepassage.names.analysis import folded_words

# How many Hangul readings of a Latin or Cyrillic name are kept: enough for the
# о/ㅓ/ㅗ and final н/ㅇ ambiguities of a three-syllable name, few enough to stay fast.
HANGUL_READINGS = 8
# Below this many distinct names, starting worker processes costs more than it saves.
PARALLEL_FROM = 20_000
_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[\W_]+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


ROTATED_READINGS = 3
REPAIRED_READINGS = 4
_REPAIRABLE = {Script.CYRILLIC, Script.LATIN}


SHORT_WORD = 4


def _rotated(text: str) -> str | None:
    """The name with its last word moved to the front, when that word may be a surname.

    Clerks put the surname last in Western order ("Сам Гван Ким", "Бом Ко"); the parser
    cannot always tell, so that order is read as well when the name has three words or
    ends in a short word, as surnames in Latin and Cyrillic are.
    """
    words = text.split()
    if len(words) > 2 or (len(words) == 2 and len(words[1]) <= SHORT_WORD):
        return " ".join([words[-1], *words[:-1]])
    return None


def _repaired(text: str) -> list[str]:
    """Hangul readings of the name with one letter dropped, for a typo the core cannot read.

    Tried only when the whole name has no Korean reading. A doubled letter is the
    commonest slip ("Синн Иль", "Kimm"), so those are dropped first; otherwise each
    letter in turn, and the first spelling that reads as Korean is kept.
    """
    positions = [i for i, ch in enumerate(text) if ch.isalpha()]
    doubled = [i for i in positions if i and text[i].lower() == text[i - 1].lower()]
    for i in doubled + [i for i in positions if i not in doubled]:
        readings = hangul_candidates(text[:i] + text[i + 1 :], limit=REPAIRED_READINGS)
        if readings:
            return list(readings)
    return []


@dataclass(frozen=True)
class NameForms:
    """What the names core says about one written name, ready for Splink columns."""

    key: str
    keys: tuple[str, ...]
    readings: tuple[str, ...]
    jamo: str
    korean: bool
    # The name's words as folded Latin, sorted: how a European list is compared.
    words: tuple[str, ...] = ()

    @property
    def surnames(self) -> list[str]:
        if not self.readings:
            return self._words()
        return sorted({r[0] for r in self.readings})

    @property
    def givens(self) -> list[str]:
        if not self.readings:
            return self._words()
        return sorted({r[1:] for r in self.readings if len(r) > 1})

    def _words(self) -> list[str]:
        # A name with no Korean reading (Russian papers, a European list) blocks on each
        # word of its romanised key, in whichever order it was written.
        return sorted(set(self.key.split()))


@lru_cache(maxsize=500_000)
def name_forms(text: str) -> NameForms:
    """Canonical key, comparison keys, Hangul readings, jamo of the best reading, is-Korean."""
    parsed = parse_name(text)
    readings = list(hangul_candidates(text, limit=HANGUL_READINGS))
    if not readings and parsed.patronymic is None and detect_script(text) in _REPAIRABLE:
        readings = _repaired(text)
    keys = set(comparison_keys(text))
    rotated = _rotated(text) if readings else None
    if rotated is not None:
        readings += [r for r in hangul_candidates(rotated, limit=ROTATED_READINGS) if r not in readings]
        keys |= comparison_keys(rotated)
    # The best Hangul reading is the canonical form of a Korean name; a name the parser
    # does not take for Korean (a Russian name on false papers, a European list) keeps the
    # core's romanised key even when a repaired spelling gives Hangul readings for
    # blocking: "noah white" is not 나휘대.
    key = readings[0] if readings and parsed.korean else name_key(text)
    # NFD splits syllables into jamo, so fuzzy comparison works on letters, script-blind.
    jamo = bmp(unicodedata.normalize("NFD", key))
    words = folded_words(text)
    return NameForms(key, tuple(sorted(keys)), tuple(readings), jamo, bool(parsed.korean), words)


def bmp(text: str) -> str:
    """`text` without code points above U+FFFF (emoji, rare CJK), which no name needs.

    The strings compared by Jaro-Winkler keep to the characters Java sees as one unit
    each, so Spark's similarity jar and DuckDB count the same characters (see
    `comparisons.similarity`).
    """
    return _ASTRAL.sub("", text)


def unit_key(unit: str | None) -> str | None:
    """A unit's number where it has one (в/ч 12345, 12345부대, Unit 12345), else its letters."""
    if not unit:
        return None
    digits = _DIGITS.findall(unit)
    if digits:
        return "".join(digits)
    letters = _NOT_WORD.sub("", unit.casefold())
    return letters or None


def _forms_of(texts: list[str]) -> list[NameForms]:
    """Name forms of a batch with the cyclic collector paused (see `comparison_keys_many`).

    Analysis leaves many small objects in the names core's caches for good; rescanning
    them over and over during a batch would cost about as much as the analysis.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return [name_forms(text) for text in texts]
    finally:
        if was_enabled:
            gc.enable()


def all_name_forms(texts: list[str]) -> dict[str, NameForms]:
    """Name forms of distinct texts, over several processes when there are many.

    Transliteration is pure Python and dominates large runs; processes, not threads,
    because it holds the GIL.
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(texts) < PARALLEL_FROM or workers < 2:
        return dict(zip(texts, _forms_of(texts), strict=True))
    size = -(-len(texts) // (workers * 4))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        results = [form for chunk in pool.map(_forms_of, chunks) for form in chunk]
    return dict(zip(texts, results, strict=True))


def record_features(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame Splink links: one row per person, keyed by unique_id (the file's id)."""
    names = frame["full_name"].astype(str)
    forms = all_name_forms(list(names.unique()))
    looked_up = names.map(forms)
    details = {c: frame[c].values for c in detail_columns(frame)}
    return pd.DataFrame(
        {
            **details,
            "unique_id": frame["id"].astype(str).values,
            "full_name": names.values,
            "name_key": [f.key or None for f in looked_up],
            "name_keys": [list(f.keys) for f in looked_up],
            "hangul": [list(f.readings) for f in looked_up],
            "surnames": [f.surnames for f in looked_up],
            "givens": [f.givens for f in looked_up],
            "jamo": [f.jamo or None for f in looked_up],
            "korean": [f.korean for f in looked_up],
            "words": [list(f.words) for f in looked_up],
            "spelling": [bmp(" ".join(f.words)) or None for f in looked_up],
            "birth_year": frame["birth_year"].astype("Int64").values,
            "birth_month": frame["birth_month"].astype("Int64").values,
            "birth_day": frame["birth_day"].astype("Int64").values,
            "unit": frame["unit"].values,
            "unit_key": [unit_key(u) for u in frame["unit"]],
        }
    )
