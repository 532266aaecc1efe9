"""Every output that names persons is scoped like the person page: walked as every role and unit."""

from __future__ import annotations

import shutil
import subprocess
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safepassage.accounts.mfa import STEP_UP_AT
from safepassage.accounts.services import user_create
from safepassage.audit.models import AuditEvent
from safepassage.core.policy import can
from safepassage.core.roles import Role
from safepassage.duplicates.models import DuplicatePair
from safepassage.duplicates.services import pairs_propose
from safepassage.exchanges import services as exchanges
from safepassage.exchanges.models import ExchangeRound
from safepassage.registry.choices import MatchStatus
from safepassage.registry.models import DocumentScan
from safepassage.tracing.models import TracingMatch, TracingRequest
from safepassage.tracing.services import tracing_request_create

from ..accounts.routes import all_routes
from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db

# What identifies each fixture person: his names in every script, his document, his case number.
UNIT_A_NAMES = ("김철남", "Ким Чхоль Нам", "Монгуш Буян")
UNIT_B_NAMES = ("박영수", "Пак Ён Су")
UNIT_A_CASE, UNIT_B_CASE = "SP-TEST-0001", "SP-TEST-0002"
# Sign-out, the WebAuthn key pages and the schema: no person in them.
SKIP = {"logout", "account_logout", "mfa_remove_webauthn", "mfa_edit_webauthn", "schema", "api-docs"}
RECORDS = {
    "names": "name_forms",
    "nationality": "nationality_claims",
    "service": "service_records",
    "custody": "custody_events",
    "risk": "risk_assessments",
    "applications": "applications",
    "documents": "documents",
}


@pytest.fixture
def scene(users: dict[str, Any], units: Any, scanned_person: Any, other_person: Any, tmp_path: Path) -> Any:
    """One round listing both persons (each awaiting review), a tracing request matching both."""
    users["cole"] = user_create(
        actor=None,
        username="cole",
        role=Role.CASEWORKER,
        password=PASSWORD,
        unit=units["b"],
        check_password=False,
    )
    round_ = ExchangeRound.objects.get()
    listed = tmp_path / "list2.csv"
    listed.write_text(
        "id,full_name,birth_date\nRU-1,Ким Чхоль Нам,2001\nRU-2,Пак Ён Су,2001\nRU-3,Сим Хён Гук,1999\n",
        encoding="utf-8",
    )
    lst = exchanges.list_import(actor=users["nick"], round_=round_, direction="outgoing", path=listed)
    for entry, person in zip(lst.entries.order_by("row"), (scanned_person, other_person), strict=False):
        entry.person, entry.match_status, entry.match_probability = person, MatchStatus.REVIEW, 0.3
        entry.evidence = '{"full_name": "compared"}'
        entry.save()
    request = tracing_request_create(
        actor=users["lev"], reference="TR-S", received_on=date(2026, 1, 2), requester="R", sought_names="Kim"
    )
    for person in (scanned_person, other_person):
        TracingMatch.objects.create(request=request, person=person, match_probability=0.4, evidence="{}")
    TracingRequest.objects.exclude(pk=request.pk).delete()
    # A possible duplicate naming both: the review shows both sides, to a reader who may see both.
    ids = sorted([str(scanned_person.pk), str(other_person.pk)])
    pairs_propose({(ids[0], ids[1]): (0.9, {"name_evidence": "compared"})})
    pair = DuplicatePair.objects.get()
    return {
        "a": scanned_person, "b": other_person, "round": round_, "tracing": request, "pair": pair,
        "lev": users["lev"],
    }  # fmt: skip


def _client(user: Any, stepped_up: bool = False) -> Client:
    client = Client()
    client.force_login(user)
    if stepped_up:
        session = client.session
        session[STEP_UP_AT] = time.time()
        session.save()
    return client


