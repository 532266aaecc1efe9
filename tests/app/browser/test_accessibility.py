"""Every page each role can reach on the demo, at 1366 and 390 px, in English, Ukrainian, Korean and
Russian: no serious or critical axe-core violation, nothing wider than the screen, and every 403 or
404 a page of the site (its navigation and language switch) rather than bare text.

Each role signs in once; its pages are found by following the links it is shown (one address per
URL pattern), and the URL patterns are enumerated to prove that every page pattern was reached by
some role, unless it is listed in NOT_WALKED with the reason. Each role also opens one address of
every pattern it was not shown: the answer is the site's 403 or 404 page, or a page it may open,
checked as its own.
"""

from __future__ import annotations

import csv
import os
import time
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from safepassage.registry.models import Person

from .test_guide_screenshots import DEMO_CASE, SHOTS_ENV, Demo, follow

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
ROLES = (
    "demo-caseworker",
    "demo-legal",
    "demo-legal-2",
    "demo-monitor",
    "demo-negotiator",
    "demo-auditor",
    "demo-admin",
)
LANGUAGES = ("en", "uk", "ko", "ru")
WIDTHS = (1366, 390)
# URL patterns that are not HTML pages a person opens by a link, and why.
NOT_WALKED = {
    "home": "redirects to the role's first page",
    "healthz": "JSON for the load balancer",
    "login": "walked signed out (test_the_sign_in_page_passes_too)",
    "account_login": "the same view as login",
    "logout": "ends the session (a form's POST)",
    "account_logout": "the same view as logout",
    "language": "a form's POST",
    "mfa_authenticate": "the second step of signing in, walked signed out",
    "mfa_activate_totp": "only for an account without an authenticator; the demo accounts have one",
    "account_reauthenticate": "only a redirect leads there (a fresh password before a sensitive action)",
    "mfa_reauthenticate": "only a redirect leads there",
    "mfa_reauthenticate_webauthn": "only a redirect leads there",
    "mfa_list_webauthn": "linked only once an account has a security key; the demo has none",
    "mfa_remove_webauthn": "needs a security key; the demo has none",
    "mfa_edit_webauthn": "needs a security key; the demo has none",
    "mfa_download_recovery_codes": "a text download",
    "registry:scan_download": "a file download",
    "reports:case_file": "a PDF download",
    "exchanges:manifest": "a PDF or CSV download",
    "exchanges:notify_export": "a CSV download",
    "dashboard:figures": "a CSV or JSON download",
    "exchanges:round_action": "a form's POST",
    "protection:risk_submit": "a form's POST",
    "protection:risk_review": "a form's POST",
    "schema": "the OpenAPI schema (YAML)",
    "api-docs": "the API reference (a third-party page, Swagger UI)",
    "account_inactive": "walked signed out (test_the_sign_in_pages_and_a_missing_page_pass_too)",
    "audit:export": "a CSV or JSON download",
    "handover:export_download": "a file download (the dossier)",
    "handover:export_approve": "a form's POST",
    "exchanges:override_approve": "a form's POST (the override's page with its Approve button is walked)",
    "duplicates:undo": "a form's POST",
    "admin_account_deactivate": "a form's POST",
    "admin_account_reactivate": "a form's POST",
    "admin_mfa_reset": "a form's POST",
    "admin_mfa_reset_approve": "a form's POST (the account's page with the pending reset is walked)",
}


def page_patterns() -> set[str]:
    """The names of every URL pattern outside the API."""

    def walk(patterns: list[Any], prefix: str, namespace: str | None) -> Any:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and not f"{prefix}{p.pattern}".startswith("api/"):
                yield f"{namespace}:{p.name}" if namespace else p.name

    return set(walk(get_resolver().url_patterns, "", None))


def pattern_of(url: str) -> str | None:
    try:
        match = resolve(urlparse(url).path)
    except Resolver404:
        return None
    return match.view_name


