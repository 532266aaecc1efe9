"""Names as they really arrive: customary place names, southern surnames, NFD, mixed scripts, wrong types."""

import unicodedata

import pytest

from safepassage.names import (
    comparison_keys,
    detect_script,
    hangul_candidates,
    name_key,
    name_similarity,
    parse_name,
    romanize,
    to_cyrillic,
)
from safepassage.names.analysis import folded_words
from safepassage.names.cyrillic import cyrillic_hangul, cyrillic_word
from safepassage.names.latin import romanize_hangul
from safepassage.names.script import ERR_MIXED
from safepassage.names.transliterate import ERR_UNREADABLE_MIXED, romanizations


@pytest.mark.parametrize(
    ("hangul", "lang", "cyrillic"),
    [("서울", "ru", "Сеул"), ("평양", "ru", "Пхеньян"), ("서울", "uk", "Сеул"), ("평양", "uk", "Пхеньян")],
)
def test_places_take_their_customary_russian_and_ukrainian_names(hangul, lang, cyrillic):
    assert cyrillic == cyrillic_word(hangul, lang)


def test_a_place_without_a_customary_name_keeps_kontsevich():
    assert "Чонно" == cyrillic_word("종로")


@pytest.mark.parametrize(
    ("hangul", "forms"),
    [
        ("이명학", ("Ri Myong Hak", "I Myong Hak")),
        ("유성민", ("Ryu Song Min", "Yu Song Min")),
        ("임철", ("Rim Chol", "Im Chol")),
        ("리명학", ("Ri Myong Hak",)),
        ("김철남", ("Kim Chol Nam",)),
    ],
)
def test_a_southern_surname_keeps_its_own_form_beside_the_northern_one(hangul, forms):
    assert forms == romanizations(hangul, "nk")


def test_the_north_korean_system_does_not_assimilate_across_given_name_syllables():
    assert "Jo Chun Ryong" == romanize("조춘룡", "nk")
    # McCune-Reischauer writes the given name as one word, with the sound change.
    assert "Cho Ch'un-lyong" == romanize("조춘룡", "mr")


def test_decomposed_hangul_reads_as_composed():
    decomposed = unicodedata.normalize("NFD", "리명학")
    assert decomposed != "리명학"
    assert "Ri Myong Hak" == romanize(decomposed, "nk")
    assert "Ри Мён Хак" == to_cyrillic(decomposed)
    assert comparison_keys("리명학") == comparison_keys(decomposed)
    assert ["리명학"] == hangul_candidates(decomposed)
    assert 1.0 == name_similarity(decomposed, "Ri Myong Hak") or name_similarity(decomposed, "리명학") == 1.0
    assert "리" == parse_name(decomposed).surname


def test_a_mixed_script_name_keeps_every_word():
    assert "mixed" == detect_script("Kim 정은")
    assert "Kim Jong Un" == romanize("Kim 정은", "nk")
    assert "Ким Чен Ын" == to_cyrillic("Kim 정은")
    assert ("iongun", "kim") == folded_words("Kim 정은")
    assert comparison_keys("김정은") == comparison_keys("Kim 정은")


def test_a_mixed_name_that_does_not_read_as_korean_is_refused_clearly():
    with pytest.raises(ValueError, match="mixes Hangul") as raised:
        romanize("Smith 정은")
    assert ERR_UNREADABLE_MIXED.format(text="Smith 정은") == str(raised.value)


@pytest.mark.parametrize("transliterate", [romanize_hangul, cyrillic_hangul])
def test_the_hangul_tables_refuse_a_mixed_form_rather_than_drop_its_other_words(transliterate):
    # Below the mixed reading, "Kim 정은" would come out as the given name alone.
    with pytest.raises(ValueError) as raised:
        transliterate("Kim 정은")
    assert ERR_MIXED.format(text="Kim 정은") == str(raised.value)
    assert transliterate("김정은").split()[0] in {"Kim", "Ким"}


@pytest.mark.parametrize("bad", [None, 5, b"\xea\xb9\x80", ["김"]])
@pytest.mark.parametrize(
    "call",
    [parse_name, comparison_keys, hangul_candidates, name_key, romanize, to_cyrillic, detect_script,
     lambda text: name_similarity(text, "김철")],
)
def test_input_that_is_not_text_is_a_clear_error(bad, call):
    with pytest.raises(TypeError, match=r"A name must be text \(str\), not"):
        call(bad)


@pytest.mark.parametrize("query", ["명학", "Myong Hak", "Мён Хак", "Мьон Хак", "Myŏng-hak", "Myonghak"])
def test_a_given_name_alone_meets_the_given_name_of_the_full_name(query):
    from safepassage.names.keys import given_name_keys, given_only_keys
    from safepassage.names.similarity import given_name_similarity

    assert given_only_keys(query) & given_name_keys("리명학")
    assert given_only_keys(query) & given_name_keys("Рі Мьон Хак")
    assert given_name_similarity(query, "리명학") >= 0.95
    assert given_name_similarity(query, "탁성민") < 0.5


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("UNION SELECT username, password FROM auth_user --", "latin"),
        ("Ri Myong Hak Kim Chol Nam Pak Yong Su_", "latin"),
        ("Ли Мён Хак Ким Чхоль Нам Пак Ён Су_", "cyrillic"),
        ("리명학 김철남 박영수 _", "hangul"),
    ],
)
def test_a_long_text_that_is_not_a_plain_name_is_read_at_once(text, script):
    # The script patterns once backtracked exponentially on such text (a search hung for minutes).
    assert script == detect_script(text)
    assert isinstance(parse_name(text).korean, bool)
