"""Every registry service validates, saves, and appends one audit event naming changed fields."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safepassage.audit.models import AuditEvent
from safepassage.registry import services
from safepassage.registry.models import Capture, DocumentScan, NameForm, NameToken, Person

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-seq").first()


def test_person_create_issues_a_case_number_per_year_and_audits_it(users: dict[str, Any]) -> None:
    first = services.person_create(actor=users["carla"], sex="male")
    second = services.person_create(actor=users["carla"], sex="unknown")
    year = timezone.localdate().year
    assert (f"SP-{year}-000001", f"SP-{year}-000002") == (first.case_number, second.case_number)
    event = last_event()
    assert ("person.create", "carla", str(second.pk)) == (event.action, event.actor_label, event.object_id)
    assert "sex" in event.fields


def test_a_full_birth_date_sets_the_year(users: dict[str, Any]) -> None:
    person = services.person_create(
        actor=users["carla"], sex="male", birth_precision="full", birth_date=date(2001, 5, 17)
    )
    assert 2001 == person.birth_year


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"birth_precision": "full"}, "birth_date"),
        ({"birth_precision": "year"}, "birth_year"),
        ({"birth_precision": "year", "birth_year": 1850}, "birth_year"),
        ({"birth_precision": "unknown", "birth_year": 2000}, "birth_precision"),
        ({"birth_precision": "full", "birth_date": date.today() + timedelta(days=3)}, "birth_date"),
        ({"sex": "robot"}, "sex"),
    ],
)
def test_person_create_rejects_inconsistent_birth_facts_naming_the_field(
    users: dict[str, Any], values: dict[str, Any], field: str
) -> None:
    values = {"sex": "male", **values}
    with pytest.raises(ValidationError) as caught:
        services.person_create(actor=users["carla"], **values)
    assert field in caught.value.message_dict
    assert 0 == Person.objects.count()
    assert not AuditEvent.objects.filter(action="person.create").exists()


def test_person_update_records_only_the_names_of_changed_fields(person: Any, users: dict[str, Any]) -> None:
    services.person_update(actor=users["lev"], person=person, sex="male", notes="Asked for a lawyer.")
    event = last_event()
    assert ("person.update", ["notes"]) == (event.action, event.fields)
    assert "lawyer" not in str(event.fields)


def test_a_stale_edit_is_refused(person: Any, users: dict[str, Any]) -> None:
    version = Person.objects.get(pk=person.pk).version
    services.person_update(actor=users["lev"], person=person, notes="first", expected_version=version)
    with pytest.raises(ValidationError, match="changed by someone else"):
        services.person_update(
            actor=users["carla"],
            person=Person.objects.get(pk=person.pk),
            notes="second",
            expected_version=version,
        )
    assert "first" == Person.objects.get(pk=person.pk).notes


def test_name_forms_keep_their_order_and_script(person: Any, users: dict[str, Any]) -> None:
    services.name_form_add(
        actor=users["carla"],
        person=person,
        text="Kim Chol Nam",
        kind="alias",
        recorder_language="en",
        source="Monitor's notes",
    )
    forms = list(NameForm.objects.filter(person=person))
    assert ["김철남", "Ким Чхоль Нам", "Kim Chol Nam"] == [f.text for f in forms]
    assert ["hangul", "cyrillic", "latin"] == [f.script for f in forms]
    assert [0, 1, 2] == [f.position for f in forms]
    assert forms[2].recorded_by == users["carla"]


def test_an_empty_name_is_refused(person: Any, users: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        services.name_form_add(
            actor=users["carla"], person=person, text="   ", kind="alias", recorder_language="en"
        )
    assert "text" in caught.value.message_dict


def test_a_mixed_script_name_is_recorded_as_other(person: Any, users: dict[str, Any]) -> None:
    form = services.name_form_add(
        actor=users["carla"], person=person, text="Ким Jong", kind="alias", recorder_language="en"
    )
    assert "other" == form.script


def test_renaming_a_form_replaces_its_search_tokens(person: Any, users: dict[str, Any]) -> None:
    form = NameForm.objects.filter(person=person, script="cyrillic").get()
    before = set(NameToken.objects.filter(person=person).values_list("value", flat=True))
    services.name_form_update(actor=users["carla"], name_form=form, text="Kim Chol Nam")
    after = set(NameToken.objects.filter(person=person).values_list("value", flat=True))
    assert before != after
    form.refresh_from_db()
    assert ("Kim Chol Nam", "latin") == (form.text, form.script)
    assert ["text"] == last_event().fields


def test_nationality_claim_rejects_a_code_that_is_not_a_country(person: Any, users: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        services.nationality_claim_add(actor=users["carla"], person=person, state="XX", basis="document")
    assert "state" in caught.value.message_dict


def test_identity_document_update_audits_the_assessment_change(person: Any, users: dict[str, Any]) -> None:
    doc = person.documents.get()
    services.identity_document_update(actor=users["lev"], document=doc, assessment="issued_to_another")
    assert ["assessment"] == last_event().fields


def test_capture_set_creates_then_corrects_the_one_capture(person: Any, users: dict[str, Any]) -> None:
    services.capture_set(
        actor=users["carla"], person=person, captured_on=date(2025, 2, 2), detaining_power="UA"
    )
    assert 1 == Capture.objects.filter(person=person).count()
    assert date(2025, 2, 2) == Capture.objects.get(person=person).captured_on
    assert "capture.update" == last_event().action


def test_a_capture_in_the_future_is_refused(person: Any, users: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        services.capture_set(
            actor=users["carla"],
            person=person,
            captured_on=date.today() + timedelta(days=1),
            detaining_power="UA",
        )
    assert "captured_on" in caught.value.message_dict


def test_custody_event_needs_a_facility(person: Any, users: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        services.custody_event_add(
            actor=users["carla"], person=person, kind="transfer", occurred_on=date(2025, 3, 1), facility=""
        )
    assert "facility" in caught.value.message_dict


def test_service_record_is_added_with_provenance(person: Any, users: dict[str, Any]) -> None:
    record = services.service_record_add(
        actor=users["lev"], person=person, forces_of="KP", rank="Sergeant", source="Interview"
    )
    assert (users["lev"], "Interview") == (record.recorded_by, record.source)


def test_a_scan_is_stored_encrypted_with_its_sniffed_type(person: Any, users: dict[str, Any]) -> None:
    doc = person.documents.get()
    scan = services.document_scan_add(actor=users["carla"], document=doc, filename="id.png", data=PNG)
    stored = DocumentScan.objects.get(pk=scan.pk)
    assert ("image/png", len(PNG), PNG) == (stored.content_type, stored.size, stored.data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"MZ\x90\x00 this is a program", "not an accepted scan"),
        (b"", "is empty"),
        (b"%PDF-" + b"0" * 2048, "the limit is 1024 bytes"),
    ],
)
def test_a_bad_scan_is_refused_naming_the_file(
    person: Any, users: dict[str, Any], settings: Any, data: bytes, message: str
) -> None:
    settings.SCAN_MAX_BYTES = 1024
    doc = person.documents.get()
    with pytest.raises(ValidationError, match=message) as caught:
        services.document_scan_add(actor=users["carla"], document=doc, filename="evil.exe", data=data)
    assert "evil.exe" in str(caught.value)
    assert not DocumentScan.objects.exists()


def test_a_failed_service_leaves_no_audit_event(person: Any, users: dict[str, Any]) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.custody_event_add(
            actor=users["carla"], person=person, kind="bogus", occurred_on=date(2025, 3, 1), facility="X"
        )
    assert before == AuditEvent.objects.count()
