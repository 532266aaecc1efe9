"""A neutral monitor sees an identity only after re-entering the password, for minutes, and it is audited."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safepassage.accounts.mfa import STEP_UP_AT
from safepassage.audit.models import AuditEvent

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def mona(users: Any) -> Client:
    client = Client()
    client.force_login(users["mona"])
    return client


def test_a_monitor_sees_no_name_until_stepping_up_then_sees_it_recorded(mona: Client, person: Any) -> None:
    page = reverse("registry:person_detail", args=[person.pk])
    before = mona.get(page).content.decode()
    assert "김철남" not in before and reverse("step_up") in before
    assert "recorded in the audit trail" in mona.get(f"{reverse('step_up')}?next={page}").content.decode()
    refused = mona.post(reverse("step_up"), {"next": page})
    assert refused["Location"].startswith(reverse("account_reauthenticate"))
    assert "김철남" not in mona.get(page).content.decode()
    assert 302 == mona.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code
    done = mona.post(reverse("step_up"), {"next": page})
    assert (302, page) == (done.status_code, done["Location"])
    assert "김철남" in mona.get(page).content.decode()
    events = AuditEvent.objects.filter(actor_label="mona").exclude(action="protection.read")
    assert ["identity.step_up", "identity.read"] == list(events.values_list("action", flat=True))


def test_the_step_up_lapses_after_its_minutes(mona: Client, person: Any) -> None:
    session = mona.session
    session[STEP_UP_AT] = time.time() - 11 * 60
    session.save()
    page = mona.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    assert "김철남" not in page
    api = mona.get(f"/api/v1/persons/{person.pk}/names/")
    assert 403 == api.status_code


def test_within_the_step_up_the_api_reveals_names_to_the_session_too(mona: Client, person: Any) -> None:
    session = mona.session
    session[STEP_UP_AT] = time.time()
    session.save()
    response = mona.get(f"/api/v1/persons/{person.pk}/names/")
    assert 200 == response.status_code and "김철남" in response.content.decode()


def test_a_step_up_never_redirects_off_site(mona: Client) -> None:
    mona.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = mona.post(reverse("step_up"), {"next": "https://evil.example/"})
    assert "/" == response["Location"]


@pytest.mark.parametrize("username", ["carla", "nick", "aude", "adam"])
def test_other_roles_have_no_step_up(users: Any, username: str) -> None:
    client = Client()
    client.force_login(users[username])
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert 403 == client.get(reverse("step_up")).status_code
