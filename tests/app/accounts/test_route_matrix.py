"""Every route declares a permission from the policy table, and every role gets exactly that."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safepassage.core.policy import POLICY, can
from safepassage.registry.models import DocumentScan, NameForm

from .routes import all_routes

pytestmark = pytest.mark.django_db

ROUTES = all_routes()
# Routes whose reads change nothing but whose writes exist only on some methods.
WRITE_METHODS = {
    "api-interviews": "post",
    "api-risk-assessments": "post",
    "api-risk-evidence": "post",
    "api-risk-submit": "post",
    "api-risk-review": "post",
    "api-applications": "post",
    "api-application-steps": "post",
    "api-application-decide": "post",
    "api-state-positions": "post",
    "api-nationality-claim": "patch",
    "api-service-record": "patch",
    "api-custody-event": "patch",
    "api-persons": "post",
    "api-person": "patch",
    "api-names": "post",
    "api-name": "patch",
    "api-nationality-claims": "post",
    "api-documents": "post",
    "api-document": "patch",
    "api-scans": "post",
    "api-service-records": "post",
    "api-capture": "put",
    "api-custody-events": "post",
}
# Sign-out is POST only; the WebAuthn key pages need a key of the user's own, tested with allauth.
NO_GET = {"logout", "account_logout", "mfa_remove_webauthn", "mfa_edit_webauthn"}
# Pages whose object only a step before them makes (a dossier written by an approved handover, a
# dossier uploaded in this session, a merge to undo, a man matched to a row of the round's outgoing
# list for an override to be asked for him): a role allowed to read them gets past the permission
# to a 404, a role that is not is refused before it (403, or the sign-in page). The pages
# themselves are tested where that step is taken (tests/app/exchanges/test_override_pages.py).
NEEDS_A_STEP_BEFORE = {
    "handover:export_download",
    "handover:import_preview",
    "duplicates:undo",
    "exchanges:override_request",
}


def test_every_route_declares_a_permission_from_the_policy_table() -> None:
    missing = [r.name for r in ROUTES if r.read is None or (r.write is None and r.has_writes)]
    assert [] == missing
    unknown = [
        (r.name, r.read, r.write)
        for r in ROUTES
        if r.read not in POLICY or (r.has_writes and r.write not in POLICY)
    ]
    assert [] == unknown


def test_sensitive_routes_are_not_public() -> None:
    public = {r.name for r in ROUTES if "public" in (r.read, r.write)}
    expected = {"healthz", "schema", "api-docs", "login", "logout", "account_login", "account_logout"}
    # The language switch: the sign-in page offers it too; it stores a choice only for a signed-in user.
    expected |= {"language"}
    # The second sign-in step: reached with a password-verified but not yet signed-in session; and
    # the page saying a deactivated account cannot sign in (reached before any sign-in).
    assert expected | {"mfa_authenticate", "account_inactive"} == public


def test_the_dashboard_routes_are_walked_and_kept_from_the_administrator() -> None:
    from safepassage.core.roles import Role

    dashboard = {r.name: (r.read, r.has_writes) for r in ROUTES if r.name.startswith("dashboard:")}
    expected = {name: ("dashboard.view", False) for name in ("dashboard:overview", "dashboard:figures")}
    assert expected == dashboard
    assert Role.ADMINISTRATOR not in POLICY["dashboard.view"]


def _kwargs(pattern: str, person: Any) -> dict[str, Any]:
    from safepassage.exchanges.models import ExchangeRound
    from safepassage.tracing.models import TracingRequest

    kwargs: dict[str, Any] = {}
    if "<str:fmt>" in pattern:
        kwargs["fmt"] = "csv"
    if pattern.startswith("exchanges/<uuid:pk>"):
        round_ = ExchangeRound.objects.get()
        kwargs["pk"] = round_.pk
        if "<uuid:person>" in pattern:
            kwargs["person"] = person.pk
        if "<uuid:override>" in pattern:
            kwargs["override"] = _guard_override(round_, person).pk
        return kwargs
    if pattern.startswith("tracing/<uuid:pk>"):
        return {**kwargs, "pk": TracingRequest.objects.get().pk}
    if pattern.startswith("handovers/<uuid:pk>"):
        return {**kwargs, "pk": _handover_export(person).pk}
    if "<str:token>" in pattern:
        return {**kwargs, "token": "0" * 32}
    if pattern.startswith("duplicates/merges/"):
        return {**kwargs, "pk": 0}
    if pattern.startswith("duplicates/") and "<int:pk>" in pattern:
        return {**kwargs, "pk": _duplicate_pair(person).pk}
    if "<uuid:pk>" in pattern:
        kwargs["pk"] = person.pk
    if "<int:pk>" in pattern:
        kwargs["pk"] = _admin_pk(pattern)
    if "<uuid:record>" in pattern:
        if "names" in pattern:
            kwargs["record"] = NameForm.objects.filter(person=person).first().pk
        elif "risk" in pattern:
            kwargs["record"] = person.risk_assessments.first().pk
        elif "applications" in pattern:
            kwargs["record"] = person.applications.first().pk
        elif "nationality" in pattern:
            kwargs["record"] = person.nationality_claims.first().pk
        elif "service" in pattern:
            kwargs["record"] = person.service_records.first().pk
        elif "custody" in pattern:
            kwargs["record"] = person.custody_events.first().pk
        elif "scans/<uuid:record>" in pattern:
            kwargs["record"] = DocumentScan.objects.filter(document__person=person).first().pk
        else:
            kwargs["record"] = person.documents.first().pk
    return kwargs


def _handover_export(person: Any) -> Any:
    """A handover of the person asked for by the legal officer, waiting for the second one."""
    from safepassage.handover.models import HandoverExport, TrustedInstallation

    found = HandoverExport.objects.filter(person=person).first()
    if found is not None:
        return found
    recipient = TrustedInstallation.objects.create(
        name="Receiving installation", state="KR", fingerprint="a" * 64, signing_key="b" * 64,
        encryption_key="c" * 64,
    )  # fmt: skip
    return HandoverExport.objects.create(person=person, recipient=recipient, reason="Agreed transfer")


def _guard_override(round_: Any, person: Any) -> Any:
    """An override of the guard for the person, asked for by the monitor on his interview."""
    from django.contrib.auth import get_user_model

    from safepassage.exchanges.models import GuardOverride

    found = GuardOverride.objects.filter(round=round_, person=person).first()
    if found is not None:
        return found
    return GuardOverride.objects.create(
        round=round_,
        person=person,
        interview=person.interviews.first(),
        requested_by=get_user_model().objects.get(username="mona"),
        reason="Consents to return in a verified private interview",
    )


def _duplicate_pair(person: Any) -> Any:
    """An open pair of the person and a second registration of him."""
    from safepassage.duplicates.models import DuplicatePair
    from safepassage.registry.models import Person

    found = DuplicatePair.objects.first()
    if found is not None:
        return found
    other = Person.objects.create(case_number="SP-TEST-0002", sex=person.sex)
    first, second = sorted([person, other], key=lambda p: str(p.pk))
    return DuplicatePair.objects.create(person_a=first, person_b=second, probability=0.93)


def _admin_pk(pattern: str) -> int:
    """The administrator's pages name a unit, a second-factor reset or an account (the legal officer's)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from safepassage.accounts.models import MfaReset, Unit

    lev = get_user_model().objects.get(username="lev")
    if "units/" in pattern:
        return Unit.objects.order_by("pk").first().pk
    if "mfa-resets/" in pattern:
        reset = MfaReset.objects.filter(approved_at__isnull=True).first()
        if reset is None:
            reset = MfaReset.objects.create(user=lev, requested_by=lev, requested_at=timezone.now())
        return reset.pk
    return lev.pk


