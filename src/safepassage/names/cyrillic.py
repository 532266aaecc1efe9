"""Hangul to Cyrillic: the Kontsevich system for Russian and its Ukrainian spelling.

Source: L. R. Kontsevich's system (Концевич Л. Р., «Корееведение. Избранные работы»,
2001; tables as given in the Russian Wikipedia article «Система Концевича»): positional
values of ㄱ ㄷ ㅂ ㅈ (к/г, т/д, п/б, ч/чж), aspirates with х (кх тх пх чх), final ㅇ as
н (нъ before a vowel), final ㄹ as ль, and the assimilations between syllables listed
there (신라 Силла, 종로 Чонно, 독립 Тоннип, 평양 Пхёнъян). Names follow Russian media
practice: surname, then each given-name syllable as its own word, voiced after a vowel
or sonorant (반기문 Пан Ги Мун, 문재인 Мун Чжэ Ин, 박근혜 Пак Кын Хе). Ukrainian uses the
same consonants with the Ukrainian vowel letters of the table in the Ukrainian Wikipedia
article «Система Концевича» (ㅣ і, ㅡ и, ㅐ ㅔ е, ㅕ ㅛ йо and ьо after a consonant, ㅖ є,
ㅢ ий and і after a consonant, ㅟ ві), as in Ukrainian media (Кім Чен Ин, Лі Мьон Бак).
Both tables were checked against that article's vowel and consonant tables; voiced ㅈ
is written чж as in Russian article titles (Ким Дэ Чжун), and дж, which the Ukrainian
article gives, is read back as well.
"""

from __future__ import annotations

from safepassage.names.hangul import decompose, is_syllable
from safepassage.names.script import hangul_alone, name_text
from safepassage.names.surnames import split_hangul, surnames

LANGS = ("ru", "uk")
UNKNOWN_LANG = "Unknown Cyrillic spelling {lang!r}: use 'ru' (Kontsevich) or 'uk' (Ukrainian)."

# Initial consonants: (word-initial or after a voiceless final, after a vowel or sonorant).
_INITIALS = {
    "ㄱ": ("к", "г"), "ㄲ": ("кк", "кк"), "ㄴ": ("н", "н"), "ㄷ": ("т", "д"), "ㄸ": ("тт", "тт"),
    "ㄹ": ("р", "р"), "ㅁ": ("м", "м"), "ㅂ": ("п", "б"), "ㅃ": ("пп", "пп"), "ㅅ": ("с", "с"),
    "ㅆ": ("сс", "сс"), "ㅇ": ("", ""), "ㅈ": ("ч", "чж"), "ㅉ": ("чч", "чч"),
    "ㅊ": ("чх", "чх"), "ㅋ": ("кх", "кх"), "ㅌ": ("тх", "тх"), "ㅍ": ("пх", "пх"),
    "ㅎ": ("х", "х"),
}
# Finals by their value before a pause or a consonant (compound finals simplified).
_FINALS = {
    "": "", "ㄱ": "к", "ㄲ": "к", "ㄳ": "к", "ㄴ": "н", "ㄵ": "н", "ㄶ": "н", "ㄷ": "т",
    "ㄹ": "ль", "ㄺ": "к", "ㄻ": "м", "ㄼ": "ль", "ㄽ": "ль", "ㄾ": "ль", "ㄿ": "п", "ㅀ": "ль",
    "ㅁ": "м", "ㅂ": "п", "ㅄ": "п", "ㅅ": "т", "ㅆ": "т", "ㅇ": "н", "ㅈ": "т", "ㅊ": "т",
    "ㅋ": "к", "ㅌ": "т", "ㅍ": "п", "ㅎ": "т",
}
# Finals before a vowel-initial syllable inside a word (Kontsevich: 평양 Пхёнъян).
_FINALS_BEFORE_VOWEL = {"ㄱ": "г", "ㄷ": "д", "ㅂ": "б", "ㄹ": "р", "ㅇ": "нъ", "ㅅ": "с",
                        "ㅈ": "чж", "ㅊ": "чх", "ㅌ": "тх", "ㅍ": "пх", "ㅋ": "кх"}
