"""The name comparison on features the names core computed per record, across scripts."""

from __future__ import annotations

from splink.internals.comparison_level_library import ArrayIntersectLevel

from safepassage.linkage.comparisons.base import ELSE, LabelledComparison
from safepassage.linkage.comparisons.similarity import JaroWinklerAtLeast


class NameComparison(LabelledComparison):
    """Levels from the same canonical key down to names that are not Korean on one side.

    Every record's name was pivoted to Hangul by the names core before Splink sees it, so
    the fuzzy levels compare jamo strings: a typo or a vowel the transliteration could
    not decide costs one jamo, not a whole Latin or Cyrillic syllable. Names with no
    Korean reading (European lists, Russian papers) are compared by their folded Latin
    spelling and words: a typo, a split word or a missing given name still counts.
    """

    OUTPUT = "name"
    DESCRIPTION = "full name across scripts"
    COLUMNS = {
        "key": "name_key",
        "keys": "name_keys",
        "hangul": "hangul",
        "jamo": "jamo",
        "korean": "korean",
        "words": "words",
        "spelling": "spelling",
    }
    LEVELS = (
        ("name missing", "name_key_l IS NULL OR name_key_r IS NULL"),
        ("same canonical name", "name_key_l = name_key_r"),
        ("a Hangul reading in common", lambda: ArrayIntersectLevel("hangul", 1)),
        ("Hangul readings within a jamo or two", lambda: JaroWinklerAtLeast("jamo", 0.95)),
        ("a comparison key in common", lambda: ArrayIntersectLevel("name_keys", 1)),
        ("Hangul readings alike (jamo Jaro-Winkler >= 0.88)", lambda: JaroWinklerAtLeast("jamo", 0.88)),
        ("Latin spellings alike (Jaro-Winkler >= 0.92)", lambda: JaroWinklerAtLeast("spelling", 0.92)),
        ("a word of the name in common", lambda: ArrayIntersectLevel("words", 1)),
        ("a name that is not Korean on one side", "korean_l <> korean_r"),
        ("different names", ELSE),
    )
