"""Seeing a person's identity leaves an audit event naming who saw whose identity, and what."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safepassage.audit.models import AuditEvent
from safepassage.audit.verify import verify_chain
from safepassage.registry import services

pytestmark = pytest.mark.django_db


def reads(person: Any) -> list[tuple[str, str, list[str]]]:
    # Identity reads only: protection reads have their own tests (test_protection_reads.py).
    events = AuditEvent.objects.filter(person_id=str(person.pk), action__in=["identity.read", "scan.read"])
    return [(e.actor_label, e.action, list(e.fields)) for e in events.order_by("seq")]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_person_page_records_that_a_legal_officer_saw_his_identity(users: Any, person: Any) -> None:
    response = client_for(users["lev"]).get(reverse("registry:person_detail", args=[person.pk]))
    assert 200 == response.status_code
    assert [
        ("lev", "identity.read", ["documents", "names", "nationality_claims", "scans", "service_records"])
    ] == (reads(person))
    assert verify_chain().ok


def test_a_monitor_without_identity_access_leaves_no_identity_read(users: Any, person: Any) -> None:
    response = client_for(users["mona"]).get(reverse("registry:person_detail", args=[person.pk]))
    assert 200 == response.status_code
    assert "김철남" not in response.content.decode()
    assert [] == reads(person)


def test_the_list_with_names_records_one_read_per_person_shown(
    users: Any, person: Any, other_person: Any
) -> None:
    client_for(users["lev"]).get(reverse("registry:person_list"))
    assert [("lev", "identity.read", ["names"])] == reads(person) == reads(other_person)


def test_a_scan_download_is_recorded_against_the_scan(users: Any, person: Any) -> None:
    scan = services.document_scan_add(
        actor=users["carla"], document=person.documents.get(), filename="s.pdf", data=b"%PDF-1.4 x"
    )
    url = reverse("registry:scan_download", args=[person.pk, scan.pk])
    assert 200 == client_for(users["carla"]).get(url).status_code
    event = AuditEvent.objects.filter(action="scan.read").get()
    assert ("carla", "registry.documentscan", str(scan.pk)) == (
        event.actor_label,
        event.object_type,
        event.object_id,
    )


def test_api_reads_of_names_and_documents_are_recorded_but_custody_is_not(
    users: Any, api: Any, person: Any
) -> None:
    client = api("lev")
    assert 200 == client.get(f"/api/v1/persons/{person.pk}/names/").status_code
    doc = person.documents.get()
    assert 200 == client.get(f"/api/v1/persons/{person.pk}/documents/{doc.pk}/").status_code
    assert 200 == client.get(f"/api/v1/persons/{person.pk}/custody-events/").status_code
    assert [
        ("lev", "identity.read", ["registry.nameform"]),
        ("lev", "identity.read", ["registry.identitydocument"]),
    ] == reads(person)


def test_an_edit_form_showing_a_name_is_a_read_too(users: Any, person: Any) -> None:
    name = person.name_forms.first()
    url = reverse("registry:name_edit", args=[person.pk, name.pk])
    assert 200 == client_for(users["lev"]).get(url).status_code
    assert [("lev", "identity.read", ["registry.nameform"])] == reads(person)
