"""A guard override in the browser: a monitor asks for one refused man, a legal officer approves, and
the round is finalised with him on the manifest."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from safepassage.exchanges.models import GuardOverride
from safepassage.protection import services as protection

from ..exchanges import conftest as exchanges
from ..exchanges.conftest import verified_wish
from .test_guide_screenshots import follow
from .test_protection_flow import sign_in
from .test_registry_flow import sign_in as sign_in_with_mfa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The exchange tests' fixtures: Pak Yong Su, a willing returnee, and rounds listing men by name.
returnee, round_with = exchanges.returnee, exchanges.round_with


def test_a_monitor_asks_a_legal_officer_approves_and_the_man_goes_on_the_manifest(
    live_server: Any, page: Any, users: dict[str, Any], returnee: Any, round_with: Any
) -> None:
    base = live_server.url
    # Pak Yong Su has asked for asylum (the guard keeps him off), then told the monitor, yesterday and
    # in private, that he wants to go home.
    protection.application_open(
        actor=users["lev"], person=returnee, procedure="ua_refugee", kind="asylum", filed_on=date(2026, 1, 5)
    )
    fresh = verified_wish(users, returnee, "return", date.today() - timedelta(days=1))
    round_ = round_with(["Пак Ён Су"], name="Round 9")
    round_url = f"{base}/exchanges/{round_.pk}/"

    sign_in(page, base, users["mona"])
    page.goto(round_url)
    assert "refused" in page.locator("#outgoing-row-2").inner_text()
    follow(page, page.locator("#override-request-2"))
    assert "" == page.locator("#id_interview").input_value()
    follow(page, page.get_by_role("button", name="Save"))
    assert page.locator(".govuk-error-summary").count() == 1 and 0 == GuardOverride.objects.count()
    page.locator("#id_interview").select_option(str(fresh.pk))
    page.locator("#id_reason").fill("He withdraws his application and asks to go home.")
    follow(page, page.get_by_role("button", name="Save"))
    assert "Awaiting a second legal officer" == page.locator("#override-status").inner_text()
    assert 0 == page.locator("#override-approve").count()

    sign_in(page, base, users["lev"])
    page.goto(round_url)
    assert "awaiting a second legal officer" in page.locator("#overrides").inner_text()
    follow(page, page.locator("#overrides a", has_text="Approve"))
    follow(page, page.locator("#override-approve"))
    assert "Approved" == page.locator("#override-status").inner_text()

    # The negotiator has no work list: he lands on his start page.
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    sign_in_with_mfa(page, users["nick"])
    page.get_by_role("link", name="Exchanges").first.wait_for()
    page.goto(round_url)
    follow(page, page.get_by_role("button", name="Finalise the outgoing manifest"))
    assert "Finalised" in page.locator("h1").inner_text()
    manifest = page.request.get(f"{round_url}manifest.csv").text()
    assert returnee.case_number in manifest
