"""The work list read from its index gives what the old whole-caseload computation gave, page by page."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from safepassage.core.policy import can
from safepassage.exchanges import notify
from safepassage.protection import owners, selectors, services, standards, work
from safepassage.protection.models import Application, Determination, Notification, RiskAssessment, WorkItem
from safepassage.protection.procedures import procedure
from safepassage.registry import services as registry
from safepassage.registry.models import Person
from tests.app.conftest import rows_kept_for_the_class

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)
DEMO_USERS = ("demo-legal", "demo-legal-2", "demo-caseworker", "demo-monitor")


def old_worklist(user: Any, today: date) -> list[tuple[Any, ...]]:
    """The list as it was computed before the index: every determination decrypted, sorted in Python;
    with the due dates every item has had since (protection/standards.py)."""
    items: list[tuple[Any, ...]] = []
    visible = Person.objects.for_user(user)
    latest: dict[Any, Determination] = {}
    for row in Determination.objects.filter(person__in=visible.values("pk")).order_by("recorded_at"):
        latest[row.person_id] = row
    people = {p.pk: p for p in visible.filter(pk__in=list(latest))}
    for person_id, row in latest.items():
        result = json.loads(row.result)
        for action in result.get("actions", []):
            owner = work.ACTION_OWNERS.get(action["code"])
            if owner and can(user, owner):
                who = owners.roles_holding(owner)
                due = date.fromisoformat(result["as_of"]) + timedelta(
                    days=standards.ACTION_DAYS[action["code"]]
                )
                items.append((people[person_id], action["code"], action["code"], who, due, due < today,
                              ", ".join(action.get("citations", []))))  # fmt: skip
    if can(user, "protection.risk"):
        waiting = RiskAssessment.objects.for_user(user).filter(status="submitted").exclude(recorded_by=user)
        for assessment in waiting.select_related("person"):
            who = owners.roles_holding("protection.risk")
            # The authority the approval serves (protection.work.APPROVAL_AUTHORITY).
            authority = "CAT Art. 3"
            due = assessment.recorded_at.date() + timedelta(days=standards.APPROVAL_DAYS)
            row = (assessment.person, "approve_risk_assessment", "approval", who, due, due < today, authority)
            items.append(row)
    for row in selectors.application_rows(user=user) if can(user, "protection.applications") else []:
        if row.next is not None:
            step = row.next
            code = ("deadline" if step.binding else "target") if step.due else "standard"
            anchors = {"filed": row.application.filed_on, **row.done}
            start = anchors.get(step.step.anchor) or max([row.application.filed_on, *row.done.values()])
            due = step.due or start + timedelta(days=standards.STEP_DAYS)
            items.append((row.application.person, gettext(step.step.label), code, gettext(step.step.actor),
                          due, due < today, step.step.reference))  # fmt: skip
    items.sort(key=lambda i: (not i[5], i[4] or date.max, i[0].case_number))
    return [(i[0].case_number, *i[1:]) for i in items]


def new_worklist(user: Any, today: date) -> list[tuple[Any, ...]]:
    return [
        (i.case_number, i.what, i.code, i.who, i.due, i.overdue, i.citation)
        for i in selectors.worklist(user=user, today=today)
    ]


@pytest.fixture(scope="class")
def demo_loaded(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """`safepassage demo`, plus an assessment awaiting approval and two pending applications, loaded
    once for the class in a transaction that each test's own rolls back to and that ends rolled back."""
    with rows_kept_for_the_class(django_db_blocker, tmp_path_factory.mktemp("home")):
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 (closed with the process)
        legal = get_user_model().objects.get(username="demo-legal")
        second = Person.objects.order_by("case_number")[1]
        assessment = services.risk_assessment_create(
            actor=legal, person=second, destination="KP", risk_kinds=[], conclusion="none", summary="R"
        )
        services.evidence_add(actor=legal, assessment=assessment, kind="other", source="S", description="D")
        services.risk_assessment_submit(actor=legal, assessment=assessment)
        for person, filed in ((second, date(2025, 1, 6)), (Person.objects.order_by("case_number")[2], TODAY)):
            services.application_open(
                actor=legal, person=person, procedure="kr_nkra", kind="protection", filed_on=filed
            )
        yield


@pytest.fixture
def demo(demo_loaded: None, db: Any) -> dict[str, Any]:
    """The demo users, read afresh for each test (a test may change one in memory)."""
    return {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERS)}


