"""A caseload-wide state position re-assesses everyone: inline when few, in resumable batches when many."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from safepassage.audit.models import AuditEvent
from safepassage.progress import Progress
from safepassage.protection import refresh, services
from safepassage.protection.models import CaseloadRefresh, Determination

pytestmark = pytest.mark.django_db


def _acknowledgement(users: Any) -> Any:
    return services.state_position_add(
        actor=users["lev"],
        scope="caseload",
        speaker="KP",
        stated_on=date(2025, 11, 10),
        summary="Acknowledges the deployment",
        reference="R",
        acknowledges_deployment=True,
    )


def _acknowledged(person: Any) -> list[str]:
    import json

    latest = Determination.objects.filter(person=person).order_by("recorded_at").last()
    return json.loads(latest.facts).get("deployment_acknowledged_by", [])


@pytest.fixture
def caseload(
    users: Any, person: Any, other_person: Any, make_person: Any, units: Any, verified_refusal: Any
) -> Any:
    third = make_person(
        users["lev"], units["a"], hangul="리명수", cyrillic="Ри Мён Су", case_number="SP-TEST-0003"
    )
    for each in (person, other_person, third):
        verified_refusal(each)
    return [person, other_person, third]


def test_a_small_caseload_is_re_assessed_in_the_request(users: Any, caseload: Any) -> None:
    _acknowledgement(users)
    assert [["KP"]] * 3 == [_acknowledged(p) for p in caseload]
    assert not CaseloadRefresh.objects.exists()


def test_a_large_caseload_is_left_to_a_job_that_runs_after_the_commit(
    users: Any, caseload: Any, settings: Any, django_capture_on_commit_callbacks: Any, client: Any
) -> None:
    settings.SAFEPASSAGE_REFRESH_INLINE_LIMIT = 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _acknowledgement(users)
    job = CaseloadRefresh.objects.get()
    assert (3, 0, None) == (job.total, job.done, job.finished_at)
    # The request stored nothing new; the job is started only once the position is committed.
    assert [[]] * 3 == [_acknowledged(p) for p in caseload]
    assert [refresh.launch] == [getattr(c, "func", None) for c in callbacks]
    assert AuditEvent.objects.filter(action="caseload_refresh.start", object_id=str(job.pk)).exists()
    client.force_login(users["lev"])
    page = client.get(reverse("registry:person_detail", args=[caseload[0].pk])).content.decode()
    assert 'id="caseload-refresh"' in page and "0 of 3" in page

    call_command("determinations", "refresh", "--job", str(job.pk), "--batch", "2")
    job.refresh_from_db()
    assert (3, 3, 3) == (job.done, job.stored, len([p for p in caseload if _acknowledged(p) == ["KP"]]))
    assert job.finished_at is not None
    assert AuditEvent.objects.filter(action="caseload_refresh.finish", object_id=str(job.pk)).exists()
    page = client.get(reverse("registry:person_detail", args=[caseload[0].pk])).content.decode()
    assert 'id="caseload-refresh"' not in page
    with pytest.raises(CommandError, match="nothing left to do"):
        call_command("determinations", "refresh", "--job", str(job.pk))


class _StopAfterOneBatch(Progress):
    """A refresh cut short after its first batch, as a restart or a crash would cut it."""

    def advance(self, count: int = 1) -> None:
        raise KeyboardInterrupt


def test_a_job_cut_short_resumes_after_the_last_person_done(
    users: Any, caseload: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SAFEPASSAGE_REFRESH_INLINE_LIMIT = 0
    with django_capture_on_commit_callbacks(execute=False):
        _acknowledgement(users)
    job = CaseloadRefresh.objects.get()
    with pytest.raises(KeyboardInterrupt):
        refresh.caseload_refresh_run(job, batch=1, progress=_StopAfterOneBatch())
    job.refresh_from_db()
    first = sorted(p.pk for p in caseload)[0]
    assert (1, first, None) == (job.done, job.last_person, job.finished_at)
    stored_before = Determination.objects.count()
    call_command("determinations", "refresh", "--resume")
    job.refresh_from_db()
    assert (3, 3) == (job.done, job.stored) and job.finished_at is not None
    # Each person re-assessed once: the one done before the stop was not done again.
    assert stored_before + 2 == Determination.objects.count()
    assert all(_acknowledged(p) == ["KP"] for p in caseload)


def test_the_command_says_what_is_wrong(db: Any) -> None:
    with pytest.raises(CommandError, match="Say which"):
        call_command("determinations", "refresh")
    with pytest.raises(CommandError, match="No caseload refresh numbered 999"):
        call_command("determinations", "refresh", "--job", "999")


def test_the_launched_command_is_this_python_running_the_job(settings: Any, tmp_path: Any) -> None:
    import sys

    assert [sys.executable, "-m", "safepassage", "determinations", "refresh", "--job", "7"] == (
        refresh.launch_argv(7)
    )
    settings.SAFEPASSAGE_HOME = tmp_path
    assert tmp_path / "logs" / "caseload-refresh-7.log" == refresh.log_path(7)
