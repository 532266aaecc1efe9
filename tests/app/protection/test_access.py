"""Who sees protection data: never the negotiator, auditor or administrator, by page or by API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

SECRET_STATEMENT = "I will never go back to the north"


@pytest.fixture
def protected_person(person: Any, verified_refusal: Any, approved_risk: Any, users: Any) -> Any:
    from datetime import date

    from safepassage.protection import services

    services.interview_record(
        actor=users["carla"],
        person=person,
        held_on=date(2025, 3, 1),
        place="Camp",
        interviewer_name="C",
        language="ko",
        consent=True,
        wish="not_return",
        statement=SECRET_STATEMENT,
    )
    verified_refusal(person)
    approved_risk(person)
    services.application_open(
        actor=users["lev"], person=person, procedure="kr_nkra", kind="protection", filed_on=date(2026, 1, 5)
    )
    return person


API_ROUTES = ["api-interviews", "api-risk-assessments", "api-applications", "api-determination"]


@pytest.mark.parametrize("username", ["nick", "aude", "adam"])
def test_roles_without_protection_access_get_nothing_through_the_api(
    username: str, users: Any, protected_person: Any
) -> None:
    client = APIClient()
    client.force_authenticate(users[username])
    for name in API_ROUTES:
        response = client.get(reverse(name, kwargs={"pk": protected_person.pk}))
        assert response.status_code in (403, 404), name
        assert SECRET_STATEMENT.encode() not in response.content


@pytest.mark.parametrize("username", ["nick", "aude", "adam"])
def test_roles_without_protection_access_get_nothing_through_the_pages(
    username: str, users: Any, protected_person: Any
) -> None:
    client = Client()
    client.force_login(users[username])
    for url in (
        reverse("registry:person_detail", kwargs={"pk": protected_person.pk}),
        reverse("protection:worklist"),
        reverse("protection:determination_history", kwargs={"pk": protected_person.pk}),
        reverse("protection:interview_add", kwargs={"pk": protected_person.pk}),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert SECRET_STATEMENT.encode() not in response.content


def test_the_legal_officer_sees_the_determination_interviews_risk_and_applications(
    users: Any, protected_person: Any
) -> None:
    client = Client()
    client.force_login(users["lev"])
    page = client.get(reverse("registry:person_detail", kwargs={"pk": protected_person.pk})).content.decode()
    for expected in (
        "Must not be repatriated against his will",
        SECRET_STATEMENT,
        "Approved",
        "NKRA",
        "CAT Art. 3",
        "not eligible",
    ):
        assert expected in page, expected


def test_a_caseworker_sees_interviews_but_not_risk_applications_or_the_determination(
    users: Any, protected_person: Any
) -> None:
    client = Client()
    client.force_login(users["carla"])
    page = client.get(reverse("registry:person_detail", kwargs={"pk": protected_person.pk})).content.decode()
    assert SECRET_STATEMENT in page
    assert "Risk assessments" not in page and "Applications" not in page and 'id="det-status"' not in page


def test_a_monitor_sees_the_determination_and_wish_but_no_identity(users: Any, protected_person: Any) -> None:
    client = Client()
    client.force_login(users["mona"])
    page = client.get(reverse("registry:person_detail", kwargs={"pk": protected_person.pk})).content.decode()
    assert 'data-code="must_not_repatriate"' in page and SECRET_STATEMENT in page
    assert "김철남" not in page and "Ким" not in page


def test_switching_the_position_compares_without_storing(users: Any, protected_person: Any) -> None:
    from safepassage.protection.models import Determination

    client = Client()
    client.force_login(users["lev"])
    before = Determination.objects.count()
    url = reverse("registry:person_detail", kwargs={"pk": protected_person.pk})
    page = client.get(url, {"position": "all_for_all"}).content.decode()
    assert "REPAT-4" in page and "comparison only" in page
    assert before == Determination.objects.count()


def test_the_determination_api_gives_the_assess_json(api: Any, protected_person: Any) -> None:
    body = api("lev").get(reverse("api-determination", kwargs={"pk": protected_person.pk})).json()
    assert ("pow", "must_not_repatriate", False) == (
        body["status"]["code"],
        body["repatriation"]["code"],
        body["exchange"]["eligible"],
    )
    bad = api("lev").get(reverse("api-determination", kwargs={"pk": protected_person.pk}), {"position": "x"})
    assert 400 == bad.status_code


def test_a_monitor_records_a_verified_interview_through_the_api(api: Any, person: Any) -> None:
    from .conftest import CHECKLIST

    data = {
        "held_on": "2025-11-03",
        "place": "Room",
        "interviewer_name": "Mona",
        "language": "ko",
        "consent": True,
        "wish": "not_return",
        "verified_private": True,
        **CHECKLIST,
    }
    assert (
        201
        == api("mona")
        .post(reverse("api-interviews", kwargs={"pk": person.pk}), data, format="json")
        .status_code
    )
    refused = api("carla").post(reverse("api-interviews", kwargs={"pk": person.pk}), data, format="json")
    assert 400 == refused.status_code and "verified_private" in refused.json()
