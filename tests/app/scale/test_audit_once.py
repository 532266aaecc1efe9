"""A page appends all the audit events of its reads together: one turn at the audit head's lock.

Every page view writes to the one audit chain, under its head row's lock; on PostgreSQL each
extra append is three more round trips (lock, insert, head update) while the lock is held, and
every other user's page waits for it. The person page records up to three reads (identity,
protection, handover) and a name search two (the search, the names shown): each in one append.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safepassage.audit.models import AuditEvent
from safepassage.registry.models import NameForm

pytestmark = pytest.mark.django_db


def _head_locks_and_events(client: Client, url: str) -> tuple[int, int]:
    before = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    locks = sum(1 for q in queries.captured_queries if 'FROM "audit_audithead"' in q["sql"])
    return locks, AuditEvent.objects.count() - before


@pytest.mark.parametrize("who", ["lev", "carla", "mona"])
def test_person_page_appends_its_reads_at_once(caseload: Any, who: str) -> None:
    caseload.grow_to(2)
    client = Client()
    client.force_login(caseload.users[who])
    url = reverse("registry:person_detail", args=[caseload.shown[0].pk])
    client.get(url)
    locks, events = _head_locks_and_events(client, url)
    assert events >= 1
    assert locks == 1, f"{who}: {events} events appended under {locks} head locks"


def test_name_search_appends_the_search_and_the_names_shown_at_once(caseload: Any) -> None:
    caseload.grow_to(2)
    client = Client()
    client.force_login(caseload.users["lev"])
    name = NameForm.objects.filter(person=caseload.shown[0]).first().text
    url = reverse("registry:person_list") + "?" + urlencode({"q": name})
    client.get(url)
    locks, events = _head_locks_and_events(client, url)
    assert events >= 2  # the search and at least one person's names
    assert locks == 1


def test_postgresql_connections_price_random_reads_as_in_memory() -> None:
    """The application's PostgreSQL connections carry random_page_cost (see docs/operator.md)."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == pytest.approx(1.1)
