"""Duplicate reads: the open pairs a user may see, and both sides of one pair for the review."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from safepassage.duplicates.models import DuplicatePair, PairStatus, PersonMerge
from safepassage.registry import selectors as registry
from safepassage.registry.models import Person


def open_pairs(*, user: Any) -> QuerySet[DuplicatePair]:
    """Open pairs of two current registrations, most probable first."""
    pairs = DuplicatePair.objects.for_user(user, "duplicates.review").filter(
        status=PairStatus.OPEN, person_a__merged_into__isnull=True, person_b__merged_into__isnull=True
    )
    return pairs.select_related("person_a", "person_b").order_by("-probability", "found_at", "pk")


def recent_merges(*, user: Any, limit: int = 20) -> list[PersonMerge]:
    """The latest merges of persons the user may see, undone or not."""
    pairs = DuplicatePair.objects.for_user(user, "duplicates.review")
    merges = PersonMerge.objects.filter(pair__in=pairs.values("pk"))
    return list(merges.select_related("survivor", "merged", "merged_by").order_by("-merged_at")[:limit])


def open_pairs_for_person(*, user: Any, person: Person) -> list[tuple[DuplicatePair, Person]]:
    """The open pairs naming this person that the user may see, each with the other registration."""
    pairs = DuplicatePair.objects.for_user(user).filter(
        Q(person_a=person) | Q(person_b=person),
        status=PairStatus.OPEN,
        person_a__merged_into__isnull=True,
        person_b__merged_into__isnull=True,
    )
    pairs = pairs.select_related("person_a", "person_b").order_by("-probability")
    return [(p, p.person_b if p.person_a_id == person.pk else p.person_a) for p in pairs]


def pair_or_none(*, user: Any, pk: Any) -> DuplicatePair | None:
    try:
        return (
            DuplicatePair.objects.for_user(user, "duplicates.review")
            .select_related("person_a", "person_b")
            .filter(pk=int(pk))
            .first()
        )
    except (TypeError, ValueError):
        return None


def merge_or_none(*, user: Any, pk: Any) -> PersonMerge | None:
    pairs = DuplicatePair.objects.for_user(user, "duplicates.review")
    try:
        return (
            PersonMerge.objects.filter(pair__in=pairs.values("pk"), pk=int(pk))
            .select_related("survivor", "merged", "pair")
            .first()
        )
    except (TypeError, ValueError):
        return None


def side(*, user: Any, person: Person) -> dict[str, Any]:
    """Everything the review shows of one registration: his records, as his page reads them."""
    records = registry.person_records(user=user, person=person)
    return {"person": person, **records}
