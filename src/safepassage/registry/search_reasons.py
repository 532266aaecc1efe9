"""Why a search found a person, in the user's language: which script and system the query is in."""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safepassage.names import detect_script, romanizations, romanize, to_cyrillic
from safepassage.names.surnames import split_hangul, surnames
from safepassage.registry.choices import NameScript

# Latin systems, in the order a tie is told (the North Korean system first: the men are
# from the North, and its spelling is also McCune-Reischauer's without breves).
LATIN_SYSTEMS = (
    ("nk", gettext_lazy("North Korean")),
    ("mr", gettext_lazy("McCune-Reischauer")),
    ("mr_ascii", gettext_lazy("McCune-Reischauer without breves")),
    ("rr", gettext_lazy("Revised Romanization")),
)
CYRILLIC_SYSTEMS = (
    ("ru", gettext_lazy("Russian (Kontsevich)")),
    ("uk", gettext_lazy("Ukrainian (Kontsevich)")),
)
_NOT_LETTERS = re.compile(r"[\W\d_]+")


def _exact(text: str) -> str:
    """Case and spacing folded, letters and hyphens kept: 'Ri Myong-hak' differs from 'Ri Myong Hak'."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _loose(text: str) -> str:
    """Letters only: 'Ri Myong-hak' and 'rimyonghak' agree."""
    return _NOT_LETTERS.sub("", unicodedata.normalize("NFC", text).casefold())


def _spaced(text: str) -> str:
    """Case folded, hyphens as spaces, one space between words: 'Ri Myong-hak' is 'ri myong hak'."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace("-", " ").split())


def _reversed(text: str) -> str:
    """A name written given name first, surname first: the last word moves to the front (Myong Hak Ri)."""
    words = text.replace("-", " ").split()
    return " ".join(words[-1:] + words[:-1]) if len(words) > 1 else text


def _latin_forms(hangul: str, system: str) -> list[str]:
    forms = list(romanizations(hangul, system))
    for customary in (True, False):
        for hyphen in (True, False):
            forms.append(romanize(hangul, system, customary=customary, hyphen=hyphen))
    return list(dict.fromkeys(forms))


def _cyrillic_forms(hangul: str, lang: str) -> list[str]:
    forms = [to_cyrillic(hangul, lang, joined=joined) for joined in (False, True)]
    forms.append(to_cyrillic(hangul, lang, customary=False))
    # Every customary Cyrillic spelling of the surname (이: Ли, И, Ри) with the given name.
    surname, given = split_hangul("".join(hangul.split()))
    entry = surnames().get(surname)
    if entry is not None and given:
        spelled = entry.russian if lang == "ru" else entry.ukrainian
        rest = forms[0].split(" ", 1)[1] if " " in forms[0] else ""
        forms += [f"{other} {rest}".strip() for other in spelled]
    return list(dict.fromkeys(forms))


# Spellings of a Hangul name per system, kept for the names a worker meets most: a search
# compares its query with the same candidates' names again and again (bounded: about 1 MB).
SPELLINGS_CACHED = 2048


@functools.lru_cache(maxsize=SPELLINGS_CACHED)
def _spellings(hangul: str, script: str) -> tuple[tuple[int, frozenset[str], frozenset[str]], ...]:
    """(system's index, its spellings of `hangul` folded exactly, and loosely) per system of `script`."""
    if script == "latin":
        forms = [_latin_forms(hangul, code) for code, _label in LATIN_SYSTEMS]
    elif script == "cyrillic":
        forms = [_cyrillic_forms(hangul, code) for code, _label in CYRILLIC_SYSTEMS]
    else:
        return ()
    return tuple((n, frozenset(map(_exact, f)), frozenset(map(_loose, f))) for n, f in enumerate(forms))


def _system_of(query: str, hangul: str) -> tuple[str, bool] | None:
    """(label of the system `query` spells `hangul` in, whether the given name comes first)."""
    script = detect_script(query)
    systems = _spellings(hangul, script)
    if not systems:
        return None
    labels = LATIN_SYSTEMS if script == "latin" else CYRILLIC_SYSTEMS
    exact, loose, loose_swapped = _exact(query), _loose(query), _loose(_reversed(query))
    for wanted, folded, swapped in ((exact, 1, False), (loose, 2, False), (loose_swapped, 2, True)):
        for spelled in systems:
            if wanted in spelled[folded]:
                return str(labels[spelled[0]][1]), swapped
    return None


