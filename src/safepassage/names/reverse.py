"""Latin or Cyrillic spellings back to Hangul: every way a word splits into Korean syllables."""

from __future__ import annotations

import functools
import unicodedata
from itertools import product

from safepassage.names.hangul import compose, is_syllable
from safepassage.names.reverse_tables import (
    CYRILLIC_CODAS,
    CYRILLIC_JUNCTIONS,
    CYRILLIC_ONSETS,
    CYRILLIC_VOWELS,
    LATIN_CODAS,
    LATIN_JUNCTIONS,
    LATIN_ONSETS,
    LATIN_VOWELS,
    UKRAINIAN_VOWELS,
    Junctions,
    Options,
)

# A syllable slot: its possible Hangul syllables with weights, best first.
Slot = tuple[tuple[str, float], ...]
# One way to read a word: its slots and an overall weight.
Reading = tuple[float, tuple[Slot, ...]]

MAX_READINGS = 4
MAX_SLOT = 24
# Each extra syllable costs a little, so that "Jongun" prefers two syllables to three.
_SYLLABLE_COST = 0.85
# A vowel-initial syllable right after a vowel (hiatus) is rare inside Korean names
# written in Latin or Cyrillic, so "Choi" reads as one syllable 최, not 초이.
_HIATUS_COST = 0.5
_VOWEL_LETTERS = frozenset("aeiouyŏŭаеёиоуыэюяіїє")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "ʻ": "'"})
# English-style spellings of hw- (Kyung-wha, Whang) read as the romanizations do.
_LATIN_REWRITES = (("wha", "hwa"), ("whe", "hwe"), ("whi", "hwi"))


class _Grammar:
    def __init__(self, onsets: dict[str, Options], vowels: dict[str, Options],
                 codas: dict[str, Options], junctions: Junctions) -> None:
        self.onsets = onsets
        self.vowels = vowels
        self.codas = codas
        self.junctions = junctions
        # Patterns of each table by first letter, longest first, for quick matching.
        self._by_first = {
            id(table): self._index(table) for table in (onsets, vowels, codas, junctions)}

    @staticmethod
    def _index(table: dict[str, Options] | Junctions) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for pattern in table:
            if pattern:
                index.setdefault(pattern[0], []).append(pattern)
        return {first: tuple(sorted(ps, key=len, reverse=True)) for first, ps in index.items()}

    def matches(self, table: dict[str, Options] | Junctions, text: str, start: int) -> list[str]:
        """Patterns of `table` that `text` has at `start`, longest first ('' last if allowed)."""
        found = []
        if start < len(text):
            found = [p for p in self._by_first[id(table)].get(text[start], ())
                     if text.startswith(p, start)]
        if "" in table:
            found.append("")
        return found


_GRAMMARS = (
    _Grammar(LATIN_ONSETS, LATIN_VOWELS, LATIN_CODAS, LATIN_JUNCTIONS),
    _Grammar(CYRILLIC_ONSETS, CYRILLIC_VOWELS, CYRILLIC_CODAS, CYRILLIC_JUNCTIONS),
    _Grammar(CYRILLIC_ONSETS, UKRAINIAN_VOWELS, CYRILLIC_CODAS, CYRILLIC_JUNCTIONS),
)
LATIN, RUSSIAN, UKRAINIAN = 0, 1, 2
_UKRAINIAN_LETTERS = frozenset("іїєґ")


def is_ukrainian(text: str) -> bool:
    """Whether `text` has letters only the Ukrainian alphabet uses."""
    return not _UKRAINIAN_LETTERS.isdisjoint(text.lower())


def fold_latin(text: str) -> str:
    """Lower case Latin with breves kept (ŏ ŭ carry meaning), other accents dropped."""
    if text.isascii():
        return text.lower().replace("`", "'")
    text = unicodedata.normalize("NFC", text.lower().translate(_APOSTROPHES))
    kept = text.replace("ŏ", "\0o").replace("ŭ", "\0u")
    plain = "".join(c for c in unicodedata.normalize("NFKD", kept) if not unicodedata.combining(c))
    return plain.replace("\0o", "ŏ").replace("\0u", "ŭ")


def _slot(onset: Options, vowel: Options, coda: Options) -> Slot:
    weights: dict[str, float] = {}
    for (i, wi), (v, wv), (f, wf) in product(onset, vowel, coda):
        syllable = compose(i, v, f)
        weights[syllable] = max(weights.get(syllable, 0.0), wi * wv * wf)
    return tuple(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])))[:MAX_SLOT]


