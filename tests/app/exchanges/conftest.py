"""Rounds with outgoing lists written in Cyrillic, as the other side sends them."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from safepassage.exchanges import services
from safepassage.protection import services as protection

CHECKLIST = dict.fromkeys(protection.VOLUNTARINESS, True)


def verified_wish(users: Any, person: Any, wish: str, held_on: date | None = None) -> Any:
    return protection.interview_record(
        actor=users["mona"],
        person=person,
        held_on=held_on or date.today(),
        place="Room",
        interviewer_name="M",
        language="ko",
        consent=True,
        wish=wish,
        verified_private=True,
        **CHECKLIST,
    )


@pytest.fixture
def returnee(users: Any, make_person: Any, units: Any) -> Any:
    person = make_person(
        users["carla"], units["a"], hangul="박영수", cyrillic="Пак Ён Су", case_number="SP-T-0010"
    )
    verified_wish(users, person, "return", date(2025, 12, 1))
    return person


@pytest.fixture
def refuser(users: Any, make_person: Any, units: Any) -> Any:
    person = make_person(
        users["carla"], units["a"], hangul="리명학", cyrillic="Ри Мён Хак", case_number="SP-T-0011"
    )
    verified_wish(users, person, "not_return", date(2025, 11, 3))
    return person


def write_list(path: Path, names: list[str], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "full_name", "birth_date", "unit"])
        for n, name in enumerate(names, start=1):
            writer.writerow([f"RU-{n:03d}", name, "2001", ""])
    return path


@pytest.fixture
def round_with(users: Any, tmp_path: Path) -> Any:
    def make(names: list[str], name: str = "Round T") -> Any:
        round_ = services.round_create(actor=users["nick"], name=name)
        lst = services.list_import(
            actor=users["nick"],
            round_=round_,
            direction="outgoing",
            path=write_list(tmp_path / f"{name}.csv", names),
        )
        services.list_reconcile(actor=users["nick"], exchange_list=lst)
        return round_

    return make


def run_launched(callbacks: list[Any]) -> list[Any]:
    """Carry out, here, the jobs a request would have started beside the server after its commit."""
    from safepassage.exchanges import imports
    from safepassage.exchanges.models import ImportJob

    launched = [c.args[0] for c in callbacks if getattr(c, "func", None) is imports.launch]
    return [imports.job_run(ImportJob.objects.get(pk=pk)) for pk in launched]
