"""The dashboard counts the records' own dated history, in the database, in a fixed number of queries."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safepassage.dashboard.figures import suppress_small_cells
from safepassage.dashboard.models import DailyCount, DeterminationSummary
from safepassage.dashboard.periods import points
from safepassage.dashboard.selectors import dashboard_for
from safepassage.dashboard.services import summary_record
from safepassage.dashboard.summary import interview_counts, summary_values
from safepassage.protection import services as protection
from safepassage.protection.models import Determination
from safepassage.registry import services as registry

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 15)


def _figure(board: Any, key: str) -> Any:
    return next(f for f in board.figures if f.key == key)


def _store(person: Any, at: datetime, status: str, pathways: list[dict[str, Any]]) -> Determination:
    """A determination as the engine stores it, dated `at`, indexed as the service indexes it."""
    result = {"status": {"code": status}, "pathways": pathways}
    record = Determination.objects.create(
        person=person,
        position="icrc_2020",
        engine_version="test",
        facts_digest="x",
        facts="{}",
        result=json.dumps(result),
        recorded_at=at,
    )
    summary_record(determination=record, result=result)
    return record


def test_summary_values_take_the_status_and_the_best_state_of_each_pathway() -> None:
    result = {
        "status": {"code": "pow"},
        "pathways": [
            {"code": "third_state_transfer", "destination": "KR", "state": "conditional"},
            {"code": "third_state_transfer", "destination": "MN", "state": "open"},
            {"code": "repatriation", "state": "blocked"},
        ],
    }
    assert ("pow", {"third_state_transfer": "open", "repatriation": "blocked"}) == summary_values(result)
    with pytest.raises(ValueError, match="status code"):
        summary_values({"pathways": []})


def test_monthly_and_weekly_points_end_today() -> None:
    months = points("month", TODAY)
    assert ["2025-02", "2026-01"] == [months[0].label, months[-1].label]
    assert [date(2025, 2, 28), TODAY] == [months[0].as_of, months[-1].as_of]
    weeks = points("week", TODAY)
    assert ("2026-W03", TODAY) == (weeks[-1].label, weeks[-1].as_of)
    assert ("2025-W44", date(2025, 11, 2)) == (weeks[0].label, weeks[0].as_of)
    with pytest.raises(ValueError, match="Unknown interval 'day'"):
        points("day", TODAY)


def test_status_and_pathways_follow_the_determination_history(users: Any, person: Any) -> None:
    # A history written from scratch: what the services counted so far goes with the rows.
    Determination.objects.filter(person=person).delete()
    DailyCount.objects.all().delete()
    _store(person, datetime(2025, 3, 10, tzinfo=UTC), "pow_pending_tribunal", [])
    _store(
        person,
        datetime(2025, 9, 2, tzinfo=UTC),
        "pow",
        [
            {"code": "asylum_in_detaining_power", "state": "open"},
            {"code": "repatriation", "state": "blocked"},
        ],
    )
    board = dashboard_for(user=users["lev"], today=TODAY)
    status = _figure(board, "status")
    # 12 months: 2025-02 .. 2026-01; the tribunal was pending from March, POW from September.
    assert [0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0] == status.series("pow_pending_tribunal")
    assert [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1] == status.series("pow")
    opened = _figure(board, "pathways_open")
    assert [0] * 7 + [1] * 5 == opened.series("asylum_in_detaining_power")
    assert [0] * 12 == opened.series("repatriation")
    assert 1 == DeterminationSummary.objects.filter(person=person, superseded_at__isnull=True).count()


def test_the_latest_verified_wish_governs_each_month_from_the_interview_dates(
    users: Any, person: Any, verified_refusal: Any
) -> None:
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
    verified_refusal(person, held_on=date(2025, 11, 3))
    wish = _figure(dashboard_for(user=users["mona"], today=TODAY), "wish")
    # Captured 2025-02-03: not interviewed in February, interviewed but unverified until November.
    assert [1] + [0] * 11 == wish.series("none")
    assert [0] + [1] * 8 + [0] * 3 == wish.series("unverified")
    assert [0] * 9 + [1] * 3 == wish.series("not_return")
    assert [0] * 12 == wish.series("undecided")


def _application(users: Any, person: Any, filed_on: date) -> None:
    application = protection.application_open(
        actor=users["lev"], person=person, procedure="ua_refugee", kind="asylum", filed_on=filed_on
    )
    for step, day in (("lodged", 1), ("registered", 2)):
        protection.application_step_record(
            actor=users["lev"], application=application, step=step, done_on=filed_on + timedelta(days=day)
        )


def test_deadlines_are_bucketed_as_the_steps_stood_on_each_date(
    users: Any, person: Any, other_person: Any
) -> None:
    # The next step of each is the preliminary examination: 15 working days from filing.
    _application(users, person, date(2025, 12, 1))  # due 2025-12-22
    _application(users, other_person, date(2026, 1, 2))  # due 2026-01-23
    deadlines = _figure(dashboard_for(user=users["lev"], today=TODAY), "deadlines")
    assert [0] * 10 + [1, 1] == deadlines.series("overdue")
    assert [0] * 11 + [1] == deadlines.series("due_30")
    assert [0] * 12 == deadlines.series("due_7")


def test_each_role_gets_only_the_figures_it_may_see(users: Any, person: Any) -> None:
    keys = {name: [f.key for f in dashboard_for(user=users[name], today=TODAY).figures] for name in users}
    assert ["caseload", "status", "wish", "pathways_open", "pathways_conditional", "deadlines"] == keys["lev"]
    assert ["caseload", "status", "wish", "pathways_open", "pathways_conditional"] == keys["mona"]
    assert ["caseload", "wish"] == keys["carla"]
    assert ["caseload"] == keys["nick"] == keys["aude"]
    assert [] == keys["adam"]


def test_small_counts_are_withheld_from_roles_outside_the_protection_circle(
    users: Any, person: Any, other_person: Any
) -> None:
    negotiator = dashboard_for(user=users["nick"])
    assert negotiator.suppressed
    assert None is _figure(negotiator, "caseload").series("persons")[-1]
    assert 2 == _figure(dashboard_for(user=users["mona"]), "caseload").series("persons")[-1]
    figure = replace(
        _figure(dashboard_for(user=users["lev"]), "caseload"), values={"persons": [0, 1, 4, 5, 12]}
    )
    assert [0, None, None, 5, 12] == suppress_small_cells(figure).values["persons"]


def test_a_caseworker_counts_only_her_own_unit(users: Any, person: Any, other_person: Any) -> None:
    carla = _figure(dashboard_for(user=users["carla"]), "caseload")
    lev = _figure(dashboard_for(user=users["lev"]), "caseload")
    assert (1, 2) == (carla.series("persons")[-1], lev.series("persons")[-1])


def _caseload(actor: Any, unit: Any, count: int) -> None:
    for n in range(count):
        person = registry.person_create(actor=actor, sex="male", unit=unit)
        registry.capture_set(actor=actor, person=person, captured_on=date(2025, 4, 1), detaining_power="UA")
        protection.interview_record(
            actor=actor,
            person=person,
            held_on=date(2025, 5, 1 + n % 20),
            place="Camp",
            interviewer_name="C",
            language="ko",
            consent=True,
            wish="undecided",
        )


def _queries(user: Any) -> int:
    user = type(user).objects.get(pk=user.pk)  # nothing cached from an earlier call
    with CaptureQueriesContext(connection) as captured:
        board = dashboard_for(user=user, today=TODAY)
    assert board.figures
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_caseload(users: Any, units: Any) -> None:
    _caseload(users["carla"], units["a"], 5)
    small = _queries(users["lev"])
    _caseload(users["carla"], units["a"], 45)
    assert 50 == _figure(dashboard_for(user=users["lev"], today=TODAY), "wish").series("unverified")[-1]
    assert small == _queries(users["lev"])
    # On PostgreSQL three more: the row-level-security context is read, set and reset around the
    # caseload count (core.rls.database_context).
    assert small <= (15 if connection.vendor == "postgresql" else 12)


def test_each_dashboard_figure_is_shown_only_to_roles_that_may_read_what_it_counts() -> None:
    from safepassage.core.policy import POLICY

    for figure, source in (
        ("dashboard.wishes", "protection.interviews"),
        ("dashboard.determinations", "protection.determination"),
        ("dashboard.deadlines", "protection.applications"),
        ("dashboard.small_cells", "protection.interviews"),
    ):
        assert POLICY[figure] <= POLICY[source], figure


def test_interview_counts_order_by_date_held_then_time_recorded() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [
        ("b", "p", date(2025, 5, 1), at + timedelta(hours=1), True, "return"),
        ("a", "p", date(2025, 5, 1), at, True, "not_return"),
        ("c", "p", date(2025, 4, 1), at + timedelta(days=9), False, "undecided"),
        ("d", "p", date(2025, 9, 1), at, True, "undecided"),
        ("e", "q", date(2025, 6, 1), at, False, "return"),
    ]
    counts = {c.interview_id: c for c in interview_counts(rows)}
    # Same day: the one recorded later takes over that day; the last verified one still governs.
    assert (date(2025, 5, 1), date(2025, 9, 1), None) == tuple(counts[k].ends for k in "abd")
    assert (None, None) == (counts["c"].ends, counts["e"].ends)
    assert {"c", "e"} == {k for k, c in counts.items() if c.first}
    assert {"a"} == {k for k, c in counts.items() if c.first_verified}


def test_the_interview_index_gives_the_counts_of_the_interviews_themselves(
    users: Any, person: Any, other_person: Any, verified_refusal: Any
) -> None:
    """Against a plain count over the interview table, on a history with back-dated entries."""
    from safepassage.protection.models import Interview

    def interview(who: Any, held_on: date, wish: str, verified: bool) -> None:
        if verified:
            verified_refusal(who, held_on=held_on, wish=wish)
            return
        protection.interview_record(
            actor=users["carla"], person=who, held_on=held_on, place="Camp", interviewer_name="C",
            language="ko", consent=True, wish=wish,
        )  # fmt: skip

    interview(person, date(2025, 6, 2), "undecided", False)
    interview(person, date(2025, 9, 1), "not_return", True)
    interview(person, date(2025, 7, 15), "return", True)  # recorded later, held earlier
    interview(other_person, date(2025, 10, 9), "return", True)
    interview(other_person, date(2025, 8, 1), "undecided", False)
    board = dashboard_for(user=users["lev"], today=TODAY)
    wish = _figure(board, "wish")
    everything = list(Interview.objects.order_by("held_on", "recorded_at"))
    for i, point in enumerate(board.points):
        seen = [x for x in everything if x.held_on <= point.as_of]
        governing: dict[Any, str] = {}
        for x in seen:
            if x.verified_private:
                governing[x.person_id] = x.wish
        for code in ("not_return", "return", "undecided"):
            assert sum(1 for w in governing.values() if w == code) == wish.series(code)[i], (code, point)
        interviewed = {x.person_id for x in seen}
        assert len(interviewed - set(governing)) == wish.series("unverified")[i], point


def test_the_migration_that_sealed_the_interview_index_builds_it_as_the_services_keep_it(
    users: Any, person: Any, verified_refusal: Any
) -> None:
    from importlib import import_module

    from django.apps import apps

    from safepassage.dashboard.models import InterviewSummary

    verified_refusal(person, held_on=date(2025, 9, 1))
    verified_refusal(person, held_on=date(2025, 10, 1), wish="return")

    def index() -> list[tuple[Any, ...]]:
        # Sealed counts compared opened (each sealing has its own nonce).
        rows = InterviewSummary.objects.all()
        return sorted((s.pk, s.held_on, s.first, sorted(s.counts.items())) for s in rows)

    expected = index()
    assert len(expected) == 2
    InterviewSummary.objects.all().delete()
    import_module("safepassage.dashboard.migrations.0003_seal_interview_index").index_sealed(apps, None)
    assert expected == index()


def test_the_counts_hold_no_person_and_are_sealed(users: Any, person: Any, verified_refusal: Any) -> None:
    verified_refusal(person)
    assert "person" not in {f.name for f in DailyCount._meta.get_fields()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT counts FROM dashboard_dailycount")
        stored = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT counts FROM dashboard_determinationsummary")
        stored += [row[0] for row in cursor.fetchall()]
    # Sealed text is "v1:<key id>:<base64>": no JSON, no code of a status or pathway in it.
    assert stored and all(text.startswith("v1:") and "{" not in text and "_" not in text for text in stored)
    assert any(key.startswith("s:") for row in DailyCount.objects.all() for key in row.counts)


def test_a_person_moved_to_another_unit_takes_his_counted_history_with_him(
    users: Any, units: Any, person: Any, verified_refusal: Any
) -> None:
    verified_refusal(person, held_on=date(2025, 11, 3))

    from safepassage.dashboard.selectors import _daily_counts

    def status_now(user: Any) -> dict[str, int]:
        # No caseworker sees the status figure today; the counts are scoped like every figure.
        # Determinations are stored now: counted as of today, not the fixed TODAY.
        found = _daily_counts(user, points("month", timezone.localdate()))
        return {key: series[-1] for key, series in found.items() if series[-1]}

    everyone = status_now(users["lev"])
    assert everyone and everyone == status_now(users["carla"])  # Carla's unit A holds him
    registry.person_update(actor=users["lev"], person=person, unit=units["b"])
    assert {} == status_now(users["carla"])
    assert everyone == status_now(users["lev"])
    registry.person_update(actor=users["lev"], person=person, unit=units["a"])
    assert everyone == status_now(users["carla"])
