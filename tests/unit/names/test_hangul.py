"""Hangul syllable arithmetic (Unicode 15, section 3.12) and the initial-sound rule."""

import pytest

from safepassage.names import Script, compose, decompose, detect_script, is_syllable
from safepassage.names.hangul import (
    NOT_A_SYLLABLE,
    UNKNOWN_JAMO,
    decompose_text,
    southern_initial,
    syllables,
)


def test_it_decomposes_the_unicode_standard_example_han():
    # Unicode 15, section 3.12, "Hangul Syllable Decomposition": U+D55C 한 = ㅎ ㅏ ㄴ.
    assert ("ㅎ", "ㅏ", "ㄴ") == decompose("\ud55c")


def test_it_composes_the_first_and_last_syllables_of_the_block():
    assert "\uac00" == compose("ㄱ", "ㅏ")
    assert "\ud7a3" == compose("ㅎ", "ㅣ", "ㅎ")


def test_every_syllable_survives_a_round_trip_through_its_jamo():
    for code in range(0xAC00, 0xD7A4):
        assert chr(code) == compose(*decompose(chr(code)))


def test_it_explains_a_character_that_is_not_a_syllable():
    with pytest.raises(ValueError, match="not a precomposed Hangul syllable"):
        decompose("K")
    assert "{char!r}" in NOT_A_SYLLABLE


def test_it_refuses_a_jamo_in_the_wrong_position():
    with pytest.raises(ValueError, match="not a jamo allowed") as error:
        compose("ㅏ", "ㅏ")
    assert UNKNOWN_JAMO.format(jamo="ㅏ") == str(error.value)


def test_it_lists_the_syllables_of_a_text_and_spells_them_out():
    assert ["김", "정", "은"] == syllables("김 정-은!")
    assert "ㄱㅣㅁ ㅈㅓㅇ" == decompose_text("김 정")
    assert is_syllable("김") and not is_syllable("ㄱ") and not is_syllable("김정")


@pytest.mark.parametrize(
    ("northern", "southern"),
    [("리", "이"), ("림", "임"), ("류", "유"), ("로", "노"), ("룡", "용"), ("량", "양"),
     ("녀", "여"), ("라", "나"), ("김", "김")],
)
def test_the_southern_spelling_drops_the_initial_r_and_n(northern, southern):
    assert southern == southern_initial(northern)


def test_script_detection_still_tells_the_three_scripts_apart():
    assert Script.HANGUL == detect_script("김정은")
    assert Script.CYRILLIC == detect_script("Ким Чен Ын")
    assert Script.LATIN == detect_script("Kim Chŏng-ŭn")
    assert Script.MIXED == detect_script("Kim 정은")
    assert Script.OTHER == detect_script("123")
