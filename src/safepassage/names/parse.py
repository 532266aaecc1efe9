"""Splitting a written name into surname and given name, in either order and any script."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from safepassage.names.hangul import is_syllable
from safepassage.names.reverse import read_word
from safepassage.names.script import Script, detect_script, name_text
from safepassage.names.surname_index import lookup, rank
from safepassage.names.surnames import split_hangul, surnames

SURNAME_FIRST = "surname_first"
GIVEN_FIRST = "given_first"
UNKNOWN = "unknown"

_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―－"})
_NOT_NAME = re.compile(r"[^\w\s,'’ʼ-]|[\d_]")
# East Slavic and Turkic patronymics (Петрович, Петровна, Ильич, Кузьминична, оглы,
# кызы) and their passport Latin forms; they are kept apart from the given name.
_PATRONYMIC = re.compile(
    r"(ович|евич|ёвич|ьич|ич|овна|евна|ична|инична|оглы|кызы|ovich|evich|ovna|evna|ichna|"
    r"ogly|oglu|kyzy)$", re.IGNORECASE)
# Russian and other post-Soviet surname endings (Иванов, Петрова, Шевченко, Монгуш is
# not caught and stays "unknown"): they tell a surname standing last.
_SLAVIC_SURNAME = re.compile(
    r"(ов|ова|ев|ева|ёв|ёва|ин|ина|ский|ская|цкий|цкая|енко|ко|ук|юк|чук|дзе|швили|ян|"
    r"ov|ova|ev|eva|in|ina|skiy|skii|sky|skaya|tskiy|enko|uk|yuk|chuk)$", re.IGNORECASE)
# A given name in Korean has one to three syllables; four allows for rare long names.
_MAX_GIVEN = 4


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name split into surname and given name, both as written (hyphens kept in `given`)."""

    surname: str | None
    given: str | None
    given_compact: str | None
    script: Script
    korean: bool
    order: str
    patronymic: str | None = None
    # True when the other order is also plausible (both ends are Korean surnames).
    ambiguous: bool = False


# Most names need no cleaning: letters separated by single spaces or hyphens.
_SIMPLE = re.compile(r"[^\W\d_]+(?:(?:, |[ -])[^\W\d_]+)*")


def _clean(text: str) -> str:
    if _SIMPLE.fullmatch(text) and unicodedata.is_normalized("NFC", text):
        return text
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    text = _NOT_NAME.sub(" ", text)
    return re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", text)).strip(" -,")


def _compact(given: str | None) -> str | None:
    if not given:
        return None
    joined = given.replace(" ", "").replace("-", "")
    return joined[:1].upper() + joined[1:].lower()


def _readable(token: str) -> bool:
    return bool(read_word(token))


def _syllable_count(tokens: list[str]) -> int:
    return sum(len(read_word(t)[0][1]) if read_word(t) else 99 for t in tokens)


def _korean_given(tokens: list[str]) -> bool:
    return bool(tokens) and all(map(_readable, tokens)) and _syllable_count(tokens) <= _MAX_GIVEN


def _hangul(tokens: list[str], script: Script) -> ParsedName:
    table = surnames()
    if len(tokens) > 1 and tokens[0] in table:
        surname, given, order = tokens[0], " ".join(tokens[1:]), SURNAME_FIRST
    elif len(tokens) > 1 and tokens[-1] in table:
        surname, given, order = tokens[-1], " ".join(tokens[:-1]), GIVEN_FIRST
    else:
        surname, given = split_hangul("".join(tokens))
        order = SURNAME_FIRST if surname else UNKNOWN
    korean = bool(surname) and 1 <= len(given.replace(" ", "")) <= _MAX_GIVEN
    return ParsedName(surname or None, given or None, _compact(given), script, korean, order)


def _split_compact(token: str) -> tuple[str, str] | None:
    """A surname glued to its given name (Kimjongun, Кимченын): (surname, given) or None."""
    for length in range(min(len(token) - 1, 8), 0, -1):
        head, tail = token[:length], token[length:]
        if lookup(head) and _korean_given([tail]):
            return head, tail
    return None


