"""Search understands names in any script, system and order, given names alone, parts of numbers; audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from safepassage.audit.models import AuditEvent
from safepassage.registry import services
from safepassage.registry.demo import DEMO_CASE
from safepassage.registry.selectors import PersonFilters, QueryKind, person_find, query_index, query_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(search_registry: Any) -> Any:
    return search_registry


DEMO_QUERIES = ["Ri Myong Hak", "Lee Myung-hak", "Ri Myŏng-hak", "Ли Мён Хак", "명학 리"]


def first_case(api: Any, username: str, q: str) -> tuple[str, dict[str, Any]]:
    response = api(username).get("/api/v1/persons/", {"q": q})
    assert 200 == response.status_code, response.content
    row = response.json()["results"][0]
    return row["case_number"], row


@pytest.mark.parametrize("query", DEMO_QUERIES)
def test_a_legal_officer_finds_the_demo_case_first_in_any_spelling(
    api: Any, registry: Any, query: str
) -> None:
    case, row = first_case(api, "lev", query)
    assert DEMO_CASE == case
    assert "리명학" in row["match"]["reason"]


def test_the_reason_names_the_script_and_the_system(api: Any, registry: Any) -> None:
    def reason(q: str) -> str:
        return first_case(api, "lev", q)[1]["match"]["reason"]

    assert "Latin, North Korean form of 리명학" == reason("Ri Myong Hak")
    assert "Latin, McCune-Reischauer form of 리명학" == reason("Ri Myŏng-hak")
    assert "Cyrillic, Russian (Kontsevich) form of 리명학" == reason("Ли Мён Хак")
    assert "Hangul, given name first: 리명학" == reason("명학 리")


@pytest.mark.parametrize("query", ["Tak Song Min", "Tak Seong-min", "탁성민", "Так Сон Мин"])
def test_a_name_recorded_in_hangul_and_cyrillic_is_found_in_latin(
    api: Any, registry: Any, query: str
) -> None:
    assert "SP-TEST-0100" == first_case(api, "lev", query)[0]


@pytest.mark.parametrize("query", ["명학", "Myong Hak", "Мён Хак"])
def test_the_given_name_alone_finds_him(api: Any, registry: Any, query: str) -> None:
    case, row = first_case(api, "lev", query)
    assert DEMO_CASE == case
    assert "Given name of 리명학" == row["match"]["reason"]


@pytest.mark.parametrize(
    ("query", "case"), [("4417093", DEMO_CASE), ("441709", DEMO_CASE), ("0217", "SP-TEST-0100")]
)
def test_part_of_a_document_number_finds_its_holder(api: Any, registry: Any, query: str, case: str) -> None:
    found, row = first_case(api, "lev", query)
    assert case == found
    assert row["match"]["reason"].startswith("Part of document number ВК")


def test_an_exact_document_number_and_case_number_still_win(api: Any, registry: Any) -> None:
    assert DEMO_CASE == first_case(api, "lev", "ВК 4417093")[0]
    assert "SP-NEAR-0002" == first_case(api, "lev", "SP-NEAR-0002")[0]


def test_fewer_than_four_digits_are_no_number_search() -> None:
    assert QueryKind.NAME == query_kind("ВК 441")
    assert QueryKind.DOCUMENT == query_kind("ВК 4417")
    assert QueryKind.CASE == query_kind("sp-demo-0001")


def test_a_monitor_without_step_up_may_not_search_by_name_or_number(
    api: Any, registry: Any, users: Any
) -> None:
    for q in ("Ri Myong Hak", "4417093"):
        response = api("mona").get("/api/v1/persons/", {"q": q})
        assert 403 == response.status_code
        assert "needs identity access" in response.json()["detail"]
    # The case number stays open to roles that see cases.
    response = api("mona").get("/api/v1/persons/", {"q": DEMO_CASE})
    assert [DEMO_CASE] == [r["case_number"] for r in response.json()["results"]]
    refused = AuditEvent.objects.filter(action="person.search", actor=users["mona"])
    assert 2 == refused.count()
    assert all("refused" in e.fields for e in refused)


def test_a_stepped_up_monitor_may_search_by_name(users: Any, registry: Any) -> None:
    monitor = users["mona"]
    monitor._safepassage_stepped_up = True
    found = person_find(user=monitor, filters=PersonFilters(q="Ri Myong Hak"))
    assert not found.refused
    assert DEMO_CASE == found.people[0].case_number


def test_the_web_list_refuses_a_name_search_without_step_up(client: Any, users: Any, registry: Any) -> None:
    client.force_login(users["mona"])
    page = client.get("/persons/", {"q": "Ri Myong Hak"})
    assert 200 == page.status_code
    assert "needs identity access" in page.content.decode()
    assert DEMO_CASE not in page.content.decode()


def test_a_search_is_audited_with_the_query_blind_index_never_its_text(api: Any, registry: Any) -> None:
    api("lev").get("/api/v1/persons/", {"q": "Ri Myong Hak"})
    event = AuditEvent.objects.filter(action="person.search").get()
    assert ("registry.search", query_index("Ri Myong Hak")) == (event.object_type, event.object_id)
    assert ["name"] == event.fields
    everything = " ".join(
        str(v) for e in AuditEvent.objects.all() for v in (e.object_id, e.fields, e.purpose, e.actor_label)
    )
    assert "Myong" not in everything
    assert query_index("Ri Myong Hak") == query_index("ri myong-hak")


def test_the_reason_is_told_in_the_user_language(registry: Any, users: Any) -> None:
    with translation.override("uk"):
        found = person_find(user=users["lev"], filters=PersonFilters(q="Ri Myong Hak"))
        reason = found.reasons[found.people[0].pk]
    assert "форма 리명학 за системою: північнокорейська" in reason


def test_the_web_list_shows_why_each_person_was_found(client: Any, users: Any, registry: Any) -> None:
    client.force_login(users["lev"])
    html = client.get("/persons/", {"q": "Ri Myŏng-hak"}).content.decode()
    assert "Found by" in html
    assert "Latin, McCune-Reischauer form of 리명학" in html
    assert 1 == AuditEvent.objects.filter(action="person.search", actor=users["lev"]).count()


def test_a_caseworker_finds_only_persons_of_his_unit(api: Any, users: Any, units: Any, registry: Any) -> None:
    lev = users["lev"]
    other = services.person_create(actor=lev, sex="male", unit=units["b"], case_number="SP-TEST-0200")
    services.name_form_add(actor=lev, person=other, text="리명학", kind="legal", recorder_language="ko")

    def cases(username: str) -> list[str]:
        found = api(username).get("/api/v1/persons/", {"q": "리명학"}).json()["results"]
        return [r["case_number"] for r in found]

    legal, carla = cases("lev"), cases("carla")
    assert {"SP-TEST-0200", DEMO_CASE} <= set(legal)
    assert "SP-TEST-0200" not in carla
    assert DEMO_CASE in carla


def test_a_corrected_document_number_is_found_by_its_new_digits_only(
    api: Any, registry: Any, users: Any
) -> None:
    document = registry.documents.get()
    services.identity_document_update(actor=users["lev"], document=document, number="ВК 9912345")
    assert "SP-TEST-0100" == first_case(api, "lev", "9912")[0]
    assert [] == api("lev").get("/api/v1/persons/", {"q": "5830217"}).json()["results"]


def test_a_served_request_empties_the_name_caches_a_day_of_searches_would_grow(
    client: Any, users: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safepassage.core import apps
    from safepassage.names.analysis import folded_words

    monkeypatch.setattr(apps, "SERVED_CACHE_ENTRIES", 10)
    monkeypatch.setattr(apps, "TRIM_EVERY", 1)
    for n in range(20):
        folded_words(f"Kim Chol {n}")
    assert folded_words.cache_info().currsize > 10
    client.force_login(users["lev"])
    assert 200 == client.get("/persons/", {"q": "Kim Chol"}).status_code
    assert folded_words.cache_info().currsize <= 10


def test_a_search_loads_only_the_persons_of_the_page_shown(
    registry: Any, users: Any, django_assert_max_num_queries: Any
) -> None:
    found = person_find(user=users["lev"], filters=PersonFilters(q="Мён Хак"))
    assert len(found.people) > 2
    with django_assert_max_num_queries(1):
        first_two = found.people[0:2]
    assert 2 == len(first_two)
    everyone = list(found.people)
    assert [p.pk for p in everyone[:2]] == [p.pk for p in first_two]
    assert len(everyone) == len(found.people) == found.people.count()
