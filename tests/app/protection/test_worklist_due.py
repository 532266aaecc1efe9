"""Every work-list item is due some day, with the authority behind it: the law's limit where it sets
one, else the service standard (protection/standards.py), shown as such; overdue first, then by date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from safepassage.protection import selectors, services, standards, work
from safepassage.protection.models import WorkItem

pytestmark = pytest.mark.django_db


def test_an_engine_action_is_due_its_service_standard_after_the_determination() -> None:
    result = {
        "as_of": "2026-03-02",
        "actions": [{"code": "notify_information_bureau", "citations": ["GC III Art. 122"]}],
    }
    (row,) = work.action_values(result)
    assert (date(2026, 3, 9), date(2026, 3, 9), "GC III Art. 122") == (
        row["due"],
        row["sort_due"],
        row["citation"],
    )


def test_every_action_the_engine_asks_for_has_a_standard_and_every_owner_one_too() -> None:
    assert set(work.ACTION_OWNERS) <= set(standards.ACTION_DAYS)
    assert all(days > 0 for days in standards.ACTION_DAYS.values())


def test_a_step_whose_procedure_sets_no_date_is_looked_at_again_after_the_standard() -> None:
    # kr_nkra: "notified" runs from "applied" and the procedure gives it no limit and no expected date.
    row = work.step_values(
        procedure_id="kr_nkra",
        filed_on=date(2026, 1, 5),
        status="pending",
        recorded_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
        done={"applied": date(2026, 1, 7)},
    )
    assert row is not None
    assert ("standard", date(2026, 2, 6)) == (row["code"], row["due"])


def test_every_item_of_every_kind_is_due_some_day_and_names_its_authority(
    person: Any, other_person: Any, users: Any, lena: Any
) -> None:
    lev = users["lev"]
    services.application_open(
        actor=lev, person=person, procedure="kr_nkra", kind="protection", filed_on=date(2025, 1, 6)
    )
    assessment = services.risk_assessment_create(
        actor=lev, person=other_person, destination="KP", risk_kinds=[], conclusion="none", summary="R"
    )
    services.evidence_add(actor=lev, assessment=assessment, kind="other", source="S", description="D")
    services.risk_assessment_submit(actor=lev, assessment=assessment)
    items = list(selectors.worklist(user=lena))
    assert {"action", "approval", "step"} == {i.source for i in items}
    assert [] == [(i.source, i.task) for i in items if i.due is None or not i.citation]
    approval = next(i for i in items if i.source == "approval")
    assert assessment.recorded_at.date() + timedelta(days=standards.APPROVAL_DAYS) == approval.due
    action = next(i for i in items if i.source == "action")
    assert date.today() + timedelta(days=standards.action_days(action.task)) == action.due
    assert "standard" == action.due_basis


def test_a_refreshed_determination_keeps_the_date_an_action_was_first_due(person: Any) -> None:
    first = {"as_of": "2026-03-02", "actions": [{"code": "risk_assessment", "citations": ["CAT Art. 3"]}]}
    work.work_actions_replace(person=person, result=first)
    later = {**first, "as_of": "2026-03-20"}
    work.work_actions_replace(person=person, result=later)
    (item,) = WorkItem.objects.filter(person=person, source="action")
    assert date(2026, 4, 1) == item.due == item.sort_due


def test_overdue_items_come_first_then_by_date(person: Any, other_person: Any, users: Any, lena: Any) -> None:
    work.work_actions_replace(
        person=person,
        result={"as_of": "2026-01-01", "actions": [{"code": "risk_assessment", "citations": ["CAT Art. 3"]}]},
    )
    work.work_actions_replace(
        person=other_person,
        result={
            "as_of": "2026-02-01",
            "actions": [{"code": "child_protection", "citations": ["CRC Art. 3"]}],
        },
    )
    listed = [
        (i.case_number, i.due, i.overdue) for i in selectors.worklist(user=lena, today=date(2026, 2, 2))
    ]
    assert [
        ("SP-TEST-0001", date(2026, 1, 31), True),
        ("SP-TEST-0002", date(2026, 2, 3), False),
    ] == listed


def test_the_page_says_which_date_is_a_service_standard_and_which_a_limit_in_law(
    person: Any, users: Any, lena: Any
) -> None:
    lev = users["lev"]
    app = services.application_open(
        actor=lev, person=person, procedure="kr_nkra", kind="protection", filed_on=date(2025, 1, 6)
    )
    services.application_decide(actor=lev, application=app, outcome="refused", decided_on=date(2025, 2, 3))
    work.work_actions_replace(
        person=person,
        result={"as_of": "2026-03-02", "actions": [{"code": "risk_assessment", "citations": ["CAT Art. 3"]}]},
    )
    client = Client()
    client.force_login(lena)
    page = client.get(reverse("protection:worklist")).content.decode()
    assert "(service standard: 30 days)" in page and "(time limit in law)" in page
    assert "CAT Art. 3" in page and "NKRA Art. 32" in page


def test_rows_stored_without_a_date_get_one_from_the_migration(person: Any, users: Any, lena: Any) -> None:
    services.risk_assessment_create(
        actor=users["lev"], person=person, destination="KP", risk_kinds=[], conclusion="none", summary="R"
    )
    stored = list(WorkItem.objects.filter(person=person))
    assert stored
    expected = {item.pk: item.due for item in stored}
    WorkItem.objects.filter(person=person, source="action").update(due=None, sort_due=date.max)
    import_module("safepassage.protection.migrations.0011_work_items_due").fill_due(apps, None)
    refilled = {item.pk: item.due for item in WorkItem.objects.filter(person=person)}
    assert expected == refilled
