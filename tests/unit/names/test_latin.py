"""Hangul to Latin: RR, McCune-Reischauer (with and without breves), North Korean style."""

import pytest

from safepassage.names import romanize
from safepassage.names.latin import UNKNOWN_SYSTEM, romanize_word


# Ministry of Culture and Tourism Notice 2000-8 (Revised Romanization), article 4 of
# section 3 (personal names) and the place names of its examples.
def test_rr_writes_the_given_name_of_the_notice_examples_in_one_piece_or_with_a_hyphen():
    assert "Han Boknam" == romanize("한복남", "rr", hyphen=False)
    assert "Han Bok-nam" == romanize("한복남", "rr")
    assert "Hong Bitna" == romanize("홍빛나", "rr", hyphen=False)
    assert "Hong Bit-na" == romanize("홍빛나", "rr")


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [("부산", "busan"), ("대구", "daegu"), ("인천", "incheon"), ("광주", "gwangju"),
     ("서울", "seoul"), ("평양", "pyeongyang"), ("한국", "hanguk"), ("울산", "ulsan")],
)
def test_rr_spells_the_place_names_of_the_notice(hangul, latin):
    assert latin == romanize_word(hangul, "rr")


def test_rr_strict_surnames_differ_from_the_customary_ones():
    assert "Gim Jeong-eun" == romanize("김정은", "rr", customary=False)
    assert "I Myeong-bak" == romanize("이명박", "rr", customary=False)
    assert "Bak Geun-hye" == romanize("박근혜", "rr", customary=False)


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [("이명박", "Lee Myeong-bak"), ("박근혜", "Park Geun-hye"), ("최민식", "Choi Min-sik"),
     ("정호연", "Jung Ho-yeon"), ("윤석열", "Yoon Seok-yeol"), ("문재인", "Moon Jae-in"),
     ("안정환", "Ahn Jeong-hwan"), ("노무현", "Noh Mu-hyeon"), ("남궁민", "Namgoong Min")],
)
def test_rr_takes_the_customary_surname(hangul, latin):
    assert latin == romanize(hangul, "rr")


def test_rr_keeps_the_fixed_spelling_of_the_leaders():
    assert "Kim Il-sung" == romanize("김일성")
    assert "Kim Jong-un" == romanize("김정은")


# McCune & Reischauer (1939) as in the ALA-LC Korean table: the customary MR forms
# of presidents as printed in Western scholarship.
@pytest.mark.parametrize(
    ("hangul", "latin"),
    [("김대중", "Kim Tae-jung"), ("박정희", "Pak Chŏng-hŭi"), ("이명박", "Yi Myŏng-bak"),
     ("노무현", "No Mu-hyŏn"), ("이순신", "Yi Sun-sin"), ("최룡해", "Ch'oe Ryong-hae"),
     ("김일성", "Kim Il-sŏng"), ("장성택", "Chang Sŏng-t'aek")],
)
def test_mr_voices_consonants_inside_the_given_name_and_marks_aspirates(hangul, latin):
    assert latin == romanize(hangul, "mr")


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [("부산", "pusan"), ("대구", "taegu"), ("평양", "p'yŏngyang"), ("조선", "chosŏn"),
     ("인천", "inch'ŏn"), ("광주", "kwangju"), ("서울", "sŏul"), ("김치", "kimch'i")],
)
def test_mr_spells_the_place_names_as_the_ala_lc_table(hangul, latin):
    assert latin == romanize_word(hangul, "mr")


def test_mr_ascii_drops_breves_and_apostrophes():
    assert "Pak Chong-hui" == romanize("박정희", "mr_ascii")
    assert "Choe Ryong-hae" == romanize("최룡해", "mr_ascii")
    assert "pyongyang" == romanize_word("평양", "mr_ascii")


# Names as printed by KCNA (DPRK 1992 system without breves).
@pytest.mark.parametrize(
    ("hangul", "latin"),
    [("김정은", "Kim Jong Un"), ("김정일", "Kim Jong Il"), ("김일성", "Kim Il Sung"),
     ("리설주", "Ri Sol Ju"), ("최룡해", "Choe Ryong Hae"), ("박봉주", "Pak Pong Ju"),
     ("리선권", "Ri Son Gwon"), ("김여정", "Kim Yo Jong"), ("김영철", "Kim Yong Chol"),
     ("최선희", "Choe Son Hui"), ("현송월", "Hyon Song Wol"), ("김덕훈", "Kim Tok Hun"),
     ("리병철", "Ri Pyong Chol"), ("박정천", "Pak Jong Chon"), ("김정각", "Kim Jong Gak"),
     ("최태복", "Choe Thae Bok"), ("장성택", "Jang Song Thaek"), ("리용호", "Ri Yong Ho"),
     ("김영남", "Kim Yong Nam"), ("김경희", "Kim Kyong Hui"), ("이명박", "Ri Myong Bak")],
)
def test_the_north_korean_system_matches_kcna_spellings(hangul, latin):
    assert latin == romanize(hangul, "nk")


def test_an_unknown_system_is_named_in_the_error():
    with pytest.raises(ValueError) as error:
        romanize("김정은", "wade-giles")
    assert UNKNOWN_SYSTEM.format(system="wade-giles") == str(error.value)


def test_text_without_hangul_comes_back_unchanged():
    assert "Kim" == romanize("Kim")
