"""Why a search found a person, in the user's language: which script and system the query is in."""

from __future__ import annotations

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


def _reversed(text: str) -> str:
    words = text.replace("-", " ").split()
    return " ".join(words[1:] + words[:1]) if len(words) > 1 else text


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


def spells_exactly(query: str, recorded: Iterable[tuple[str, str]]) -> bool:
    """Whether `query` is one of the person's Hangul names exactly as a system spells it."""
    hanguls = [text for text, script in recorded if script == NameScript.HANGUL]
    if detect_script(query) == "hangul":
        return any(_loose(query) == _loose(h) for h in hanguls)
    return any((found := _system_of(query, h)) is not None and not found[1] for h in hanguls)


def name_reason(query: str, recorded: Iterable[tuple[str, str]], *, given_only: bool = False) -> str:
    """Why `query` found a person with these name forms ((text, script) pairs, best first)."""
    forms = list(recorded)
    hanguls = [text for text, script in forms if script == NameScript.HANGUL]
    script = detect_script(query)
    label = NameScript(script).label if script in NameScript.values else _("Mixed scripts")
    if given_only and hanguls:
        return _("Given name of %(name)s") % {"name": hanguls[0]}
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
