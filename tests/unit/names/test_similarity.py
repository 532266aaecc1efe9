"""Cross-script similarity separates the same name from different names."""

import itertools

import pytest

from safepassage.names import name_similarity

TRUE_PAIRS = [
    ("Ким Чен Ын", "김정은"), ("Ким Чен Ын", "Kim Jong-un"), ("Ким Чен Ын", "KIM JONG UN"),
    ("Кім Чен Ин", "김정은"), ("Kim Jong Un", "Jong Un Kim"), ("Пак Мён Су", "박명수"),
    ("Pak Myong Su", "박명수"), ("Ли Соль Чжу", "리설주"), ("Ri Sol Ju", "리설주"),
    ("Lee Seol-ju", "리설주"), ("Чхве Рён Хэ", "최룡해"), ("Choe Ryong Hae", "최룡해"),
    ("Пан Ги Мун", "Ban Ki-moon"), ("Мун Чжэ Ин", "문재인"), ("Мун Чже Ін", "Moon Jae-in"),
    ("Ким Ир Сен", "김일성"), ("Ким Ченын", "Kim Chŏng-ŭn"), ("Ким Ёчжон", "Kim Yo Jong"),
    ("Иванов Сергей Петрович", "Sergey Ivanov"),
]
FALSE_PAIRS = [
    ("Ким Чен Ын", "김정일"), ("Ким Чен Ын", "김정남"), ("Kim Jong Un", "Kim Jong Il"),
    ("Пак Мён Су", "박영수"), ("Пак Мён Су", "박명철"), ("Ли Соль Чжу", "이선주"),
    ("Чхве Рён Хэ", "최룡수"), ("Мун Чжэ Ин", "문재일"), ("김영남", "김영철"),
    ("Ким Ён Нам", "김영삼"), ("Pak Pong Ju", "박봉수"), ("Иванов Сергей", "김정은"),
    ("Иванов Сергей Петрович", "Петров Сергей"), ("Ким Чен Ын", "Иванов Сергей"),
]


@pytest.mark.parametrize(("a", "b"), TRUE_PAIRS)
def test_the_same_name_across_scripts_scores_high(a, b):
    assert name_similarity(a, b) >= 0.9


@pytest.mark.parametrize(("a", "b"), FALSE_PAIRS)
def test_different_names_score_clearly_lower(a, b):
    assert name_similarity(a, b) < 0.8


def test_every_true_pair_outscores_every_false_pair():
    assert min(itertools.starmap(name_similarity, TRUE_PAIRS)) > max(
        itertools.starmap(name_similarity, FALSE_PAIRS))


def test_similarity_is_symmetric_and_within_bounds():
    for a, b in TRUE_PAIRS + FALSE_PAIRS:
        score = name_similarity(a, b)
        assert score == name_similarity(b, a)
        assert 0.0 <= score <= 1.0


def test_identical_forms_score_one():
    for text in ("김정은", "Иванов Сергей", "", "???"):
        assert 1.0 == name_similarity(text, text)


def test_a_one_syllable_difference_scores_between_strangers_and_twins():
    same = name_similarity("Ким Чен Ын", "김정은")
    near = name_similarity("Ким Чен Ын", "김정일")
    stranger = name_similarity("Ким Чен Ын", "박명수")
    assert same > near > stranger


@pytest.mark.parametrize("text", ["", "   ", "123", "Монгуш Айдын", "O", "Kim"])
def test_odd_inputs_do_not_crash(text):
    assert 0.0 <= name_similarity(text, "김정은") <= 1.0
