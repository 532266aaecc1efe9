"""Detecting the encoding of short files of Korean and Cyrillic names only."""

from __future__ import annotations

import pytest

from safepassage.linkage.encodings import detect_encoding

KOREAN = "id,full_name\n1,김정은\n2,리설주\n"
RUSSIAN = "id,full_name\n1,Ким Чен Ын\n2,Ли Соль Чжу\n"
UKRAINIAN = "id,full_name\n1,Кім Чен Ин\n2,Рі Соль Чжу\n"


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (KOREAN, "cp949", "cp949"),
        (KOREAN, "euc-kr", "cp949"),
        (RUSSIAN, "cp1251", "cp1251"),
        (UKRAINIAN, "cp1251", "cp1251"),
        (KOREAN, "utf-8", "utf-8"),
        (RUSSIAN, "utf-8", "utf-8"),
    ],
)
def test_it_detects_the_encoding_of_a_two_name_file(text, encoding, expected):
    assert expected == detect_encoding(text.encode(encoding))


def test_a_bom_decides_utf8():
    assert "utf-8-sig" == detect_encoding("\ufeff".encode() + KOREAN.encode())


@pytest.mark.parametrize("name", ["Ким", "Пак", "Чхве Рён Хэ", "Кім Ір Сен", "Хан"])
def test_a_single_short_cyrillic_name_in_windows_1251_is_not_taken_for_korean(name):
    assert "cp1251" == detect_encoding(f"id,full_name\n1,{name}\n".encode("cp1251"))


@pytest.mark.parametrize("name", ["김", "박", "최룡해", "김일성", "한"])
def test_a_single_short_korean_name_in_cp949_is_not_taken_for_cyrillic(name):
    assert "cp949" == detect_encoding(f"id,full_name\n1,{name}\n".encode("cp949"))


def test_binary_noise_is_no_encoding_at_all():
    assert detect_encoding(bytes(range(256)) * 4) is None
