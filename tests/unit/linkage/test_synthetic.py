"""The synthetic generator: deterministic by seed, across scripts, with its truth."""

from __future__ import annotations

from safepassage.linkage.synthetic import linked_lists, registry
from safepassage.names import Script, detect_script


def test_the_same_seed_gives_the_same_lists():
    first, second = linked_lists(200, seed=3), linked_lists(200, seed=3)
    assert first.left.equals(second.left) and first.right.equals(second.right)
    assert first.truth == second.truth


def test_another_seed_gives_other_lists():
    assert not linked_lists(200, seed=3).left.equals(linked_lists(200, seed=4).left)


def test_the_left_list_is_cyrillic_and_the_right_hangul_or_latin():
    lists = linked_lists(300, seed=5)
    left = {detect_script(n) for n in lists.left["full_name"]}
    right = {detect_script(n) for n in lists.right["full_name"]}
    assert {Script.CYRILLIC} == left
    assert {Script.HANGUL, Script.LATIN} <= right <= {Script.HANGUL, Script.LATIN, Script.MIXED}


def test_the_truth_pairs_the_overlap_one_to_one():
    lists = linked_lists(500, seed=6, overlap=0.8)
    lefts = [a for a, _ in lists.truth]
    rights = [b for _, b in lists.truth]
    assert (400, 400, 400) == (len(lists.truth), len(set(lefts)), len(set(rights)))


def test_poor_dates_leave_most_birth_dates_missing_or_partial():
    lists = linked_lists(500, seed=7, dates="poor")
    dates = lists.left["birth_date"]
    partial = (dates == "") | dates.str.fullmatch(r"\d{4}") | dates.str.startswith("01.01.")
    assert partial.mean() > 0.6


def test_some_men_are_listed_under_a_false_russian_or_tuvan_name():
    lists = linked_lists(3000, seed=8)
    patronymic = lists.left["full_name"].str.contains(r"(?:вич|оолович)$")
    assert patronymic.sum() > 0


def test_a_registry_repeats_people_and_says_who_is_who():
    reg = registry(1000, seed=9, duplicate_rate=0.2)
    assert 1000 == len(reg.people)
    assert 700 < reg.person.nunique() < 900


def test_clerical_slips_give_some_true_pairs_other_birth_years_and_mistyped_units():
    from safepassage.linkage.features import unit_key

    lists = linked_lists(1000, seed=3, dates="slips")
    left = lists.left.set_index("id")
    right = lists.right.set_index("id")
    years_apart = units_slipped = 0
    for lid, rid in lists.truth:
        a, b = left.loc[lid], right.loc[rid]
        ya, yb = a["birth_date"][-4:], b["birth_date"][:4]
        years_apart += bool(ya and yb and ya.isdigit() and yb.isdigit() and abs(int(ya) - int(yb)) > 1)
        ua, ub = unit_key(a["unit"]), unit_key(b["unit"])
        units_slipped += bool(
            ua and ub and ua != ub and sum(x != y for x, y in zip(ua, ub, strict=True)) <= 2
        )
    assert years_apart >= 5 and units_slipped >= 5


def test_the_ceilings_count_a_pair_out_of_reach_only_when_the_name_alone_cannot_tell() -> None:
    import dataclasses
    from datetime import date

    import pandas as pd

    from safepassage.linkage.synthetic.ceilings import dedupe_ceiling, link_ceiling
    from safepassage.linkage.synthetic.lists import Registry, linked_lists, registry
    from safepassage.linkage.synthetic.people import Person

    lists = linked_lists(300, 2, dates="poor")
    ceiling = link_ceiling(lists)
    assert ceiling.true_pairs == len(lists.truth)
    assert 0 < ceiling.out_of_reach < ceiling.true_pairs
    assert ceiling.recall < 1.0 and ceiling.f1 > ceiling.recall
    assert dedupe_ceiling(registry(500, 4)).recall > 0.9

    # Two men named 김철수; the first twice. His rows with a date are linkable; a row with
    # nothing but the name could be either man; with no namesake it is his alone.
    kim = Person(1, "김", "철수", date(1990, 1, 1), "12345")
    other = dataclasses.replace(kim, key=2, birth=date(1995, 5, 5), unit="54321")

    def of(rows: list[tuple[str, Person, str]]) -> Registry:
        frame = pd.DataFrame(
            [{"id": rid, "full_name": p.hangul, "birth_date": born, "unit": ""} for rid, p, born in rows]
        )
        return Registry(
            frame, pd.Series([p.key for _r, p, _b in rows], index=frame["id"]), {r: p for r, p, _b in rows}
        )

    dated = of([("A", kim, "1990-01-01"), ("B", kim, "1990-01-01"), ("C", other, "1995-05-05")])
    assert 0 == dedupe_ceiling(dated).out_of_reach
    bare = of([("A", kim, "1990-01-01"), ("B", kim, ""), ("C", other, "1995-05-05")])
    assert 1 == dedupe_ceiling(bare).out_of_reach
    alone = of([("A", kim, "1990-01-01"), ("B", kim, "")])
    assert 0 == dedupe_ceiling(alone).out_of_reach
