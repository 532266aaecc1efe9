"""Russian and Tuvan names as they appear on false papers issued to North Korean soldiers."""

from __future__ import annotations

import random

RUSSIAN_SURNAMES = (
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
)
RUSSIAN_GIVEN = (
    "Сергей",
    "Алексей",
    "Дмитрий",
    "Андрей",
    "Иван",
    "Николай",
    "Павел",
    "Максим",
    "Артём",
    "Евгений",
    "Олег",
    "Виктор",
)
RUSSIAN_PATRONYMICS = (
    "Сергеевич",
    "Александрович",
    "Иванович",
    "Петрович",
    "Николаевич",
    "Олегович",
)
# Tuvan and Buryat papers were reported because their holders look East Asian.
TUVAN_SURNAMES = ("Монгуш", "Ооржак", "Куулар", "Донгак", "Ондар", "Салчак", "Хертек", "Сат")
TUVAN_GIVEN = ("Айдыс", "Аяс", "Чечен", "Буян", "Орлан", "Шолбан", "Эрес", "Начын", "Айдын")
TUVAN_PATRONYMICS = ("Оюнович", "Монгушевич", "Кара-оолович", "Сергеевич")


def false_names(rng: random.Random, count: int = 200) -> tuple[str, ...]:
    """Fictional Russian and Tuvan full names, surname first as Russian papers write them."""
    names = []
    for _ in range(count):
        if rng.random() < 0.6:
            parts = (RUSSIAN_SURNAMES, RUSSIAN_GIVEN, RUSSIAN_PATRONYMICS)
        else:
            parts = (TUVAN_SURNAMES, TUVAN_GIVEN, TUVAN_PATRONYMICS)
        names.append(" ".join(rng.choice(part) for part in parts))
    return tuple(names)
