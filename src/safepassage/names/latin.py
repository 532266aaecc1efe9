"""Hangul to Latin: Revised Romanization, McCune-Reischauer and the North Korean system.

Sources of the tables:
- RR: Ministry of Culture and Tourism Notice 2000-8, "Romanization of Korean"
  (examples for names in its section 3, article 4: 한복남 Han Boknam (Han Bok-nam),
  홍빛나 Hong Bitna (Hong Bit-na)).
- MR: McCune & Reischauer, "The Romanization of the Korean Language" (1939), as in the
  Library of Congress ALA-LC Korean romanization table (2009): positional values of
  ㄱ ㄷ ㅂ ㅈ (k/g, t/d, p/b, ch/j), aspirates with an apostrophe, breves on ŏ ŭ.
- NK: the DPRK 1992 system (조선어의 라틴문자표기법, Ministry of Education), in the form
  printed by KCNA without breves: Kim Jong Un, Ri Sol Ju, Choe Ryong Hae, Pak Pong Ju,
  Ri Son Gwon; aspirates as kh th ph; ㅈ always j.
"""

from __future__ import annotations

from safepassage.names.hangul import decompose, is_syllable, southern_initial
from safepassage.names.script import hangul_alone
from safepassage.names.surnames import split_hangul, surnames

SYSTEMS = ("rr", "mr", "mr_ascii", "nk")
UNKNOWN_SYSTEM = "Unknown romanization system {system!r}: use one of rr, mr, mr_ascii, nk."

_RR_VOWELS = dict(zip(
    "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ",
    "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split(), strict=True,
))
_MR_VOWELS = dict(zip(
    "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ",
    "a ae ya yae ŏ e yŏ ye o wa wae oe yo u wŏ we wi yu ŭ ŭi i".split(), strict=True,
))
_NK_VOWELS = {k: v.replace("ŏ", "o").replace("ŭ", "u") for k, v in _MR_VOWELS.items()}

# Initial consonants: (word-initial or after a voiceless final, after a voiced sound).
_RR_INITIALS = dict(zip("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ",
                        "g kk n d tt r m b pp s ss - j jj ch k t p h".split(), strict=True))
_MR_INITIALS = {
    "ㄱ": ("k", "g"), "ㄲ": ("kk", "kk"), "ㄴ": ("n", "n"), "ㄷ": ("t", "d"),
    "ㄸ": ("tt", "tt"), "ㄹ": ("r", "r"), "ㅁ": ("m", "m"), "ㅂ": ("p", "b"),
    "ㅃ": ("pp", "pp"), "ㅅ": ("s", "s"), "ㅆ": ("ss", "ss"), "ㅇ": ("", ""),
    "ㅈ": ("ch", "j"), "ㅉ": ("tch", "tch"), "ㅊ": ("ch'", "ch'"), "ㅋ": ("k'", "k'"),
    "ㅌ": ("t'", "t'"), "ㅍ": ("p'", "p'"), "ㅎ": ("h", "h"),
}
_NK_INITIALS = {
    **_MR_INITIALS,
    "ㅈ": ("j", "j"), "ㅉ": ("jj", "jj"), "ㅊ": ("ch", "ch"), "ㅋ": ("kh", "kh"),
    "ㅌ": ("th", "th"), "ㅍ": ("ph", "ph"),
}
# Finals are written by their pronounced value before a pause (RR article 2, note 2).
_FINALS = {
    "": "", "ㄱ": "k", "ㄲ": "k", "ㄳ": "k", "ㄴ": "n", "ㄵ": "n", "ㄶ": "n", "ㄷ": "t",
    "ㄹ": "l", "ㄺ": "k", "ㄻ": "m", "ㄼ": "l", "ㄽ": "l", "ㄾ": "l", "ㄿ": "p", "ㅀ": "l",
    "ㅁ": "m", "ㅂ": "p", "ㅄ": "p", "ㅅ": "t", "ㅆ": "t", "ㅇ": "ng", "ㅈ": "t", "ㅊ": "t",
    "ㅋ": "k", "ㅌ": "t", "ㅍ": "p", "ㅎ": "t",
}
_VOICED_FINALS = frozenset({"", "ㄴ", "ㄹ", "ㅁ", "ㅇ"})

# Names whose customary spelling in each system departs from the rules, as printed by
# the governments concerned (KCNA for nk; Yonhap / Korea.net for rr).
_CUSTOMARY_NAMES = {
    "김일성": {"rr": "Kim Il-sung", "nk": "Kim Il Sung", "mr": "Kim Il-sŏng"},
    "김정일": {"rr": "Kim Jong-il", "nk": "Kim Jong Il", "mr": "Kim Chŏng-il"},
    "김정은": {"rr": "Kim Jong-un", "nk": "Kim Jong Un", "mr": "Kim Chŏng-ŭn"},
}


