"""The administrator's pages: accounts, roles, units, deactivation and the two-administrator reset."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from safepassage.accounts import services
from safepassage.accounts.models import Membership, MfaReset, Unit
from safepassage.audit.models import AuditEvent
from safepassage.core.policy import role_of
from safepassage.core.roles import Role

from ..conftest import PASSWORD, complete_mfa

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["admin_accounts", "admin_account_create", "admin_units", "admin_unit_create"]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ada(users: dict[str, Any]) -> Any:
    """A second administrator, for the reset's approval."""
    return services.user_create(
        actor=None, username="ada", role=Role.ADMINISTRATOR, password=PASSWORD, check_password=False
    )


def _fresh(user: Any) -> Any:
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.parametrize("username", ["carla", "lev", "mona", "nick", "aude"])
def test_every_other_role_is_refused_the_administrator_s_pages(username: str, users: dict[str, Any]) -> None:
    client = _client(users[username])
    lev = users["lev"]
    gets = [client.get(reverse(name)) for name in ADMIN_PAGES]
    gets.append(client.get(reverse("admin_account", args=[lev.pk])))
    posts = [
        client.post(reverse("admin_account_create"), {"username": "eve", "role": "administrator"}),
        client.post(reverse("admin_account_deactivate", args=[lev.pk])),
        client.post(reverse("admin_account_role", args=[lev.pk]), {"role": "administrator"}),
        client.post(reverse("admin_mfa_reset", args=[lev.pk])),
        client.post(reverse("admin_unit_create"), {"name": "Unit Z"}),
    ]
    assert [403] * 10 == [r.status_code for r in gets + posts]
    assert not get_user_model().objects.filter(username="eve").exists()
    assert _fresh(lev).is_active and not Unit.objects.filter(name="Unit Z").exists()


def test_the_start_page_links_the_administrator_s_tasks(users: dict[str, Any]) -> None:
    page = _client(users["adam"]).get(reverse("role_home")).content.decode()
    for name in ("admin_accounts", "admin_units", "audit:verify", "mfa_index"):
        assert reverse(name) in page
    assert 'href="/audit/"' not in page


def test_the_account_list_filters_by_role_unit_and_status(users: dict[str, Any], units: Any) -> None:
    services.user_deactivate(actor=users["adam"], user=users["nick"])
    client = _client(users["adam"])

    def names(**query: Any) -> list[str]:
        page = client.get(reverse("admin_accounts"), query).content.decode()
        return re.findall(r'href="/accounts/admin/\d+/">([^<]+)</a></td>', page)

    assert ["adam", "aude", "carla", "lev", "mona", "nick"] == names()
    assert ["carla"] == names(role="caseworker")
    assert ["carla"] == names(unit=units["a"].pk)
    assert ["nick"] == names(active="no")
    assert ["adam", "aude", "carla", "lev", "mona"] == names(active="yes")
    assert [] == names(role="negotiator", active="yes")


def test_an_administrator_creates_an_account_and_sees_its_initial_password_once(
    users: dict[str, Any], units: Any
) -> None:
    client = _client(users["adam"])
    response = client.post(
        reverse("admin_account_create"), {"username": "cora", "role": "caseworker", "unit": units["b"].pk}
    )
    assert 200 == response.status_code
    password = re.search(r'<code id="initial-password">([^<]+)</code>', response.content.decode()).group(1)
    cora = get_user_model().objects.get(username="cora")
    assert cora.check_password(password) and len(password) == 23
    assert (Role.CASEWORKER, units["b"]) == (role_of(cora), Membership.objects.get(user=cora).unit)
    event = AuditEvent.objects.get(action="user.create", actor_label="adam")
    assert ("adam", str(cora.pk), ["password", "role", "username"]) == (
        event.actor_label,
        event.object_id,
        event.fields,
    )
    assert password not in str(event.fields)
    detail = client.get(reverse("admin_account", args=[cora.pk])).content.decode()
    assert password not in detail


