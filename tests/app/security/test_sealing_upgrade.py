"""Upgrading a database with protection data in the clear seals it; going back opens it again."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from safepassage.dashboard.selectors import dashboard_for
from safepassage.protection import services
from safepassage.protection.models import Application, Interview, RiskAssessment, WorkItem
from safepassage.registry.models import Person
from tests.app.protection.conftest import approved_risk, verified_refusal  # noqa: F401

# Migrating back and forth needs real transactions: slower than the other database tests.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BEFORE = [
    ("registry", "0003_linkage_keys"),
    ("protection", "0004_caseload_refresh"),
    ("dashboard", "0002_interview_index"),
]
CLEAR_COLUMNS = [
    ("protection_interview", "wish"),
    ("protection_interview", "wish_destination"),
    ("protection_riskassessment", "conclusion"),
    ("protection_riskassessment", "destination"),
    ("protection_application", "procedure"),
    ("protection_workitem", "task"),
    ("registry_person", "birth_date"),
]


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    apps_sealed = ("registry", "protection", "dashboard", "core")
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] in apps_sealed]


def _column(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 (names from the list above)
        return [str(row[0]) for row in cursor.fetchall() if row[0] is not None]


def _figures(user: Any) -> dict[str, Any]:
    board = dashboard_for(user=user, today=date(2026, 1, 15))
    return {f.key: f.values for f in board.figures}


def test_the_upgrade_seals_clear_rows_resumably_and_the_reverse_opens_them(
    users: Any,
    person: Any,
    verified_refusal: Any,  # noqa: F811
    approved_risk: Any,  # noqa: F811
) -> None:
    verified_refusal(person, held_on=date(2025, 9, 1))
    approved_risk(person)
    services.application_open(
        actor=users["lev"], person=person, procedure="kr_nkra", kind="protection", filed_on=date(2025, 12, 1)
    )
    Person.objects.filter(pk=person.pk).update(birth_date_index="")
    person.birth_date = date(1999, 4, 7)
    person.save()
    figures = _figures(users["lev"])
    items = sorted((w.code, w.task, w.lane) for w in WorkItem.objects.all())
    assert any(v.startswith("v1:") for v in _column("protection_interview", "wish"))

    _migrate(BEFORE)
    # Back in the clear, in each old column's own type.
    assert ["not_return"] == _column("protection_interview", "wish")
    assert ["substantial"] == _column("protection_riskassessment", "conclusion")
    assert ["kr_nkra"] == _column("protection_application", "procedure")
    assert "1999-04-07" in _column("registry_person", "birth_date")

    _migrate(_latest())
    for table, column in CLEAR_COLUMNS:
        values = _column(table, column)
        assert values and all(v.startswith("v1:") for v in values), (table, column)
    interview = Interview.objects.get(person=person)
    assert ("not_return", "KR", True) == (
        interview.wish,
        interview.wish_destination,
        interview.verified_private,
    )
    risk = RiskAssessment.objects.get(person=person)
    assert ("KP", ["persecution", "torture"], "substantial") == (
        risk.destination,
        sorted(risk.risk_kinds),
        risk.conclusion,
    )
    assert "kr_nkra" == Application.objects.get(person=person).procedure
    assert date(1999, 4, 7) == Person.objects.get(pk=person.pk).birth_date
    assert items == sorted((w.code, w.task, w.lane) for w in WorkItem.objects.all())
    assert figures == _figures(users["lev"])


def test_sealing_skips_what_is_sealed_so_a_second_run_changes_nothing(
    users: Any,
    person: Any,
    verified_refusal: Any,  # noqa: F811
) -> None:
    from django.apps import apps

    from safepassage.core.keys import keyring
    from safepassage.core.sealing import seal_rows

    verified_refusal(person)
    before = _column("protection_interview", "wish")
    assert 0 == seal_rows(apps.get_model("protection", "Interview"), ["wish", "verified_private"], keyring)
    assert before == _column("protection_interview", "wish")
