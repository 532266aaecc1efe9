"""The generator: reproducible by seed, sealed and blind-indexed like the services, audited in one chain."""

from __future__ import annotations

import json
import random
from datetime import date
from typing import Any

import pytest
from django.db import connection

from safepassage.audit.verify import verify_chain
from safepassage.linkage.synthetic.people import make_people
from safepassage.ops.generate import generate, person_history
from safepassage.ops.generate.history import Actors
from safepassage.protection import work
from safepassage.protection.models import Determination, WorkItem
from safepassage.registry.models import NameForm, Person
from safepassage.registry.selectors import PersonFilters, person_search


def _histories(seed: int) -> list[Any]:
    rng = random.Random(seed)
    actors = Actors(None, None, None, None)
    people = make_people(5, rng, false_identity_rate=0.5, false_names=("Иванов Иван Иванович",))
    return [
        person_history(rng, who, case_number=f"X-{n}", unit=None, actors=actors, today=date(2026, 6, 1))
        for n, who in enumerate(people)
    ]


def _content(histories: list[Any]) -> list[Any]:
    return [
        (h.person.pk, [(f.text, f.kind) for f in h.of(NameForm)], [e.action for e in h.events])
        for h in histories
    ]


def test_the_same_seed_gives_the_same_persons_and_another_seed_others() -> None:
    assert _content(_histories(7)) == _content(_histories(7))
    assert _content(_histories(7)) != _content(_histories(8))


@pytest.mark.django_db
def test_generated_persons_are_sealed_audited_searchable_and_assessed(users: Any, lena: Any) -> None:
    actors = Actors(caseworker=users["carla"], monitor=users["mona"], legal=users["lev"], legal_2=lena)
    totals = generate(count=6, seed=3, actors=actors, prefix="SP-G", batch=4)
    assert (6, 6, 6) == (totals.persons, Person.objects.count(), Determination.objects.count())
    assert verify_chain().ok
    form = NameForm.objects.filter(person__case_number="SP-G-000001", script="cyrillic").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM registry_nameform WHERE id = %s", [form.pk.hex])
        stored = cursor.fetchone()
        if stored is None:  # PostgreSQL keeps UUIDs as uuid, not hex text
            cursor.execute("SELECT text FROM registry_nameform WHERE id = %s", [form.pk])
            stored = cursor.fetchone()
    assert stored[0].startswith("v1:") and form.text not in stored[0]
    found = person_search(user=users["lev"], filters=PersonFilters(q=form.text))
    assert "SP-G-000001" in {p.case_number for p in found}


@pytest.mark.django_db
def test_generated_persons_are_counted_on_the_dashboard_like_recorded_ones(users: Any, lena: Any) -> None:
    from safepassage.dashboard.models import DeterminationSummary, InterviewSummary
    from safepassage.dashboard.services import interview_summary_refresh
    from safepassage.protection.models import Interview

    actors = Actors(caseworker=users["carla"], monitor=users["mona"], legal=users["lev"], legal_2=lena)
    generate(count=40, seed=5, actors=actors, prefix="SP-D", batch=16)
    current = DeterminationSummary.objects.filter(superseded_at__isnull=True)
    assert sorted(Determination.objects.values_list("pk", flat=True)) == sorted(
        current.values_list("determination_id", flat=True)
    )
    assert Interview.objects.count() == InterviewSummary.objects.count() > 0

    def index() -> list[tuple[Any, ...]]:
        return sorted(
            (s.pk, s.held_on, s.first, sorted(s.counts.items())) for s in InterviewSummary.objects.all()
        )

    written = index()
    # The generator's bulk index is the one the interview service keeps: rebuilding changes nothing.
    interview_summary_refresh(Person.objects.values_list("pk", flat=True))
    assert written == index()


def test_generated_persons_have_the_work_items_the_services_would_have_written(users: Any, lena: Any) -> None:
    actors = Actors(caseworker=users["carla"], monitor=users["mona"], legal=users["lev"], legal_2=lena)
    generate(count=40, seed=5, actors=actors, prefix="SP-W", batch=15)
    columns = ("person_id", "source", "code", "task", "procedure", "permission", "lane", "due", "rank",
               "citation", "not_for_id", "cleared")  # fmt: skip

    def stored() -> list[tuple[str, ...]]:
        # What is sealed is compared opened (each sealing has its own nonce).
        return sorted(tuple(str(getattr(item, c)) for c in columns) for item in WorkItem.objects.all())

    written = stored()
    for person in Person.objects.all():
        determination = Determination.objects.filter(person=person).order_by("recorded_at").last()
        work.work_actions_replace(person=person, result=json.loads(determination.result))
        work.work_approvals_replace(person=person)
        work.work_steps_replace(person=person)
    assert {"action", "approval", "step"} <= {row[1] for row in written}
    assert written == stored()