ROLE_USERS = ["carla", "lev", "mona", "nick", "aude", "adam", None]


@pytest.mark.parametrize("username", ROLE_USERS)
def test_each_role_reads_exactly_what_the_policy_allows(
    username: str | None, users: dict[str, Any], scanned_person: Any
) -> None:
    client = Client()
    user = users[username] if username else None
    if user is not None:
        client.force_login(user)
    failures = []
    for route in ROUTES:
        if route.name in NO_GET or not route.has_get:
            continue
        url = reverse(route.name, kwargs=_kwargs(route.pattern, scanned_person))
        response = client.get(url, HTTP_ACCEPT="*/*")
        allowed = can(user, route.read) if user else route.read == "public"
        ok = response.status_code in (200, 302) if allowed else response.status_code in (302, 401, 403, 404)
        if route.name in NEEDS_A_STEP_BEFORE:
            ok = response.status_code == 404 if allowed else response.status_code in (302, 401, 403)
        if allowed and route.read not in ("public", "home") and response.status_code == 302:
            ok = False
        if not allowed and user is None and response.status_code == 302:
            ok = "/accounts/login/" in response["Location"]
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode("utf-8", "replace")
        leaked = not allowed and any(s in body for s in ("SP-TEST-0001", "김철남", "Ким"))
        if not ok or leaked:
            failures.append((route.name, response.status_code, "leak" if leaked else ""))
    assert [] == failures


