"""How one man appears on a list: script, spelling system, order, spacing, typos, dates, unit."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from safepassage.linkage.synthetic.people import EARLIEST_BIRTH, GIVEN_SYLLABLES, LATEST_BIRTH, Person
from safepassage.names import romanize, to_cyrillic

# Customary forms written independently of the names core, so the generator does not
# only test the core against itself: Russian media and Koryo-saram spellings, and the
# Latin spellings passports and news agencies use (KCNA writes Ri, Pak, Choe).
CYRILLIC_SURNAMES = {
    "김": ("Ким", "Кім"),
    "리": ("Ли", "Ри", "Рі"),
    "박": ("Пак",),
    "최": ("Цой", "Чхве", "Чой"),
    "정": ("Чон", "Тен", "Чен"),
    "림": ("Рим", "Лим", "Ім"),
    "류": ("Рю", "Ю"),
    "로": ("Ро", "Но"),
    "한": ("Хан",),
    "강": ("Кан",),
    "조": ("Чо", "Тё"),
    "윤": ("Юн",),
    "장": ("Чан", "Тян"),
    "신": ("Син", "Шин"),
    "량": ("Рян", "Ян"),
    "오": ("О",),
    "황": ("Хван",),
    "송": ("Сон",),
}
LATIN_SURNAMES = {
    "김": ("Kim", "Gim"),
    "리": ("Ri", "Lee", "Rhee", "Yi", "Li"),
    "박": ("Pak", "Park", "Bak"),
    "최": ("Choe", "Choi"),
    "정": ("Jong", "Jung", "Chong", "Jeong"),
    "림": ("Rim", "Lim", "Im"),
    "류": ("Ryu", "Yu", "Ryoo"),
    "로": ("Ro", "Roh", "No"),
    "조": ("Jo", "Cho"),
    "강": ("Kang", "Gang"),
    "장": ("Jang", "Chang"),
    "신": ("Sin", "Shin"),
    "오": ("O", "Oh"),
    "한": ("Han",),
    "윤": ("Yun", "Yoon"),
    "량": ("Ryang", "Yang"),
    "황": ("Hwang",),
}
# South Korean spelling drops an initial ㄹ (or ㄴ before i/y) that the North keeps.
SOUTH_SPELLING = {
    "리": "이",
    "림": "임",
    "류": "유",
    "로": "노",
    "라": "나",
    "량": "양",
    "려": "여",
    "렴": "염",
    "룡": "용",
    "련": "연",
    "륜": "윤",
}
CYRILLIC_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщыьэюяіїє"
LATIN_LETTERS = "abcdefghijklmnoprstuwy"
LATIN_SYSTEMS = ("rr", "mr", "mr_ascii", "nk")


@dataclass(frozen=True)
class Noise:
    """Rates of each kind of noise on one list."""

    typo: float = 0.06
    given_first: float = 0.2
    upper_surname: float = 0.07
    south_spelling: float = 0.15
    customary_surname: float = 0.5
    missing_date: float = 0.10
    year_only: float = 0.08
    placeholder_date: float = 0.07
    swapped_date: float = 0.03
    wrong_day: float = 0.02
    wrong_year: float = 0.01
    # A date copied from the wrong line or mistyped beyond a day: another year altogether.
    wrong_date: float = 0.0
    missing_unit: float = 0.3
    wrong_unit: float = 0.04
    # One digit of the unit number mistyped, or two neighbours swapped.
    unit_slip: float = 0.0


POOR_DATES = {"missing_date": 0.35, "year_only": 0.2, "placeholder_date": 0.25}
# Clerical slips beyond the usual: training sees them so that one wrong field (a date
# from another line, a mistyped unit number) weakens a match instead of vetoing it.
SLIPS = {"wrong_year": 0.03, "wrong_date": 0.03, "unit_slip": 0.05}


@lru_cache(maxsize=200_000)
def _cyrillic(hangul: str, lang: str, joined: bool) -> tuple[str, list[str], str]:
    """Surname, given-name syllables and the joined given name in Cyrillic."""
    surname, *syllables = to_cyrillic(hangul, lang=lang, joined=False).split()
    whole = to_cyrillic(hangul, lang=lang, joined=True).split(maxsplit=1)[-1]
    return surname, syllables, whole if joined else "".join(syllables)


@lru_cache(maxsize=200_000)
def _latin(hangul: str, system: str) -> tuple[str, list[str]]:
    """Surname and given-name syllables in a Latin system; the core writes the surname first."""
    surname, _, given = romanize(hangul, system=system).partition(" ")
    return surname, [p for p in re.split(r"[- ]", given) if p]


def typo(text: str, rng: random.Random, alphabet: str) -> str:
    """One slip of the keyboard: a letter replaced, dropped, doubled or swapped."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 3:
        return text
    i = rng.choice(letters[1:])
    op = rng.randrange(4)
    if op == 0:
        new = rng.choice(alphabet)
        return text[:i] + (new.upper() if text[i].isupper() else new) + text[i + 1 :]
    if op == 1:
        return text[:i] + text[i + 1 :]
    if op == 2:
        return text[:i] + text[i] + text[i:]
    j = i - 1
    if not text[j].isalpha() or text[j].isupper() != text[i].isupper():
        return text
    return text[:j] + text[i] + text[j] + text[i + 1 :]


