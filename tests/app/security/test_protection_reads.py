"""Seeing protection or exchange data leaves one audit event per page or API read: who, what, and where."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safepassage.audit.models import AuditEvent
from safepassage.audit.services import LIST_ID
from safepassage.audit.verify import verify_chain
from safepassage.exchanges import services as exchanges
from safepassage.exchanges.models import ExchangeRound
from safepassage.protection import services as protection
from safepassage.tracing.models import TracingRequest
from safepassage.tracing.services import tracing_request_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(person: Any, users: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """The fixture person with an interview, a risk assessment and an application; a round; a request."""
    protection.interview_record(
        actor=users["carla"],
        person=person,
        held_on=date(2025, 3, 1),
        place="Camp",
        interviewer_name="C",
        language="ko",
        consent=True,
        wish="undecided",
    )
    risk = protection.risk_assessment_create(
        actor=users["lev"],
        person=person,
        destination="KP",
        risk_kinds=["torture"],
        conclusion="substantial",
        summary="Reasoning",
    )
    application = protection.application_open(
        actor=users["lev"], person=person, procedure="ua_refugee", kind="asylum", filed_on=date(2026, 1, 5)
    )
    round_ = exchanges.round_create(actor=users["nick"], name="Round R")
    listed = tmp_path / "list.csv"
    listed.write_text("id,full_name\nRU-1,Ким Чхоль Нам\n", encoding="utf-8")
    exchanges.list_import(actor=users["nick"], round_=round_, direction="outgoing", path=listed)
    tracing = tracing_request_create(
        actor=users["lev"], reference="TR-R", received_on=date(2026, 1, 1), requester="R", sought_names="Ким"
    )
    return {"person": person, "risk": risk, "application": application, "round": round_, "tracing": tracing}


def _one(route: str, kw: dict[str, Any]) -> str:
    return reverse(route, kwargs=kw)


POSITIONS = "protection.stateposition"
# (reader, route, url kwargs from the case, action, object type, object id from the case or "*", fields)
READS: list[tuple[str, str, Any, str, str, Any, list[str]]] = [
    (
        "lev",
        "registry:person_detail",
        lambda c: {"pk": c["person"].pk},
        "protection.read",
        "registry.person",
        lambda c: c["person"].pk,
        ["applications", "determination", "interviews", "positions", "risk_assessments"],
    ),
    (
        "mona",
        "registry:person_detail",
        lambda c: {"pk": c["person"].pk},
        "protection.read",
        "registry.person",
        lambda c: c["person"].pk,
        ["determination", "interviews", "positions"],
    ),
    (
        "lev",
        "protection:risk_detail",
        lambda c: {"pk": c["person"].pk, "record": c["risk"].pk},
        "protection.read",
        "protection.riskassessment",
        lambda c: c["risk"].pk,
        ["risk_assessment"],
    ),
    (
        "lev",
        "protection:application_step",
        lambda c: {"pk": c["person"].pk, "record": c["application"].pk},
        "protection.read",
        "protection.application",
        lambda c: c["application"].pk,
        ["application"],
    ),
    (
        "lev",
        "protection:determination_history",
        lambda c: {"pk": c["person"].pk},
        "protection.read",
        "registry.person",
        lambda c: c["person"].pk,
        ["determination"],
    ),
    (
        "lev",
        "protection:case_facts",
        lambda c: {"pk": c["person"].pk},
        "protection.read",
        "registry.person",
        lambda c: c["person"].pk,
        ["case_facts"],
    ),
    ("carla", "protection:worklist", lambda c: {}, "protection.read", "protection.worklist", LIST_ID, []),
    ("mona", "protection:positions", lambda c: {}, "protection.read", POSITIONS, LIST_ID, []),
    ("nick", "exchanges:rounds", lambda c: {}, "exchange.read", "exchanges.exchangeround", LIST_ID, []),
    (
        "nick",
        "exchanges:round",
        lambda c: {"pk": c["round"].pk},
        "exchange.read",
        "exchanges.exchangeround",
        lambda c: c["round"].pk,
        ["outgoing_list"],
    ),
    (
        "lev",
        "exchanges:review",
        lambda c: {"pk": c["round"].pk},
        "exchange.read",
        "exchanges.exchangeround",
        lambda c: c["round"].pk,
        ["names", "review"],
    ),
    ("lev", "tracing:requests", lambda c: {}, "tracing.read", "tracing.tracingrequest", LIST_ID, []),
    (
        "lev",
        "tracing:request",
        lambda c: {"pk": c["tracing"].pk},
        "tracing.read",
        "tracing.tracingrequest",
        lambda c: c["tracing"].pk,
        ["matches", "reply"],
    ),
    (
        "lev",
        "api-interviews",
        lambda c: {"pk": c["person"].pk},
        "protection.read",
        "registry.person",
        lambda c: c["person"].pk,
        ["interviews"],
    ),
    (
        "lev",
        "api-risk-assessments",
        lambda c: {"pk": c["person"].pk},
        "protection.read",
        "registry.person",
        lambda c: c["person"].pk,
        ["risk_assessments"],
    ),
    (
        "lev",
        "api-applications",
        lambda c: {"pk": c["person"].pk},
        "protection.read",
        "registry.person",
        lambda c: c["person"].pk,
        ["applications"],
    ),
    (
        "mona",
        "api-determination",
        lambda c: {"pk": c["person"].pk},
        "protection.read",
        "registry.person",
        lambda c: c["person"].pk,
        ["determination"],
    ),
    ("carla", "api-state-positions", lambda c: {}, "protection.read", POSITIONS, LIST_ID, []),
]


def _reads_since(seq: int, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=seq, action=action).order_by("seq"))


@pytest.mark.parametrize(
    ("reader", "route", "kwargs", "action", "object_type", "object_id", "fields"),
    READS,
    ids=[f"{r[0]}-{r[1]}" for r in READS],
)
def test_each_protection_and_exchange_read_records_who_saw_what_on_which_route(
    users: dict[str, Any],
    case: dict[str, Any],
    reader: str,
    route: str,
    kwargs: Any,
    action: str,
    object_type: str,
    object_id: Any,
    fields: list[str],
) -> None:
    client = Client()
    client.force_login(users[reader])
    before = AuditEvent.objects.order_by("seq").last().seq
    response = client.get(_one(route, kwargs(case)))
    assert 200 == response.status_code
    expected_id = object_id if object_id == LIST_ID else str(object_id(case))
    recorded = [
        (e.actor_label, e.object_type, e.object_id, e.purpose, e.fields) for e in _reads_since(before, action)
    ]
    assert [(reader, object_type, expected_id, route, fields)] == recorded
    assert verify_chain().ok


def test_a_list_page_is_one_event_however_many_rows_it_shows(
    users: dict[str, Any], case: dict[str, Any]
) -> None:
    for n in range(3):
        exchanges.round_create(actor=users["nick"], name=f"Round extra {n}")
    client = Client()
    client.force_login(users["nick"])
    before = AuditEvent.objects.order_by("seq").last().seq
    client.get(reverse("exchanges:rounds"))
    assert 4 == ExchangeRound.objects.count()
    assert 1 == len(_reads_since(before, "exchange.read"))


def test_a_refused_read_records_nothing(users: dict[str, Any], case: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["nick"])
    before = AuditEvent.objects.order_by("seq").last().seq
    assert 403 == client.get(reverse("api-interviews", kwargs={"pk": case["person"].pk})).status_code
    assert 403 == client.get(reverse("tracing:request", kwargs={"pk": case["tracing"].pk})).status_code
    assert [] == list(AuditEvent.objects.filter(seq__gt=before))
    assert TracingRequest.objects.exists()


def test_the_case_file_records_identity_and_protection_reads(
    users: dict[str, Any], case: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(users["lev"])
    before = AuditEvent.objects.order_by("seq").last().seq
    response = client.get(reverse("reports:case_file", kwargs={"pk": case["person"].pk}))
    assert 200 == response.status_code
    recorded = [(e.action, e.purpose) for e in AuditEvent.objects.filter(seq__gt=before).order_by("seq")]
    assert [("identity.read", "reports:case_file"), ("protection.read", "reports:case_file")] == recorded


def test_the_auditor_sees_where_each_read_happened(users: dict[str, Any], case: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["lev"])
    client.get(reverse("protection:worklist"))
    client.force_login(users["aude"])
    page = client.get(reverse("audit:event_list")).content.decode()
    assert "protection:worklist" in page
