"""Birth dates as lists carry them: full, year only, placeholders, blanks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

BAD_DATE = "{value!r} is not a birth date (use YYYY-MM-DD, DD.MM.YYYY or YYYY); it is ignored"

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
# Registries write an unknown day and month as 01.01 or 00.00: only the year is known.
_PLACEHOLDER_DAY_MONTH = {(1, 1), (0, 0)}
_EARLIEST_YEAR = 1900


@dataclass(frozen=True)
class BirthDate:
    """A parsed birth date; month and day are None when only the year is known."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    placeholder: bool = False

    @property
    def is_full(self) -> bool:
        return self.day is not None

    def iso(self) -> str | None:
        if self.year is None:
            return None
        if self.day is None or self.month is None:
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


class BadDate(ValueError):
    """A birth date that is present but cannot be read."""


def _checked(year: int, month: int, day: int, raw: str) -> BirthDate:
    if (day, month) in _PLACEHOLDER_DAY_MONTH:
        return _year_only(year, raw, placeholder=True)
    try:
        date(year, month, day)
    except ValueError as exc:
        raise BadDate(BAD_DATE.format(value=raw)) from exc
    _year_only(year, raw)
    return BirthDate(year, month, day)


def _year_only(year: int, raw: str, *, placeholder: bool = False) -> BirthDate:
    if not _EARLIEST_YEAR <= year <= date.today().year:
        raise BadDate(BAD_DATE.format(value=raw))
    return BirthDate(year, placeholder=placeholder)


def parse_birth_date(raw: str | None) -> BirthDate:
    """Read `YYYY-MM-DD`, `DD.MM.YYYY`, `YYYY` or blank; raise BadDate for anything else."""
    text = (raw or "").strip()
    if not text:
        return BirthDate()
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
        return _checked(year, month, day, text)
    if match := _DOTTED.match(text):
        day, month, year = (int(g) for g in match.groups())
        return _checked(year, month, day, text)
    if match := _YEAR.match(text):
        return _year_only(int(match.group(1)), text)
    raise BadDate(BAD_DATE.format(value=text))