@pytest.mark.parametrize("username", ROLE_USERS)
def test_each_role_writes_exactly_what_the_policy_allows(
    username: str | None, users: dict[str, Any], scanned_person: Any
) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    user = users[username] if username else None
    if user is not None:
        client.force_authenticate(user)
    failures = []
    for route in ROUTES:
        method = WRITE_METHODS.get(route.name)
        if method is None:
            continue
        url = reverse(route.name, kwargs=_kwargs(route.pattern, scanned_person))
        response = getattr(client, method)(
            url, {}, format="multipart" if route.name == "api-scans" else "json"
        )
        allowed = can(user, route.write) if user else False
        # Allowed writes reach validation (400 for an empty body) or succeed (partial update).
        expected = {200, 201, 400} if allowed else {401, 403, 404}
        if response.status_code not in expected:
            failures.append((route.name, method, response.status_code))
    assert [] == failures


# Writes no role may make from a bare POST, or that need a key of the user's own (allauth).
FORM_SKIP = NO_GET | {"language", "step_up"}


def _session_client(user: Any, stepped_up: bool) -> Client:
    import time

    from safepassage.accounts.mfa import STEP_UP_AT

    client = Client()
    client.force_login(user)
    if stepped_up:
        session = client.session
        session[STEP_UP_AT] = time.time()
        session.save()
    return client


def _holds(user: Any, permission: str, stepped_up: bool) -> bool:
    user._safepassage_stepped_up = stepped_up
    try:
        return can(user, permission)
    finally:
        del user._safepassage_stepped_up


@pytest.mark.parametrize("stepped_up", [False, True], ids=["plain", "stepped-up"])
@pytest.mark.parametrize("username", [u for u in ROLE_USERS if u])
def test_each_write_route_takes_exactly_the_policy_s_writers_stepped_up_or_not(
    username: str, stepped_up: bool, users: dict[str, Any], scanned_person: Any
) -> None:
    """Every API write and every page form, as each role, with and without a fresh step-up."""
    user = users[username]
    client = _session_client(user, stepped_up)
    failures, walked = [], 0
    for route in ROUTES:
        if not route.has_writes or route.name in FORM_SKIP or route.write in ("public", "home", None):
            continue
        if "<slug:" in route.pattern or route.write != route.read and route.name not in WRITE_METHODS:
            continue
        url = reverse(route.name, kwargs=_kwargs(route.pattern, scanned_person))
        method = WRITE_METHODS.get(route.name, "post")
        if route.name.startswith("api-") and route.name != "api-scans":
            response = getattr(client, method)(url, "{}", content_type="application/json")
        else:
            response = client.post(url, {})
        walked += 1
        allowed = _holds(user, route.write, stepped_up)
        # Allowed writes reach validation (400, or the form again) or succeed; the rest are refused.
        expected = {200, 201, 302, 400} if allowed else {403, 404}
        if allowed and route.name == "exchanges:review":
            expected.add(404)  # the entry to decide is named in the body: none here
        if route.name in NEEDS_A_STEP_BEFORE:
            expected = {404} if allowed else {403}
        if response.status_code not in expected:
            failures.append((route.name, method, response.status_code))
    assert walked > 40
    assert [] == failures


def test_no_write_route_takes_a_permission_a_step_up_grants() -> None:
    from safepassage.core.policy import STEP_UP

    writes = {
        (r.name, r.write) for r in ROUTES if r.has_writes and r.write != r.read or r.name in WRITE_METHODS
    }
    forms = {(r.name, r.write) for r in ROUTES if r.has_writes and r.name.startswith("registry:")}
    assert [] == sorted((name, p) for name, p in writes | forms if p in STEP_UP)