def _admin_object(pattern: str, scene: dict[str, Any]) -> int:
    """The administrator's pages name a unit, a second-factor reset or an account (the legal officer's)."""
    from django.utils import timezone

    from safepassage.accounts.models import MfaReset, Unit

    lev = scene["lev"]
    if "units/" in pattern:
        return Unit.objects.order_by("pk").first().pk
    if "mfa-resets/" in pattern:
        reset = MfaReset.objects.filter(approved_at__isnull=True).first()
        if reset is None:
            reset = MfaReset.objects.create(user=lev, requested_by=lev, requested_at=timezone.now())
        return reset.pk
    return lev.pk


def _urls(route: Any, scene: dict[str, Any]) -> list[str]:
    """Every address of a route over the scene: each person, each of his records, each format."""
    pattern = route.pattern
    if pattern.startswith("exchanges/<uuid:pk>"):
        base = {"pk": scene["round"].pk}
    elif pattern.startswith("tracing/<uuid:pk>"):
        base = {"pk": scene["tracing"].pk}
    elif pattern.startswith("duplicates/<int:pk>"):
        base = {"pk": scene["pair"].pk}
    elif "<str:token>" in pattern:
        base = {"token": "0" * 32}  # an upload nobody made: the page must not show anything of anyone
    elif pattern.startswith("accounts/admin/") and "<int:pk>" in pattern:
        base = {"pk": _admin_object(pattern, scene)}
    else:
        base = {}
    formats = {"manifest": ["csv", "pdf"], "notify": ["csv", "json"], "figures": ["csv", "json"]}
    fmts = next((v for k, v in formats.items() if k in route.name), ["csv"])
    people = [scene["a"], scene["b"]] if "<uuid:pk>" in pattern and not base else [None]
    # A round's pages of one man (an override's request form) or of one override: each person's.
    extras: list[dict[str, Any]] = [{}]
    if "<uuid:person>" in pattern:
        extras = [{"person": scene[key].pk} for key in ("a", "b")]
    elif "<uuid:override>" in pattern:
        extras = [{"override": override.pk} for override in _overrides(scene)]
    urls = []
    for person, extra in [(p, e) for p in people for e in extras]:
        kwargs = {**base, **extra}
        if person is not None:
            kwargs["pk"] = person.pk
        if "<uuid:record>" in pattern:
            if "scans/<uuid:record>" in pattern:
                record = DocumentScan.objects.filter(document__person=person).first()
            else:
                related = next((v for k, v in RECORDS.items() if k in pattern), "documents")
                record = getattr(person, related).first()
            if record is None:
                continue
            kwargs["record"] = record.pk
        for fmt in fmts if "<str:fmt>" in pattern else [None]:
            urls.append(reverse(route.name, kwargs={**kwargs, **({"fmt": fmt} if fmt else {})}))
    return urls


def _overrides(scene: dict[str, Any]) -> list[Any]:
    """An override of the round's guard for each person with an interview, asked for by the monitor."""
    from django.contrib.auth import get_user_model

    from safepassage.exchanges.models import GuardOverride

    made = []
    for person in (scene["a"], scene["b"]):
        interview = person.interviews.first()
        if interview is None:
            continue
        override, _ = GuardOverride.objects.get_or_create(
            round=scene["round"],
            person=person,
            defaults={
                "interview": interview,
                "requested_by": get_user_model().objects.get(username="mona"),
                "reason": "Consents to return in a verified private interview",
            },
        )
        made.append(override)
    assert made, "no person of the scene has an interview to rest an override on"
    return made


def _text(response: Any, tmp_path: Path) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"%PDF") and len(body) > 100:
        path = tmp_path / "out.pdf"
        path.write_bytes(body)
        done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
        return done.stdout
    return body.decode("utf-8", "replace")


def _forbidden(username: str, user: Any) -> tuple[str, ...]:
    """What this reader must never be shown: the other unit's person, and names without the right."""
    if username == "carla":
        return (*UNIT_B_NAMES, UNIT_B_CASE)
    if username == "cole":
        return (*UNIT_A_NAMES, UNIT_A_CASE)
    if not can(user, "person.identity.read"):
        return UNIT_A_NAMES + UNIT_B_NAMES
    return ()


