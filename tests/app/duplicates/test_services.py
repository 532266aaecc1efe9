"""Possible duplicates: proposed after a registration, set apart for good, merged, undone exactly."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from safepassage.audit.models import AuditEvent
from safepassage.dashboard.models import DailyCount, InterviewSummary
from safepassage.duplicates import scan, services
from safepassage.duplicates.models import DuplicatePair, DuplicateScan, PairStatus, PersonMerge
from safepassage.exchanges import guard
from safepassage.exchanges import services as exchanges
from safepassage.exchanges.models import ListEntry
from safepassage.protection import services as protection
from safepassage.protection.models import Determination, WorkItem
from safepassage.registry import selectors

from ..exchanges.conftest import verified_wish
from .conftest import registration

pytestmark = pytest.mark.django_db

CHECKLIST = dict.fromkeys(protection.VOLUNTARINESS, True)


def found_pair(first: Any, second: Any) -> DuplicatePair:
    scan.scan_run(scan.scan_start(actor=None, persons=[second.pk]))
    a, b = sorted([first, second], key=lambda p: p.pk)
    return DuplicatePair.objects.get(person_a=a, person_b=b)


def records_of(person: Any) -> dict[str, set[str]]:
    """Every moved kind of record of a person, by primary key."""
    kinds = [*services.MOVED, *services.MOVED_IF_FREE]
    return {
        m._meta.label_lower: {str(pk) for pk in m.objects.filter(person=person).values_list("pk", flat=True)}
        for m in kinds
    }


@pytest.mark.django_db(transaction=True)
def test_the_second_registration_of_one_man_starts_a_check_that_proposes_the_pair(
    users: Any, units: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    monkeypatch.setattr(scan, "worker_start", lambda: started.append(DuplicateScan.objects.latest("pk").pk))
    with transaction.atomic():
        first = registration(users["carla"], units["a"], "SP-DUP-0001", [("한정우", "ko")], "ВК 1111111")
    assert 0 == scan.scan_run(DuplicateScan.objects.get()).found
    with transaction.atomic():
        second = registration(users["lev"], units["a"], "SP-DUP-0002", [("Хан Чжон У", "ru")], "ВК 2222222")
    # One check, started once the registration committed, for its person, name, service and document.
    job = DuplicateScan.objects.latest("pk")
    assert [job.pk - 1, job.pk] == started
    assert [str(second.pk)] == job.persons
    done = scan.scan_run(job)
    assert (1, 1, 1) == (done.total, done.done, done.found)
    pair = DuplicatePair.objects.get()
    assert {first.pk, second.pk} == {pair.person_a_id, pair.person_b_id}
    assert pair.probability >= scan.PROPOSE_AT
    assert "same full birth date" == pair.reasons["birth_date_evidence"]
    actions = AuditEvent.objects.filter(action__startswith="duplicate").order_by("seq")
    expected = ["duplicate_scan.start", "duplicate_scan.finish", "duplicate_scan.start", "duplicate.propose"]
    assert [*expected, "duplicate_scan.finish"] == list(actions.values_list("action", flat=True))


def test_a_different_man_is_not_proposed(twice: Any, stranger: Any) -> None:
    scan.scan_run(scan.scan_start(actor=None))
    pairs = {frozenset((p.person_a_id, p.person_b_id)) for p in DuplicatePair.objects.all()}
    assert {frozenset(p.pk for p in twice)} == pairs


def test_not_the_same_closes_the_pair_and_no_later_scan_proposes_it_again(twice: Any, users: Any) -> None:
    pair = found_pair(*twice)
    services.pair_set_apart(actor=users["lev"], pair=pair)
    pair.refresh_from_db()
    assert (PairStatus.NOT_SAME, users["lev"]) == (pair.status, pair.decided_by)
    assert 0 == scan.scan_run(scan.scan_start(actor=None)).found
    assert PairStatus.NOT_SAME == DuplicatePair.objects.get().status
    assert 2 == AuditEvent.objects.filter(action="duplicate.not_same").count()
    with pytest.raises(ValidationError, match="already decided"):
        services.persons_merge(actor=users["lev"], pair=pair, survivor_id=twice[0].pk)


def test_a_merge_moves_every_record_lists_them_and_the_merged_registration_leads_to_the_survivor(
    twice: Any, users: Any, units: Any
) -> None:
    first, second = twice
    protection.interview_record(
        actor=users["carla"],
        person=second,
        held_on=date(2025, 3, 1),
        place="Camp",
        interviewer_name="C",
        language="ko",
        consent=True,
        wish="undecided",
    )
    before = records_of(second)
    pair = found_pair(first, second)
    merge = services.persons_merge(actor=users["lev"], pair=pair, survivor_id=first.pk)
    second.refresh_from_db()
    assert first.pk == second.merged_into_id
    after = records_of(first)
    for label, pks in before.items():
        if pks:
            assert pks <= after[label], label
            assert sorted(pks) == sorted(merge.moved[label]), label
    assert not any(records_of(second).values())
    assert PairStatus.MERGED == DuplicatePair.objects.get().status
    # Search, lists and the API show the survivor; the old case number leads to him.
    lev = users["lev"]
    listed = selectors.person_find(user=lev, filters=selectors.PersonFilters())
    assert second not in list(listed.people) and first in list(listed.people)
    by_name = selectors.person_find(user=lev, filters=selectors.PersonFilters(q="Хан Чжон У"))
    assert first == list(by_name.people)[0]
    by_number = selectors.person_find(user=lev, filters=selectors.PersonFilters(q="SP-DUP-0002"))
    assert [first] == list(by_number.people)
    assert first == selectors.person_current(second)
    events = AuditEvent.objects.filter(action__in=["person.merge", "person.merged_into"]).order_by("seq")
    assert [("person.merge", str(first.pk)), ("person.merged_into", str(second.pk))] == [
        (e.action, e.person_id) for e in events
    ]
    assert "registry.nameform" in events[0].fields


def test_the_undo_restores_exactly_what_the_merge_moved(twice: Any, users: Any) -> None:
    first, second = twice
    services_before = {p.pk: records_of(p) for p in twice}
    items_before = set(WorkItem.objects.filter(person=second, cleared=False).values_list("pk", flat=True))
    assert items_before
    pair = found_pair(first, second)
    merge = services.persons_merge(actor=users["lev"], pair=pair, survivor_id=second.pk)
    assert not WorkItem.objects.filter(person=first, cleared=False).exists()
    services.merge_undo(actor=users["lev"], merge=merge)
    assert services_before == {p.pk: records_of(p) for p in twice}
    items_before_first = set(
        WorkItem.objects.filter(person=first, cleared=False).values_list("pk", flat=True)
    )
    assert items_before_first
    first.refresh_from_db()
    assert first.merged_into_id is None
    merge.refresh_from_db()
    assert (users["lev"], True) == (merge.undone_by, merge.undone_at is not None)
    assert PairStatus.OPEN == DuplicatePair.objects.get().status
    assert 2 == AuditEvent.objects.filter(action="person.merge.undo").count()
    with pytest.raises(ValidationError, match="already undone"):
        services.merge_undo(actor=users["lev"], merge=merge)
    # Both are found again under their own names.
    lev = users["lev"]
    found = selectors.person_find(user=lev, filters=selectors.PersonFilters(q="한정우"))
    assert first in list(found.people)


def test_the_survivor_is_one_of_the_pair(twice: Any, users: Any, stranger: Any) -> None:
    pair = found_pair(*twice)
    with pytest.raises(ValidationError) as refused:
        services.persons_merge(actor=users["lev"], pair=pair, survivor_id=stranger.pk)
    assert "SP-DUP-0001" in str(refused.value) and "SP-DUP-0002" in str(refused.value)
    assert not PersonMerge.objects.exists()


def test_a_refusal_recorded_on_the_merged_registration_keeps_the_survivor_off_the_manifest(
    twice: Any, users: Any, tmp_path: Any
) -> None:
    first, second = twice
    for person, wish, held_on in (
        (first, "return", date(2026, 11, 20)),
        (second, "not_return", date(2026, 11, 28)),
    ):
        protection.interview_record(
            actor=users["mona"],
            person=person,
            held_on=held_on,
            place="Room",
            interviewer_name="M",
            language="ko",
            consent=True,
            wish=wish,
            verified_private=True,
            **CHECKLIST,
        )
    listed = tmp_path / "list.csv"
    listed.write_text("id,full_name,birth_date,unit\nRU-1,Han Jong U,1999-04-12,Unit 771\n", encoding="utf-8")
    round_ = exchanges.round_create(actor=users["nick"], name="Round D")
    exchanges.list_import(actor=users["nick"], round_=round_, direction="outgoing", path=listed)
    entries = ListEntry.objects.filter(exchange_list__round=round_)
    entries.update(person=first, match_status="matched")
    assert [] == guard.check(round_, list(entries))
    pair = found_pair(first, second)
    services.persons_merge(actor=users["lev"], pair=pair, survivor_id=first.pk)
    blocked = guard.check(round_, list(entries))
    assert [("SP-DUP-0001", ("wish_not_return",))] == [(b.case_number, b.reasons) for b in blocked]
    # The survivor was re-assessed with the merged records.
    latest = Determination.objects.filter(person=first).order_by("recorded_at").last()
    assert "not_return" in latest.facts
    # Kept off whichever registration the entry named: the merged one leads to the survivor.
    entries.update(person=second)
    assert ["SP-DUP-0001"] == [b.case_number for b in guard.check(round_, list(entries))]


def test_the_command_scans_the_registry_resumably_and_lists_the_pairs(twice: Any, capsys: Any) -> None:
    call_command("duplicates", "scan", "--batch", "1")
    out = capsys.readouterr().out
    assert "2 of 2 persons checked, 1 new possible duplicates" in out
    call_command("duplicates", "list")
    out = capsys.readouterr().out
    assert ("SP-DUP-0001 ~ SP-DUP-0002" in out or "SP-DUP-0002 ~ SP-DUP-0001" in out) and "1 pairs." in out
    job = scan.scan_start(actor=None)
    # A scan stopped after its first person takes up after him.
    job.last_person, job.done = min(p.pk for p in twice), 1
    job.save()
    call_command("duplicates", "scan", "--resume")
    assert f"Duplicate scan {job.pk}: 2 of 2 persons checked" in capsys.readouterr().out
    assert 0 == DuplicateScan.objects.filter(finished_at__isnull=True).count()
    call_command("duplicates", "list", "--scans")
    assert "whole registry" in capsys.readouterr().out


def _counted() -> tuple[Counter[str], set[Any]]:
    """The dashboard's figures summed over every unit and day, and whose interviews it indexes."""
    total: Counter[str] = Counter()
    for row in DailyCount.objects.all():
        total.update(row.counts)
    return +total, set(InterviewSummary.objects.values_list("person_id", flat=True))


def test_the_dashboard_counts_the_merged_man_once_and_twice_again_after_the_undo(
    twice: Any, users: Any
) -> None:
    first, second = twice
    verified_wish(users, first, "not_return")
    before, interviewed = _counted()
    assert 2 == sum(v for k, v in before.items() if k.startswith("s:")) and {first.pk} == interviewed
    merge = services.persons_merge(actor=users["lev"], pair=found_pair(first, second), survivor_id=second.pk)
    merged, interviewed = _counted()
    # One man, one status; his interview is indexed under the registration that now holds it.
    assert 1 == sum(v for k, v in merged.items() if k.startswith("s:"))
    assert {second.pk} == interviewed
    services.merge_undo(actor=users["lev"], merge=merge)
    undone, interviewed = _counted()
    assert 2 == sum(v for k, v in undone.items() if k.startswith("s:")) and {first.pk} == interviewed
