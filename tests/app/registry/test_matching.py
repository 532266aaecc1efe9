"""Reconciling through blind-indexed candidates gives the whole registry's result; keys stay in step."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from typing import Any

import pandas as pd
import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model

from safepassage.accounts.models import Unit
from safepassage.core.fields import opened_rows
from safepassage.core.keys import keyring
from safepassage.exchanges import services
from safepassage.linkage.backends import DuckDBBackend
from safepassage.linkage.model import Model
from safepassage.linkage.reconcile import reconcile
from safepassage.linkage.records import people_from_rows
from safepassage.linkage.synthetic.people import Person as Synthetic
from safepassage.linkage.synthetic.people import make_people
from safepassage.linkage.synthetic.render import Noise, birth_text, cyrillic_name, unit_text
from safepassage.ops.generate import Actors, generate
from safepassage.registry import matching
from safepassage.registry import services as registry
from safepassage.registry.linkage_keys import birth_text as registry_birth_text
from safepassage.registry.linkage_keys import compared_names_and_units, keys_of_persons
from safepassage.registry.matching import registry_list, registry_records
from safepassage.registry.models import LinkageKey, NameForm, Person, ServiceRecord
from safepassage.registry.search_keys import SEARCH_KINDS
from tests.app.conftest import PERSONAS, personas, rows_kept_for_the_class, second_legal_officer
from tests.app.exchanges.conftest import write_list

HEADER = ["id", "full_name", "birth_date", "unit"]


def stored_keys() -> dict[Any, set[tuple[str, str]]]:
    keys: dict[Any, set[tuple[str, str]]] = {}
    # The linkage keys only: the search keys beside them are the registry search's (tests/app/registry).
    linkage = LinkageKey.objects.exclude(kind__in=SEARCH_KINDS)
    for person_id, kind, value in linkage.values_list("person_id", "kind", "value"):
        keys.setdefault(person_id, set()).add((kind, value))
    return keys


def keys_from_scratch() -> dict[Any, set[tuple[str, str]]]:
    ring = keyring()
    people = opened_rows(
        Person, Person.objects.values_list("pk", "birth_date", "birth_year"), "birth_date", ""
    )
    names, units = compared_names_and_units(NameForm, ServiceRecord, [p[0] for p in people], ring)
    return {pk: keys for pk, keys in keys_of_persons(people, names, units, ring).items() if keys}


def noisy_rows(seed: int, size: int, strangers: int) -> list[list[str]]:
    """Registry persons as a Russian clerk writes them (typos, partial dates, units), and strangers."""
    rng = random.Random(seed)
    noise = Noise(typo=0.15, unit_slip=0.1, wrong_date=0.05, missing_date=0.3)
    chosen = rng.sample(list(Person.objects.order_by("case_number").values_list("pk", flat=True)), size)
    people = []
    for n, record in enumerate(registry_records(Person.objects.filter(pk__in=chosen))):
        name, birth, unit = record.full_name, record.birth, record.unit
        if birth.is_full and birth.month is not None and birth.day is not None:
            born = date(birth.year or 1999, birth.month, birth.day)
        else:
            born = date(birth.year or 1999, 6, 15)
        people.append(Synthetic(n, name[0], name[1:], born, "".join(c for c in unit if c.isdigit())))
    people += make_people(strangers, random.Random(seed + 1))
    return [
        [
            f"RU-{n:03d}",
            cyrillic_name(who, noise, rng),
            birth_text(who.birth, noise, rng, dotted=True),
            unit_text(who.unit or "10000", noise, rng, cyrillic=True),
        ]
        for n, who in enumerate(people, start=1)
    ]


def registry_text_rows() -> list[tuple[int, list[str]]]:
    """The whole registry as the text rows the registry list was once written as, and parsed from."""
    people = opened_rows(
        Person, Person.objects.values_list("pk", "birth_date", "birth_year"), "birth_date", ""
    )
    names, units = compared_names_and_units(NameForm, ServiceRecord, [p[0] for p in people], keyring())
    named = [(pk, born, year) for pk, born, year in people if pk in names]
    return [(1, HEADER)] + [
        (n, [str(pk), names[pk], registry_birth_text(born, year), units.get(pk, "")])
        for n, (pk, born, year) in enumerate(named, start=2)
    ]


@pytest.fixture(scope="class")
def registry_of_400(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """400 generated persons and the personas, made once for the class (each test rolls back to them)."""
    with rows_kept_for_the_class(django_db_blocker, tmp_path_factory.mktemp("home")):
        made = personas({"a": Unit.objects.create(name="Unit A"), "b": Unit.objects.create(name="Unit B")})
        actors = Actors(
            caseworker=made["carla"], monitor=made["mona"], legal=made["lev"], legal_2=second_legal_officer()
        )
        generate(count=400, seed=3, actors=actors, prefix="SP-RC", batch=400)
        yield


@pytest.fixture
def generated(registry_of_400: None, db: Any) -> dict[str, Any]:
    """The personas of the generated registry, read afresh for each test."""
    return {u.username: u for u in get_user_model().objects.filter(username__in=PERSONAS)}


def whole_registry_outcome(exchange_list: Any) -> dict[str, tuple[str, str, float]]:
    rows = [(1, HEADER)] + [
        (e.row, [e.external_id, e.full_name, e.birth_date, e.unit]) for e in exchange_list.entries.all()
    ]
    result = reconcile(
        people_from_rows(rows, "list"),
        registry_list(Person.objects.all()),
        model=Model.default(),
        backend=DuckDBBackend(),
        threshold=services.MATCH_THRESHOLD,
    )
    outcome = {}
    for status, frame in (("matched", result.matches), ("review", result.review)):
        for r in frame.to_dict("records"):
            outcome.setdefault(
                str(r["left_id"]), (status, str(r["right_id"]), round(r["match_probability"], 9))
            )
    return outcome


def stored_outcome(exchange_list: Any) -> dict[str, tuple[str, str, float]]:
    return {
        e.external_id: (e.match_status, str(e.person_id), round(e.match_probability, 9))
        for e in exchange_list.entries.all()
        if e.match_status != "unmatched"
    }


@pytest.mark.xdist_group("registry-of-400")
class TestOnAGeneratedRegistry:
    """Every test here reads the one registry generated for the class; what a test writes is rolled back."""

    def test_the_generator_stores_the_keys_the_services_would(self, generated: dict[str, Any]) -> None:
        assert keys_from_scratch() == stored_keys()
        assert len(stored_keys()) == Person.objects.count()

    # The first seed reconciles in linkage.apart's real child process, as the server does.
    @pytest.mark.parametrize("seed", [pytest.param(1, marks=pytest.mark.reconcile_child), 2])
    def test_a_noisy_list_matches_as_against_the_whole_registry(
        self, generated: dict[str, Any], tmp_path: Any, seed: int
    ) -> None:
        round_ = services.round_create(actor=generated["nick"], name=f"Round {seed}")
        path = tmp_path / "incoming.csv"
        rows = noisy_rows(seed, 30, 8)
        with path.open("w", encoding="utf-8", newline="") as handle:
            import csv

            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(rows)
        lst = services.list_import(actor=generated["nick"], round_=round_, direction="incoming", path=path)
        counts = services.list_reconcile(actor=generated["nick"], exchange_list=lst)
        assert counts["matched"] >= 15 and counts["unmatched"] >= 1
        assert whole_registry_outcome(lst) == stored_outcome(lst)

    def test_the_registry_list_is_typed_as_its_text_rows_were_read(self, generated: dict[str, Any]) -> None:
        typed = registry_list(Person.objects.all())
        pd.testing.assert_frame_equal(people_from_rows(registry_text_rows(), "registry").frame, typed.frame)
        assert 400 == len(typed)

    def test_a_list_reads_only_part_of_the_registry(self, generated: dict[str, Any]) -> None:
        # Without units: a generated registry this small has units of forty men, found whole.
        listed = [[*row[:3], ""] for row in noisy_rows(5, 20, 2)]
        rows = [(1, HEADER)] + [(n, row) for n, row in enumerate(listed, start=2)]
        incoming = people_from_rows(rows, "list")
        size = matching.registry_size()
        found = matching.candidate_ids(incoming, matching.population(incoming, size))
        assert size == 400
        assert 20 <= len(found) < size // 2

    def test_the_backfill_gives_every_existing_person_his_keys(self, generated: dict[str, Any]) -> None:
        import importlib

        migration = importlib.import_module("safepassage.registry.migrations.0003_linkage_keys")
        expected = stored_keys()
        LinkageKey.objects.all().delete()
        migration.index_existing_persons(django_apps, None)
        assert expected == stored_keys()


def test_keys_follow_names_birth_and_unit(users: dict[str, Any], make_person: Any, units: Any) -> None:
    carla = users["carla"]
    person = make_person(carla, units["a"], hangul="김철남", cyrillic="Ким Чхоль Нам")
    before = stored_keys()[person.pk]
    assert before == keys_from_scratch()[person.pk]

    def in_step() -> set[tuple[str, str]]:
        keys = stored_keys().get(person.pk, set())
        assert keys == keys_from_scratch().get(person.pk, set())
        return keys

    legal = person.name_forms.get(kind="legal")
    registry.name_form_update(actor=carla, name_form=legal, text="박철남")
    renamed = in_step()
    assert renamed != before
    registry.person_update(actor=carla, person=person, birth_precision="full", birth_date=date(2001, 3, 4))
    dated = in_step()
    assert dated != renamed
    record = registry.service_record_add(
        actor=carla, person=person, forces_of="KP", unit_designation="в/ч 55512"
    )
    with_unit = in_step()
    assert {k for k, _ in with_unit} - {k for k, _ in dated} == {"unit", "surname_unit", "year_unit"}
    registry.service_record_update(actor=carla, record=record, unit_designation="в/ч 55513")
    assert in_step() != with_unit
    # Only a false identity left to compare him under: he is no longer in the registry list.
    for form in person.name_forms.all():
        registry.name_form_update(actor=carla, name_form=form, kind="document")
    assert in_step() == set()


def test_a_renamed_person_is_found_under_his_new_name(
    users: dict[str, Any], make_person: Any, units: Any
) -> None:
    carla = users["carla"]
    person = make_person(carla, units["a"], hangul="김철남", cyrillic="Ким Чхоль Нам")
    make_person(carla, units["a"], hangul="리명학", cyrillic="Ри Мён Хак")
    registry.name_form_add(
        actor=carla, person=person, text="Чон Мён Иль", kind="legal", recorder_language="ru"
    )
    legal = next(form for form in person.name_forms.all() if form.text == "김철남")
    # His Hangul name turns out to be the one on false papers: he is compared as Чон Мён Иль now.
    registry.name_form_update(actor=carla, name_form=legal, kind="document")

    def found(name: str) -> set[Any]:
        incoming = people_from_rows([(1, HEADER), (2, ["RU-1", name, "", ""])], "list")
        whole = matching.population(incoming, matching.registry_size())
        return matching.candidate_ids(incoming, whole)

    assert found("Чон Мён Иль") == {person.pk}
    assert found("김철남") == set()


def test_an_empty_registry_is_refused(users: dict[str, Any], tmp_path: Any) -> None:
    from django.core.exceptions import ValidationError

    round_ = services.round_create(actor=users["nick"], name="Round empty")
    path = write_list(tmp_path / "list.csv", ["Ким Чхоль Нам"])
    lst = services.list_import(actor=users["nick"], round_=round_, direction="incoming", path=path)
    with pytest.raises(ValidationError):
        services.list_reconcile(actor=users["nick"], exchange_list=lst)