def _choose_surname(tokens: list[str], script: Script) -> tuple[int | None, bool]:
    """Index of the surname token (0 or -1), None if neither is one; and whether ambiguous."""
    upper = [i for i in (0, -1) if tokens[i].isupper() and len(tokens[i]) > 1]
    if len(upper) == 1 and not all(t.isupper() for t in tokens):
        return upper[0], False
    first, last = rank(tokens[0]), rank(tokens[-1])
    if first is not None and last is not None:
        # Russian and Ukrainian media always put a Korean surname first (Пан Ги Мун);
        # Latin lists use both orders, so the more common surname wins (Jong Un Kim).
        # Russian and Ukrainian media put a Korean surname first (Пан Ги Мун), but
        # clerks sometimes do not (Сон Чхон Чин for 진선청), so the other order stays
        # possible. Latin lists use both orders: the surname stands last only when it is
        # much more common (Jong Un Kim, but Hwang Pyong So).
        if script is not Script.LATIN:
            return 0, True
        return (-1 if 2 * last < first else 0), True
    if first is not None:
        return 0, False
    if last is not None:
        return -1, False
    return None, False


def _alphabetic(tokens: list[str], script: Script) -> ParsedName:
    patronymic = None
    if len(tokens) > 2 and _PATRONYMIC.search(tokens[-1]):
        patronymic, tokens = tokens[-1], tokens[:-1]
    if len(tokens) == 1:
        split = _split_compact(tokens[0])
        if split:
            surname, given = split
            return ParsedName(surname, given, _compact(given), script, True, SURNAME_FIRST)
        korean = bool(lookup(tokens[0]))
        return ParsedName(tokens[0] if korean else None, None if korean else tokens[0],
                          None if korean else _compact(tokens[0]), script, korean, UNKNOWN)
    index, ambiguous = _choose_surname(tokens, script)
    if index is not None:
        rest = tokens[1:] if index == 0 else tokens[:-1]
        korean = patronymic is None and _korean_given(rest)
        if korean or not _foreign_surname_last(tokens):
            given = " ".join(rest)
            order = SURNAME_FIRST if index == 0 else GIVEN_FIRST
            return ParsedName(tokens[index], given, _compact(given), script, korean, order,
                              patronymic, ambiguous and korean)
    if _foreign_surname_last(tokens):
        given = " ".join(tokens[:-1])
        return ParsedName(tokens[-1], given, _compact(given), script, False, GIVEN_FIRST,
                          patronymic)
    order = SURNAME_FIRST if _SLAVIC_SURNAME.search(tokens[0]) or patronymic else UNKNOWN
    given = " ".join(tokens[1:])
    return ParsedName(tokens[0], given, _compact(given), script, False, order, patronymic)


def _foreign_surname_last(tokens: list[str]) -> bool:
    return bool(_SLAVIC_SURNAME.search(tokens[-1])) and not _SLAVIC_SURNAME.search(tokens[0])


@functools.lru_cache(maxsize=65536)
def _parse_name(text: str) -> ParsedName:
    """Surname and given name of `text`, in any script and order (see ParsedName)."""
    script = detect_script(text)
    cleaned = _clean(text)
    if not cleaned:
        return ParsedName(None, None, None, script, False, UNKNOWN)
    if "," in cleaned:
        head, _, tail = cleaned.partition(",")
        head, tail = head.strip(), tail.replace(",", " ").strip()
        if head and tail:
            given_tokens = tail.split()
            patronymic = None
            if len(given_tokens) > 1 and _PATRONYMIC.search(given_tokens[-1]):
                patronymic, given_tokens = given_tokens[-1], given_tokens[:-1]
            given = " ".join(given_tokens)
            korean = bool(lookup(head.replace(" ", ""))) and patronymic is None and (
                all(is_syllable(c) for c in given.replace(" ", "")) or _korean_given(given_tokens))
            return ParsedName(head, given, _compact(given), script, korean, SURNAME_FIRST,
                              patronymic)
        cleaned = head or tail
    tokens = cleaned.replace(",", " ").split()
    if script is Script.HANGUL:
        return _hangul(tokens, script)
    return _alphabetic(tokens, script)


def parse_name(text: str) -> ParsedName:
    """Surname and given name of `text`, in any script and order (see ParsedName)."""
    return _parse_name(name_text(text))
