"""Registration in one form: person, names, documents and capture in one save, duplicates checked first."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safepassage.audit.models import AuditEvent
from safepassage.registry import registration
from safepassage.registry.models import Capture, IdentityDocument, NameForm, Person

pytestmark = pytest.mark.django_db


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def posted(**rows: Any) -> dict[str, str]:
    """The form's fields: a person born 1999, one Hangul name, one document, a capture, as typed."""
    data = {
        "person-sex": "male",
        "person-birth_precision": "year",
        "person-birth_year": "1999",
        "names-TOTAL_FORMS": "2",
        "names-INITIAL_FORMS": "0",
        "names-0-text": "곽태윤",
        "names-0-kind": "legal",
        "names-0-recorder_language": "ko",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-0-doc_type": "military_id",
        "documents-0-issuing_state": "KP",
        "documents-0-number": "KP-55-3030",
        "documents-0-assessment": "unverified",
        "capture-captured_on": "2025-05-02",
        "capture-detaining_power": "UA",
        "capture-place": "Fictional ridge",
        "action": "save",
    }
    data.update(rows)
    return data


def test_the_service_saves_everything_in_one_go_and_audits_each_record(users: Any, units: Any) -> None:
    person = registration.person_register(
        actor=users["carla"],
        person={"sex": "male", "birth_precision": "year", "birth_year": 1999},
        names=[
            {"text": "곽태윤", "kind": "legal", "recorder_language": "ko"},
            {"text": "Квак Тхэ Юн", "kind": "transliteration", "recorder_language": "ru"},
        ],
        documents=[{"doc_type": "military_id", "issuing_state": "KP", "number": "KP-55-3030"}],
        capture={"captured_on": date(2025, 5, 2), "detaining_power": "UA"},
    )
    assert ["hangul", "cyrillic"] == [n.script for n in NameForm.objects.filter(person=person)]
    assert units["a"] == person.unit
    assert 1 == IdentityDocument.objects.filter(person=person).count()
    assert Capture.objects.filter(person=person).exists()
    actions = list(AuditEvent.objects.filter(person_id=str(person.pk)).values_list("action", flat=True))
    for action in ("person.create", "name_form.add", "identity_document.add", "capture.record"):
        assert action in actions


def test_an_error_in_any_row_saves_nothing_and_names_the_row_and_the_field(users: Any) -> None:
    before = (Person.objects.count(), NameForm.objects.count(), AuditEvent.objects.count())
    with pytest.raises(registration.RegistrationError) as refused:
        registration.person_register(
            actor=users["lev"],
            person={"sex": "male"},
            names=[
                {"text": "곽태윤", "kind": "legal", "recorder_language": "ko"},
                {"text": "  ", "kind": "alias", "recorder_language": "ru"},
            ],
        )
    assert [("names", 1, "text")] == [w[:3] for w in refused.value.where]
    assert refused.value.messages[0].startswith("Name form 2, name as written: ")
    assert before == (Person.objects.count(), NameForm.objects.count(), AuditEvent.objects.count())


def test_the_suggestions_of_a_hangul_name_are_its_usual_spellings() -> None:
    offered = registration.suggestions("리명학")
    texts = [text for text, _kind, _language in offered]
    assert "Ri Myŏng-hak" in texts and "Ри Мён Хак" in texts and "Рі Мьон Хак" in texts
    assert all(kind == "transliteration" for _text, kind, _language in offered)
    assert [] == registration.suggestions("Ri Myong Hak")


def test_the_page_suggests_adds_a_suggestion_with_one_click_and_registers(users: Any, units: Any) -> None:
    carla = client_of(users["carla"])
    url = reverse("registry:person_register")
    assert 200 == carla.get(url).status_code
    suggested = carla.post(url, posted(action="suggest")).content.decode()
    assert "Add Квак Тхэ Юн" in suggested and "Add Kwak Tae-yun" in suggested
    assert "errorlist" not in suggested
    accepted = carla.post(url, {**posted(), "accept": "Квак Тхэ Юн|transliteration|ru"}).content.decode()
    assert 'value="Квак Тхэ Юн"' in accepted
    data = posted(
        **{
            "names-1-text": "Квак Тхэ Юн",
            "names-1-kind": "transliteration",
            "names-1-recorder_language": "ru",
        }
    )
    done = carla.post(url, data)
    person = Person.objects.get()
    assert reverse("registry:person_detail", args=[person.pk]) == done.url
    assert ["곽태윤", "Квак Тхэ Юн"] == [n.text for n in NameForm.objects.filter(person=person)]
    assert "Fictional ridge" == person.capture.place


def test_the_page_shows_who_may_be_the_same_man_before_saving(users: Any, units: Any) -> None:
    carla = client_of(users["carla"])
    url = reverse("registry:person_register")
    carla.post(url, posted())
    first = Person.objects.get()
    again = posted(
        **{"names-0-text": "Kwak Tae-yun", "names-0-recorder_language": "en", "documents-0-number": "X-1"}
    )
    checked = carla.post(url, again).content.decode()
    assert "These registered persons may be the same man" in checked and first.case_number in checked
    assert 1 == Person.objects.count()
    assert AuditEvent.objects.filter(action="person.search").exists()
    done = carla.post(url, {**again, "action": "confirm"})
    assert 302 == done.status_code and 2 == Person.objects.count()


def test_a_wrong_row_is_shown_on_its_field_and_nothing_is_saved(users: Any, units: Any) -> None:
    lev = client_of(users["lev"])
    page = lev.post(reverse("registry:person_register"), posted(**{"capture-captured_on": "2999-01-01"}))
    assert 200 == page.status_code
    assert "Capture, date of capture:" in page.content.decode()
    assert 0 == Person.objects.count()


@pytest.mark.parametrize("username", ["mona", "nick", "aude", "adam"])
def test_only_roles_that_register_persons_and_write_identities_may_use_it(username: str, users: Any) -> None:
    client = client_of(users[username])
    url = reverse("registry:person_register")
    assert 403 == client.get(url).status_code
    assert 403 == client.post(url, posted()).status_code
    assert 0 == Person.objects.count()
