"""Non-Korean names: Cyrillic to Latin as in passports, and a folded form for comparing them.

Russian letters follow ICAO Doc 9303 "Machine Readable Travel Documents", 8th edition
(2021), Part 3, section 6, the table used in Russian passports since 2014 (Ё E, Й I,
Х KH, Ц TS, Щ SHCH, Ъ IE, Ы Y, Ь omitted, Ю IU, Я IA). Text with Ukrainian letters
(і ї є ґ) follows the Ukrainian passport table instead, Resolution No. 55 of the Cabinet
of Ministers of Ukraine of 27 January 2010 (Г H, Ґ G, И Y, І I, Ї I, Є IE, Й I, word
initial Є Ї Й Ю Я as YE YI Y YU YA, and Зг as ZGH so it is not read as Ж).
"""

from __future__ import annotations

import functools
import re
import unicodedata

_ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
    # Letters of other Cyrillic alphabets met on post-Soviet papers (Tuvan, Buryat,
    # Kazakh) by their usual passport values.
    "ө": "o", "ү": "u", "ң": "ng", "һ": "h", "ә": "a", "ғ": "g", "қ": "k", "ұ": "u",
}
_UKRAINIAN = {
    **_ICAO, "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "i", "є": "ie", "й": "i",
    "х": "kh", "щ": "shch", "ю": "iu", "я": "ia", "ь": "", "'": "", "’": "",
}
_UKRAINIAN_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UKRAINIAN_LETTERS = frozenset("іїєґ")

# Spelling variants of the same Russian sound in older passports and in English
# (Sergey/Sergei, Yuri/Iurii, Aleksandr/Alexander), folded to one form for comparing.
_FOLDS = (
    (re.compile(r"shch|sch"), "sh"), (re.compile(r"x"), "ks"), (re.compile(r"kh|h"), "h"),
    (re.compile(r"ts|tz|c(?=[eiy])"), "c"), (re.compile(r"j|y"), "i"),
    (re.compile(r"ii+"), "i"), (re.compile(r"ie(?=$)"), "i"), (re.compile(r"w"), "v"),
    (re.compile(r"ph"), "f"), (re.compile(r"(.)\1+"), r"\1"),
)


def to_latin(text: str) -> str:
    """Cyrillic letters of `text` in passport Latin (ICAO 9303, or Ukrainian 2010), lower case."""
    lowered = text.lower()
    if not _UKRAINIAN_LETTERS.intersection(lowered):
        return "".join(_ICAO.get(ch, ch) for ch in lowered)
    out = []
    lowered = lowered.replace("зг", "з\u0000")
    for index, ch in enumerate(lowered):
        word_start = index == 0 or not lowered[index - 1].isalpha()
        table = _UKRAINIAN_INITIAL if word_start and ch in _UKRAINIAN_INITIAL else _UKRAINIAN
        out.append("gh" if ch == "\u0000" else table.get(ch, ch))
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A word in any script as plain lower-case ASCII with spelling variants folded."""
    latin = to_latin(word)
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", latin) if c.isascii() and c.isalpha())
    for pattern, replacement in _FOLDS:
        plain = pattern.sub(replacement, plain)
    return plain


def similarity(a: str, b: str) -> float:
    """Levenshtein similarity of two short strings in [0, 1]."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return 1.0 - previous[-1] / max(len(a), len(b))


def tokens_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Similarity of two names as folded word tuples, order-free (best pairing, greedy)."""
    if not a or not b:
        return 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    remaining = list(long_)
    total = 0.0
    for word in short:
        scores = [similarity(word, other) for other in remaining]
        best = max(range(len(scores)), key=scores.__getitem__)
        total += scores[best]
        remaining.pop(best)
    return total / len(long_)
