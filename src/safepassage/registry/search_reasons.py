"""Why a search found a person, in the user's language: which script and system the query is in."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safepassage.names import detect_script
from safepassage.names.cyrillic import to_cyrillic
from safepassage.names.latin import romanizations, romanize
from safepassage.names.similarity import one_slip
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


def _reversed(text: str) -> str:
    """A name written given name first, back in Korean order: the last word (the surname) first."""
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


def slipped_spelling(
    query: str, recorded: Iterable[tuple[str, str]], *, systems: bool = True
) -> tuple[str, str] | None:
    """(the form, how it is spelled) when `query` is one of the person's names with one slip
    of the pen (`names.similarity.one_slip`: Kim Chl Su for Kim Chol Su), else None.

    A recorded form in the query's script is tried first (cheap): ("", its text). Then, with
    `systems`, each system's spellings of his Hangul names: (the system's label, the Hangul).
    The first letter must agree: a name is seldom misspelt at its start, and a slip there
    would make many a different name (Rim, Kim) one letter off.
    """
    script = detect_script(query)
    if script not in ("latin", "cyrillic"):
        return None
    loose = _loose(query)

    def off_by_one(other: str) -> bool:
        return other[:1] == loose[:1] and one_slip(loose, other)

    forms = list(recorded)
    for text, form_script in forms:
        if form_script == script and off_by_one(_loose(text)):
            return "", text
    if not systems:
        return None
    labels = LATIN_SYSTEMS if script == "latin" else CYRILLIC_SYSTEMS
    for hangul in (text for text, form_script in forms if form_script == NameScript.HANGUL):
        for index, _exactly, spelled in _spellings(hangul, script):
            if any(off_by_one(other) for other in spelled):
                return str(labels[index][1]), hangul
    return None


def spells_shortened(query: str, recorded: Iterable[tuple[str, str]]) -> bool:
    """Whether `query` is one of the person's Hangul names with the last syllables of its given
    name left out, exactly as a system spells it (Kim Chol, Ким Чхоль for 김철수)."""
    script = detect_script(query)
    compact = _loose(query)
    for hangul in (text for text, form_script in recorded if form_script == NameScript.HANGUL):
        surname, given = split_hangul("".join(hangul.split()))
        for size in range(1, len(given)):
            shortened = surname + given[:size]
            if script == "hangul":
                if compact == shortened:
                    return True
            elif (found := _system_of(query, shortened)) is not None and not found[1]:
                return True
    return False


def spells_exactly(query: str, recorded: Iterable[tuple[str, str]], *, either_order: bool = False) -> bool:
    """Whether `query` is one of the person's Hangul names exactly as a system spells it
    (with `either_order`, also with the given name first: Myong Hak Ri, 명학 리)."""
    hanguls = [text for text, script in recorded if script == NameScript.HANGUL]
    if detect_script(query) == "hangul":
        compact = _loose(query)
        for hangul in hanguls:
            surname, given = split_hangul(_loose(hangul))
            if compact == surname + given or (either_order and given and compact == given + surname):
                return True
        return False
    return any(
        (found := _system_of(query, h)) is not None and (either_order or not found[1]) for h in hanguls
    )


def name_reason(
    query: str,
    recorded: Iterable[tuple[str, str]],
    *,
    given_only: bool = False,
    shortened: bool = False,
    slipped: tuple[str, str] | None = None,
) -> str:
    """Why `query` found a person with these name forms ((text, script) pairs, best first).

    `given_only`: found by the given name alone; `shortened`: by the name with the last
    syllables of its given name left out; `slipped`: what `slipped_spelling` found.
    """
    forms = list(recorded)
    hanguls = [text for text, script in forms if script == NameScript.HANGUL]
    script = detect_script(query)
    label = NameScript(script).label if script in NameScript.values else _("Mixed scripts")
    if given_only and hanguls:
        return _("Given name of %(name)s") % {"name": hanguls[0]}
    if shortened and hanguls:
        return _("%(script)s, %(name)s with the end of its given name left out") % {
            "script": label,
            "name": hanguls[0],
        }
    if slipped is not None:
        system, name = slipped
        if not system:
            return _("%(script)s, one letter off %(name)s as recorded") % {"script": label, "name": name}
        values = {"script": label, "system": system, "name": name}
        return _("%(script)s, one letter off the %(system)s form of %(name)s") % values
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
