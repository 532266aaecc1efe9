"""The table of Korean surnames with their customary Latin, Russian and Ukrainian forms."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from safepassage.names.hangul import is_syllable

TABLE = "surnames.tsv"
BAD_ROW = "surnames.tsv line {line}: expected 7 tab-separated columns, found {count}."

# Two-syllable surnames that are never a one-syllable surname plus a given-name
# syllable in practice; 선우, 서문 and 동방 are also ordinary surname+given pairs
# (선 우진, 서 문수), so they count as two-syllable surnames only in 4-syllable names.
_SURE_DOUBLE = frozenset({"남궁", "황보", "제갈", "독고", "사공"})


@dataclass(frozen=True, slots=True)
class Surname:
    """One surname: customary Latin per system, other Latin forms, Cyrillic forms."""

    hangul: str
    rr: str
    mr: str
    nk: str
    latin: tuple[str, ...]
    russian: tuple[str, ...]
    ukrainian: tuple[str, ...]


@functools.cache
def surnames() -> dict[str, Surname]:
    """Every surname of the table by its Hangul spelling."""
    text = resources.files("safepassage.names").joinpath("data", TABLE).read_text("utf-8")
    table: dict[str, Surname] = {}
    rows = (line for line in enumerate(text.splitlines(), 1) if not line[1].startswith("#"))
    next(rows)  # header
    for number, line in rows:
        cells = line.split("\t")
        if len(cells) != 7:
            raise ValueError(BAD_ROW.format(line=number, count=len(cells)))
        hangul, rr, mr, nk, latin, russian, ukrainian = cells
        table[hangul] = Surname(
            hangul, rr, mr, nk, tuple(latin.split()), tuple(russian.split()),
            tuple(ukrainian.split()),
        )
    return table


def split_hangul(text: str) -> tuple[str, str]:
    """(surname, given name) of a Hangul name written without a space; surname '' if unknown."""
    sylls = "".join(ch for ch in text if is_syllable(ch))
    table = surnames()
    if len(sylls) >= 3 and sylls[:2] in table and (sylls[:2] in _SURE_DOUBLE or len(sylls) >= 4):
        return sylls[:2], sylls[2:]
    if len(sylls) >= 2 and (sylls[0] in table or len(sylls) <= 4):
        return sylls[0], sylls[1:]
    return "", sylls
