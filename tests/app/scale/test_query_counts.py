"""Every list and person page costs the same number of queries with N persons as with 5N."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safepassage.protection.models import RiskAssessment

pytestmark = pytest.mark.django_db
N = 4  # 5N stays under one page (25 persons), so a query per row shows as a difference.


def _pages(caseload: Any) -> list[tuple[str, str]]:
    """(username, url) for every list page and every page about one person, per role that sees it."""
    first = caseload.shown[0]
    risk = RiskAssessment.objects.filter(person__in=caseload.shown).order_by("recorded_at").first()
    person_pages = [
        reverse("registry:person_detail", args=[first.pk]),
        reverse("protection:determination_history", args=[first.pk]),
        reverse("registry:person_edit", args=[first.pk]),
        reverse("api-person", args=[first.pk]),
        reverse("api-names", args=[first.pk]),
        reverse("api-interviews", args=[first.pk]),
    ]
    lists = [
        reverse("registry:person_list"),
        reverse("registry:person_list") + "?q=%EA%B9%80",
        reverse("registry:person_list") + "?nationality=KP&false_document=on&captured_from=2024-01-01",
        reverse("protection:worklist"),
        reverse("protection:positions"),
        reverse("exchanges:rounds"),
        reverse("exchanges:round", args=[caseload.main_round.pk]),
        reverse("api-persons"),
        reverse("api-state-positions"),
    ]
    identity_pages = {person_pages[2], person_pages[4]}
    pages = [("lev", url) for url in lists + person_pages]
    pages += [("carla", url) for url in lists + person_pages if url != person_pages[1]]
    pages += [("mona", url) for url in lists + person_pages if url not in identity_pages]
    pages += [("lev", reverse("exchanges:review", args=[caseload.main_round.pk]))]
    pages += [("lev", reverse("tracing:requests"))]
    # The Information Bureau export: every visible person on one page, read in batches.
    pages += [
        (who, reverse("exchanges:notify_export", args=[fmt]))
        for who in ("lev", "carla")
        for fmt in ("csv", "json")
    ]
    pages += [("lev", reverse("tracing:request", args=[caseload.first_request.pk]))]
    if risk is not None:
        pages += [("lev", reverse("protection:risk_detail", args=[risk.person_id, risk.pk]))]
    pages += [
        ("nick", reverse("exchanges:rounds")),
        ("nick", reverse("exchanges:round", args=[caseload.main_round.pk])),
    ]
    pages += [("aude", reverse("audit:event_list"))]
    return pages


def _counts(caseload: Any, pages: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, int]]:
    clients: dict[str, Client] = {}
    counts = {}
    for username, url in pages:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(caseload.users[username])
        client = clients[username]
        client.get(url)  # the first call of a session warms per-process caches, as a server's has
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts[(username, url)] = (response.status_code, len(queries))
    return counts


def test_no_page_costs_more_queries_with_five_times_the_caseload(caseload: Any) -> None:
    caseload.grow_to(N)
    pages = _pages(caseload)
    small = _counts(caseload, pages)
    caseload.grow_to(5 * N)
    large = _counts(caseload, pages)
    assert {page: status for page, (status, _) in small.items() if status != 200} == {}
    grown = {page: (small[page], large[page]) for page in pages if small[page] != large[page]}
    assert grown == {}, "\n".join(f"{k}: {v}" for k, v in grown.items())
