"""Comparison keys for blocking and blind indexes, and the display key."""

import gc

import pytest

from safepassage.names import comparison_keys, comparison_keys_many, name_key
from safepassage.names.keys import MAX_KEYS

SAME_PEOPLE = [
    ["김정은", "Ким Чен Ын", "Кім Чен Ин", "Kim Jong-un", "KIM JONG UN", "Jong Un Kim",
     "KIM, Jong-Un", "Kim Chŏng-ŭn", "Ким Ченын", "Ким Чен-Ын"],
    ["박명수", "Пак Мён Су", "Pak Myong Su", "Park Myeong-su", "Пак Мьон Су"],
    ["리설주", "이설주", "Ri Sol Ju", "Lee Seol-ju", "Ли Соль Чжу", "Рі Соль Чжу"],
    ["최룡해", "Чхве Рён Хэ", "Choe Ryong Hae", "Ch'oe Ryong-hae", "Choi Yong-hae"],
    ["반기문", "Пан Ги Мун", "Ban Ki-moon", "Пан Гі Мун", "Pan Ki-mun"],
]


@pytest.mark.parametrize("forms", SAME_PEOPLE, ids=lambda forms: forms[0])
def test_forms_of_one_name_in_any_script_share_a_key(forms):
    reference = comparison_keys(forms[0])
    for form in forms[1:]:
        assert reference & comparison_keys(form), form


@pytest.mark.parametrize(
    ("a", "b"),
    [("김정은", "김정일"), ("Ким Чен Ын", "김정일"), ("박명수", "박영수"), ("김영남", "김영철"),
     ("Kim Jong Un", "Kim Jong Il"), ("이명박", "박근혜")],
)
def test_different_common_names_do_not_share_a_key(a, b):
    assert not comparison_keys(a) & comparison_keys(b)


def test_keys_are_few_short_and_ascii():
    for forms in SAME_PEOPLE:
        for form in forms:
            keys = comparison_keys(form)
            assert 1 <= len(keys) <= MAX_KEYS
            assert all(key.isascii() and len(key) <= 24 for key in keys)


def test_a_hangul_name_has_exactly_one_key():
    assert 1 == len(comparison_keys("김정은"))


def test_a_russian_identity_gets_a_key_from_its_passport_spelling():
    assert comparison_keys("Иванов Сергей Петрович") == comparison_keys("Sergey Ivanov")
    assert not comparison_keys("Иванов Сергей") & comparison_keys("Петров Сергей")


def test_keys_are_deterministic():
    assert comparison_keys("Ким Чен Ын") == comparison_keys("Ким Чен Ын")


@pytest.mark.parametrize("text", ["", "123", "Kim", "Монгуш Айдын Орланович"])
def test_odd_inputs_give_a_set(text):
    assert isinstance(comparison_keys(text), frozenset)


@pytest.mark.parametrize(
    "forms",
    [["김정은", "Ким Чен Ын", "Кім Чен Ин"], ["박명수", "Пак Мён Су", "Pak Myong Su"],
     ["리설주", "이설주"], ["최룡해", "Чхве Рён Хэ", "Choe Ryong Hae"]],
    ids=lambda forms: forms[0],
)
def test_the_name_key_is_the_same_across_scripts(forms):
    assert {name_key(forms[0])} == {name_key(form) for form in forms}


def test_the_name_key_reads_as_revised_romanization():
    assert "kim jeongeun" == name_key("김정은")
    assert "lee seolju" == name_key("리설주")
    assert "ivanov sergei" == name_key("Иванов Сергей Петрович")


def test_a_batch_gives_the_same_keys_and_leaves_the_collector_as_it_was():
    names = ["김정은", "Ким Чен Ын", "Иванов Сергей"]
    assert [comparison_keys(n) for n in names] == comparison_keys_many(names)
    assert gc.isenabled()
