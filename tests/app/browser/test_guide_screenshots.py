"""Each role signs in on the demo and walks the pages its user guide shows; the pictures are the guide's.

The PNGs go to a temporary directory, or to SAFEPASSAGE_SCREENSHOTS_DIR when it is set
(`make screenshots` sets it to docs/guide/img, whose files docs/guide/*.md show).
"""

from __future__ import annotations

import csv
import os
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from PIL import Image

from safepassage.registry.demo import PASSWORD_FILE, TOTP_FILE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS_ENV = "SAFEPASSAGE_SCREENSHOTS_DIR"
DEMO_CASE = "SP-DEMO-0001"


def follow(page: Any, target: Any) -> None:
    """Click a link or button that loads a new page, and wait until that page has loaded.

    Without the wait, an assertion could read the page the click left (both have a main, a count).
    """
    with page.expect_navigation():
        target.click()


class Demo:
    """The demo loaded into a private home: its password, each account's TOTP secret, the server."""

    def __init__(self, home: Path, base: str, shots: Path) -> None:
        self.base, self.shots = base, shots
        self.password = (home / PASSWORD_FILE).read_text(encoding="utf-8").strip()
        self.secrets = {}
        for line in (home / TOTP_FILE).read_text(encoding="utf-8").splitlines():
            username, uri = line.split()
            self.secrets[username] = parse_qs(urlparse(uri).query)["secret"][0]

    def code(self, username: str) -> str:
        """What the account's authenticator app shows now."""
        return format_hotp_value(hotp_value(self.secrets[username], int(time.time()) // 30))

    def sign_in(self, page: Any, username: str, *, shoot: bool = False) -> None:
        page.context.clear_cookies()
        page.goto(self.base + "/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(self.password)
        if shoot:
            self.shot(page, "sign-in")
        follow(page, page.get_by_role("button", name="Sign in"))
        field = page.locator("input[name=code]")
        field.fill(self.code(username))
        if shoot:
            self.shot(page, "sign-in-code")
        follow(page, page.get_by_role("button", name="Sign In"))
        page.get_by_role("button", name="Sign out").wait_for()

    def shot(self, target: Any, name: str, *, whole: bool = False) -> Path:
        """The viewport, one element, or (`whole`) the page up to 1600 px tall, as a small palette PNG."""
        path = self.shots / f"{name}.png"
        if whole:
            viewport = target.viewport_size
            height = min(1600, target.evaluate("document.documentElement.scrollHeight"))
            target.set_viewport_size({"width": viewport["width"], "height": height})
            target.screenshot(path=str(path))
            target.set_viewport_size(viewport)
        else:
            target.screenshot(path=str(path))
        with Image.open(path) as image:
            small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
        small.save(path, optimize=True)
        return path

    def open_case(self, page: Any, case_number: str) -> str:
        page.goto(f"{self.base}/persons/?q={case_number}")
        follow(page, page.get_by_role("link", name=case_number).first)
        page.get_by_role("heading", level=1).wait_for()
        return str(page.url)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    target = Path(os.environ.get(SHOTS_ENV) or tmp_path / "guide-img")
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture
def demo(settings: Any, tmp_path: Path, live_server: Any, shots: Path) -> Demo:
    """`safepassage demo` as an operator runs it, into a home of its own."""
    home = tmp_path / "home"
    home.mkdir()
    settings.SAFEPASSAGE_HOME = home
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 (closed with the process)
    return Demo(home, live_server.url, shots)


def test_a_caseworker_finds_a_man_by_any_name_form_and_registers_another(page: Any, demo: Demo) -> None:
    demo.sign_in(page, "demo-caseworker", shoot=True)
    # The number of the military ID he carried finds him, as any of his recorded names would.
    page.get_by_label("Search names, case or document numbers").fill("ВК 4417093")
    follow(page, page.get_by_role("button", name="Search"))
    assert "1 person" == page.locator(".count").inner_text().strip()
    assert page.get_by_role("link", name=DEMO_CASE).is_visible()
    demo.shot(page, "caseworker-search")

    follow(page, page.get_by_role("link", name=DEMO_CASE))
    names = page.locator("section", has=page.get_by_role("heading", name="Name forms"))
    for form in ("리명학", "Ри Мён Хак", "Рі Мьон Хак", "Ооржак Айдын Сергеевич"):
        assert names.get_by_text(form).is_visible()
    documents = page.locator("section", has=page.get_by_role("heading", name="Identity documents"))
    assert "ВК 4417093" in documents.inner_text()
    assert "Issued to another person" in documents.inner_text()
    demo.shot(page, "caseworker-person")

    follow(page, page.get_by_role("link", name="Register a person").first)
    page.get_by_label("Sex").select_option("male")
    page.get_by_label("Birth date precision").select_option("year")
    page.get_by_label("Birth year").fill("2002")
    # A caseworker sees the persons of his own unit only: the new person must be assigned to it.
    page.get_by_label("Assigned unit").select_option(label="Unit A")
    demo.shot(page, "caseworker-register", whole=True)
    follow(page, page.get_by_role("button", name="Save"))
    # The new person's page opens under the case number he was given.
    registered = page.get_by_role("heading", level=1, name=re.compile(r"^SP-\d{4}-\d+"))
    registered.wait_for()
    assert re.match(r"SP-\d{4}-\d{6}", registered.inner_text())

    follow(page, page.get_by_role("link", name="Add a name form"))
    page.get_by_label("Name as written").fill("김영철")
    page.get_by_label("Kind").select_option("legal")
    page.get_by_label("Language of the recorder").select_option("ko")
    page.get_by_label("Source").fill("Stated by the person at registration")
    demo.shot(page, "caseworker-name-form", whole=True)
    follow(page, page.get_by_role("button", name="Save"))
    follow(page, page.get_by_role("link", name="Add a name form"))
    page.get_by_label("Name as written").fill("Ким Ён Чхоль")
    page.get_by_label("Kind").select_option("transliteration")
    page.get_by_label("Language of the recorder").select_option("ru")
    follow(page, page.get_by_role("button", name="Save"))

    follow(page, page.get_by_role("link", name="Add an identity document"))
    page.get_by_label("Document type").select_option("military_id")
    page.get_by_label("Issuing state").select_option("RU")
    page.get_by_label("Document number").fill("ВК 5550123")
    page.get_by_label("Holder name as printed").fill("Монгуш Айдын Олегович")
    page.locator("#id_assessment").select_option("forged")
    page.locator("#id_source").fill("Found on the person at capture")
    demo.shot(page, "caseworker-document-form", whole=True)
    follow(page, page.get_by_role("button", name="Save"))

    follow(page, page.get_by_role("link", name="Record a custody event"))
    page.get_by_label("Event").select_option("admitted")
    page.get_by_label("Date").fill("2025-03-02")
    page.get_by_label("Facility").fill("Holding facility West-2")
    follow(page, page.get_by_role("button", name="Save"))

    timeline = page.locator(".timeline")
    for seen in ("Registered", "김영철", "Ким Ён Чхоль", "Admitted to facility"):
        assert timeline.get_by_text(seen).first.is_visible()
    page.get_by_role("heading", name="Timeline").scroll_into_view_if_needed()
    demo.shot(page, "caseworker-timeline")

    follow(page, page.get_by_role("link", name="Work list"))
    assert page.get_by_role("cell", name="Notify the Information Bureau").first.is_visible()
    demo.shot(page, "caseworker-worklist")


def test_a_legal_officer_reads_the_determination_and_a_second_officer_approves_an_assessment(
    page: Any, demo: Demo
) -> None:
    demo.sign_in(page, "demo-legal")
    demo.open_case(page, DEMO_CASE)
    determination = page.locator("section", has=page.get_by_role("heading", name="Determination"))
    assert "must_not_repatriate" == page.locator("#det-repatriation").get_attribute("data-code")
    assert "CAT Art. 3" in determination.inner_text()
    assert "GC III Art. 4A(1)" in determination.inner_text()
    demo.shot(determination, "legal-determination")
    applications = page.locator("section", has=page.get_by_role("heading", name="Applications"))
    assert "NKRA" in applications.inner_text()
    assert "Pending" in applications.inner_text()
    demo.shot(applications, "legal-applications")

    person_url = demo.open_case(page, "SP-DEMO-0002")
    follow(page, page.get_by_role("link", name="Start a risk assessment"))
    page.get_by_label("Destination state").select_option("KP")
    page.get_by_label("Torture").check()
    page.get_by_label("Persecution").check()
    page.get_by_label("Conclusion").select_option("substantial")
    page.get_by_label("Reasoning").fill(
        "Returnees who refused to go back are tortured (country information)."
    )
    demo.shot(page, "legal-risk-form", whole=True)
    follow(page, page.get_by_role("button", name="Save"))
    page.get_by_label("Kind").select_option("country_information")
    page.locator("#id_source").fill("Country of origin report (fictional)")
    page.get_by_label("What it shows").fill("Torture of returnees")
    follow(page, page.get_by_role("button", name="Add evidence"))
    follow(page, page.get_by_role("button", name="Submit for a second review"))
    assert "Awaiting a second reviewer" in page.locator("#risk-status").inner_text()
    demo.shot(page, "legal-risk-submitted")

    demo.sign_in(page, "demo-legal-2")
    page.goto(demo.base + "/work/")
    waiting = page.get_by_role("row").filter(has_text="SP-DEMO-0002")
    assert waiting.first.is_visible()
    demo.shot(page, "legal-worklist")
    page.goto(person_url)
    follow(page, page.get_by_role("link", name="KP").first)
    page.get_by_label("Decision").select_option("approve")
    follow(page, page.get_by_role("button", name="Record the review"))
    assert "Approved" in page.locator("#risk-status").inner_text()
    demo.shot(page, "legal-risk-approved")

    follow(page, page.get_by_role("link", name="Dashboard"))
    assert page.get_by_role("heading", name="Deadlines").is_visible()
    assert 0 < page.locator("svg.chart.bars").count()
    caseload = page.locator("table", has=page.locator("caption", has_text="Caseload:"))
    assert "50" == caseload.locator("tbody tr").last.locator("td").first.inner_text()
    demo.shot(page, "legal-dashboard")


def test_a_monitor_records_a_verified_private_interview_and_steps_up_to_see_names(
    page: Any, demo: Demo
) -> None:
    demo.sign_in(page, "demo-monitor")
    assert page.get_by_role("link", name=DEMO_CASE).is_visible()
    assert not page.get_by_text("Ri Myong Hak").is_visible()
    demo.shot(page, "monitor-list")

    person_url = demo.open_case(page, "SP-DEMO-0003")
    assert page.get_by_role("link", name="Reveal identity").is_visible()
    assert not page.get_by_role("heading", name="Name forms").is_visible()
    follow(page, page.get_by_role("link", name="Record an interview"))
    page.get_by_label("Date").fill("2025-11-20")
    page.get_by_label("Place").fill("Private room, Holding facility North-1")
    page.get_by_label("Interviewer").fill("Demo monitor")
    page.locator("#id_language").select_option("ko")
    page.get_by_label("The person consented to the interview").check()
    page.locator("#id_wish").select_option("not_return")
    page.get_by_label("Statement, verbatim").fill("I do not want to go back.")
    for box in (
        "Informed of the purpose",
        "Understood the language",
        "No sign of pressure",
        "No promise or threat",
        "Told he could stop",
    ):
        page.get_by_label(box).check()
    page.get_by_label("Verified private interview").check()
    demo.shot(page, "monitor-interview-form", whole=True)
    follow(page, page.get_by_role("button", name="Save"))
    interviews = page.locator("section", has=page.get_by_role("heading", name="Interviews and wish"))
    assert "verified in a private interview" in interviews.inner_text()
    demo.shot(interviews, "monitor-interviews")

    follow(page, page.get_by_role("link", name="Reveal identity"))
    assert (
        "Every person whose identity you see is recorded in the audit trail"
        in page.locator("main").inner_text()
    )
    demo.shot(page, "monitor-step-up")
    follow(page, page.get_by_role("button", name="Reveal identities"))
    # Revealing needs the password again, even just after signing in.
    page.get_by_text("Please reauthenticate").wait_for()
    page.get_by_label("Password").fill(demo.password)
    demo.shot(page, "monitor-reauthenticate")
    follow(page, page.get_by_role("button", name="Confirm"))
    follow(page, page.get_by_role("button", name="Reveal identities"))
    page.wait_for_url(person_url)
    assert page.get_by_role("heading", name="Name forms").is_visible()
    assert not page.get_by_role("link", name="Reveal identity").is_visible()
    demo.shot(page, "monitor-identity-revealed")


def test_a_negotiator_reconciles_a_cyrillic_list_and_the_guard_keeps_the_refuser_off(
    page: Any, demo: Demo, tmp_path: Path
) -> None:
    listed = tmp_path / "outgoing.csv"
    with listed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "full_name", "birth_date", "unit"])
        writer.writerow(["RU-001", "Ри Мён Хак", "2003", ""])
        writer.writerow(["RU-002", "Кан Кым Пон", "2006", ""])

    demo.sign_in(page, "demo-negotiator")
    assert "Your role has no access to case records" in page.locator("main").inner_text()
    follow(page, page.get_by_role("link", name="Exchanges"))
    follow(page, page.get_by_role("link", name="Create a round"))
    page.get_by_label("Name").fill("Round 7")
    page.get_by_label("Other party").select_option("RU")
    follow(page, page.get_by_role("button", name="Save"))
    page.get_by_label("side").select_option("outgoing")
    page.get_by_label("list (CSV or XLSX)").set_input_files(str(listed))
    follow(page, page.get_by_role("button", name="Import the list"))
    assert page.get_by_role("cell", name="RU-001", exact=True).is_visible()
    follow(page, page.get_by_role("button", name="Reconcile with the registry"))
    outgoing = page.locator("section", has=page.get_by_role("heading", name="Outgoing list"))
    assert DEMO_CASE in outgoing.inner_text()
    demo.shot(page, "negotiator-round")

    follow(page, page.get_by_role("button", name="Finalise the outgoing manifest"))
    refusal = page.get_by_text("cannot go on this manifest").first
    assert refusal.is_visible()
    assert "not_return" not in page.locator("main").inner_text()
    demo.shot(page, "negotiator-guard")


def test_an_auditor_reads_the_trail_and_verifies_the_chain(page: Any, demo: Demo) -> None:
    demo.sign_in(page, "demo-auditor")
    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit trail"))
    # The demo's newest events are its determinations: the auditor filters to the names recorded.
    page.get_by_label("Action").fill("name_form.add")
    follow(page, page.get_by_role("button", name="Filter"))
    trail = page.locator("main").inner_text()
    assert "registry.nameform" in trail and "demo-caseworker" in trail
    # Field names and pseudonymous ids only: no name of any person.
    assert "리명학" not in trail and "Ри Мён Хак" not in trail
    demo.shot(page, "auditor-trail")
    # The operator signs a checkpoint for the neutral witness (`safepassage audit checkpoint`).
    call_command("audit", "checkpoint", stdout=open(os.devnull, "w"))  # noqa: SIM115
    follow(page, page.get_by_role("link", name="Verify the chain and its signed checkpoints"))
    verified = page.locator("main").inner_text()
    assert "Chain intact" in verified
    assert "1 signed checkpoints verified" in verified and "Latest checkpoint" in verified
    demo.shot(page, "auditor-verify")


def test_an_administrator_sees_no_case_and_manages_his_second_factor(page: Any, demo: Demo) -> None:
    demo.sign_in(page, "demo-admin")
    assert "Your role has no access to case records" in page.locator("main").inner_text()
    assert 403 == page.goto(demo.base + "/persons/").status
    assert 403 == page.goto(demo.base + "/audit/").status
    page.goto(demo.base + "/accounts/mfa/")
    body = page.locator("body").inner_text()
    assert "Authentication using an authenticator app is active" in body
    assert "10 out of 10 recovery codes" in body
    demo.shot(page, "admin-mfa")
    # Accounts: the list with roles, units and second factors; the form that creates one.
    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Accounts"))
    listed = page.locator("main").inner_text()
    assert "demo-caseworker" in listed and "demo-legal" in listed
    demo.shot(page, "admin-accounts", whole=True)
    follow(page, page.get_by_role("link", name="Create an account"))
    page.get_by_label("User name").fill("new-legal-officer")
    page.get_by_label("Role").select_option("legal_officer")
    demo.shot(page, "admin-account-create", whole=True)
    follow(page, page.get_by_role("button", name="Create the account"))
    page.get_by_role("heading", name="Account created").wait_for()


def test_a_new_account_sets_up_its_authenticator_at_the_first_sign_in(
    page: Any, demo: Demo, tmp_path: Path
) -> None:
    password = "a long first password for cara 42"
    password_file = tmp_path / "cara-password.txt"
    password_file.write_text(password + "\n", encoding="utf-8")
    call_command(
        "createuser",
        "--role",
        "caseworker",
        "--unit",
        "Unit A",
        "--password-file",
        str(password_file),
        "cara",
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )

    page.goto(demo.base + "/accounts/login/")
    page.get_by_label("Username").fill("cara")
    page.get_by_label("Password").fill(password)
    follow(page, page.get_by_role("button", name="Sign in"))
    # Nothing else opens before a second factor exists; activating it asks for the password again.
    page.get_by_text("Please reauthenticate").wait_for()
    page.get_by_label("Password").fill(password)
    follow(page, page.get_by_role("button", name="Confirm"))
    page.get_by_role("heading", name="Activate Authenticator App").wait_for()
    assert page.locator("img").first.is_visible()
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(
        format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    )
    demo.shot(page, "first-sign-in-activate")
    follow(page, page.get_by_role("button", name="Activate"))
    page.get_by_role("heading", name="Recovery Codes").wait_for()
    shown = page.locator("body").inner_text()
    assert "Authenticator app activated" in shown and "10 out of 10 recovery codes" in shown
    demo.shot(page, "first-sign-in-recovery-codes")
    recovery_codes = page.locator("textarea").input_value().split()
    assert 10 == len(recovery_codes)
    page.goto(demo.base + "/persons/")
    assert page.get_by_role("heading", name="Persons").is_visible()

    # A lost phone: a recovery code instead of the app's code, once.
    page.context.clear_cookies()
    page.goto(demo.base + "/accounts/login/")
    page.get_by_label("Username").fill("cara")
    page.get_by_label("Password").fill(password)
    follow(page, page.get_by_role("button", name="Sign in"))
    page.locator("input[name=code]").fill(recovery_codes[0])
    follow(page, page.get_by_role("button", name="Sign In"))
    page.get_by_role("button", name="Sign out").wait_for()
    page.goto(demo.base + "/accounts/mfa/")
    assert "9 out of 10 recovery codes" in page.locator("body").inner_text()
