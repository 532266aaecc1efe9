"""Surname and given name in any order, script and spacing."""

import pytest

from safepassage.names import ParsedName, Script, parse_name


def test_a_hangul_name_splits_after_its_one_syllable_surname():
    assert ParsedName("김", "정은", "정은", Script.HANGUL, True, "surname_first") == parse_name(
        "김정은")


@pytest.mark.parametrize("text", ["남궁민", "황보관", "제갈성렬", "독고영재", "사공일"])
def test_two_syllable_surnames_are_recognised(text):
    assert text[:2] == parse_name(text).surname


def test_a_weak_two_syllable_surname_needs_a_long_name():
    # 선우 is a surname, but 선우진 is more often 선 + 우진; 선우용녀 has four syllables.
    assert "선" == parse_name("선우진").surname
    assert "선우" == parse_name("선우용녀").surname


@pytest.mark.parametrize(
    "text", ["Kim Jong Un", "Kim Jong-un", "Kim Jongun", "KIM JONG UN", "KIM, Jong-Un",
             "Kim  Jong–Un", "kim jong un"],
)
def test_korean_order_in_latin_with_any_spacing(text):
    parsed = parse_name(text)
    assert ("kim", "Jongun", "surname_first", True) == (
        parsed.surname.lower(), parsed.given_compact, parsed.order, parsed.korean)


@pytest.mark.parametrize("text", ["Jong Un Kim", "Jong-Un KIM", "Jongun Kim"])
def test_western_order_puts_the_surname_last(text):
    parsed = parse_name(text)
    assert ("kim", "Jongun", "given_first") == (
        parsed.surname.lower(), parsed.given_compact, parsed.order)


def test_an_upper_case_word_is_the_surname_whatever_its_place():
    assert "SON" == parse_name("Heung Min SON").surname
    assert "given_first" == parse_name("Heung Min SON").order


@pytest.mark.parametrize("text", ["Ким Чен Ын", "Ким Чен-Ын", "Ким Ченын", "КИМ Чен Ын"])
def test_russian_forms_with_spaces_hyphens_or_none(text):
    parsed = parse_name(text)
    assert ("Ким", "Ченын", Script.CYRILLIC, True) == (
        parsed.surname.capitalize(), parsed.given_compact, parsed.script, parsed.korean)


def test_a_surname_glued_to_the_given_name_is_found():
    assert ("Kim", "Jongun") == (parse_name("Kimjongun").surname,
                                 parse_name("Kimjongun").given_compact)
    assert "Ким" == parse_name("Кимченын").surname


def test_a_comma_marks_the_surname_even_for_a_rare_one():
    parsed = parse_name("Namgung, Min")
    assert ("Namgung", "Min", "surname_first") == (parsed.surname, parsed.given, parsed.order)


def test_both_ends_being_surnames_is_flagged_as_ambiguous():
    parsed = parse_name("Kang Ho Song")
    assert parsed.ambiguous and parsed.korean


def test_a_russian_identity_is_not_korean_and_keeps_its_patronymic_apart():
    parsed = parse_name("Иванов Сергей Петрович")
    assert ParsedName("Иванов", "Сергей", "Сергей", Script.CYRILLIC, False, "surname_first",
                      "Петрович") == parsed


def test_a_russian_name_in_western_order_is_recognised_by_its_ending():
    parsed = parse_name("Sergey Ivanov")
    assert ("Ivanov", "Sergey", "given_first", False) == (
        parsed.surname, parsed.given, parsed.order, parsed.korean)


def test_a_tuvan_name_does_not_crash_and_is_not_korean():
    parsed = parse_name("Монгуш Айдын Орланович")
    assert ("Монгуш", "Айдын", "Орланович", False) == (
        parsed.surname, parsed.given, parsed.patronymic, parsed.korean)


def test_a_koryo_saram_name_has_a_korean_surname_but_is_not_a_korean_name():
    parsed = parse_name("Цой Виктор Робертович")
    assert ("Цой", "Виктор", False) == (parsed.surname, parsed.given, parsed.korean)


@pytest.mark.parametrize("text", ["", "   ", "123", "—", "Kim", "O"])
def test_odd_inputs_do_not_crash(text):
    assert isinstance(parse_name(text), ParsedName)


def test_a_lone_surname_has_no_given_name():
    assert ("Kim", None) == (parse_name("Kim").surname, parse_name("Kim").given)