def test_a_caseworker_without_a_unit_or_a_taken_name_is_refused_with_the_reason(
    users: dict[str, Any],
) -> None:
    client = _client(users["adam"])
    no_unit = client.post(reverse("admin_account_create"), {"username": "cora", "role": "caseworker"})
    taken = client.post(reverse("admin_account_create"), {"username": "lev", "role": "auditor"})
    assert (400, 400) == (no_unit.status_code, taken.status_code)
    assert "choose one" in no_unit.content.decode()
    assert "already exists" in taken.content.decode()
    assert not get_user_model().objects.filter(username="cora").exists()
    assert not AuditEvent.objects.filter(action="user.create", actor_label="adam").exists()


def test_role_and_unit_change_through_the_pages_and_are_audited(users: dict[str, Any], units: Any) -> None:
    client = _client(users["adam"])
    carla = users["carla"]
    role = client.post(reverse("admin_account_role", args=[carla.pk]), {"role": "legal_officer"})
    unit = client.post(reverse("admin_account_unit", args=[carla.pk]), {"unit": units["b"].pk})
    assert (302, 302) == (role.status_code, unit.status_code)
    assert Role.LEGAL_OFFICER is role_of(_fresh(carla))
    assert units["b"] == Membership.objects.get(user=carla).unit
    assert ["user.role", "user.unit"] == list(
        AuditEvent.objects.filter(object_id=str(carla.pk), action__in=["user.role", "user.unit"])
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_a_deactivated_account_cannot_sign_in_and_its_session_ends(users: dict[str, Any]) -> None:
    lev_session = _client(users["lev"])
    assert 200 == lev_session.get(reverse("protection:worklist")).status_code
    admin = _client(users["adam"])
    response = admin.post(reverse("admin_account_deactivate", args=[users["lev"].pk]), follow=True)
    assert "can no longer sign in" in response.content.decode()
    assert not _fresh(users["lev"]).is_active
    assert 302 == lev_session.get(reverse("protection:worklist")).status_code
    stranger = Client()
    sign_in = stranger.post(reverse("login"), {"login": "lev", "password": PASSWORD}, follow=True)
    assert "This account is inactive." in sign_in.content.decode()
    assert "_auth_user_id" not in stranger.session
    assert 1 == AuditEvent.objects.filter(action="user.deactivate", object_id=str(users["lev"].pk)).count()
    admin.post(reverse("admin_account_reactivate", args=[users["lev"].pk]))
    assert _fresh(users["lev"]).is_active
    assert AuditEvent.objects.filter(action="user.reactivate").exists()


def test_an_administrator_cannot_deactivate_himself_nor_the_last_administrator(users: dict[str, Any]) -> None:
    adam = users["adam"]
    response = _client(adam).post(reverse("admin_account_deactivate", args=[adam.pk]), follow=True)
    assert "ask another administrator" in response.content.decode()
    assert _fresh(adam).is_active
    other = services.user_create(
        actor=None, username="ada", role=Role.ADMINISTRATOR, password=PASSWORD, check_password=False
    )
    services.user_deactivate(actor=other, user=adam)
    with pytest.raises(Exception, match="last active administrator"):
        services.user_role_set(actor=None, user=other, role="auditor")
    assert not AuditEvent.objects.filter(action="user.role").exists()


def test_a_second_factor_reset_needs_a_second_administrator(users: dict[str, Any], ada: Any) -> None:
    lev = users["lev"]
    complete_mfa(Client(), lev)
    assert Authenticator.objects.filter(user=lev).exists()
    adam = _client(users["adam"])
    adam.post(reverse("admin_mfa_reset", args=[lev.pk]))
    reset = MfaReset.objects.get(user=lev)
    own = adam.post(reverse("admin_mfa_reset_approve", args=[reset.pk]), follow=True)
    assert "a second administrator must approve it" in own.content.decode()
    assert Authenticator.objects.filter(user=lev).exists()
    page = adam.get(reverse("admin_account", args=[lev.pk])).content.decode()
    assert reverse("admin_mfa_reset_approve", args=[reset.pk]) not in page
    second = _client(ada)
    assert (
        reverse("admin_mfa_reset_approve", args=[reset.pk])
        in second.get(reverse("admin_account", args=[lev.pk])).content.decode()
    )
    done = second.post(reverse("admin_mfa_reset_approve", args=[reset.pk]), follow=True)
    assert "recovery codes are removed" in done.content.decode()
    assert not Authenticator.objects.filter(user=lev).exists()
    events = AuditEvent.objects.filter(action__startswith="user.mfa_reset").order_by("seq")
    assert [("user.mfa_reset.request", "adam"), ("user.mfa_reset", "ada")] == [
        (e.action, e.actor_label) for e in events
    ]
    assert ["mfa", "recovery_codes", "totp"] == events.last().fields
    again = second.post(reverse("admin_mfa_reset_approve", args=[reset.pk]), follow=True)
    assert "already approved" in again.content.decode()


def test_a_reset_account_sets_up_a_new_authenticator_at_its_next_sign_in(
    users: dict[str, Any], ada: Any
) -> None:
    lev = users["lev"]
    complete_mfa(Client(), lev)
    reset = services.mfa_reset_request(actor=users["adam"], user=lev)
    services.mfa_reset_approve(actor=ada, reset=reset)
    client = Client()
    response = client.post(reverse("login"), {"login": "lev", "password": PASSWORD})
    assert reverse("home") == response["Location"] or response.status_code == 302
    assert reverse("mfa_activate_totp") == client.get(reverse("protection:worklist"))["Location"]


def test_units_are_created_and_renamed_under_one_name_each(users: dict[str, Any], units: Any) -> None:
    client = _client(users["adam"])
    assert 302 == client.post(reverse("admin_unit_create"), {"name": "  Unit   C "}).status_code
    unit_c = Unit.objects.get(name="Unit C")
    duplicate = client.post(reverse("admin_unit_create"), {"name": "unit a"})
    assert "already exists" in duplicate.content.decode()
    assert (
        302
        == client.post(reverse("admin_unit_rename", args=[unit_c.pk]), {"name": "Unit Charlie"}).status_code
    )
    assert ["Unit A", "Unit B", "Unit Charlie"] == list(Unit.objects.values_list("name", flat=True))
    page = client.get(reverse("admin_units")).content.decode()
    assert "Unit Charlie" in page
    assert ["unit.create", "unit.rename"] == list(
        AuditEvent.objects.filter(action__startswith="unit.").order_by("seq").values_list("action", flat=True)
    )


def _navigation(page: str) -> list[tuple[str, bool]]:
    """The main navigation's links, each with whether it is marked as the current page."""
    nav = page.split('class="govuk-service-navigation__list"', 1)[1].split("</ul>", 1)[0]
    return [
        (re.sub(r"<[^>]+>", "", text).strip(), "aria-current" in attrs)
        for attrs, text in re.findall(r'<a class="govuk-service-navigation__link"([^>]*)>(.*?)</a>', nav)
    ]


def test_the_administrators_navigation_leads_to_his_pages_and_marks_the_one_he_is_on(
    users: dict[str, Any],
) -> None:
    client = _client(users["adam"])
    accounts = _navigation(client.get(reverse("admin_accounts")).content.decode())
    assert [("Accounts", True), ("Units", False), ("Audit verification", False), ("API", False)] == accounts
    units = _navigation(client.get(reverse("admin_units")).content.decode())
    assert [("Accounts", False), ("Units", True), ("Audit verification", False), ("API", False)] == units
    # The auditor reaches verification from the trail; his navigation is not the administrator's.
    auditor = _navigation(_client(users["aude"]).get(reverse("audit:event_list")).content.decode())
    assert [("Dashboard", False), ("Audit trail", True), ("API", False)] == auditor
