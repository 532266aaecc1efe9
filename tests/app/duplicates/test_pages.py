"""The duplicate pages: who may see and decide, the review side by side, merge, not the same, undo."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safepassage.audit.models import AuditEvent
from safepassage.duplicates.models import DuplicatePair, PairStatus, PersonMerge
from safepassage.duplicates.services import pairs_propose

pytestmark = pytest.mark.django_db

EVIDENCE = {"name_evidence": "same canonical name", "birth_date_evidence": "same full birth date"}


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def proposed(first: Any, second: Any) -> DuplicatePair:
    a, b = sorted([str(first.pk), str(second.pk)])
    pairs_propose({(a, b): (0.97, EVIDENCE)})
    return DuplicatePair.objects.get(person_a_id=a, person_b_id=b)


@pytest.fixture
def pair(twice: Any) -> DuplicatePair:
    return proposed(*twice)


@pytest.mark.parametrize("username", ["carla", "mona", "nick", "aude", "adam"])
def test_only_a_legal_officer_opens_the_list_the_review_or_decides(
    username: str, users: Any, pair: DuplicatePair, twice: Any
) -> None:
    client = client_of(users[username])
    assert 403 == client.get(reverse("duplicates:list")).status_code
    assert 403 == client.get(reverse("duplicates:review", args=[pair.pk])).status_code
    posted = client.post(
        reverse("duplicates:review", args=[pair.pk]), {"decision": "merge", "survivor": twice[0].pk}
    )
    assert 403 == posted.status_code
    pair.refresh_from_db()
    assert PairStatus.OPEN == pair.status
    assert not PersonMerge.objects.exists()


def test_the_list_and_the_review_show_both_registrations_side_by_side(
    users: Any, pair: DuplicatePair, twice: Any
) -> None:
    lev = client_of(users["lev"])
    listing = lev.get(reverse("duplicates:list")).content.decode()
    assert "SP-DUP-0001" in listing and "SP-DUP-0002" in listing and "0.97" in listing
    assert "Possible duplicates" in lev.get(reverse("registry:person_list")).content.decode()
    review = lev.get(reverse("duplicates:review", args=[pair.pk])).content.decode()
    for expected in ("한정우", "Хан Чжон У", "ВК 1111111", "ВК 2222222", "Unit 771", "same full birth date"):
        assert expected in review
    read = AuditEvent.objects.filter(action="identity.read", actor=users["lev"]).order_by("-seq")[:2]
    assert {str(p.pk) for p in twice} == {e.person_id for e in read}


def test_merge_and_undo_through_the_pages(users: Any, pair: DuplicatePair, twice: Any) -> None:
    first, second = twice
    lev = client_of(users["lev"])
    merged = lev.post(
        reverse("duplicates:review", args=[pair.pk]), {"decision": "merge", "survivor": first.pk}
    )
    assert reverse("registry:person_detail", args=[first.pk]) == merged.url
    page = lev.get(merged.url).content.decode()
    assert "Хан Чжон У" in page and "ВК 2222222" in page
    # The merged registration's page leads to the survivor.
    old = lev.get(reverse("registry:person_detail", args=[second.pk]))
    assert (302, reverse("registry:person_detail", args=[first.pk])) == (old.status_code, old.url)
    merge = PersonMerge.objects.get()
    assert "SP-DUP-0002" in lev.get(reverse("duplicates:list")).content.decode()
    undone = lev.post(reverse("duplicates:undo", args=[merge.pk]))
    assert reverse("duplicates:review", args=[pair.pk]) == undone.url
    assert 200 == lev.get(reverse("registry:person_detail", args=[second.pk])).status_code
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert {"person.merge", "person.merge.undo"} <= set(AuditEvent.objects.values_list("action", flat=True))


def test_not_the_same_through_the_page(users: Any, pair: DuplicatePair) -> None:
    lev = client_of(users["lev"])
    done = lev.post(reverse("duplicates:review", args=[pair.pk]), {"decision": "not_same"})
    assert reverse("duplicates:list") == done.url
    pair.refresh_from_db()
    assert (PairStatus.NOT_SAME, users["lev"]) == (pair.status, pair.decided_by)
    assert "SP-DUP-0002" not in lev.get(reverse("duplicates:list")).content.decode()


def test_a_survivor_outside_the_pair_is_refused_with_a_message(
    users: Any, pair: DuplicatePair, stranger: Any
) -> None:
    lev = client_of(users["lev"])
    done = lev.post(
        reverse("duplicates:review", args=[pair.pk]),
        {"decision": "merge", "survivor": stranger.pk},
        follow=True,
    )
    assert "Choose which of the two case numbers is kept" in done.content.decode()
    assert not PersonMerge.objects.exists()


def test_a_caseworker_is_warned_on_his_units_person_when_both_are_his_units(
    users: Any, units: Any, pair: DuplicatePair, twice: Any, stranger: Any
) -> None:
    carla = client_of(users["carla"])
    page = carla.get(reverse("registry:person_detail", args=[twice[0].pk])).content.decode()
    assert "Possible duplicate registration" in page and "SP-DUP-0002" in page
    assert reverse("duplicates:review", args=[pair.pk]) not in page
    # A pair whose other registration is another unit's is not shown to him.
    proposed(twice[0], stranger)
    page = carla.get(reverse("registry:person_detail", args=[twice[0].pk])).content.decode()
    assert "SP-DUP-0009" not in page
    lev_page = (
        client_of(users["lev"]).get(reverse("registry:person_detail", args=[twice[0].pk])).content.decode()
    )
    assert "SP-DUP-0009" in lev_page and reverse("duplicates:review", args=[pair.pk]) in lev_page


def test_the_api_answers_for_a_merged_registration_with_the_survivor(
    users: Any, pair: DuplicatePair, twice: Any, api: Any
) -> None:
    from safepassage.duplicates.services import persons_merge

    persons_merge(actor=users["lev"], pair=pair, survivor_id=twice[0].pk)
    answer = api("lev").get(f"/api/v1/persons/{twice[1].pk}/")
    assert (200, str(twice[0].pk)) == (answer.status_code, answer.json()["id"])
    listed = api("lev").get("/api/v1/persons/").json()
    ids = {row["id"] for row in listed["results"]}
    assert str(twice[0].pk) in ids and str(twice[1].pk) not in ids
