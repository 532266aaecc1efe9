"""Per-record features: Hangul readings across scripts, name order, typos, unit keys."""

from __future__ import annotations

import pandas as pd

from safepassage.linkage.features import name_forms, record_features, unit_key


def test_a_name_in_three_scripts_shares_a_hangul_reading():
    readings = [set(name_forms(n).readings) for n in ("Ким Чен Ын", "김정은", "Kim Jong Un")]
    assert "김정은" in set.intersection(*readings)


def test_a_western_order_name_with_the_surname_last_is_read_both_ways():
    assert "김삼광" in name_forms("Сам Гван Ким").readings


def test_a_doubled_letter_that_leaves_no_korean_reading_is_dropped():
    assert "신일" == name_forms("Синн Иль").readings[0]


def test_a_russian_name_on_false_papers_has_no_hangul_reading_and_is_not_korean():
    forms = name_forms("Иванов Сергей Петрович")
    assert ((), False) == (forms.readings, forms.korean)


def test_units_compare_by_their_number_in_any_script():
    assert ["12345", "12345", "12345", None] == [
        unit_key(u) for u in ("в/ч 12345", "12345부대", "Unit 12345", "")
    ]


def test_a_unit_without_a_number_keeps_its_letters():
    assert "guardsdivision" == unit_key("Guards Division")


def test_record_features_keep_one_row_per_person_keyed_by_id():
    frame = pd.DataFrame(
        {
            "id": ["a", "b"],
            "full_name": ["Ким Чен Ын", "김정은"],
            "birth_year": [1984, None],
            "birth_month": [1, None],
            "birth_day": [8, None],
            "unit": ["в/ч 1", None],
        }
    )
    features = record_features(frame)
    assert ["a", "b"] == list(features["unique_id"])
    assert {"name_keys", "hangul", "surnames", "givens", "jamo", "unit_key"} <= set(features)


def test_a_european_name_keeps_its_latin_key_and_words_even_when_a_repair_reads_it_as_korean():
    forms = name_forms("noah white")
    assert ("noah vhite", ("noah", "vhite"), False) == (forms.key, forms.words, forms.korean)


def test_every_name_carries_its_folded_latin_words_for_partial_agreement():
    frame = pd.DataFrame(
        {
            "id": ["1", "2"],
            "full_name": ["chloe stanley", "Ким Чен Ын"],
            "birth_year": [None, None],
            "birth_month": [None, None],
            "birth_day": [None, None],
            "unit": [None, None],
        }
    )
    features = record_features(frame)
    assert [["chloe", "stanlei"], ["chen", "in", "kim"]] == list(features["words"])
    assert ["chloe stanlei", "chen in kim"] == list(features["spelling"])