class Walk:
    """One browser, one signed-in context per role; what each page showed."""

    def __init__(self, demo: Demo, browser: Any) -> None:
        self.demo, self.browser = demo, browser
        self.axe = AXE.read_text(encoding="utf-8")
        self.problems: list[str] = []
        self.checked = 0

    def context(self, role: str | None) -> Any:
        context = self.browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(20_000)
        if role:
            self.demo.sign_in(page, role)
        return page

    def crawl(self, page: Any, seeds: dict[str, str] | None = None) -> dict[str, str]:
        """One address for each page pattern the role is shown a link to, from its start page.

        `seeds` are pages of a state no link leads to first (a merged pair, a received dossier's
        preview): each is walked under its own name, and the links it shows are followed too.
        """
        found: dict[str, str] = {}
        queue = deque([(self.demo.base + "/", "home"), *((url, name) for name, url in (seeds or {}).items())])
        while queue:
            url, asked = queue.popleft()
            if asked in found:
                continue
            response = page.goto(url)
            landed = pattern_of(page.url)
            if response is None or response.status != 200 or landed is None:
                continue
            # A link may land elsewhere (a redirect to reauthenticate): both patterns were reached.
            found.setdefault(asked, page.url)
            found.setdefault(landed, page.url)
            links = page.eval_on_selector_all("main a[href], header a[href]", "as => as.map(a => a.href)")
            for href in links:
                if not href.startswith(self.demo.base):
                    continue
                target = pattern_of(href)
                if target and target not in found and target not in NOT_WALKED:
                    queue.append((href.split("#")[0], target))
        return found

    def check(self, page: Any, where: str, *, axe: bool = True, error_page: bool = False) -> None:
        self.checked += 1
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:
            self.problems.append(f"{where}: {wide} px wider than the viewport")
        if error_page:
            styled = page.evaluate(
                "!!document.querySelector('.govuk-service-navigation nav, .govuk-service-navigation')"
                " && !!document.querySelector('.govuk-language-navigation')"
                " && getComputedStyle(document.querySelector('h1')).fontWeight === '700'"
            )
            if not styled:
                self.problems.append(f"{where}: the error page has no navigation, language switch or style")
        if axe:
            if not page.evaluate("typeof window.axe !== 'undefined'"):
                page.evaluate(self.axe)
            violations = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                ".map(v => v.id + ' (' + v.impact + '): '"
                " + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"
            )
            self.problems.extend(f"{where}: {v}" for v in violations)

    def check_both_widths(self, page: Any, where: str) -> None:
        """The page as it stands (the answer to a form's POST) at 1366 and at 390 px."""
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            self.check(page, f"{where} {width}px")
        page.set_viewport_size({"width": 1366, "height": 900})

    def switch_language(self, page: Any, code: str) -> None:
        button = page.locator(f"form.sp-language button[lang={code}]")
        if button.count():
            follow(page, button)
        page.wait_for_function(f"document.documentElement.lang === '{code}'")


@pytest.fixture
def demo(settings: Any, tmp_path: Path, live_server: Any) -> Demo:
    home = tmp_path / "home"
    home.mkdir()
    settings.SAFEPASSAGE_HOME = home
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 (closed with the process)
    return Demo(home, live_server.url, Path(os.environ.get(SHOTS_ENV) or tmp_path))


