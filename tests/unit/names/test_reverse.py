"""Latin and Cyrillic back to Hangul: candidate sets that contain the true spelling."""

import pytest

from safepassage.names import hangul_candidates, romanize, to_cyrillic
from safepassage.names.reverse import read_word


def _options(word: str) -> set[str]:
    return {hangul for _, slots in read_word(word) for slot in slots[:1] for hangul, _ in slot}


def test_cyrillic_o_is_either_eo_or_o_and_final_n_either_n_or_ng():
    assert {"선", "손", "성", "송"} <= _options("Сон")


def test_cyrillic_yo_is_either_yeo_or_yo():
    assert {"련", "룐", "령", "룡"} <= _options("Рён")


def test_russian_media_e_may_stand_for_eo_as_in_kim_jong_un():
    assert "정" in _options("Чен")


def test_latin_o_and_u_are_ambiguous_as_in_the_north_korean_system():
    assert {"종", "정"} <= _options("Jong")
    assert {"운", "은", "언"} <= _options("Un")


def test_latin_eo_breve_o_and_customary_u_all_reach_eo():
    assert "정" in _options("Jeong") and "정" in _options("Chŏng") and "정" in _options("Jung")


def test_latin_ae_and_e_both_reach_ae():
    assert "재" in _options("Jae") and "재" in _options("Je")


def test_a_word_that_is_not_korean_has_no_reading():
    assert () == read_word("Иванов")
    assert () == read_word("Petrovich")


@pytest.mark.parametrize(
    ("text", "hangul"),
    [("Ким Чен Ын", "김정은"), ("Пак Мён Су", "박명수"), ("Kim Jong-un", "김정은"),
     ("KIM JONG UN", "김정은"), ("Ri Sol Ju", "리설주"), ("Кім Чен Ин", "김정은"),
     ("Чхве Рён Хэ", "최룡해"), ("Choe Ryong Hae", "최룡해"), ("Пан Ги Мун", "반기문"),
     ("Ban Ki-moon", "반기문"), ("Moon Jae-in", "문재인"), ("Пак Пон Джу", "박봉주"),
     ("Kim Chŏng-ŭn", "김정은"), ("Ким Ёчжон", "김여정"), ("Jong Un Kim", "김정은")],
)
def test_the_candidates_contain_the_true_hangul(text, hangul):
    assert hangul in hangul_candidates(text)


def test_the_most_likely_reading_of_a_media_form_comes_first():
    assert "김정은" == hangul_candidates("Ким Чен Ын")[0]
    assert "박명수" == hangul_candidates("Пак Мён Су")[0]


def test_kontsevich_assimilation_is_undone():
    assert "김찬룡" in hangul_candidates("Ким Чхаллён")
    assert "김혁애" in hangul_candidates("Ким Хёгэ")


def test_the_candidates_are_bounded():
    assert len(hangul_candidates("Ким Чен Ын", limit=5)) <= 5


def test_hangul_input_returns_itself():
    assert ["김정은"] == hangul_candidates("김정은")
    assert ["김정은"] == hangul_candidates("김 정은")


def test_a_non_korean_name_has_no_candidates():
    assert [] == hangul_candidates("Иванов Сергей Петрович")


@pytest.mark.parametrize("hangul", ["김정은", "리설주", "박명수", "남궁민", "최룡해", "윤석열"])
@pytest.mark.parametrize(
    "spell",
    [lambda h: romanize(h, "rr"), lambda h: romanize(h, "mr"), lambda h: romanize(h, "mr_ascii"),
     lambda h: romanize(h, "nk"), lambda h: to_cyrillic(h, "ru"), lambda h: to_cyrillic(h, "uk"),
     lambda h: to_cyrillic(h, "ru", customary=False, joined=True)],
)
def test_every_forward_spelling_leads_back_to_its_hangul(hangul, spell):
    assert hangul in hangul_candidates(spell(hangul), limit=32)
