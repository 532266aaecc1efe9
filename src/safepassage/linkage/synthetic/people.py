"""Fictional North Korean soldiers: Hangul names, birth dates and units, with namesakes and twins."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

# Surnames with rough shares of the Korean population (North Korean spelling: 리, 림, 류,
# 로, 라 keep their initial ㄹ). Shares follow the 2015 South Korean census order, which
# is the best public proxy; exact figures do not matter for linkage difficulty.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("김", 21.5),
    ("리", 14.7),
    ("박", 8.4),
    ("최", 4.7),
    ("정", 4.3),
    ("강", 2.3),
    ("조", 2.1),
    ("윤", 2.1),
    ("장", 2.0),
    ("림", 1.6),
    ("한", 1.5),
    ("오", 1.5),
    ("서", 1.5),
    ("신", 1.5),
    ("권", 1.4),
    ("황", 1.4),
    ("안", 1.4),
    ("송", 1.3),
    ("전", 1.1),
    ("홍", 1.1),
    ("류", 1.1),
    ("고", 0.9),
    ("문", 0.9),
    ("량", 0.9),
    ("손", 0.9),
    ("배", 0.8),
    ("백", 0.8),
    ("허", 0.7),
    ("남", 0.5),
    ("심", 0.5),
    ("로", 0.4),
    ("하", 0.4),
    ("곽", 0.4),
    ("성", 0.4),
    ("차", 0.4),
    ("주", 0.4),
    ("우", 0.4),
    ("구", 0.4),
    ("라", 0.3),
    ("민", 0.3),
    ("진", 0.3),
    ("지", 0.3),
    ("엄", 0.3),
    ("채", 0.3),
    ("원", 0.3),
    ("천", 0.2),
    ("방", 0.2),
    ("공", 0.2),
    ("현", 0.2),
    ("함", 0.2),
    ("변", 0.2),
    ("렴", 0.2),
    ("려", 0.2),
    ("추", 0.1),
    ("도", 0.1),
    ("석", 0.1),
    ("선", 0.1),
    ("설", 0.1),
    ("마", 0.1),
    ("길", 0.1),
    ("연", 0.1),
    ("위", 0.1),
    ("표", 0.1),
    ("명", 0.1),
    ("기", 0.1),
    ("반", 0.1),
    ("왕", 0.1),
    ("금", 0.1),
    ("옥", 0.1),
    ("육", 0.1),
    ("인", 0.1),
    ("탁", 0.1),
)

# Syllables common in North Korean men's given names (state media, defector registries).
GIVEN_SYLLABLES = (
    "철",
    "명",
    "성",
    "일",
    "광",
    "혁",
    "진",
    "영",
    "호",
    "남",
    "수",
    "정",
    "은",
    "국",
    "룡",
    "학",
    "준",
    "용",
    "석",
    "현",
    "동",
    "기",
    "춘",
    "만",
    "덕",
    "경",
    "혜",
    "순",
    "금",
    "향",
    "련",
    "별",
    "웅",
    "범",
    "강",
    "복",
    "송",
    "윤",
    "선",
    "길",
    "주",
    "원",
    "봉",
    "충",
    "욱",
    "훈",
    "민",
    "근",
    "상",
    "환",
    "필",
    "세",
    "건",
    "태",
    "식",
    "규",
    "효",
    "혁",
    "권",
    "무",
    "삼",
    "창",
    "원",
    "희",
    "종",
    "대",
    "문",
    "평",
    "청",
    "륜",
)

EARLIEST_BIRTH = date(1985, 1, 1)
LATEST_BIRTH = date(2007, 12, 31)


@dataclass(frozen=True)
class Person:
    """One fictional man as he really is; lists show him with noise."""

    key: int
    surname: str
    given: str
    birth: date
    unit: str
    # Set when one list knows him only by the Russian or Tuvan name on false papers.
    false_identity: str | None = None

    @property
    def hangul(self) -> str:
        return self.surname + self.given


def _given_name(rng: random.Random) -> str:
    # About one in twenty Korean given names has a single syllable.
    count = 1 if rng.random() < 0.05 else 2
    return "".join(rng.choice(GIVEN_SYLLABLES) for _ in range(count))


def _birth(rng: random.Random) -> date:
    return EARLIEST_BIRTH + timedelta(days=rng.randrange((LATEST_BIRTH - EARLIEST_BIRTH).days))


def make_people(
    count: int,
    rng: random.Random,
    *,
    namesake_rate: float = 0.05,
    twin_rate: float = 0.02,
    false_identity_rate: float = 0.01,
    false_names: tuple[str, ...] = (),
) -> list[Person]:
    """`count` fictional soldiers; some share a full name (namesakes) or a birth (twins)."""
    names, weights = zip(*SURNAMES, strict=True)
    units = [f"{rng.randrange(10000, 99999)}" for _ in range(max(1, count // 40))]
    people: list[Person] = []
    while len(people) < count:
        key = len(people)
        roll = rng.random()
        if people and roll < namesake_rate:
            # Same name, different man: another birth date and unit.
            model = rng.choice(people)
            person = Person(key, model.surname, model.given, _birth(rng), rng.choice(units))
        elif people and roll < namesake_rate + twin_rate:
            # Twins: same surname, birth and unit; given names often share a syllable.
            model = rng.choice(people)
            given = (
                model.given[:1] + rng.choice(GIVEN_SYLLABLES) if len(model.given) > 1 else (_given_name(rng))
            )
            if given == model.given:
                given = _given_name(rng)
            person = Person(key, model.surname, given, model.birth, model.unit)
        else:
            surname = rng.choices(names, weights)[0]
            person = Person(key, surname, _given_name(rng), _birth(rng), rng.choice(units))
        if false_names and rng.random() < false_identity_rate:
            person = Person(
                person.key,
                person.surname,
                person.given,
                person.birth,
                person.unit,
                false_identity=rng.choice(false_names),
            )
        people.append(person)
    return people