# Unbounded: the tables allow a few thousand distinct syllables, and each slot must
# stay one object so that later stages can cache by identity.
@functools.cache
def _slot_for(grammar_id: int, onset: str, vowel: str, coda: str,
              onset_junction: bool, coda_junction: bool) -> Slot:
    """The slot of one syllable; a junction's onset or coda comes from the junction table."""
    grammar = _GRAMMARS[grammar_id]
    onsets = grammar.junctions[onset][1] if onset_junction else grammar.onsets[onset]
    codas = grammar.junctions[coda][0] if coda_junction else grammar.codas[coda]
    return _slot(onsets, grammar.vowels[vowel], codas)


def _read(word: str, grammar_id: int) -> tuple[Reading, ...]:
    return tuple(_solve(grammar_id, word, "", False))


# Readings of a word's ending, shared by every word that ends the same way (names are
# made of few syllables, so most endings have been read before).
@functools.lru_cache(maxsize=1 << 17)
def _solve(grammar_id: int, rest: str, junction: str, after_vowel: bool) -> list[Reading]:
    """Readings of `rest`; `junction` is the one the syllable before ended in, if any."""
    if not rest:
        return [] if junction else [(1.0, ())]
    grammar = _GRAMMARS[grammar_id]
    found: list[Reading] = []
    hiatus = _HIATUS_COST if after_vowel else 1.0
    onsets = [junction] if junction else grammar.matches(grammar.onsets, rest, 0)
    for onset in onsets:
        at_vowel = 0 if junction else len(onset)
        for vowel in grammar.matches(grammar.vowels, rest, at_vowel):
            if not vowel:
                continue
            at_coda = at_vowel + len(vowel)
            endings = [(c, False) for c in grammar.matches(grammar.codas, rest, at_coda)]
            endings += [(j, True) for j in grammar.matches(grammar.junctions, rest, at_coda) if j]
            for coda, is_junction in endings:
                end = at_coda + len(coda)
                tail = _solve(grammar_id, rest[end:], coda if is_junction else "",
                              rest[end - 1] in _VOWEL_LETTERS)
                if not tail:
                    continue
                slot = _slot_for(grammar_id, onset, vowel, coda, bool(junction), is_junction)
                if not slot:
                    continue
                head = slot[0][1] * _SYLLABLE_COST * (1.0 if onset else hiatus)
                found.extend((head * score, (slot, *slots)) for score, slots in tail)
    found.sort(key=lambda r: -r[0])
    return _distinct(found)


def _distinct(readings: list[Reading]) -> list[Reading]:
    # Slots are shared objects: their identities tell readings apart without hashing
    # their nested tuples.
    seen: set[tuple[int, ...]] = set()
    out = []
    for score, slots in readings:
        key = tuple(map(id, slots))
        if key not in seen:
            seen.add(key)
            out.append((score, slots))
            if len(out) == MAX_READINGS:
                break
    return out


@functools.cache
def hangul_slot(syllable: str) -> Slot:
    """The slot of a syllable written in Hangul: itself, for certain."""
    return ((syllable, 1.0),)


@functools.lru_cache(maxsize=65536)
def read_word(word: str, ukrainian: bool = False) -> tuple[Reading, ...]:
    """The ways one word (no spaces) reads as Korean syllables, best first; () if none.

    A hyphen or apostrophe between letters is a syllable boundary (Jong-un, Han'guk),
    except an apostrophe marking an aspirate in McCune-Reischauer (ch'ŏl). Cyrillic is
    read as Russian unless `ukrainian` (the whole name has Ukrainian letters).
    """
    if word and all(is_syllable(ch) for ch in word):
        return ((1.0, tuple(map(hangul_slot, word))),)
    pieces = [p for p in word.split("-") if p]
    if len(pieces) > 1:
        return _join([read_word(p, ukrainian) for p in pieces])
    if not pieces:
        return ()
    piece = pieces[0]
    if any("а" <= ch <= "я" or ch in "ёіїєґ" for ch in piece.lower()):
        grammar = UKRAINIAN if ukrainian or is_ukrainian(piece) else RUSSIAN
        return _read(piece.lower().translate(_APOSTROPHES), grammar)
    folded = fold_latin(piece)
    for old, new in _LATIN_REWRITES:
        folded = folded.replace(old, new)
    readings = _read(folded, LATIN)
    if not readings and "'" in folded:
        return _join([read_word(p) for p in folded.split("'") if p]) or _read(
            folded.replace("'", ""), LATIN)
    return readings


def _join(parts: list[tuple[Reading, ...]]) -> tuple[Reading, ...]:
    if not parts or any(not p for p in parts):
        return ()
    combined: list[Reading] = [(1.0, ())]
    for readings in parts:
        combined = [(s1 * s2, a + b) for s1, a in combined for s2, b in readings]
        combined.sort(key=lambda r: -r[0])
        combined = combined[:MAX_READINGS]
    return tuple(combined)
