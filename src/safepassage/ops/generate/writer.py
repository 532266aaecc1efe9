"""Writing generated histories in batches: bulk inserts that seal and blind-index like the services."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from safepassage import law
from safepassage.accounts.models import Unit
from safepassage.audit.services import PendingEvent, audit_record_many
from safepassage.core.bulk import insert_rows
from safepassage.dashboard.services import interview_summary_refresh, summary_record_first
from safepassage.linkage.synthetic.false_names import false_names
from safepassage.linkage.synthetic.people import make_people
from safepassage.ops.generate.facts import SHARED_FACTS, check_against_stored, history_facts
from safepassage.ops.generate.history import Actors, History, person_history
from safepassage.protection.determinations import STORED_POSITION, facts_digest
from safepassage.protection.facts import derive_facts
from safepassage.protection.models import (
    Application,
    ApplicationStep,
    CaseFacts,
    Determination,
    EvidenceItem,
    Interview,
    RiskAssessment,
    WorkItem,
)
from safepassage.protection.work import action_values, approval_values, lane_of, step_values
from safepassage.registry.models import (
    Capture,
    CustodyEvent,
    IdentityDocument,
    LinkageKey,
    NameForm,
    NameToken,
    NationalityClaim,
    Person,
    ServiceRecord,
)

# Parents before children, so every foreign key points at a row already written.
WRITE_ORDER: tuple[type[models.Model], ...] = (
    Person,
    NameForm,
    NameToken,
    IdentityDocument,
    NationalityClaim,
    ServiceRecord,
    LinkageKey,
    Capture,
    CustodyEvent,
    Interview,
    RiskAssessment,
    EvidenceItem,
    Application,
    ApplicationStep,
    CaseFacts,
    Determination,
)
UNIT_NAMES = ("Unit A", "Unit B", "Unit C", "Unit D")
ERR_EXISTS = "Persons with case numbers starting {prefix!r} already exist: choose another --prefix."
ERR_COUNT = "--persons must be at least 1 (got {count})."


@dataclass
class Totals:
    persons: int = 0
    rows: int = 0
    events: int = 0
    seconds: float = 0.0


class _Assessor:
    """law.assess memoised by facts: many generated men share the same facts, and the engine is pure."""

    def __init__(self) -> None:
        self.cache: dict[str, str] = {}

    def result(self, facts: dict[str, Any]) -> str:
        key = json.dumps(facts, sort_keys=True, ensure_ascii=False)
        if key not in self.cache:
            self.cache[key] = json.dumps(law.assess(facts, position=STORED_POSITION), ensure_ascii=False)
        return self.cache[key]


def _determination(h: History, facts: dict[str, Any], result: str, actor: Any) -> None:
    record = Determination(
        person=h.person,
        position=STORED_POSITION,
        engine_version=law.ENGINE_VERSION,
        facts_digest=facts_digest(facts),
        facts=json.dumps(facts, ensure_ascii=False),
        result=result,
        recorded_by=actor,
    )
    h.add(actor, "determination.store", record, ["facts", "result", "engine_version"])


def _work_items(h: History) -> list[WorkItem]:
    """The work list's rows the services would have left for him (protection.work)."""
    person = h.person
    values = action_values(json.loads(h.of(Determination)[-1].result))
    values += [
        approval_values(recorded_at=risk.recorded_at, recorded_by_id=risk.recorded_by_id)
        for risk in h.of(RiskAssessment)
        if risk.status == "submitted"
    ]
    for application in h.of(Application):
        done = {s.step: s.done_on for s in h.of(ApplicationStep) if s.application is application}
        step = step_values(
            procedure_id=application.procedure,
            filed_on=application.filed_on,
            status=application.status,
            recorded_at=application.recorded_at,
            done=done,
        )
        values += [step] if step is not None else []
    return [
        WorkItem(person=person, case_number=person.case_number, lane=lane_of(row["permission"]), **row)
        for row in values
    ]


def _write_batch(
    histories: list[History], actors: Actors, assessor: _Assessor, today: date
) -> tuple[int, int]:
    rows = 0
    with transaction.atomic():
        for model in WRITE_ORDER[:-1]:
            objs = [obj for h in histories for obj in h.of(model)]
            insert_rows(model, objs)
            rows += len(objs)
        # derive_facts on one stored person: the shared facts, and a check that ours agree.
        first = histories[0]
        stored = derive_facts(first.person, today).facts
        shared = {k: stored[k] for k in SHARED_FACTS if k in stored}
        for h in histories:
            facts = history_facts(h, shared)
            if h is first:
                check_against_stored(h, facts, stored)
            _determination(h, facts, assessor.result(facts), actors.caseworker)
        determinations = [obj for h in histories for obj in h.of(Determination)]
        insert_rows(Determination, determinations)
        rows += len(determinations)
        # The dashboard's indexes, as the services write them for a case recorded by hand.
        parsed: dict[str, dict[str, Any]] = {}
        summary_record_first([(d, parsed.setdefault(d.result, json.loads(d.result))) for d in determinations])
        interview_summary_refresh(h.person.pk for h in histories if h.of(Interview))
        items = [item for h in histories for item in _work_items(h)]
        insert_rows(WorkItem, items)
        rows += len(items)
        events: list[PendingEvent] = [e for h in histories for e in h.events]
        audit_record_many(events)
    return rows, len(events)


def generate(
    *,
    count: int,
    seed: int,
    actors: Actors,
    prefix: str = "SP-GEN",
    batch: int = 1000,
    progress: Callable[[Totals, int], None] | None = None,
) -> Totals:
    """Write `count` fictional persons with full histories; the same seed and prefix give the same people."""
    if count < 1:
        raise ValueError(ERR_COUNT.format(count=count))
    if Person.objects.filter(case_number__startswith=f"{prefix}-").exists():
        raise ValueError(ERR_EXISTS.format(prefix=prefix))
    # The prefix is part of the seed: two runs with one seed and different prefixes do not collide.
    rng = random.Random(f"{seed}/{prefix}")  # noqa: S311 (fictional data, reproducible by seed)
    people = make_people(count, rng, false_identity_rate=0.3, false_names=false_names(rng))
    units = [Unit.objects.get_or_create(name=name)[0] for name in UNIT_NAMES]
    today = timezone.localdate()
    assessor, totals, started = _Assessor(), Totals(), time.perf_counter()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # Random UUID keys land all over the indexes: a larger page cache keeps the inserts fast.
            cursor.execute("PRAGMA cache_size=-262144")
    for start in range(0, count, batch):
        histories = [
            person_history(
                rng,
                who,
                case_number=f"{prefix}-{start + i + 1:06d}",
                unit=units[(start + i) % len(units)],
                actors=actors,
                today=today,
            )  # fmt: skip
            for i, who in enumerate(people[start : start + batch])
        ]
        rows, events = _write_batch(histories, actors, assessor, today)
        totals.persons += len(histories)
        totals.rows += rows
        totals.events += events
        totals.seconds = time.perf_counter() - started
        if progress is not None:
            progress(totals, count)
    with connection.cursor() as cursor:
        # Fresh statistics after a bulk load, so the planners pick the indexes (SQLite keeps none).
        cursor.execute("ANALYZE")
    totals.seconds = time.perf_counter() - started
    return totals
