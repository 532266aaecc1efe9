"""An administrator creates, resets (a second administrator approving) and deactivates an account in the
browser; an auditor filters the trail to one person's events and signs a checkpoint."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model

from safepassage.accounts.services import user_create
from safepassage.audit.models import AuditCheckpoint, AuditEvent
from safepassage.core.roles import Role

from .test_registry_flow import PASSWORD, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context_page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _password_sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_an_administrator_creates_resets_and_deactivates_an_account_in_the_browser(
    live_server: Any, page: Any, browser: Any, users: dict[str, Any]
) -> None:
    base = live_server.url
    ada = user_create(
        actor=None, username="ada", role=Role.ADMINISTRATOR, password=PASSWORD, check_password=False
    )

    # Adam creates Cora, a caseworker of Unit A, and reads her initial password once.
    page.goto(base + "/")
    sign_in(page, users["adam"])
    page.get_by_role("heading", name="Your tasks").wait_for()
    page.get_by_role("link", name="Accounts").first.click()
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("User name").fill("cora")
    page.get_by_label("Role").select_option("caseworker")
    page.get_by_label("Unit").select_option(label="Unit A")
    page.get_by_role("button", name="Create the account").click()
    page.get_by_role("heading", name="Account created").wait_for()
    password = page.locator("#initial-password").inner_text().strip()
    shot(page, "admin-account-created")
    cora = get_user_model().objects.get(username="cora")

    # Cora signs in with it and is asked to set up her authenticator app first; she does.
    cora_page = _context_page(browser)
    _password_sign_in(cora_page, base, "cora", password)
    # (allauth first asks for the password again before a factor is added: the URL names where it goes)
    cora_page.wait_for_url(re.compile(r"mfa(/|%2F)totp(/|%2F)activate"))
    cora_page.get_by_text("Successfully signed in as cora.").wait_for()
    cora_page.context.close()
    TOTP.activate(cora, generate_totp_secret())
    assert Authenticator.objects.filter(user=cora).exists()

    # She loses her phone: Adam requests the reset; he cannot approve it himself.
    page.get_by_role("link", name="Go to the account").click()
    page.get_by_role("button", name="Request a second-factor reset").click()
    page.get_by_text("a second administrator must approve it").first.wait_for()
    assert 0 == page.get_by_role("button", name="Approve the reset").count()

    # Ada, the second administrator, finds it waiting and approves it.
    ada_page = _context_page(browser)
    ada_page.goto(base + "/")
    sign_in(ada_page, ada)
    ada_page.get_by_role("link", name="Accounts").first.click()
    ada_page.get_by_role("heading", name="Second-factor resets waiting for approval").wait_for()
    ada_page.get_by_role("link", name="cora").first.click()
    ada_page.get_by_role("button", name="Approve the reset").click()
    ada_page.get_by_text("recovery codes are removed").wait_for()
    shot(ada_page, "admin-reset-approved")
    ada_page.context.close()
    assert not Authenticator.objects.filter(user=cora).exists()

    # Cora leaves: Adam deactivates the account, and her password no longer lets her in.
    page.reload()
    page.get_by_role("button", name="Deactivate the account").click()
    page.get_by_text("can no longer sign in").first.wait_for()
    cora_page = _context_page(browser)
    _password_sign_in(cora_page, base, "cora", password)
    cora_page.get_by_text("This account is inactive.").wait_for()
    cora_page.context.close()
    actions = list(
        AuditEvent.objects.filter(object_id=str(cora.pk)).order_by("seq").values_list("action", "actor_label")
    )
    assert [
        ("user.create", "adam"),
        ("user.mfa_reset.request", "adam"),
        ("user.mfa_reset", "ada"),
        ("user.deactivate", "adam"),
    ] == [a for a in actions if a[0].startswith("user.") and a[0] != "user.language"]


def test_an_auditor_filters_the_trail_to_one_person_and_signs_a_checkpoint(
    live_server: Any, page: Any, users: dict[str, Any], person: Any, other_person: Any
) -> None:
    page.goto(live_server.url + "/")
    sign_in(page, users["aude"])
    page.get_by_role("link", name="Audit trail").first.click()
    page.get_by_label("Person (case number)").fill("SP-TEST-0001")
    page.get_by_role("button", name="Filter").click()
    expected = AuditEvent.objects.filter(person_id=str(person.pk)).count()
    page.get_by_text(f"{expected} events match these filters").wait_for()
    shown = page.locator("#events tbody tr").count()
    assert min(expected, 50) == shown
    assert str(other_person.pk)[:12] not in page.locator("#events").inner_text()
    shot(page, "auditor-trail-filtered")

    page.get_by_role("link", name="Verify the chain and its signed checkpoints").click()
    page.get_by_role("button", name="Sign a checkpoint now").click()
    page.get_by_role("heading", name="Signed checkpoint").wait_for()
    checkpoint = AuditCheckpoint.objects.order_by("-size").first()
    assert checkpoint.root in page.locator("#checkpoint").inner_text()
    assert AuditEvent.objects.filter(action="audit.checkpoint", actor_label="aude").exists()
