"""Registering a person in one save: the person, his name forms, documents and capture, all or nothing.

The records are written by the same services as the separate pages (so each is checked, indexed
and audited the same way), inside one transaction: an error in any row undoes the whole
registration and names that row and field ("Name form 2, name as written: ...").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from safepassage.names import Script, detect_script, romanize, to_cyrillic
from safepassage.registry import services
from safepassage.registry.models import Capture, IdentityDocument, NameForm, Person
from safepassage.registry.selectors import EXACT_NUMBER, PersonFilters, QueryKind, person_find, query_index

# Where an error of one row is reported: (formset prefix, row, field) of the form.
NAMES, DOCUMENTS, CAPTURE, PERSON = "names", "documents", "capture", "person"
ROW_LABELS = {NAMES: _("Name form %(row)s"), DOCUMENTS: _("Document %(row)s"), CAPTURE: _("Capture")}
# The transliterations suggested for a name typed in Hangul: (kind, language, spelling).
SUGGESTED: tuple[tuple[str, str, Callable[[str], str]], ...] = (
    ("transliteration", "en", lambda h: romanize(h, "mr")),
    ("transliteration", "en", lambda h: romanize(h, "rr")),
    ("transliteration", "en", lambda h: romanize(h, "nk")),
    ("transliteration", "ru", lambda h: to_cyrillic(h, "ru")),
    ("transliteration", "uk", lambda h: to_cyrillic(h, "uk")),
)


class RegistrationError(ValidationError):
    """A registration refused: `where` is (section, row index or None, field) of every message."""

    def __init__(self, where: list[tuple[str, int | None, str, str]]) -> None:
        self.where = where
        super().__init__([message for *_rest, message in where])


def suggestions(text: str) -> list[tuple[str, str, str]]:
    """(text, kind, recorder language) of the usual transliterations of a name typed in Hangul."""
    if detect_script(text) is not Script.HANGUL:
        return []
    seen = {text.strip()}
    found = []
    for kind, language, spell in SUGGESTED:
        spelled = spell(text).strip()
        if spelled and spelled not in seen:
            seen.add(spelled)
            found.append((spelled, kind, language))
    return found


def _field_label(model: Any, field: str) -> str:
    try:
        return str(model._meta.get_field(field).verbose_name)
    except Exception:  # noqa: BLE001 (a non-field key: the row itself)
        return ""


def _located(section: str, row: int | None, model: Any, exc: ValidationError) -> RegistrationError:
    where = []
    errors = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    for field, items in errors.items():
        for item in ValidationError(items).messages:
            head = str(ROW_LABELS[section]) % {"row": (row or 0) + 1} if section in ROW_LABELS else ""
            label = _field_label(model, field) if field != "__all__" else ""
            text = ", ".join(part for part in (head, label) if part)
            where.append((section, row, field, f"{text}: {item}" if text else item))
    return RegistrationError(where)


def _call(section: str, row: int | None, model: Any, service: Callable[..., Any], **kwargs: Any) -> Any:
    try:
        return service(**kwargs)
    except RegistrationError:
        raise
    except ValidationError as exc:
        raise _located(section, row, model, exc) from exc


@transaction.atomic
def person_register(
    *,
    actor: AbstractBaseUser | None,
    person: dict[str, Any],
    names: Sequence[dict[str, Any]] = (),
    documents: Sequence[dict[str, Any]] = (),
    capture: dict[str, Any] | None = None,
) -> Person:
    """The person and all his first records in one transaction; a RegistrationError names the row."""
    created = _call(PERSON, None, Person, services.person_create, actor=actor, **person)
    for row, values in enumerate(names):
        _call(NAMES, row, NameForm, services.name_form_add, actor=actor, person=created, **values)
    for row, values in enumerate(documents):
        _call(
            DOCUMENTS,
            row,
            IdentityDocument,
            services.identity_document_add,
            actor=actor,
            person=created,
            **values,
        )
    if capture:
        _call(CAPTURE, None, Capture, services.capture_set, actor=actor, person=created, **capture)
    return created


# A name this alike to a registered one (names.name_similarity) is shown before saving.
ALIKE = 0.85
# Persons shown at most in the check before saving.
SHOWN = 10


def possible_matches(*, user: Any, names: Sequence[str], numbers: Sequence[str]) -> list[tuple[Person, str]]:
    """Registered persons the user may see who may be the man about to be registered, with why.

    Each name is searched in any spelling and each document number exactly, as the list's search
    does (blind-indexed keys, scoped to the user); every search is audited like one made there.
    """
    shown: dict[Any, tuple[Person, str]] = {}
    for query, kind in [*((n, QueryKind.NAME) for n in names), *((n, QueryKind.DOCUMENT) for n in numbers)]:
        found = person_find(user=user, filters=PersonFilters(q=query))
        services.person_search_record(
            actor=user, kind=found.kind, query_index=query_index(query), refused=found.refused
        )
        floor = EXACT_NUMBER if kind is QueryKind.DOCUMENT else ALIKE
        for person in list(found.people[:SHOWN]):
            if found.scores.get(person.pk, 0.0) >= floor and person.pk not in shown:
                shown[person.pk] = (person, found.reasons.get(person.pk, ""))
    return list(shown.values())[:SHOWN]