def add_a_round_and_a_tracing_request(walk: Walk, pages: dict[str, Any], tmp_path: Path) -> None:
    """What the demo lacks for the exchange pages: a reconciled round and a family's request."""
    listed = tmp_path / "outgoing.csv"
    with listed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "full_name", "birth_date", "unit"])
        writer.writerow(["RU-001", "Ри Мён Хак", "2003", ""])
        writer.writerow(["RU-002", "Кан Кым Пон", "2006", ""])
    page = pages["demo-negotiator"]
    page.goto(walk.demo.base + "/exchanges/new/")
    page.get_by_label("Name").fill("Round 7")
    page.get_by_label("Other party").select_option("RU")
    follow(page, page.get_by_role("button", name="Save"))
    page.get_by_label("side").select_option("outgoing")
    page.get_by_label("list (CSV or XLSX)").set_input_files(str(listed))
    follow(page, page.get_by_role("button", name="Import the list"))
    follow(page, page.get_by_role("button", name="Reconcile with the registry"))
    page = pages["demo-caseworker"]
    page.goto(walk.demo.base + "/tracing/new/")
    page.get_by_label("Reference").fill("TR-2026-001")
    page.get_by_label("Received").fill("2026-11-02")
    page.get_by_label("Requester").fill("His mother, by letter")
    page.get_by_label("Names of the person sought").fill("리명학")
    follow(page, page.get_by_role("button", name="Save"))


def add_overrides(walk: Walk, tmp_path: Path) -> dict[str, dict[str, str]]:
    """Round 8: two willing returnees who have since asked for asylum (the guard keeps them off) and
    told the monitor today, in private, that they want to go home; an override asked for the first.
    Returns the round's page, which the roles that see the guard's overrides walk."""
    from datetime import date

    from django.contrib.auth import get_user_model

    from safepassage.exchanges import services as exchanges
    from safepassage.protection import services as protection
    from safepassage.registry.models import NameForm

    from ..exchanges.conftest import CHECKLIST

    users = {u.username: u for u in get_user_model().objects.all()}
    men = [Person.objects.get(case_number=f"SP-DEMO-{n:04d}") for n in (6, 7)]
    listed = tmp_path / "round-8.csv"
    with listed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "full_name", "birth_date", "unit"])
        for n, man in enumerate(men, start=1):
            cyrillic = next(
                f.text for f in NameForm.objects.filter(person=man) if f.recorder_language == "ru"
            )
            writer.writerow([f"RU-10{n}", cyrillic, man.birth_date or man.birth_year, ""])
    negotiator = users["demo-negotiator"]
    round_ = exchanges.round_create(actor=negotiator, name="Round 8", counterpart="RU")
    exchanges.list_import(actor=negotiator, round_=round_, direction="outgoing", path=listed, reconcile=True)
    assert [m.pk for m in men] == [e.person_id for e in round_.lists.get().entries.order_by("row")]
    interviews = []
    for man in men:
        protection.application_open(
            actor=users["demo-legal"],
            person=man,
            procedure="ua_refugee",
            kind="asylum",
            filed_on=date(2026, 1, 5),
        )
        interviews.append(
            protection.interview_record(
                actor=users["demo-monitor"],
                person=man,
                held_on=date.today(),
                place="Holding facility, private room",
                interviewer_name="Demo neutral delegate",
                language="ko",
                consent=True,
                wish="return",
                verified_private=True,
                **CHECKLIST,
            )
        )
    exchanges.override_request(
        actor=users["demo-monitor"],
        round_=round_,
        person=men[0],
        interview=interviews[0],
        reason="He withdraws his application and asks to go home.",
    )
    url = f"{walk.demo.base}/exchanges/{round_.pk}/"
    return {role: {"exchanges:round (overrides)": url} for role in ("demo-monitor", "demo-legal-2")}


def register_in_one_form(page: Any, base: str, name: str, language: str, number: str, born: str) -> None:
    """The one-form registration filled in (by the fields' ids, whatever the page's language)."""
    page.goto(base + "/persons/register/")
    page.locator("#id_person-sex").select_option("male")
    page.locator("#id_person-birth_precision").select_option("full")
    page.locator("#id_person-birth_date").fill(born)
    page.locator("#id_names-0-text").fill(name)
    page.locator("#id_names-0-kind").select_option("legal")
    page.locator("#id_names-0-recorder_language").select_option(language)
    page.locator("#id_documents-0-doc_type").select_option("military_id")
    page.locator("#id_documents-0-number").fill(number)
    page.locator("#id_capture-detaining_power").select_option("UA")
    page.locator("#id_capture-captured_on").fill("2025-05-02")


