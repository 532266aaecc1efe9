"""The surname table: customary Latin, Russian and Ukrainian forms lead to the right Hangul."""

import pytest

from safepassage.names.surname_index import lookup, rank
from safepassage.names.surnames import BAD_ROW, split_hangul, surnames

CUSTOMARY = {
    "김": "Kim Gim Ким Кім",
    "이": "Lee Yi Ri Rhee I Ли Ри Лі Рі",
    "박": "Park Pak Bak Пак",
    "최": "Choi Choe Chwe Чхве Цой",
    "정": "Jung Chung Jeong Chong Jong Чон Тен",
    "강": "Kang Gang Кан",
    "조": "Cho Jo Чо Тё",
    "윤": "Yoon Yun Юн",
    "장": "Jang Chang Чан Тян",
    "임": "Lim Rim Im Им Лим Рим",
    "한": "Han Хан",
    "오": "Oh O О",
    "서": "Seo So Suh Со",
    "신": "Shin Sin Син Шин",
    "권": "Kwon Gwon Квон",
    "황": "Hwang Хван",
    "안": "Ahn An Ан",
    "송": "Song Сон",
    "전": "Jeon Chon Jun Чон",
    "홍": "Hong Хон",
    "고": "Ko Go Ко",
    "문": "Moon Mun Мун",
    "양": "Yang Ryang Ян",
    "손": "Son Sohn Сон",
    "배": "Bae Pae Пэ",
    "백": "Baek Paek Paik Пэк",
    "허": "Heo Ho Huh Хо",
    "유": "Yu Yoo Ryu Ryoo Rhyu Ю Рю",
    "남": "Nam Нам",
    "노": "Noh No Ro Roh Но Ро",
    "남궁": "Namgung Namgoong Намгун",
}


@pytest.mark.parametrize(("hangul", "forms"), CUSTOMARY.items())
def test_every_customary_form_leads_to_its_hangul_surname(hangul, forms):
    for form in forms.split():
        assert hangul in lookup(form), form


def test_lookup_ignores_case_breves_and_apostrophes():
    assert "최" in lookup("CH'OE") and "정" in lookup("chŏng")


def test_a_russian_surname_is_no_korean_surname():
    assert {} == lookup("Иванов")
    assert rank("Иванов") is None


def test_kim_lee_and_park_are_the_most_common():
    assert [0, 1, 1, 3] == [rank("Kim"), rank("Lee"), rank("Ri"), rank("Park")]


def test_the_table_carries_every_column_for_every_surname():
    for entry in surnames().values():
        assert entry.rr and entry.mr and entry.nk and entry.russian and entry.ukrainian
    assert "{line}" in BAD_ROW


def test_a_hangul_name_splits_into_surname_and_given_name():
    assert ("김", "정은") == split_hangul("김정은")
    assert ("제갈", "성렬") == split_hangul("제갈성렬")
    assert ("", "") == split_hangul("")