READERS = [
    ("carla", False),
    ("cole", False),
    ("lev", False),
    ("mona", False),
    ("mona", True),
    ("nick", False),
    ("aude", False),
    ("adam", False),
]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext reads the PDFs back")
@pytest.mark.parametrize(("username", "stepped_up"), READERS)
def test_no_output_shows_a_reader_a_person_outside_his_scope(
    username: str, stepped_up: bool, users: dict[str, Any], scene: Any, tmp_path: Path
) -> None:
    user = users[username]
    client = _client(user, stepped_up)
    if stepped_up:
        user._safepassage_stepped_up = True
    forbidden = _forbidden(username, user)
    leaks, walked = [], 0
    for route in all_routes():
        if route.name in SKIP or not route.has_get:
            continue
        for url in _urls(route, scene):
            response = client.get(url, HTTP_ACCEPT="*/*")
            walked += 1
            if response.status_code != 200:
                continue
            text = _text(response, tmp_path)
            leaks += [(route.name, url, s) for s in forbidden if s in text]
    assert walked > 100
    assert [] == leaks


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext reads the PDFs back")
@pytest.mark.parametrize("fmt", ["csv", "pdf"])
def test_a_unit_a_caseworker_reads_no_unit_b_person_in_a_manifest(
    fmt: str, users: dict[str, Any], scene: Any, tmp_path: Path
) -> None:
    url = reverse("exchanges:manifest", kwargs={"pk": scene["round"].pk, "fmt": fmt})
    text = _text(_client(users["carla"]).get(url), tmp_path)
    assert "김철남" in text and UNIT_A_CASE in text
    assert [] == [s for s in (*UNIT_B_NAMES, UNIT_B_CASE) if s in text]


def test_a_manifest_download_records_whom_it_disclosed_by_id_never_by_name(
    users: dict[str, Any], scene: Any
) -> None:
    url = reverse("exchanges:manifest", kwargs={"pk": scene["round"].pk, "fmt": "csv"})
    before = AuditEvent.objects.count()
    assert 200 == _client(users["carla"]).get(url).status_code
    assert 200 == _client(users["lev"]).get(url).status_code
    events = AuditEvent.objects.filter(seq__gt=before, action="exchange.read")
    disclosed = {
        label: sorted(e.person_id for e in events.filter(actor_label=label) if e.person_id)
        for label in ("carla", "lev")
    }
    a, b = str(scene["a"].pk), str(scene["b"].pk)
    assert {"carla": [a], "lev": sorted([a, b])} == disclosed
    for event in events:
        assert not any(s in str(event.fields) for s in UNIT_A_NAMES + UNIT_B_NAMES)


def test_a_notification_export_records_each_person_it_disclosed(users: dict[str, Any], scene: Any) -> None:
    before = AuditEvent.objects.count()
    url = reverse("exchanges:notify_export", kwargs={"fmt": "csv"})
    assert 200 == _client(users["carla"]).get(url).status_code
    events = AuditEvent.objects.filter(seq__gt=before, action="identity.read").exclude(person_id="")
    assert [str(scene["a"].pk)] == sorted({e.person_id for e in events})


def test_the_round_page_hides_the_name_as_listed_from_roles_that_may_not_see_names(
    users: dict[str, Any], scene: Any
) -> None:
    url = reverse("exchanges:round", kwargs={"pk": scene["round"].pk})
    for username in ("nick", "mona"):
        page = _client(users[username]).get(url).content.decode()
        assert "Сим Хён Гук" not in page and "Пак Ён Су" not in page and "Ким Чхоль Нам" not in page
        assert UNIT_A_CASE in page  # the pseudonymous case number stays
    assert "Сим Хён Гук" in _client(users["lev"]).get(url).content.decode()