def _syllable(char: str, system: str, previous_final: str | None, *, assimilate: bool = True) -> str:
    """One syllable in `system`; `previous_final` is None at the start of a word.

    Without `assimilate`, ㄹ after ㄴ or ㄹ keeps its own letter (the North Korean system
    writes each given-name syllable as its own word: 조춘룡 Jo Chun Ryong, not Chun Lyong).
    """
    initial, vowel, final = decompose(char)
    if system == "rr":
        onset = _RR_INITIALS[initial].replace("-", "")
        nucleus = _RR_VOWELS[vowel]
    else:
        table = _NK_INITIALS if system == "nk" else _MR_INITIALS
        voiced = previous_final is not None and previous_final in _VOICED_FINALS
        onset = table[initial][voiced]
        if assimilate and initial == "ㄹ" and previous_final in ("ㄹ", "ㄴ"):
            onset = "l"
        nucleus = (_NK_VOWELS if system == "nk" else _MR_VOWELS)[vowel]
    coda = _FINALS[final]
    if initial == "ㅅ" and vowel == "ㅟ" and system.startswith("mr"):
        onset = "sh"
    return onset + nucleus + coda


def romanize_word(hangul: str, system: str = "rr") -> str:
    """`hangul` as one word (no name conventions), lower case; other characters kept."""
    if system not in SYSTEMS:
        raise ValueError(UNKNOWN_SYSTEM.format(system=system))
    base = "mr" if system == "mr_ascii" else system
    out: list[str] = []
    previous: str | None = None
    for char in hangul:
        if not is_syllable(char):
            out.append(char)
            previous = None
            continue
        out.append(_syllable(char, base, previous))
        previous = decompose(char).final
    text = "".join(out)
    return _ascii(text) if system == "mr_ascii" else text


def _ascii(text: str) -> str:
    return text.replace("ŏ", "o").replace("ŭ", "u").replace("Ŏ", "O").replace("Ŭ", "U").replace(
        "'", "")


def _given(given: str, system: str, hyphen: bool = True) -> str:
    base = "mr" if system == "mr_ascii" else system
    parts: list[str] = []
    previous: str | None = None
    for char in given:
        parts.append(_syllable(char, base, previous, assimilate=base != "nk"))
        # RR writes each syllable of a given name by itself (no sound change); MR and the
        # North Korean system voice a consonant after a vowel or sonorant inside the name.
        previous = None if base == "rr" else decompose(char).final
    if base == "nk":
        return " ".join(p.capitalize() for p in parts)
    return ("-" if hyphen else "").join(parts).capitalize()


def _surname(surname: str, system: str, customary: bool) -> str:
    entry = surnames().get(surname)
    if customary and entry is not None:
        form = {"rr": entry.rr, "mr": entry.mr, "mr_ascii": _ascii(entry.mr), "nk": entry.nk}
        return form[system]
    return romanize_word(surname, system).capitalize()


def romanize_hangul(hangul: str, system: str = "rr", *, customary: bool = True,
                    hyphen: bool = True) -> str:
    """A Korean name in Hangul as Latin in `system` (rr, mr, mr_ascii, nk), surname first.

    The name is in Hangul alone: `names.romanize` first reads a form mixing scripts
    ("Kim 정은") as one Korean name, which this module, standing below that reading, cannot.

    With `customary`, surnames take their customary form (Kim, Lee, Park; Pak, Ri, Choe)
    and the few names with a fixed official spelling (Kim Il Sung) take that spelling.
    Given-name syllables are joined by a hyphen (rr, mr) or a space (nk); without
    `hyphen`, rr and mr write the given name in one piece (RR: Hong Bitna).
    """
    if system not in SYSTEMS:
        raise ValueError(UNKNOWN_SYSTEM.format(system=system))
    hangul = hangul_alone(hangul)
    compact = "".join(ch for ch in hangul if is_syllable(ch))
    if not compact:
        return hangul
    if customary and compact in _CUSTOMARY_NAMES:
        fixed = _CUSTOMARY_NAMES[compact]
        return fixed.get(system) or _ascii(fixed["mr"])
    return romanize_parts(*split_hangul(compact), system, customary=customary, hyphen=hyphen)


def romanize_parts(surname: str, given: str, system: str = "rr", *, customary: bool = True,
                   hyphen: bool = True) -> str:
    """Like `romanize_hangul` for a name already split into Hangul surname and given name."""
    if system not in SYSTEMS:
        raise ValueError(UNKNOWN_SYSTEM.format(system=system))
    parts = [_surname(surname, system, customary)] if surname else []
    if given:
        parts.append(_given(given, system, hyphen))
    text = " ".join(parts)
    return _ascii(text) if system == "mr_ascii" else text


def romanizations_hangul(hangul: str, system: str = "rr") -> tuple[str, ...]:
    """Every customary Latin form of a Hangul name in `system`, the usual one first.

    A surname written in its South Korean spelling (이, 유, 임, 노) takes its northern form
    in the North Korean system (Ri, Ryu, Rim, Ro), as the surname table says; the spelling
    as written (I, Yu, Im, No) stays a form of the name as well, so that neither is lost.
    """
    usual = romanize_hangul(hangul, system)
    forms = [usual]
    compact = "".join(ch for ch in hangul_alone(hangul) if is_syllable(ch))
    surname, given = split_hangul(compact)
    if system == "nk" and surname and southern_initial(surname[:1]) == surname[:1]:
        written = romanize_parts(surname, given, system, customary=False)
        if written not in forms:
            forms.append(written)
    return tuple(forms)
