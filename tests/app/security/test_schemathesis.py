"""Schemathesis against the OpenAPI schema with two users: no 5xx, no object-level leak, no ignored auth."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.services import user_create
from safepassage.core.roles import Role

from ..conftest import PASSWORD, register
from .apifuzz import FuzzReport, run, session_credentials

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = 8


@pytest.fixture
def bea(units: dict[str, Any]) -> Any:
    """User B: a caseworker of Unit B, whose persons Unit A's caseworker must never reach."""
    return user_create(
        actor=None,
        username="bea",
        role=Role.CASEWORKER,
        password=PASSWORD,
        unit=units["b"],
        check_password=False,
    )


def test_fuzzing_every_operation_as_a_caseworker_finds_no_5xx_and_none_of_the_other_units_records(
    users: dict[str, Any], units: dict[str, Any], person: Any, bea: Any
) -> None:
    theirs = register(bea, units["b"], hangul="백은별", cyrillic="Пэк Ын Бёль", case_number="SP-FUZZ-B01")
    carla = Client()
    carla.force_login(users["carla"])
    credentials = session_credentials(carla)
    markers = ["SP-FUZZ-B01", "백은별", "Пэк Ын Бёль"]
    report = FuzzReport()
    mine = {"id": str(person.pk)}
    run(credentials, path_parameters=mine, foreign_markers=markers, examples=EXAMPLES, report=report)
    run(
        credentials,
        path_parameters={"id": str(theirs.pk)},
        foreign_markers=markers,
        foreign_pk=True,
        examples=EXAMPLES,
        report=report,
    )
    assert report.operations >= 40
    assert report.cases_sent >= report.operations * 2
    # The session got in: cases were read, created and validated, not merely refused.
    assert {200, 201, 400, 404} <= set(report.statuses), report.statuses
    assert ([], [], []) == (report.server_errors, report.leaks, report.auth_ignored)