def _join_given(parts: list[str], whole: str, rng: random.Random) -> str:
    """Given-name syllables spaced, hyphenated or run together, as clerks write them."""
    parts = [p.lower() for p in parts]
    if len(parts) == 1:
        return parts[0].capitalize()
    roll = rng.random()
    if roll < 0.45:
        return " ".join(p.capitalize() for p in parts)
    if roll < 0.7:
        second = parts[1] if rng.random() < 0.5 else parts[1].capitalize()
        return parts[0].capitalize() + "-" + second
    return whole.capitalize()


def _order(surname: str, given: str, noise: Noise, rng: random.Random, given_first: float) -> str:
    if rng.random() < noise.upper_surname:
        surname = surname.upper()
    return f"{given} {surname}" if rng.random() < given_first else f"{surname} {given}"


def cyrillic_name(person: Person, noise: Noise, rng: random.Random) -> str:
    """The name as a Russian or Ukrainian clerk writes it."""
    if person.false_identity:
        return person.false_identity
    lang = "uk" if rng.random() < 0.25 else "ru"
    surname, syllables, whole = _cyrillic(person.hangul, lang, rng.random() < 0.5)
    customary = CYRILLIC_SURNAMES.get(person.surname)
    if customary and rng.random() < noise.customary_surname:
        surname = rng.choice(customary)
    given = _join_given(syllables, whole, rng)
    name = _order(surname, given, noise, rng, noise.given_first)
    if "ё" in name and rng.random() < 0.5:
        name = name.replace("ё", "е")
    if rng.random() < noise.typo:
        name = typo(name, rng, CYRILLIC_LETTERS)
    return name


def korean_side_name(person: Person, noise: Noise, rng: random.Random) -> str:
    """The name in Hangul or in one of the Latin romanizations."""
    surname, given = person.surname, person.given
    if rng.random() < noise.south_spelling:
        surname = SOUTH_SPELLING.get(surname, surname)
        given = SOUTH_SPELLING.get(given[:1], given[:1]) + given[1:]
    if rng.random() < 0.55:
        if rng.random() < noise.typo / 3:
            given = given[:-1] + rng.choice(GIVEN_SYLLABLES)
        return f"{surname} {given}" if rng.random() < 0.3 else surname + given
    system = rng.choice(LATIN_SYSTEMS)
    latin_surname, syllables = _latin(surname + given, system)
    customary = LATIN_SURNAMES.get(person.surname)
    if customary and rng.random() < noise.customary_surname:
        latin_surname = rng.choice(customary)
    latin_given = _join_given(syllables, "".join(syllables), rng)
    name = _order(latin_surname, latin_given, noise, rng, noise.given_first + 0.15)
    if rng.random() < noise.typo:
        name = typo(name, rng, LATIN_LETTERS)
    return name


def birth_text(birth: date, noise: Noise, rng: random.Random, dotted: bool) -> str:
    """The birth date as the list writes it: full, year only, a placeholder, swapped or blank."""
    roll = rng.random()
    if roll < noise.missing_date:
        return ""
    roll -= noise.missing_date
    if roll < noise.year_only:
        return f"{birth.year}"
    roll -= noise.year_only
    day, month, year = birth.day, birth.month, birth.year
    if roll < noise.placeholder_date:
        day, month = 1, 1
    elif (roll := roll - noise.placeholder_date) < noise.swapped_date:
        if day <= 12 and day != month:
            day, month = month, day
    elif (roll := roll - noise.swapped_date) < noise.wrong_day:
        # A slip of the pen on the day; 28 keeps every month valid.
        day = rng.choice([d for d in range(1, 29) if d != day])
    elif (roll := roll - noise.wrong_day) < noise.wrong_year:
        year += rng.choice((-1, 1))
    elif roll - noise.wrong_year < noise.wrong_date:
        years = range(EARLIEST_BIRTH.year, LATEST_BIRTH.year + 1)
        year = rng.choice([y for y in years if abs(y - year) > 1])
        day, month = rng.randrange(1, 29), rng.randrange(1, 13)
    return f"{day:02d}.{month:02d}.{year}" if dotted else f"{year}-{month:02d}-{day:02d}"


def _slipped(number: str, rng: random.Random) -> str:
    """The number with one digit changed or two neighbouring digits swapped."""
    i = rng.randrange(len(number) - 1)
    if rng.random() < 0.5 and number[i] != number[i + 1]:
        return number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    digit = rng.choice([d for d in "0123456789" if d != number[i]])
    return number[:i] + digit + number[i + 1 :]


def unit_text(unit: str, noise: Noise, rng: random.Random, cyrillic: bool) -> str:
    roll = rng.random()
    if roll < noise.missing_unit:
        return ""
    if roll < noise.missing_unit + noise.wrong_unit:
        unit = f"{rng.randrange(10000, 99999)}"
    elif roll < noise.missing_unit + noise.wrong_unit + noise.unit_slip:
        unit = _slipped(unit, rng)
    if cyrillic:
        return f"в/ч {unit}"
    return f"{unit}부대" if rng.random() < 0.5 else f"Unit {unit}"
