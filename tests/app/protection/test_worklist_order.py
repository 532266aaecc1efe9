"""The work list: authority on every item (the second officer's too), sorted by date, person or kind."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safepassage.protection import selectors, services
from safepassage.protection.work import APPROVAL_AUTHORITY

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(person: Any, other_person: Any, users: Any) -> Any:
    """An overdue application deadline for the first person, an assessment waiting for a second officer
    on the second."""
    lev = users["lev"]
    app = services.application_open(
        actor=lev, person=person, procedure="kr_nkra", kind="protection", filed_on=date(2025, 1, 6)
    )
    services.application_decide(actor=lev, application=app, outcome="refused", decided_on=date(2025, 2, 3))
    assessment = services.risk_assessment_create(
        actor=lev, person=other_person, destination="KP", risk_kinds=[], conclusion="none", summary="R"
    )
    services.evidence_add(actor=lev, assessment=assessment, kind="other", source="S", description="D")
    services.risk_assessment_submit(actor=lev, assessment=assessment)
    return person, other_person


def test_every_item_names_its_authority_the_second_officer_s_included(busy: Any, lena: Any) -> None:
    items = list(selectors.worklist(user=lena))
    assert items and all(item.citation for item in items)
    approval = next(i for i in items if i.code == "approval")
    assert APPROVAL_AUTHORITY == approval.citation


def test_the_list_sorts_by_date_person_or_kind(busy: Any, lena: Any) -> None:
    first, second = busy
    by_due = list(selectors.worklist(user=lena, today=date(2026, 1, 1)))
    assert by_due[0].overdue and by_due[0].person_id == first.pk
    by_person = [i.case_number for i in selectors.worklist(user=lena, order="person")]
    assert by_person == sorted(by_person)
    by_kind = [i.source for i in selectors.worklist(user=lena, order="kind")]
    assert by_kind == sorted(by_kind) and {"action", "approval", "step"} <= set(by_kind)


def test_the_page_keeps_the_chosen_order_and_shows_the_authority(busy: Any, lena: Any) -> None:
    client = Client()
    client.force_login(lena)
    page = client.get(reverse("protection:worklist"), {"sort": "kind"}).content.decode()
    assert '<strong aria-current="true">kind of task</strong>' in page
    assert APPROVAL_AUTHORITY in page
    cases = re.findall(
        r">(SP-TEST-000\d)</a>",
        client.get(reverse("protection:worklist"), {"sort": "person"}).content.decode(),
    )
    assert cases == sorted(cases)
    unknown = client.get(reverse("protection:worklist"), {"sort": "nonsense"}).content.decode()
    assert '<strong aria-current="true">date, overdue first</strong>' in unknown
