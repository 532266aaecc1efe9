"""Linking a list with only the registry records its blocking tokens reach gives the whole result."""

from __future__ import annotations

import pandas as pd
import pytest

from safepassage.linkage.backends import DuckDBBackend
from safepassage.linkage.blocking import date_blocks_alone, unit_blocks_alone
from safepassage.linkage.candidates import UNIT, Population, blocking_tokens, searched
from safepassage.linkage.features import record_features
from safepassage.linkage.model import Model
from safepassage.linkage.reconcile import reconcile
from safepassage.linkage.records import PersonList, people_from_rows
from safepassage.linkage.synthetic import linked_lists


def as_people(frame: pd.DataFrame, name: str) -> PersonList:
    rows = [(1, list(frame.columns))] + [
        (n, [str(v) for v in row]) for n, row in enumerate(frame.itertuples(index=False), start=2)
    ]
    return people_from_rows(rows, name)


def tokens_of(people: PersonList) -> dict[str, set[tuple[str, str]]]:
    from safepassage.linkage.dates import BirthDate

    tokens = {}
    for record in people.frame.to_dict("records"):
        birth = BirthDate(
            *(
                None if pd.isna(record[k]) else int(record[k])
                for k in ("birth_year", "birth_month", "birth_day")
            )
        )
        tokens[record["id"]] = blocking_tokens(record["full_name"], birth, record["unit"])
    return tokens


def population_of(registry: PersonList, left: PersonList) -> Population:
    units = record_features(registry.frame)["unit_key"].dropna()
    counts = units.value_counts()
    left_units = record_features(left.frame)["unit_key"].dropna()
    return Population(len(registry), {k: int(counts.get(k, 0)) for k in left_units}, len(units))


def candidates(left: PersonList, registry: PersonList, population: Population) -> PersonList:
    """What the service finds in the database: records sharing a searched token, or the full birth date."""
    unit_alone = unit_blocks_alone(population.unit_pairs_per_row(record_features(left.frame)))
    wanted = set().union(*(searched(t, unit_alone=unit_alone) for t in tokens_of(left).values()))
    found = {rid for rid, tokens in tokens_of(registry).items() if tokens & wanted}
    if date_blocks_alone(len(left) * population.size):
        full = registry.frame.dropna(subset=["birth_day"])
        dates = set(
            left.frame.dropna(subset=["birth_day"])[["birth_year", "birth_month", "birth_day"]].itertuples(
                index=False, name=None
            )
        )
        found |= {
            r["id"]
            for r in full.to_dict("records")
            if (r["birth_year"], r["birth_month"], r["birth_day"]) in dates
        }
    return PersonList("candidates", registry.frame[registry.frame["id"].isin(found)].reset_index(drop=True))


def outcome(result) -> tuple[list, list]:
    matches = sorted(
        (r["left_id"], r["right_id"], round(r["match_probability"], 9))
        for r in result.matches.to_dict("records")
    )
    review = sorted(
        (r["left_id"], r["right_id"], round(r["match_probability"], 9))
        for r in result.review.to_dict("records")
    )
    return matches, review


@pytest.fixture(scope="module")
def lists():
    linked = linked_lists(1500, seed=11, dates="slips")
    left = as_people(linked.left.head(50), "left")
    return left, as_people(linked.right, "registry")


def test_the_candidates_of_a_short_list_are_a_small_part_of_the_registry(lists):
    left, registry = lists
    population = population_of(registry, left)
    assert len(candidates(left, registry, population)) < len(registry) // 2


def test_linking_the_candidates_with_the_whole_registrys_counts_gives_the_whole_registrys_result(lists):
    left, registry = lists
    population = population_of(registry, left)
    subset = candidates(left, registry, population)
    model, backend = Model.default(), DuckDBBackend()
    whole = reconcile(left, registry, model=model, backend=backend)
    blocked = reconcile(left, subset, model=model, backend=backend, right_population=population)
    assert outcome(whole) == outcome(blocked)
    assert whole.matches.shape[0] > 30
    assert (whole.unmatched_left, whole.unmatched_right) == (blocked.unmatched_left, blocked.unmatched_right)


def test_without_the_whole_registrys_counts_the_candidates_alone_would_score_differently(lists):
    left, registry = lists
    subset = candidates(left, registry, population_of(registry, left))
    model, backend = Model.default(), DuckDBBackend()
    whole = reconcile(left, registry, model=model, backend=backend)
    alone = reconcile(left, subset, model=model, backend=backend)
    assert outcome(whole) != outcome(alone)


def test_a_unit_token_is_searched_only_while_the_unit_alone_is_a_block():
    tokens = {(UNIT, "12345"), ("key", "Kim-Yongchol")}
    assert searched(tokens, unit_alone=True) == tokens
    assert searched(tokens, unit_alone=False) == {("key", "Kim-Yongchol")}
