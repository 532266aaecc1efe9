"""Fictional Korean name parts for the demo, each with its North Korean-style Latin and Russian form.

The Russian forms follow the Kontsevich system as commonly printed in Russian media; the
demo data needs only these few syllables, the full transliteration lives in safepassage.names.
"""

from __future__ import annotations

# Hangul: (Latin, DPRK style; Cyrillic, Kontsevich)
SURNAMES: dict[str, tuple[str, str]] = {
    "김": ("Kim", "Ким"),
    "리": ("Ri", "Ри"),
    "박": ("Pak", "Пак"),
    "최": ("Choe", "Чхве"),
    "정": ("Jong", "Чон"),
    "강": ("Kang", "Кан"),
    "조": ("Jo", "Чо"),
    "윤": ("Yun", "Юн"),
    "장": ("Jang", "Чан"),
    "한": ("Han", "Хан"),
    "오": ("O", "О"),
    "신": ("Sin", "Син"),
    "황": ("Hwang", "Хван"),
    "안": ("An", "Ан"),
    "송": ("Song", "Сон"),
    "홍": ("Hong", "Хон"),
    "문": ("Mun", "Мун"),
    "양": ("Yang", "Ян"),
}

GIVEN_SYLLABLES: dict[str, tuple[str, str]] = {
    "철": ("Chol", "Чхоль"),
    "남": ("Nam", "Нам"),
    "성": ("Song", "Сон"),
    "호": ("Ho", "Хо"),
    "혁": ("Hyok", "Хёк"),
    "진": ("Jin", "Чин"),
    "명": ("Myong", "Мён"),
    "수": ("Su", "Су"),
    "광": ("Kwang", "Кван"),
    "일": ("Il", "Иль"),
    "영": ("Yong", "Ён"),
    "국": ("Kuk", "Кук"),
    "준": ("Jun", "Чун"),
    "민": ("Min", "Мин"),
    "석": ("Sok", "Сок"),
    "만": ("Man", "Ман"),
    "룡": ("Ryong", "Рён"),
    "학": ("Hak", "Хак"),
    "훈": ("Hun", "Хун"),
    "동": ("Dong", "Тон"),
    "기": ("Gi", "Ки"),
    "경": ("Kyong", "Кён"),
    "현": ("Hyon", "Хён"),
    "원": ("Won", "Вон"),
    "봉": ("Bong", "Пон"),
    "춘": ("Chun", "Чхун"),
    "금": ("Kum", "Кым"),
    "복": ("Bok", "Пок"),
}

# Invented identities of the kind found on false Russian papers (Tuvan surnames, Russian
# first names and patronymics). Combinations are random and name nobody.
FALSE_SURNAMES = ["Ооржак", "Монгуш", "Донгак", "Кужугет", "Салчак", "Сарыглар", "Хомушку", "Иргит"]
FALSE_GIVEN = ["Айдын", "Чаян", "Буян", "Эрес", "Алдар", "Сергей", "Артём", "Начын"]
FALSE_PATRONYMICS = ["Сергеевич", "Олегович", "Артурович", "Николаевич", "Викторович", "Орланович"]
