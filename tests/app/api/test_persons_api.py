"""The REST API: persons and their records, with validation errors that name the field."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from safepassage.audit.models import AuditEvent
from safepassage.registry.models import NameForm, Person

pytestmark = pytest.mark.django_db


def test_a_caseworker_creates_a_person_and_adds_names(api: Any, users: Any, units: Any) -> None:
    client = api("lev")
    created = client.post(
        reverse("api-persons"),
        {"sex": "male", "birth_precision": "year", "birth_year": 2002, "unit": units["a"].pk},
        format="json",
    )
    assert 201 == created.status_code
    pk = created.json()["id"]
    named = client.post(
        reverse("api-names", kwargs={"pk": pk}),
        {"text": "Ри Мён Хак", "kind": "alias", "recorder_language": "ru"},
        format="json",
    )
    assert (201, "cyrillic") == (named.status_code, named.json()["script"])
    listed = client.get(reverse("api-names", kwargs={"pk": pk})).json()
    assert ["Ри Мён Хак"] == [n["text"] for n in listed["results"]]
    assert AuditEvent.objects.filter(action="name_form.add", person_id=pk).exists()


def test_a_validation_error_names_the_field(api: Any, users: Any) -> None:
    response = api("lev").post(reverse("api-persons"), {"birth_precision": "full"}, format="json")
    assert 400 == response.status_code
    assert "birth_date" in response.json()


def test_an_unknown_enum_value_is_refused_with_the_field(api: Any, person: Any) -> None:
    response = api("carla").post(
        reverse("api-documents", kwargs={"pk": person.pk}), {"doc_type": "library_card"}, format="json"
    )
    assert 400 == response.status_code
    assert "doc_type" in response.json()


def test_a_bad_country_code_is_refused(api: Any, person: Any) -> None:
    response = api("carla").put(
        reverse("api-capture", kwargs={"pk": person.pk}), {"detaining_power": "Ukraine"}, format="json"
    )
    assert 400 == response.status_code
    assert "detaining_power" in response.json()


def test_patch_changes_a_person_and_a_stale_version_is_refused(api: Any, person: Any) -> None:
    url = reverse("api-person", kwargs={"pk": person.pk})
    client = api("lev")
    version = client.get(url).json()["version"]
    assert 200 == client.patch(url, {"notes": "first", "version": version}, format="json").status_code
    stale = client.patch(url, {"notes": "second", "version": version}, format="json")
    assert 400 == stale.status_code
    assert "first" == Person.objects.get(pk=person.pk).notes


def test_patch_corrects_a_name_form(api: Any, person: Any) -> None:
    form = NameForm.objects.filter(person=person).first()
    url = reverse("api-name", kwargs={"pk": person.pk, "record": form.pk})
    response = api("carla").patch(url, {"text": "Kim Chol Nam"}, format="json")
    assert (200, "latin") == (response.status_code, response.json()["script"])


def test_a_monitor_sees_persons_without_identity(api: Any, person: Any) -> None:
    body = api("mona").get(reverse("api-person", kwargs={"pk": person.pk})).json()
    assert {"id", "case_number", "sex", "birth_year", "created_at", "updated_at", "version"} == set(body)
    assert 403 == api("mona").get(reverse("api-names", kwargs={"pk": person.pk})).status_code


def test_the_list_searches_by_name_in_any_recorded_script(api: Any, person: Any, other_person: Any) -> None:
    body = api("lev").get(reverse("api-persons"), {"q": "Пак Ён Су"}).json()
    assert ["SP-TEST-0002"] == [p["case_number"] for p in body["results"]]


def test_a_caseworker_lists_only_her_units_persons(api: Any, person: Any, other_person: Any) -> None:
    body = api("carla").get(reverse("api-persons")).json()
    assert ["SP-TEST-0001"] == [p["case_number"] for p in body["results"]]


def test_a_token_is_no_way_in_and_the_refusal_says_how_to_sign_in(users: Any, person: Any) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    refused = client.get(reverse("api-persons"))
    assert 401 == refused.status_code
    assert "mfa" in refused["WWW-Authenticate"]


def test_anonymous_calls_are_refused_and_the_schema_is_public(person: Any) -> None:
    client = APIClient()
    assert client.get(reverse("api-persons")).status_code in (401, 403)
    schema = client.get(reverse("schema"))
    assert 200 == schema.status_code
    assert b"/api/v1/persons/" in schema.content


def test_a_scan_upload_with_a_wrong_type_is_refused(api: Any, person: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = person.documents.get()
    url = reverse("api-scans", kwargs={"pk": person.pk, "record": doc.pk})
    upload = SimpleUploadedFile("photo.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    response = api("carla").post(url, {"file": upload}, format="multipart")
    assert 400 == response.status_code
    assert "photo.jpg" in str(response.json())


def test_healthz_answers_when_the_database_does(client: Any) -> None:
    response = client.get("/healthz")
    assert (200, "ok") == (response.status_code, response.json()["database"])