def _one_letter_off(a: str, b: str) -> bool:
    """Whether `a` and `b` differ by one letter dropped, added, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) != len(b):
        longer, shorter = (a, b) if len(a) > len(b) else (b, a)
        return longer[start + 1 :] == shorter[start:]
    if a[start + 1 :] == b[start + 1 :]:
        return True
    return a[start : start + 2] == b[start : start + 2][::-1] and a[start + 2 :] == b[start + 2 :]


class Spelled(enum.IntEnum):
    """How closely a query spells a person's name; a search ranks the closer first."""

    READ = 0  # only read alike (or not at all)
    NEAR = 1  # one letter off a system's spelling or a recorded form
    SHORTENED = 2  # his name with a syllable of the given name left out (set by the caller)
    SWAPPED = 3  # a system's spelling (or the Hangul) with the given name first
    EXACT = 4  # a system's spelling, the Hangul, or a recorded form, as written


def spelled(query: str, recorded: Iterable[tuple[str, str]], *, near: bool = False) -> Spelled:
    """How closely `query` spells one of the person's names ((text, script) pairs).

    A system spells many names alike enough for `names.name_similarity` to read the query as
    each of them in full (Yong Chong Kim reads as 김영종, 김룡정 and 김용청): the name the query
    is an exact spelling of comes first. With `near`, one letter off counts too (the search
    asks only when nobody is spelled exactly: a typo).
    """
    forms = list(recorded)
    loose = _loose(query)
    if any(_loose(text) == loose for text, _script in forms):
        return Spelled.EXACT
    hanguls = [text for text, script in forms if script == NameScript.HANGUL]
    script = detect_script(query)
    if script == "hangul":
        for hangul in hanguls:
            surname, given = split_hangul(_loose(hangul))
            if given and loose == _loose(given + surname):
                return Spelled.SWAPPED
        return Spelled.READ
    swaps = {_loose(_reversed(query))} - {loose}
    # One letter off is told on the words as written: dropping a one-letter word (the surname
    # Ю) is no slip of the pen.
    tried = (_spaced(query), _spaced(_reversed(query)))
    best = Spelled.READ
    for hangul in hanguls:
        for _n, exact_forms, spellings in _spellings(hangul, script):
            if loose in spellings:
                return Spelled.EXACT
            if not swaps.isdisjoint(spellings):
                best = Spelled.SWAPPED
            elif near and best < Spelled.NEAR:
                if any(_one_letter_off(t, _spaced(f)) for t in tried for f in exact_forms):
                    best = Spelled.NEAR
    if near and best < Spelled.NEAR and any(_one_letter_off(tried[0], _spaced(text)) for text, _s in forms):
        best = Spelled.NEAR
    return best


def name_reason(
    query: str,
    recorded: Iterable[tuple[str, str]],
    *,
    given_only: bool = False,
    shortened: bool = False,
    near: bool = False,
) -> str:
    """Why `query` found a person with these name forms ((text, script) pairs, best first).

    `given_only`: by his given name alone; `shortened`: by his name with a syllable of the given
    name left out; `near`: one letter off a spelling of his name.
    """
    forms = list(recorded)
    hanguls = [text for text, script in forms if script == NameScript.HANGUL]
    script = detect_script(query)
    label = NameScript(script).label if script in NameScript.values else _("Mixed scripts")
    if given_only and hanguls:
        return _("Given name of %(name)s") % {"name": hanguls[0]}
    if shortened and hanguls:
        return _("%(script)s, %(name)s with a syllable of the given name missing") % {
            "script": label,
            "name": hanguls[0],
        }
    if near and hanguls:
        return _("%(script)s, one letter off a spelling of %(name)s") % {"script": label, "name": hanguls[0]}
    compact = _loose(query)
    for hangul in hanguls:
        if script == "hangul":
            if compact == _loose(hangul):
                return _("Hangul, as recorded: %(name)s") % {"name": hangul}
            surname, given = split_hangul(_loose(hangul))
            if compact == _loose(given + surname):
                return _("Hangul, given name first: %(name)s") % {"name": hangul}
            continue
        found = _system_of(query, hangul)
        if found is not None:
            system, swapped = found
            values = {"script": label, "system": system, "name": hangul}
            if swapped:
                return _("%(script)s, %(system)s form of %(name)s, given name first") % values
            return _("%(script)s, %(system)s form of %(name)s") % values
    for text, _script in forms:
        if _exact(text) == _exact(query):
            return _("As recorded: %(name)s") % {"name": text}
    if hanguls:
        return _("%(script)s, read as %(name)s") % {"script": label, "name": hanguls[0]}
    return _("%(script)s, similar to %(name)s") % {"script": label, "name": forms[0][0]} if forms else ""
