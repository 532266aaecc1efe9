"""An engine upgrade re-assesses stored determinations: its migration records a caseload refresh."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from safepassage import law
from safepassage.protection.models import CaseloadRefresh, Determination

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("safepassage.protection.migrations.0008_engine_v2_refresh")


@pytest.fixture
def stored_by_version_1(person: Any, other_person: Any, verified_refusal: Any) -> list[Any]:
    for each in (person, other_person):
        verified_refusal(each)
    Determination.objects.update(engine_version="1.0.0")
    return [person, other_person]


def test_the_upgrade_records_one_refresh_for_everyone_with_a_stored_determination(
        stored_by_version_1: list[Any]) -> None:
    MIGRATION.record_refresh(apps, None)
    job = CaseloadRefresh.objects.get()
    assert (job.total, job.done, job.position, job.finished_at) == (2, 0, None, None)


def test_resuming_the_recorded_refresh_stores_version_2_determinations(
        stored_by_version_1: list[Any]) -> None:
    MIGRATION.record_refresh(apps, None)
    call_command("determinations", "refresh", "--resume", "--no-progress")
    job = CaseloadRefresh.objects.get()
    assert (job.done, job.stored) == (2, 2) and job.finished_at is not None
    for person in stored_by_version_1:
        latest = Determination.objects.filter(person=person).order_by("recorded_at").last()
        assert latest.engine_version == law.ENGINE_VERSION == "2.0.0"


def test_the_upgrade_records_nothing_without_stored_determinations() -> None:
    MIGRATION.record_refresh(apps, None)
    assert not CaseloadRefresh.objects.exists()


def test_the_reverse_removes_only_the_refresh_it_recorded_and_not_yet_started(
        stored_by_version_1: list[Any]) -> None:
    MIGRATION.record_refresh(apps, None)
    started = CaseloadRefresh.objects.create(total=2, done=1)
    MIGRATION.remove_refresh(apps, None)
    assert list(CaseloadRefresh.objects.all()) == [started]