def test_a_write_never_counts_a_step_up_even_under_a_read_permission(users: dict[str, Any]) -> None:
    from safepassage.core.policy import can_write

    mona = users["mona"]
    mona._safepassage_stepped_up = True
    assert can(mona, "person.identity.read") and not can_write(mona, "person.identity.read")
    assert can_write(users["lev"], "person.identity.write") and can_write(mona, "protection.interview.record")


def test_a_stepped_up_monitor_reads_identities_but_every_identity_write_is_refused(
    users: dict[str, Any], person: Any
) -> None:
    mona = _session_client(users["mona"], stepped_up=True)
    name = NameForm.objects.filter(person=person, kind="legal").get()
    document = person.documents.get()
    assert 200 == mona.get(reverse("api-names", kwargs={"pk": person.pk})).status_code
    assert "김철남" in mona.get(reverse("registry:person_detail", kwargs={"pk": person.pk})).content.decode()
    writes = [
        mona.post(
            reverse("api-names", kwargs={"pk": person.pk}),
            {"text": "Ким", "kind": "alias", "recorder_language": "ru"},
            content_type="application/json",
        ),
        mona.patch(
            reverse("api-name", kwargs={"pk": person.pk, "record": name.pk}),
            {"text": "Changed"},
            content_type="application/json",
        ),
        mona.post(
            reverse("api-documents", kwargs={"pk": person.pk}),
            {"doc_type": "passport", "issuing_state": "KP", "number": "X1"},
            content_type="application/json",
        ),
        mona.post(
            reverse("registry:name_add", kwargs={"pk": person.pk}),
            {"text": "x", "kind": "alias", "recorder_language": "en"},
        ),
        mona.post(
            reverse("registry:name_edit", kwargs={"pk": person.pk, "record": name.pk}),
            {"text": "Changed", "kind": "legal", "recorder_language": "ko"},
        ),
        mona.post(
            reverse("registry:document_add", kwargs={"pk": person.pk}),
            {"doc_type": "passport", "issuing_state": "KP", "number": "X1", "assessment": "unverified"},
        ),
        mona.post(reverse("registry:scan_add", kwargs={"pk": person.pk, "record": document.pk}), {}),
    ]
    assert [403] * len(writes) == [w.status_code for w in writes]
    name.refresh_from_db()
    counts = (NameForm.objects.filter(person=person).count(), person.documents.count())
    assert ("김철남", (2, 1)) == (name.text, counts)
    page = mona.get(reverse("registry:person_detail", kwargs={"pk": person.pk})).content.decode()
    assert reverse("registry:name_add", kwargs={"pk": person.pk}) not in page


def test_page_forms_refuse_a_post_from_a_role_without_the_permission(
    users: dict[str, Any], person: Any
) -> None:
    client = Client()
    client.force_login(users["mona"])
    response = client.post(
        reverse("registry:name_add", kwargs={"pk": person.pk}),
        {"text": "x", "kind": "alias", "recorder_language": "en"},
    )
    assert 403 == response.status_code
    assert 2 == NameForm.objects.filter(person=person).count()


def test_a_caseworker_gets_404_for_a_person_outside_her_unit(
    users: dict[str, Any], other_person: Any
) -> None:
    client = Client()
    client.force_login(users["carla"])
    for name in ("registry:person_detail", "registry:name_add", "api-person", "api-names"):
        response = client.get(reverse(name, kwargs={"pk": other_person.pk}))
        assert 404 == response.status_code, name
        assert "SP-TEST-0002" not in response.content.decode()


def test_a_user_without_a_role_is_denied_everything_but_public_routes(
    no_role_user: Any, scanned_person: Any
) -> None:
    person = scanned_person
    client = Client()
    client.force_login(no_role_user)
    for route in ROUTES:
        if route.read == "public" or route.name in NO_GET or not route.has_get:
            continue
        response = client.get(
            reverse(route.name, kwargs=_kwargs(route.pattern, person))
            if "record" not in route.pattern
            else "/"
        )
        assert response.status_code in (403, 404), route.name
