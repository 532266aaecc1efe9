"""Hangul to Cyrillic: Kontsevich for Russian and the Ukrainian spelling, with media forms."""

import pytest

from safepassage.names import to_cyrillic
from safepassage.names.cyrillic import UNKNOWN_LANG, cyrillic_word


# Kontsevich's system, tables and examples as in the Russian Wikipedia article
# «Система Концевича»: positional values, final ㅇ as н (нъ before a vowel), final ㄹ as
# ль, aspirates with х, and the assimilations between syllables.
@pytest.mark.parametrize(
    ("hangul", "cyrillic"),
    [("한국", "Хангук"), ("부산", "Пусан"), ("대구", "Тэгу"), ("인천", "Инчхон"),
     ("조선", "Чосон"), ("고려", "Корё"), ("백제", "Пэкче"), ("김치", "Кимчхи"),
     ("한글", "Хангыль"), ("대한 민국", "Тэхан Мингук"), ("서울", "Соуль")],
)
def test_kontsevich_gives_positional_values(hangul, cyrillic):
    assert cyrillic == cyrillic_word(hangul, customary=False)


@pytest.mark.parametrize(
    ("hangul", "cyrillic"),
    [("평양", "Пхёнъян"), ("신라", "Силла"), ("종로", "Чонно"), ("독립", "Тоннип"),
     ("국민", "Кунмин"), ("십만", "Симман"), ("압록", "Амнок"), ("설날", "Соллаль")],
)
def test_kontsevich_assimilates_consonants_between_syllables(hangul, cyrillic):
    assert cyrillic == cyrillic_word(hangul, customary=False)


# Russian Wikipedia article titles of public figures: surname, then each syllable of
# the given name as a word, voiced after a vowel or sonorant.
@pytest.mark.parametrize(
    ("hangul", "cyrillic"),
    [("반기문", "Пан Ги Мун"), ("문재인", "Мун Чжэ Ин"), ("박근혜", "Пак Кын Хе"),
     ("이명박", "Ли Мён Бак"), ("노무현", "Но Му Хён"), ("윤석열", "Юн Сок Ёль"),
     ("김대중", "Ким Дэ Чжун"), ("박정희", "Пак Чон Хи"), ("김여정", "Ким Ё Чжон"),
     ("최룡해", "Чхве Рён Хэ"), ("김영남", "Ким Ён Нам"), ("최선희", "Чхве Сон Хи"),
     ("현송월", "Хён Сон Воль"), ("손흥민", "Сон Хын Мин"), ("남궁민", "Намгун Мин")],
)
def test_russian_names_follow_media_practice(hangul, cyrillic):
    assert cyrillic == to_cyrillic(hangul)


@pytest.mark.parametrize(
    ("hangul", "cyrillic"),
    [("김정은", "Ким Чен Ын"), ("김정일", "Ким Чен Ир"), ("김일성", "Ким Ир Сен")],
)
def test_the_leaders_keep_their_customary_russian_spelling(hangul, cyrillic):
    assert cyrillic == to_cyrillic(hangul)


def test_without_custom_the_rules_apply_to_every_name():
    assert "Ким Чжон Ын" == to_cyrillic("김정은", customary=False)
    assert "И Мён Бак" == to_cyrillic("이명박", customary=False)


def test_kontsevich_proper_writes_the_given_name_in_one_word():
    assert "Ким Ёчжон" == to_cyrillic("김여정", joined=True)
    assert "Юн Согёль" == to_cyrillic("윤석열", joined=True)


# Ukrainian Wikipedia and media: і for ㅣ, и for ㅡ, ьо/йо for ㅕ, є for ㅖ.
@pytest.mark.parametrize(
    ("hangul", "cyrillic"),
    [("김정은", "Кім Чен Ин"), ("김일성", "Кім Ір Сен"), ("김정일", "Кім Чен Ір"),
     ("문재인", "Мун Чже Ін"), ("이명박", "Лі Мьон Бак"), ("반기문", "Пан Гі Мун"),
     ("윤석열", "Юн Сок Йоль"), ("박근혜", "Пак Кин Хє")],
)
def test_ukrainian_uses_its_own_vowel_letters(hangul, cyrillic):
    assert cyrillic == to_cyrillic(hangul, "uk")


def test_an_unknown_spelling_is_named_in_the_error():
    with pytest.raises(ValueError) as error:
        to_cyrillic("김정은", "be")
    assert UNKNOWN_LANG.format(lang="be") == str(error.value)
