"""The exchange guard: nobody who refused, is undecided, or is protected reaches a finalised manifest."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from safepassage.exchanges import services
from safepassage.exchanges.guard import GuardRefused
from safepassage.exchanges.models import ListEntry
from safepassage.protection import services as protection

from .conftest import verified_wish, write_list

pytestmark = pytest.mark.django_db


def test_a_list_with_a_verified_refusal_cannot_be_finalised(
    round_with: Any, returnee: Any, refuser: Any, users: Any
) -> None:
    round_ = round_with(["Пак Ён Су", "Ри Мён Хак"])
    with pytest.raises(GuardRefused) as refused:
        services.round_finalize(actor=users["nick"], round_=round_)
    detailed = refused.value.message_for(users["lev"])
    assert "SP-T-0011" in detailed and "wish_not_return" in detailed and "SP-T-0010" not in detailed
    negotiator = refused.value.message_for(users["nick"])
    assert "cannot go on this manifest" in negotiator and "SP-T-0011" not in negotiator
    assert "wish" not in negotiator
    round_.refresh_from_db()
    assert "negotiating" == round_.status


def test_without_him_the_round_is_finalised(round_with: Any, returnee: Any, refuser: Any, users: Any) -> None:
    round_ = services.round_finalize(actor=users["nick"], round_=round_with(["Пак Ён Су"]))
    assert "finalised" == round_.status


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (lambda users, p: None, "wish_not_ascertained"),
        (
            lambda users, p: protection.application_open(
                actor=users["lev"], person=p, procedure="ua_refugee", kind="asylum", filed_on=date(2026, 1, 5)
            ),
            "protection_application_pending",
        ),
        (
            lambda users, p: protection.case_facts_set(
                actor=users["lev"], person=p, criminal_proceedings_pending=True
            ),
            "criminal_proceedings_pending",
        ),
    ],
)
def test_each_protection_ground_blocks_the_manifest(
    setup: Any, reason: str, users: Any, make_person: Any, units: Any, round_with: Any
) -> None:
    person = make_person(
        users["carla"], units["a"], hangul="최성호", cyrillic="Чхве Сон Хо", case_number="SP-T-0020"
    )
    if reason != "wish_not_ascertained":
        verified_wish(users, person, "return", date(2025, 12, 1))
    setup(users, person)
    with pytest.raises(GuardRefused) as refused:
        services.round_finalize(actor=users["nick"], round_=round_with(["Чхве Сон Хо"]))
    assert reason in refused.value.blocked[0].reasons


def test_an_entry_not_matched_to_the_registry_blocks_finalisation(
    round_with: Any, returnee: Any, users: Any
) -> None:
    with pytest.raises(GuardRefused) as refused:
        services.round_finalize(
            actor=users["nick"], round_=round_with(["Пак Ён Су", "Иванов Сергей Петрович"])
        )
    assert "identity not confirmed" in refused.value.message_for(users["lev"])


def test_the_negotiator_reads_one_wording_for_a_protected_and_an_unknown_entry(
    round_with: Any, returnee: Any, refuser: Any, users: Any
) -> None:
    with pytest.raises(GuardRefused) as refused:
        services.round_finalize(
            actor=users["nick"], round_=round_with(["Ри Мён Хак", "Иванов Сергей Петрович"])
        )
    lines = refused.value.message_for(users["nick"]).splitlines()[1:]
    assert [f"row {n} (RU-00{n - 1}): cannot go on this manifest" for n in (2, 3)] == lines


def test_a_refusal_recorded_after_finalisation_blocks_execution(
    round_with: Any, returnee: Any, users: Any
) -> None:
    round_ = services.round_finalize(actor=users["nick"], round_=round_with(["Пак Ён Су"]))
    verified_wish(users, returnee, "not_return")
    with pytest.raises(GuardRefused):
        services.round_execute(actor=users["nick"], round_=round_)
    round_.refresh_from_db()
    assert "finalised" == round_.status


def test_an_override_needs_a_fresh_verified_consent_and_a_second_approver(
    round_with: Any, returnee: Any, users: Any, lena: Any
) -> None:
    protection.application_open(
        actor=users["lev"], person=returnee, procedure="ua_refugee", kind="asylum", filed_on=date(2026, 1, 5)
    )
    round_ = round_with(["Пак Ён Су"])
    stale = returnee.interviews.get()
    with pytest.raises(ValidationError, match="in the last 14 days"):
        services.override_request(
            actor=users["lev"], round_=round_, person=returnee, interview=stale, reason="r"
        )
    fresh = verified_wish(users, returnee, "return", date.today() - timedelta(days=1))
    override = services.override_request(
        actor=users["lev"],
        round_=round_,
        person=returnee,
        interview=fresh,
        reason="Wants to go home; withdraws his application.",
    )
    with pytest.raises(GuardRefused):
        services.round_finalize(actor=users["nick"], round_=round_)
    with pytest.raises(ValidationError, match="second approver"):
        services.override_approve(actor=users["lev"], override=override)
    services.override_approve(actor=lena, override=override)
    assert "finalised" == services.round_finalize(actor=users["nick"], round_=round_).status


def test_lists_are_versioned_and_diffed(round_with: Any, returnee: Any, users: Any, tmp_path: Path) -> None:
    round_ = round_with(["Пак Ён Су", "Ри Мён Хак"])
    second = services.list_import(
        actor=users["nick"],
        round_=round_,
        direction="outgoing",
        path=write_list(tmp_path / "v2.csv", ["Пак Ён Су"]),
    )
    first = services.latest_list(round_, "incoming") or round_.lists.get(version=1)
    assert 2 == second.version
    assert {"added": [], "removed": ["RU-002"], "changed": []} == services.list_diff(first, second)


def test_a_finalised_round_takes_no_new_list(
    round_with: Any, returnee: Any, users: Any, tmp_path: Path
) -> None:
    round_ = services.round_finalize(actor=users["nick"], round_=round_with(["Пак Ён Су"]))
    with pytest.raises(ValidationError, match="can no longer change"):
        services.list_import(
            actor=users["nick"],
            round_=round_,
            direction="outgoing",
            path=write_list(tmp_path / "late.csv", ["Пак Ён Су"]),
        )


def test_a_bad_file_is_refused_naming_file_row_and_column_and_nothing_is_kept(
    users: Any, tmp_path: Path
) -> None:
    round_ = services.round_create(actor=users["nick"], name="Round B")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,full_name\nRU-1,Пак Ён Су\nRU-1,Ри Мён Хак\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        services.list_import(actor=users["nick"], round_=round_, direction="outgoing", path=bad)
    text = str(caught.value)
    assert "bad.csv" in text and "row 3" in text and "id" in text
    assert 0 == round_.lists.count() and 0 == ListEntry.objects.count()


def test_a_windows_1251_list_is_read(users: Any, tmp_path: Path, returnee: Any) -> None:
    round_ = services.round_create(actor=users["nick"], name="Round C")
    path = write_list(tmp_path / "cp1251.csv", ["Пак Ён Су"], encoding="cp1251")
    lst = services.list_import(actor=users["nick"], round_=round_, direction="outgoing", path=path)
    assert "Пак Ён Су" == lst.entries.get().full_name
