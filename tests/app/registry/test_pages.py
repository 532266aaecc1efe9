"""The server-rendered pages: list, search, person page with timeline, forms with errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safepassage.registry.models import NameForm, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def lev(users: Any) -> Client:
    client = Client()
    client.force_login(users["lev"])
    return client


def test_the_list_shows_names_and_searches(lev: Client, person: Any, other_person: Any) -> None:
    page = lev.get(reverse("registry:person_list"), {"q": "김철남"}).content.decode()
    assert "SP-TEST-0001" in page and "SP-TEST-0002" not in page
    assert "김철남" in page


def test_the_list_for_a_monitor_hides_names(users: Any, person: Any) -> None:
    client = Client()
    client.force_login(users["mona"])
    page = client.get(reverse("registry:person_list")).content.decode()
    assert "SP-TEST-0001" in page and "김철남" not in page


def test_the_person_page_shows_records_and_a_timeline(lev: Client, person: Any) -> None:
    page = lev.get(reverse("registry:person_detail", kwargs={"pk": person.pk})).content.decode()
    for expected in ("Ким Чхоль Нам", "Forged", "Facility North-1", "Timeline", "Captured", "Feb. 3, 2025"):
        assert expected in page


def test_pages_with_personal_data_are_not_stored(lev: Client, person: Any) -> None:
    response = lev.get(reverse("registry:person_detail", kwargs={"pk": person.pk}))
    assert "no-store" in response["Cache-Control"]


def test_registering_a_person_through_the_form(lev: Client) -> None:
    response = lev.post(
        reverse("registry:person_create"), {"sex": "male", "birth_precision": "year", "birth_year": "2000"}
    )
    person = Person.objects.get()
    assert response["Location"] == reverse("registry:person_detail", kwargs={"pk": person.pk})


def test_a_form_error_is_shown_beside_its_field_and_nothing_is_saved(lev: Client) -> None:
    response = lev.post(reverse("registry:person_create"), {"sex": "male", "birth_precision": "full"})
    page = response.content.decode()
    assert 200 == response.status_code
    assert "A full birth date is needed" in page
    assert 'id="id_birth_date_error"' in page
    assert not Person.objects.exists()


def test_adding_a_name_through_the_form(lev: Client, person: Any) -> None:
    lev.post(
        reverse("registry:name_add", kwargs={"pk": person.pk}),
        {"text": "Kim Chol Nam", "kind": "transliteration", "recorder_language": "en", "source": "x"},
    )
    assert NameForm.objects.filter(person=person).count() == 3


def test_a_stale_person_edit_shows_a_clear_error(lev: Client, person: Any, users: Any) -> None:
    from safepassage.registry import services

    url = reverse("registry:person_edit", kwargs={"pk": person.pk})
    version = Person.objects.get(pk=person.pk).version
    services.person_update(actor=users["carla"], person=Person.objects.get(pk=person.pk), notes="meanwhile")
    response = lev.post(
        url,
        {
            "sex": "male",
            "birth_precision": "year",
            "birth_year": "2001",
            "version": str(version),
            "notes": "mine",
        },
    )
    assert "changed by someone else" in response.content.decode()
    assert "meanwhile" == Person.objects.get(pk=person.pk).notes


def test_a_scan_can_be_uploaded_and_downloaded(lev: Client, person: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = person.documents.get()
    pdf = b"%PDF-1.4\n% demo\n"
    lev.post(
        reverse("registry:scan_add", kwargs={"pk": person.pk, "record": doc.pk}),
        {"file": SimpleUploadedFile("card.pdf", pdf), "source": "scanner"},
    )
    scan = doc.scans.get()
    response = lev.get(reverse("registry:scan_download", kwargs={"pk": person.pk, "record": scan.pk}))
    assert (pdf, "application/pdf") == (response.content, response["Content-Type"])


def test_capture_and_custody_forms_record_events(lev: Client, person: Any) -> None:
    lev.post(
        reverse("registry:custody_add", kwargs={"pk": person.pk}),
        {"kind": "transfer", "occurred_on": "2025-06-01", "facility": "Facility West-2"},
    )
    page = lev.get(reverse("registry:person_detail", kwargs={"pk": person.pk})).content.decode()
    assert "Facility West-2" in page


def test_the_login_page_signs_in_with_a_password_and_rejects_a_wrong_one(users: Any) -> None:
    client = Client()
    # allauth names the field "login"; with no second factor yet, the next page is MFA set-up.
    bad = client.post(reverse("login"), {"login": "lev", "password": "wrong password"})
    assert 200 == bad.status_code
    good = client.post(reverse("login"), {"login": "lev", "password": "correct horse battery staple 42"})
    assert reverse("home") == good["Location"]


@pytest.mark.parametrize(
    ("route", "related", "data", "attribute", "expected"),
    [
        (
            "registry:nationality_edit",
            "nationality_claims",
            {"state": "KR", "basis": "state_claim"},
            "state",
            "KR",
        ),
        (
            "registry:service_edit",
            "service_records",
            {"forces_of": "KP", "rank": "Sergeant"},
            "rank",
            "Sergeant",
        ),
        (
            "registry:custody_edit",
            "custody_events",
            {"kind": "hospital", "occurred_on": "2025-02-06", "facility": "Hospital 7"},
            "facility",
            "Hospital 7",
        ),
    ],
)
def test_each_record_can_be_corrected_through_its_form(
    lev: Client, person: Any, route: str, related: str, data: dict[str, str], attribute: str, expected: str
) -> None:
    record = getattr(person, related).get()
    url = reverse(route, kwargs={"pk": person.pk, "record": record.pk})
    assert 200 == lev.get(url).status_code
    response = lev.post(url, data)
    assert 302 == response.status_code, response.content.decode()[:2000]
    record.refresh_from_db()
    assert expected == getattr(record, attribute)