# Vowels: (after a consonant, at the start of a word or after a vowel).
_VOWELS = {
    "ru": {
        "ㅏ": ("а", "а"), "ㅐ": ("э", "э"), "ㅑ": ("я", "я"), "ㅒ": ("я", "йя"),
        "ㅓ": ("о", "о"), "ㅔ": ("е", "э"), "ㅕ": ("ё", "ё"), "ㅖ": ("е", "йе"),
        "ㅗ": ("о", "о"), "ㅘ": ("ва", "ва"), "ㅙ": ("вэ", "вэ"), "ㅚ": ("ве", "ве"),
        "ㅛ": ("ё", "ё"), "ㅜ": ("у", "у"), "ㅝ": ("во", "во"), "ㅞ": ("ве", "ве"),
        "ㅟ": ("ви", "ви"), "ㅠ": ("ю", "ю"), "ㅡ": ("ы", "ы"), "ㅢ": ("и", "ый"),
        "ㅣ": ("и", "и"),
    },
    "uk": {
        "ㅏ": ("а", "а"), "ㅐ": ("е", "е"), "ㅑ": ("я", "я"), "ㅒ": ("я", "я"),
        "ㅓ": ("о", "о"), "ㅔ": ("е", "е"), "ㅕ": ("ьо", "йо"), "ㅖ": ("є", "є"),
        "ㅗ": ("о", "о"), "ㅘ": ("ва", "ва"), "ㅙ": ("ве", "ве"), "ㅚ": ("ве", "ве"),
        "ㅛ": ("ьо", "йо"), "ㅜ": ("у", "у"), "ㅝ": ("во", "во"), "ㅞ": ("ве", "ве"),
        "ㅟ": ("ві", "ві"), "ㅠ": ("ю", "ю"), "ㅡ": ("и", "и"), "ㅢ": ("і", "ий"),
        "ㅣ": ("і", "і"),
    },
}
_VOICED = frozenset({"", "ㄴ", "ㄹ", "ㅁ", "ㅇ"})
_HUSHING = ("ч", "ш", "щ", "ж")

# Names whose spelling in Russian and Ukrainian media is fixed by custom (an older
# transcription, pre-Kontsevich): Ким Ир Сен, not Ким Ильсон.
_CUSTOMARY_NAMES = {
    "김일성": {"ru": "Ким Ир Сен", "uk": "Кім Ір Сен"},
    "김정일": {"ru": "Ким Чен Ир", "uk": "Кім Чен Ір"},
    "김정은": {"ru": "Ким Чен Ын", "uk": "Кім Чен Ин"},
    "김정남": {"ru": "Ким Чен Нам", "uk": "Кім Чен Нам"},
    "김정철": {"ru": "Ким Чен Чхоль", "uk": "Кім Чен Чхоль"},
}


# Places whose Russian and Ukrainian names are fixed by custom, not by Kontsevich's system
# (서울 would be Соуль, 평양 Пхёнъян): the forms of Russian and Ukrainian atlases and media.
_CUSTOMARY_PLACES = {
    "서울": {"ru": "Сеул", "uk": "Сеул"},
    "평양": {"ru": "Пхеньян", "uk": "Пхеньян"},
    "청진": {"ru": "Чхонджин", "uk": "Чхонджин"},
    "신의주": {"ru": "Синыйджу", "uk": "Сінийджу"},
    "판문점": {"ru": "Пханмунджом", "uk": "Пханмунджом"},
    "남포": {"ru": "Нампхо", "uk": "Нампхо"},
}


def _assimilate(final: str, initial: str) -> tuple[str, str]:
    """Kontsevich's sound changes at a syllable boundary inside a word: (final, onset)."""
    if initial == "ㄹ":
        if final in ("ㄴ", "ㄹ"):
            return "л", "л"  # 신라 Силла, 설립 Соллип
        if final in ("ㅁ", "ㅇ"):
            return _FINALS[final], "н"  # 종로 Чонно, 침략 Чхимняк
        if final in ("ㄱ", "ㄲ", "ㅋ"):
            return "н", "н"  # 독립 Тоннип
        if final in ("ㅂ", "ㅍ"):
            return "м", "н"  # 압록 Амнок
    if initial == "ㄴ" and final == "ㄹ":
        return "л", "л"  # 설날 Соллаль
    if initial in ("ㄴ", "ㅁ"):
        nasal = {"ㄱ": "н", "ㄲ": "н", "ㅋ": "н", "ㄷ": "н", "ㅅ": "н", "ㅆ": "н", "ㅈ": "н",
                 "ㅊ": "н", "ㅌ": "н", "ㅂ": "м", "ㅍ": "м"}
        if final in nasal:
            return nasal[final], _INITIALS[initial][0]  # 국민 Кунмин, 십만 Симман
    if final == "ㅎ" and initial in ("ㄱ", "ㄷ", "ㅈ"):
        return "", {"ㄱ": "кх", "ㄷ": "тх", "ㅈ": "чх"}[initial]  # ㅎ aspirates: 좋다 чотха
    if initial == "ㅇ" and final in _FINALS_BEFORE_VOWEL:
        return _FINALS_BEFORE_VOWEL[final], ""  # 평양 Пхёнъян, 석유 Согю
    return _FINALS[final], _INITIALS[initial][final in _VOICED]


