"""Non-Korean Cyrillic names in passport Latin, and their folded comparison form."""

import pytest

from safepassage.names import to_latin
from safepassage.names.foreign import fold, similarity, tokens_similarity


# ICAO Doc 9303, 8th edition, Part 3, section 6 (the Russian passport table since 2014).
@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Иванов Сергей Петрович", "ivanov sergei petrovich"), ("Щукин", "shchukin"),
     ("Юлия", "iuliia"), ("Ёлкин", "elkin"), ("Подъячев", "podieiachev"),
     ("Хабибуллин", "khabibullin"), ("Цой", "tsoi"), ("Мытищи", "mytishchi"),
     ("Эльдар", "eldar")],
)
def test_russian_letters_follow_icao_9303(cyrillic, latin):
    assert latin == to_latin(cyrillic)


# Resolution No. 55 of the Cabinet of Ministers of Ukraine (2010).
@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Євген", "yevhen"), ("Київ", "kyiv"), ("Ґалаґан", "galagan"), ("Їжакевич", "yizhakevych"),
     ("Юрій", "yurii"), ("Згірський", "zghirskyi")],
)
def test_ukrainian_letters_follow_the_ukrainian_passport_table(cyrillic, latin):
    assert latin == to_latin(cyrillic)


def test_a_tuvan_name_with_extra_letters_does_not_crash():
    assert "mongush aidyn" == to_latin("Монгуш Айдын")
    assert "ondar" == to_latin("Өндар")


@pytest.mark.parametrize(
    "forms", [["Сергей", "Sergey", "Sergei"], ["Юрий", "Yuri", "Iurii"], ["Цой", "Tsoi", "Tsoy"]],
)
def test_folding_merges_passport_and_english_spellings(forms):
    assert 1 == len({fold(form) for form in forms})


def test_token_similarity_ignores_order():
    assert 1.0 == tokens_similarity(("ivanov", "sergei"), ("sergei", "ivanov"))
    assert 0.0 == similarity("", "abc")
