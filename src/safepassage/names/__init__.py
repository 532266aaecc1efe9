"""Names across scripts: detection, transliteration, parsing and comparison keys."""

from safepassage.names.candidates import hangul_candidates, name_key
from safepassage.names.foreign import to_latin
from safepassage.names.hangul import compose, decompose, is_syllable, southern_initial
from safepassage.names.keys import comparison_keys, comparison_keys_many
from safepassage.names.parse import ParsedName, parse_name
from safepassage.names.script import Script, detect_script
from safepassage.names.similarity import name_similarity
from safepassage.names.transliterate import romanizations, romanize, to_cyrillic

__all__ = [
    "ParsedName",
    "Script",
    "comparison_keys",
    "comparison_keys_many",
    "compose",
    "decompose",
    "detect_script",
    "hangul_candidates",
    "is_syllable",
    "name_key",
    "name_similarity",
    "parse_name",
    "romanizations",
    "romanize",
    "southern_initial",
    "to_cyrillic",
    "to_latin",
]