@pytest.mark.xdist_group("worklist-demo")
class TestOnTheDemo:
    """Every test here reads the one demo loaded for the class; what a test writes is rolled back."""

    def test_every_demo_role_sees_the_same_work_list_as_the_old_computation(
        self, demo: dict[str, Any]
    ) -> None:
        for username in DEMO_USERS:
            expected = old_worklist(demo[username], TODAY)
            assert expected == new_worklist(demo[username], TODAY), username
        assert {"action", "approval", "step"} == set(WorkItem.objects.values_list("source", flat=True))
        # The demo legal officer recorded the assessment: only the second one is asked to approve it.
        assert "approval" not in {row[2] for row in new_worklist(demo["demo-legal"], TODAY)}
        assert "approval" in {row[2] for row in new_worklist(demo["demo-legal-2"], TODAY)}

    def test_the_page_shows_the_first_fifty_in_that_order_and_the_rest_on_the_next(
        self, demo: dict[str, Any]
    ) -> None:
        client = Client()
        client.force_login(demo["demo-legal"])
        everything = list(selectors.worklist(user=demo["demo-legal"]))
        assert len(everything) > 50
        first = client.get(reverse("protection:worklist")).context["items"]
        second = client.get(reverse("protection:worklist") + "?page=2").context["items"]
        assert [i.pk for i in everything] == [i.pk for i in first] + [i.pk for i in second]

    def test_the_page_reads_one_page_of_the_index_and_never_a_determination(
        self, demo: dict[str, Any]
    ) -> None:
        # The legal officer's list runs to a second page; the caseworker's short one has one, shown for any.
        for username, limit in (("demo-legal", r"LIMIT \d+ OFFSET 50\b"), ("demo-caseworker", r"LIMIT \d+")):
            client = Client()
            client.force_login(demo[username])
            client.get(reverse("protection:worklist"))
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("protection:worklist") + "?page=2").status_code == 200
            read = [q["sql"] for q in queries if "protection_workitem" in q["sql"]]
            assert any(re.search(limit, sql) for sql in read), username
            assert [] == [q["sql"][:300] for q in queries if "protection_determination" in q["sql"]], username

    def test_a_caseworker_without_a_unit_has_an_empty_list(self, demo: dict[str, Any]) -> None:
        caseworker = demo["demo-caseworker"]
        assert list(selectors.worklist(user=caseworker))
        caseworker.membership.unit = None
        assert [] == list(selectors.worklist(user=caseworker))

    def test_the_stored_rows_are_rebuilt_alike_by_the_backfill(self, demo: dict[str, Any]) -> None:
        from importlib import import_module

        backfill = import_module("safepassage.protection.migrations.0003_work_items").index_stored_work
        columns = ("person_id", "source", "code", "task", "procedure", "permission", "lane", "due",
                   "sort_due", "rank", "citation", "not_for_id", "cleared")  # fmt: skip

        def stored() -> list[tuple[Any, ...]]:
            # What is sealed is compared opened (each sealing has its own nonce).
            return sorted(tuple(str(getattr(item, c)) for c in columns) for item in WorkItem.objects.all())

        kept = stored()
        WorkItem.objects.all().delete()
        with connection.cursor() as cursor:
            backfill(apps, SimpleNamespace(execute=cursor.execute))  # the schema editor's one use: ANALYZE
        assert kept == stored()


def test_a_recorded_step_and_a_decision_move_the_application_on_in_the_list(person: Any, users: Any) -> None:
    lev = users["lev"]
    app = services.application_open(
        actor=lev, person=person, procedure="kr_nkra", kind="protection", filed_on=date(2026, 1, 5)
    )

    def steps() -> list[str]:
        return [item.task for item in WorkItem.objects.filter(person=person, source="step")]

    first = steps()
    assert first == [procedure("kr_nkra").steps[0].key]
    services.application_step_record(actor=lev, application=app, step=first[0], done_on=date(2026, 1, 5))
    assert steps() not in ([], first)
    services.application_decide(actor=lev, application=app, outcome="withdrawn", decided_on=date(2026, 1, 20))
    app.refresh_from_db()
    assert ("withdrawn", []) == (app.status, steps())
    assert Application.objects.filter(person=person).count() == 1