def _vowel(vowel: str, lang: str, onset: str) -> str:
    after_consonant, initial = _VOWELS[lang][vowel]
    if not onset:
        return initial
    if lang == "uk" and after_consonant.startswith("ь") and onset.endswith(_HUSHING):
        return after_consonant[1:]
    if lang == "ru" and vowel == "ㅔ" and onset.endswith(_HUSHING):
        return "е"
    return after_consonant


def cyrillic_syllables(hangul: str, lang: str = "ru", *, joined: bool = False,
                       previous_final: str | None = None) -> list[str]:
    """Each syllable of `hangul` in Cyrillic; `joined` applies Kontsevich's assimilations.

    `previous_final` is the final of the syllable before `hangul` (None at a word start),
    so that a given name is voiced after the surname as in media practice.
    """
    out: list[str] = []
    jamo = [decompose(ch) for ch in hangul if is_syllable(ch)]
    for initial, vowel, final in jamo:
        if previous_final is None:
            onset = _INITIALS[initial][0]
        elif joined:
            fixed_final, onset = _assimilate(previous_final, initial)
            if out:
                out[-1] = out[-1][: len(out[-1]) - len(_FINALS[previous_final])] + fixed_final
        else:
            onset = _INITIALS[initial][previous_final in _VOICED]
        out.append(onset + _vowel(vowel, lang, onset) + _FINALS[final])
        previous_final = final
    return out


def cyrillic_hangul(hangul: str, lang: str = "ru", *, customary: bool = True,
                    joined: bool = False) -> str:
    """A Korean name in Hangul in Russian (Kontsevich) or Ukrainian Cyrillic, surname first.

    The name is in Hangul alone: `names.to_cyrillic` first reads a form mixing scripts.

    Given-name syllables are separate words as in media use (Ким Ё Чжон), or one word
    with Kontsevich's assimilations when `joined` (Ким Ёчжон). With `customary`, the
    surname takes its customary form (이 Ли, 최 Чхве) and a few names their fixed form.
    """
    if lang not in LANGS:
        raise ValueError(UNKNOWN_LANG.format(lang=lang))
    hangul = hangul_alone(hangul)
    compact = "".join(ch for ch in hangul if is_syllable(ch))
    if not compact:
        return hangul
    if customary and compact in _CUSTOMARY_NAMES:
        return _CUSTOMARY_NAMES[compact][lang]
    surname, given = split_hangul(compact)
    parts: list[str] = []
    previous: str | None = None
    if surname:
        entry = surnames().get(surname)
        if customary and entry is not None:
            parts.append((entry.russian if lang == "ru" else entry.ukrainian)[0])
        else:
            parts.append("".join(cyrillic_syllables(surname, lang, joined=True)).capitalize())
        previous = decompose(surname[-1]).final
    if given:
        sylls = cyrillic_syllables(given, lang, joined=joined, previous_final=previous)
        if joined:
            parts.append("".join(sylls).capitalize())
        else:
            parts.extend(s.capitalize() for s in sylls)
    return " ".join(parts)


def cyrillic_word(hangul: str, lang: str = "ru", *, customary: bool = True) -> str:
    """A Hangul word (not a name) in Kontsevich's spelling with its assimilations.

    With `customary`, a place with a customary Russian or Ukrainian name takes it
    (서울 Сеул, 평양 Пхеньян) instead of its transliteration (Соуль, Пхёнъян).
    """
    if lang not in LANGS:
        raise ValueError(UNKNOWN_LANG.format(lang=lang))
    hangul = name_text(hangul)
    words = [
        _CUSTOMARY_PLACES[word][lang] if customary and word in _CUSTOMARY_PLACES
        else "".join(cyrillic_syllables(word, lang, joined=True)).capitalize()
        for word in hangul.split()
    ]
    return " ".join(words)
