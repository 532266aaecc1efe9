"""Guard overrides in the pages: a monitor or legal officer asks, a second legal officer approves."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from safepassage.audit.models import AuditEvent
from safepassage.exchanges import selectors, services
from safepassage.exchanges.models import GuardOverride
from safepassage.protection import services as protection

from .conftest import verified_wish

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def applicant(users: Any, returnee: Any) -> Any:
    """Pak Yong Su: a pending asylum application keeps him off; yesterday he consented to return."""
    protection.application_open(
        actor=users["lev"], person=returnee, procedure="ua_refugee", kind="asylum", filed_on=date(2026, 1, 5)
    )
    verified_wish(users, returnee, "return", date.today() - timedelta(days=1))
    return returnee


def round_url(round_: Any) -> str:
    return reverse("exchanges:round", kwargs={"pk": round_.pk})


def request_url(round_: Any, person: Any) -> str:
    return reverse("exchanges:override_request", kwargs={"pk": round_.pk, "person": person.pk})


def test_a_refused_man_with_a_fresh_consent_is_offered_an_override_and_one_without_is_not(
    users: Any, applicant: Any, refuser: Any, round_with: Any
) -> None:
    round_ = round_with(["Пак Ён Су", "Ри Мён Хак"])
    page = client_for(users["mona"]).get(round_url(round_)).content.decode()
    assert request_url(round_, applicant) in page and 'id="override-request-2"' in page
    assert request_url(round_, refuser) not in page and 'id="override-request-3"' not in page
    assert "no fresh verified consent to return" in page
    assert page.count('<strong class="govuk-tag govuk-tag--red">refused</strong>') == 2
    # The interviews read to know it are audited, one event per man.
    reads = AuditEvent.objects.filter(action="protection.read", object_id=str(round_.pk))
    assert {(str(applicant.pk), "exchanges:round"), (str(refuser.pk), "exchanges:round")} == {
        (e.person_id, e.purpose) for e in reads if e.fields == ["interviews"]
    }
    # Neither a caseworker nor the negotiator may ask.
    assert (
        request_url(round_, applicant)
        not in client_for(users["carla"]).get(round_url(round_)).content.decode()
    )
    assert (
        request_url(round_, applicant)
        not in client_for(users["nick"]).get(round_url(round_)).content.decode()
    )
    assert 403 == client_for(users["nick"]).get(request_url(round_, applicant)).status_code


def test_the_request_form_offers_only_his_fresh_consents_and_needs_a_choice_and_a_reason(
    users: Any, applicant: Any, refuser: Any, round_with: Any
) -> None:
    round_ = round_with(["Пак Ён Су", "Ри Мён Хак"])
    mona = client_for(users["mona"])
    form = mona.get(request_url(round_, applicant)).content.decode()
    fresh = applicant.interviews.order_by("-held_on").first()
    stale = applicant.interviews.order_by("held_on").first()
    assert f'value="{fresh.pk}"' in form and f'value="{stale.pk}"' not in form
    assert '<option value="" selected>' in form
    empty = mona.post(request_url(round_, applicant), {"interview": "", "reason": ""}).content.decode()
    assert empty.count("This field is required.") >= 2 and 0 == GuardOverride.objects.count()
    other = refuser.interviews.get()
    wrong = mona.post(request_url(round_, applicant), {"interview": other.pk, "reason": "r"}).content.decode()
    assert "Select a valid choice" in wrong and 0 == GuardOverride.objects.count()


def test_the_services_refusal_lands_on_the_interview_field(
    users: Any, applicant: Any, round_with: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = round_with(["Пак Ён Су"])
    # Offered a stale interview anyway (as if the page had been open for two weeks): the service says no.
    monkeypatch.setattr(selectors, "consent_interviews", lambda user, person: list(person.interviews.all()))
    stale = applicant.interviews.order_by("held_on").first()
    page = client_for(users["mona"]).post(
        request_url(round_, applicant), {"interview": stale.pk, "reason": "He asked to go home."}
    )
    text = page.content.decode()
    assert 200 == page.status_code and "held in the last 14 days" in text
    assert 'id="interview-error"' in text or "govuk-error-message" in text
    assert 0 == GuardOverride.objects.count()


def test_a_man_not_on_the_round_has_no_request_page(
    users: Any, applicant: Any, refuser: Any, round_with: Any
) -> None:
    round_ = round_with(["Ри Мён Хак"])
    assert 404 == client_for(users["mona"]).get(request_url(round_, applicant)).status_code


def test_the_requester_sees_no_approve_button_and_is_refused_if_he_posts_anyway(
    users: Any, applicant: Any, round_with: Any, lena: Any
) -> None:
    round_ = round_with(["Пак Ён Су"])
    lev = client_for(users["lev"])
    fresh = applicant.interviews.order_by("-held_on").first()
    done = lev.post(
        request_url(round_, applicant),
        {"interview": fresh.pk, "reason": "Withdraws his application."},
        follow=True,
    )
    override = GuardOverride.objects.get()
    assert (users["lev"], None) == (override.requested_by, override.approved_by)
    detail = done.content.decode()
    assert 'id="override-approve"' not in detail and "a second legal officer must approve it" in detail
    listed = lev.get(round_url(round_)).content.decode()
    assert "Withdraws his application." in listed and "awaiting a second legal officer" in listed
    approve = reverse("exchanges:override_approve", kwargs={"pk": round_.pk, "override": override.pk})
    forced = lev.post(approve, follow=True).content.decode()
    assert "its requester cannot approve it" in forced
    override.refresh_from_db()
    assert override.approved_by is None
    # A monitor may ask, never approve.
    assert 403 == client_for(users["mona"]).post(approve).status_code
    second = client_for(lena)
    assert (
        'id="override-approve"'
        in second.get(reverse("exchanges:override", args=[round_.pk, override.pk])).content.decode()
    )
    second.post(approve)
    override.refresh_from_db()
    assert lena == override.approved_by
    assert "finalised" == services.round_finalize(actor=users["nick"], round_=round_).status


def test_the_overrides_are_not_shown_to_the_negotiator(users: Any, applicant: Any, round_with: Any) -> None:
    round_ = round_with(["Пак Ён Су"])
    fresh = applicant.interviews.order_by("-held_on").first()
    override = services.override_request(
        actor=users["mona"], round_=round_, person=applicant, interview=fresh, reason="Asked to go home."
    )
    assert "Asked to go home." not in client_for(users["nick"]).get(round_url(round_)).content.decode()
    detail = reverse("exchanges:override", kwargs={"pk": round_.pk, "override": override.pk})
    assert 403 == client_for(users["nick"]).get(detail).status_code


def test_operators_request_approve_and_list_overrides_from_the_command_line(
    users: Any, applicant: Any, round_with: Any, lena: Any
) -> None:
    round_with(["Пак Ён Су"])
    fresh = applicant.interviews.order_by("-held_on").first()
    ask = ["exchange", "override", "request", "Round T", "SP-T-0010", "--interview", str(fresh.pk)]
    with pytest.raises(CommandError, match="give --as USER"):
        call_command(*ask, "--reason", "r")
    with pytest.raises(CommandError, match="give --as USER"):
        call_command("exchange", "--as", "nick", *ask[1:], "--reason", "r")
    out = StringIO()
    call_command("exchange", "--as", "mona", *ask[1:], "--reason", "He asked to go home.", stdout=out)
    override = GuardOverride.objects.get()
    assert f"Override {override.pk} requested for SP-T-0010 in Round T" in out.getvalue()
    with pytest.raises(CommandError, match="give --as USER"):
        call_command("exchange", "--as", "mona", "override", "approve", str(override.pk))
    listed = StringIO()
    call_command("exchange", "override", "list", "Round T", stdout=listed)
    assert f"{override.pk}: SP-T-0010, requested by mona" in listed.getvalue()
    assert "AWAITING APPROVAL" in listed.getvalue()
    call_command("exchange", "--as", "lena", "override", "approve", str(override.pk), stdout=StringIO())
    override.refresh_from_db()
    assert lena == override.approved_by
    with pytest.raises(CommandError, match="already approved"):
        call_command("exchange", "--as", "lev", "override", "approve", str(override.pk))