def test_an_approval_leaves_the_list_once_reviewed(person: Any, users: Any, lena: Any) -> None:
    lev = users["lev"]
    assessment = services.risk_assessment_create(
        actor=lev, person=person, destination="KP", risk_kinds=[], conclusion="none", summary="R"
    )
    services.evidence_add(actor=lev, assessment=assessment, kind="other", source="S", description="D")
    services.risk_assessment_submit(actor=lev, assessment=assessment)
    assert ["approval"] == [i.code for i in selectors.worklist(user=lena) if i.source == "approval"]
    services.risk_assessment_review(actor=lena, assessment=assessment, approve=False, note="More evidence")
    assert [] == [i.code for i in selectors.worklist(user=lena) if i.source == "approval"]


# --- the Information Bureau notification (GC III Art. 122) ------------------------------------


def _to_notify(user: Any) -> set[str]:
    return {i.case_number for i in selectors.worklist(user=user) if i.task == work.NOTIFY}


def test_the_export_page_clears_the_notification_of_each_man_it_sent_and_a_new_custody_event_reopens_it(
    person: Any, other_person: Any, users: Any
) -> None:
    carla, lev = users["carla"], users["lev"]
    # The other man becomes a prisoner of war too: he is owed a notification.
    registry.capture_set(actor=lev, person=other_person, captured_on=date(2025, 2, 3), detaining_power="UA")
    registry.service_record_add(actor=lev, person=other_person, forces_of="KP", rank="Private")
    assert {"SP-TEST-0001", "SP-TEST-0002"} == _to_notify(lev)
    client = Client()
    client.force_login(carla)  # a caseworker of Unit A: she exports (and sees) only her own unit's men
    assert client.get(reverse("exchanges:notify_export", args=["csv"])).status_code == 200
    record = Notification.objects.get()
    assert (person.pk, carla.pk) == (record.person_id, record.notified_by_id)
    assert ("identity.read", "notification.export") == (record.event.action, record.event.object_type)
    assert {"SP-TEST-0002"} == _to_notify(lev)
    # A new determination (the facts changed) keeps him notified; a transfer does not.
    stored = Determination.objects.filter(person=person).count()
    services.case_facts_set(actor=lev, person=person, media_exposure=True)
    assert ({"SP-TEST-0002"}, stored + 1) == (
        _to_notify(lev),
        Determination.objects.filter(person=person).count(),
    )
    registry.custody_event_add(
        actor=carla, person=person, kind="transfer", occurred_on=date(2025, 6, 1), facility="Facility South-2"
    )
    assert {"SP-TEST-0001", "SP-TEST-0002"} == _to_notify(lev)
    services.case_facts_set(actor=lev, person=person, media_exposure=False)
    assert ({"SP-TEST-0001", "SP-TEST-0002"}, stored + 2) == (
        _to_notify(lev),
        Determination.objects.filter(person=person).count(),
    )


def test_the_command_line_export_records_everyone_it_wrote_as_notified_by_the_system(
    person: Any, users: Any, tmp_path: Path
) -> None:
    call_command("notify", "export", "--out", str(tmp_path / "n.csv"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    record = Notification.objects.get(person=person)
    assert (None, "notification.export", "system") == (
        record.notified_by_id,
        record.event.action,
        record.event.actor_label,
    )
    assert person.case_number in (tmp_path / "n.csv").read_text("utf-8")
    assert set() == _to_notify(users["lev"])
    assert notify.EXPORT_REF == record.event.object_type


def test_every_permission_of_one_lane_is_held_by_the_same_roles() -> None:
    from safepassage.core.policy import POLICY

    lanes: dict[str, set[frozenset[Any]]] = {}
    for permission, lane in work.LANES.items():
        lanes.setdefault(lane, set()).add(POLICY[permission])
    assert all(1 == len(holders) for holders in lanes.values()), lanes
    assert set(work.PERMISSIONS) == set(work.LANES)
    # The caseworker's lane holds the notification alone (the export clears rows by lane).
    assert ["notify_information_bureau"] == [c for c, p in work.ACTION_OWNERS.items() if p == "person.edit"]


def test_a_work_item_keeps_what_it_asks_for_sealed_and_only_its_lane_in_the_clear(
    person: Any, users: Any
) -> None:
    services.application_open(
        actor=users["lev"], person=person, procedure="kr_nkra", kind="protection", filed_on=date(2026, 1, 5)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT code, task, procedure, permission, citation, lane FROM protection_workitem")
        rows = cursor.fetchall()
    assert rows
    for *sealed, lane in rows:
        assert all(str(value).startswith("v1:") for value in sealed)
        assert lane in {"person", "monitor", "legal"}
    assert any(item.procedure == "kr_nkra" for item in WorkItem.objects.filter(person=person))
