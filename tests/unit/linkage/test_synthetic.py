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