def _wait_for_pair(ids: list[str]) -> Any:
    """The pair of two registrations: the duplicate check runs in the live server once the second
    registration commits (a few seconds)."""
    from safepassage.duplicates.models import DuplicatePair

    waited = time.monotonic()
    while not (pair := DuplicatePair.objects.filter(person_a_id__in=ids, person_b_id__in=ids).first()):
        assert time.monotonic() - waited < 60, f"no possible duplicate pair of {ids} within a minute"
        time.sleep(0.5)
    return pair


def add_duplicates(walk: Walk, pages: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Two men each registered twice in one form (the page's answers checked on the way): one pair
    left open, the other merged by a legal officer. Returns the pages no link leads to first."""
    base = walk.demo.base
    page = pages["demo-caseworker"]
    register = "button[name=action][value={}]"
    # Nothing filled in: every problem listed at the top, each field marked.
    page.goto(base + "/persons/register/")
    follow(page, page.locator(register.format("save")))
    walk.check_both_widths(page, "demo-caseworker en registration refused")
    # The usual spellings of a Hangul name offered, nothing marked as wrong yet.
    register_in_one_form(page, base, "한정우", "ko", "ВК 1111111", "1999-04-12")
    follow(page, page.locator(register.format("suggest")))
    walk.check_both_widths(page, "demo-caseworker en registration suggestions")
    follow(page, page.locator(register.format("save")))
    registered = [page.url]
    for again in (
        ("Хан Чжон У", "ru", "ВК 2222222", "1999-04-12"),
        ("곽태윤", "ko", "KP-55-3030", "1997-09-30"),
        ("Квак Тхэ Юн", "ru", "ВК 3333333", "1997-09-30"),
    ):
        register_in_one_form(page, base, *again)
        follow(page, page.locator(register.format("save")))
        if page.locator(register.format("confirm")).count():
            # The registered persons who may be the same man, before anything is saved.
            walk.check_both_widths(page, f"demo-caseworker en registration matches {again[0]}")
            follow(page, page.locator(register.format("confirm")))
        registered.append(page.url)
    ids = [urlparse(url).path.strip("/").split("/")[-1] for url in registered]
    # A legal officer merges the second man's registrations; the first man's pair stays open.
    _wait_for_pair(ids[:2])
    merged = _wait_for_pair(ids[2:])
    legal = pages["demo-legal"]
    legal.goto(f"{base}/duplicates/{merged.pk}/")
    follow(legal, legal.locator("button[name=decision][value=merge]"))
    assert Person.objects.filter(merged_into__isnull=False).count() == 1
    first = registered[0]
    return {
        "demo-caseworker": {"registry:person_detail (possible duplicate)": first},
        "demo-legal": {"duplicates:review (merged)": f"{base}/duplicates/{merged.pk}/"},
    }


def add_handovers(
    walk: Walk, pages: dict[str, Any], settings: Any, tmp_path: Path
) -> dict[str, dict[str, str]]:
    """Korea trusted; one handover sent (asked by one legal officer, approved by the second), another
    awaiting approval; a dossier received from Korea uploaded and waiting for its confirmation."""
    from django.contrib.auth import get_user_model

    from safepassage.crypto.dossier import Identity
    from safepassage.handover import services
    from safepassage.handover.identity import identity_create

    from ..handover.test_pages import _dossier_from_korea

    settings.HANDOVER_IDENTITY_PATH = tmp_path / "keys" / "handover-identity.json"
    settings.HANDOVER_INBOX = tmp_path / "inbox"
    identity_create("Ukraine (demo)")
    korea_keys = Identity.generate("Korea (demo)")
    legal_user = get_user_model().objects.get(username="demo-legal")
    services.trust_add(actor=legal_user, public=korea_keys.public, name="Korea", state="KR")
    base = walk.demo.base
    legal, second = pages["demo-legal"], pages["demo-legal-2"]
    exports = []
    for case in ("SP-DEMO-0002", "SP-DEMO-0003"):
        person = Person.objects.get(case_number=case)
        legal.goto(f"{base}/persons/{person.pk}/handover/")
        legal.locator("#id_recipient").select_option(label="Korea")
        legal.locator("#id_reason").fill("Transfer agreed with the Republic of Korea.")
        follow(legal, legal.locator("main form button[type=submit]"))
        exports.append(legal.url)
    second.goto(exports[0])
    follow(second, second.locator("#handover-approve"))
    assert "handover-download" in second.content()
    received = tmp_path / "from-korea.json"
    received.write_bytes(
        _dossier_from_korea(
            Person.objects.get(case_number="SP-DEMO-0004"), korea_keys, "3f9c1d2e-0000-4000-8000-0000000000d1"
        )
    )
    second.goto(base + "/handovers/import/")
    second.locator("#id_file").set_input_files(str(received))
    follow(second, second.locator("main form button[type=submit]"))
    assert "/handovers/import/" in second.url and second.locator("#import-confirm").count()
    return {
        "demo-legal": {"handover:export (sent)": exports[0]},
        "demo-legal-2": {"handover:import_preview": second.url},
    }


def add_a_second_administrator_s_reset() -> None:
    """A second administrator asked to reset the monitor's second factor: the first one approves."""
    from django.contrib.auth import get_user_model

    from safepassage.accounts.services import mfa_reset_request, user_create
    from safepassage.core.roles import Role

    second = user_create(
        actor=None, username="demo-admin-2", role=Role.ADMINISTRATOR, password=None, check_password=False
    )
    mfa_reset_request(actor=second, user=get_user_model().objects.get(username="demo-monitor"))


def sign_a_checkpoint_and_create_an_account(walk: Walk, pages: dict[str, Any]) -> None:
    """The answers of two forms, in every language: the auditor's signed checkpoint, the
    administrator's new account with its initial password."""
    base = walk.demo.base
    auditor, admin = pages["demo-auditor"], pages["demo-admin"]
    for code in LANGUAGES:
        walk.switch_language(auditor, code)
        auditor.goto(base + "/audit/verify/")
        follow(auditor, auditor.locator("form[action$='/audit/checkpoint/'] button"))
        assert auditor.locator("#checkpoint").count(), f"no checkpoint signed ({code})"
        walk.check_both_widths(auditor, f"demo-auditor {code} signed checkpoint")
        walk.switch_language(admin, code)
        admin.goto(base + "/accounts/admin/new/")
        admin.locator("#id_username").fill(f"walk-{code}")
        admin.locator("#id_role").select_option("caseworker")
        admin.locator("#id_unit").select_option(label="Unit A")
        follow(admin, admin.locator("main form button[type=submit]"))
        assert admin.locator("#initial-password").count(), f"no account created ({code})"
        walk.check_both_widths(admin, f"demo-admin {code} account created")
    walk.switch_language(auditor, "en")
    walk.switch_language(admin, "en")


def test_every_page_of_every_role_is_accessible_fits_a_phone_and_speaks_each_language(
    browser: Any, demo: Demo, tmp_path: Path, settings: Any
) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make install` installs the front-end packages (npm ci)")
    started = time.monotonic()
    walk = Walk(demo, browser)
    add_a_second_administrator_s_reset()
    pages = {role: walk.context(role) for role in ROLES}
    add_a_round_and_a_tracing_request(walk, pages, tmp_path)
    seeds: dict[str, dict[str, str]] = {role: {} for role in ROLES}
    added_states = (
        add_duplicates(walk, pages),
        add_handovers(walk, pages, settings, tmp_path),
        add_overrides(walk, tmp_path),
    )
    for added in added_states:
        for role, found in added.items():
            seeds[role].update(found)
    sign_a_checkpoint_and_create_an_account(walk, pages)
    # No link leads to the latest signed checkpoint: the verification page's form signs one.
    seeds["demo-auditor"]["audit:checkpoint"] = demo.base + "/audit/checkpoint/"
    # The person walked is the demo's case with its protection history (its pages are linked from
    # there), not whichever the lists or the handovers show first; a role that may not see it
    # finds its persons by the links.
    case = Person.objects.get(case_number=DEMO_CASE)
    for role in ROLES:
        seeds[role] = {"registry:person_detail": f"{demo.base}/persons/{case.pk}/", **seeds[role]}
    reached = {role: walk.crawl(page, seeds[role]) for role, page in pages.items()}
    every = {name: url for found in reached.values() for name, url in found.items()}

    missing = sorted(page_patterns() - set(every) - set(NOT_WALKED))
    assert [] == missing, (
        f"page patterns no role reached by a link: {missing} (add demo data, or say why in NOT_WALKED);"
        f" reached: { {role: sorted(found) for role, found in reached.items()} }"
    )

    # The first role to reach a pattern walks it in every language at both widths; a later role,
    # whose page differs only by what it may see, in English at both widths. Pages a role was
    # not shown: each once (English, 390 px), the first also in every language and width.
    owner: dict[str, str] = {}
    for role in ROLES:
        for name in reached[role]:
            owner.setdefault(name, role)
    denied_seen = 0
    for role, page in pages.items():
        own = reached[role]
        others = {name: url for name, url in every.items() if name not in own}
        for code in LANGUAGES:
            walk.switch_language(page, code)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                for name, url in own.items():
                    if code == "en" or owner[name] == role:
                        page.goto(url)
                        walk.check(page, f"{role} {code} {width}px {name}")
                every_denied = code == "en" and width == 390
                first = True
                for name, url in others.items():
                    if not (first or every_denied):
                        break
                    response = page.goto(url)
                    status = response.status if response else 0
                    if status == 200:
                        walk.check(page, f"{role} {code} {width}px {name} (no link)")
                        continue
                    if status not in (403, 404):
                        walk.problems.append(f"{role} {code} {width}px {name}: {status}, not 403 or 404")
                        continue
                    denied_seen += 1
                    walk.check(page, f"{role} {code} {width}px {name} ({status})", axe=first, error_page=True)
                    first = False
        page.context.close()

    elapsed = time.monotonic() - started
    print(f"\naccessibility walk: {walk.checked} page views, {len(every)} page patterns, {elapsed:.0f} s")
    assert denied_seen > 0
    assert not walk.problems, "\n".join(walk.problems)


def test_the_sign_in_pages_and_a_missing_page_pass_too(browser: Any, demo: Demo) -> None:
    walk = Walk(demo, browser)
    page = walk.context(None)
    for code in LANGUAGES:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(demo.base + "/accounts/login/")
            walk.switch_language(page, code)
            walk.check(page, f"sign-in {code} {width}px")
            response = page.goto(demo.base + "/no-such-page/")
            assert response is not None and 404 == response.status
            walk.check(page, f"404 signed out {code} {width}px", error_page=True)
            # Where allauth sends a deactivated account that signs in.
            page.goto(demo.base + "/accounts/inactive/")
            walk.check(page, f"account inactive {code} {width}px")
    # The second step of signing in: the code from the authenticator app.
    page.goto(demo.base + "/accounts/login/")
    walk.switch_language(page, "en")
    page.get_by_label("Username").fill("demo-caseworker")
    page.get_by_label("Password").fill(demo.password)
    follow(page, page.get_by_role("button", name="Sign in"))
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        walk.check(page, f"second factor {width}px")
    page.context.close()
    assert not walk.problems, "\n".join(walk.problems)
