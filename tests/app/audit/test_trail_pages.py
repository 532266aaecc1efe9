"""The auditor's trail: filters that survive paging, the filtered export, a checkpoint signed from the web."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safepassage.audit.checkpoints import verify_checkpoints
from safepassage.audit.models import AuditCheckpoint, AuditEvent
from safepassage.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _seqs(page: str) -> list[int]:
    first_cells = r'<tr class="govuk-table__row"><td class="govuk-table__cell"[^>]*>(\d+)</td>'
    return [int(n) for n in re.findall(first_cells, page)]


def _body(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.mark.parametrize("username", ["carla", "lev", "mona", "nick", "adam"])
def test_only_the_auditor_filters_and_exports_the_trail(username: str, users: dict[str, Any]) -> None:
    client = _client(users[username])
    responses = [
        client.get(reverse("audit:event_list"), {"actor": "lev"}),
        client.get(reverse("audit:export", args=["csv"]), {"actor": "carla"}),
        client.get(reverse("audit:export", args=["json"])),
    ]
    assert [403, 403, 403] == [r.status_code for r in responses]
    assert not AuditEvent.objects.filter(action="audit.export").exists()


@pytest.mark.parametrize("username", ["carla", "lev", "mona", "nick"])
def test_roles_without_the_verification_cannot_sign_a_checkpoint(
    username: str, users: dict[str, Any]
) -> None:
    assert 403 == _client(users[username]).post(reverse("audit:checkpoint")).status_code
    assert not AuditCheckpoint.objects.exists()


def test_the_trail_filters_by_person_and_keeps_the_filter_across_pages(
    users: dict[str, Any], person: Any, other_person: Any
) -> None:
    aude = _client(users["aude"])
    mine = AuditEvent.objects.filter(person_id=str(person.pk)).count()
    assert mine > 5 and AuditEvent.objects.exclude(person_id=str(person.pk)).exists()
    from safepassage.audit.views import EventListView

    EventListView.page_size = 3
    try:
        first = aude.get(reverse("audit:event_list"), {"person": "SP-TEST-0001"}).content.decode()
        expected = list(
            AuditEvent.objects.filter(person_id=str(person.pk)).order_by("-seq").values_list("seq", flat=True)
        )
        assert expected[:3] == _seqs(first)
        assert f"{mine} events match these filters" in first
        assert "?person=SP-TEST-0001&amp;page=2" in first
        second = aude.get(reverse("audit:event_list"), {"person": "SP-TEST-0001", "page": 2}).content.decode()
        assert expected[3:6] == _seqs(second)
    finally:
        EventListView.page_size = 50


def test_the_trail_filters_by_actor_action_family_and_days(users: dict[str, Any], person: Any) -> None:
    aude = _client(users["aude"])
    by_lev = _seqs(aude.get(reverse("audit:event_list"), {"actor": "carla"}).content.decode())
    assert by_lev and set(by_lev) == set(
        AuditEvent.objects.filter(actor_label="carla").values_list("seq", flat=True)
    )
    family = _seqs(aude.get(reverse("audit:event_list"), {"action": "person."}).content.decode())
    assert set(family) == set(
        AuditEvent.objects.filter(action__startswith="person.").values_list("seq", flat=True)[:50]
    )
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    assert [] == _seqs(aude.get(reverse("audit:event_list"), {"until": yesterday}).content.decode())
    assert _seqs(aude.get(reverse("audit:event_list"), {"since": today, "until": today}).content.decode())


def test_a_filter_that_cannot_apply_says_why_and_shows_no_events(users: dict[str, Any], person: Any) -> None:
    aude = _client(users["aude"])
    unknown = aude.get(reverse("audit:event_list"), {"person": "SP-NOBODY-9"}).content.decode()
    assert "No person has the case number SP-NOBODY-9" in unknown and [] == _seqs(unknown)
    swapped = aude.get(reverse("audit:event_list"), {"since": "2026-02-02", "until": "2026-02-01"})
    assert "The first day comes after the last" in swapped.content.decode()


def test_the_export_holds_the_filtered_events_with_their_hashes_and_is_audited(
    users: dict[str, Any], person: Any
) -> None:
    aude = _client(users["aude"])
    expected = list(
        AuditEvent.objects.filter(person_id=str(person.pk)).order_by("-seq").values_list("seq", "hash")
    )
    document = json.loads(_body(aude.get(reverse("audit:export", args=["json"]), {"person": "SP-TEST-0001"})))
    assert "safepassage-audit-events/1" == document["format"]
    assert {"person_id": str(person.pk)} == document["filters"]
    assert expected == [(e["seq"], e["hash"]) for e in document["events"]]
    event = AuditEvent.objects.get(action="audit.export")
    assert ("aude", ["json", "person_id"]) == (event.actor_label, event.fields)
    assert document["up_to_seq"] == event.seq - 1
    rows = list(
        csv.DictReader(
            io.StringIO(_body(aude.get(reverse("audit:export", args=["csv"]), {"actor": "carla"})))
        )
    )
    assert {"carla"} == {r["actor"] for r in rows}
    assert 2 == AuditEvent.objects.filter(action="audit.export").count()


def test_the_csv_export_neutralises_a_formula(users: dict[str, Any]) -> None:
    with transaction.atomic():
        audit_record(actor=None, action="=HYPERLINK(1)", object_ref=("x", "+1"))
    body = _body(_client(users["aude"]).get(reverse("audit:export", args=["csv"]), {"actor": "system"}))
    row = next(r for r in csv.DictReader(io.StringIO(body)) if r["object_type"] == "x")
    assert ("'=HYPERLINK(1)", "'+1") == (row["action"], row["object_id"])


@pytest.mark.parametrize("username", ["aude", "adam"])
def test_a_checkpoint_signed_from_the_web_covers_its_own_request_and_verifies(
    username: str, users: dict[str, Any]
) -> None:
    client = _client(users[username])
    assert "Sign a checkpoint now" in client.get(reverse("audit:verify")).content.decode()
    response = client.post(reverse("audit:checkpoint"))
    page = response.content.decode()
    checkpoint = AuditCheckpoint.objects.get()
    request = AuditEvent.objects.get(action="audit.checkpoint")
    assert (200, username, request.seq) == (response.status_code, request.actor_label, checkpoint.size)
    assert checkpoint.root in page and checkpoint.signature in page
    assert verify_checkpoints().ok
