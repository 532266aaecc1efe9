"""Blind-indexed search keys beside the linkage keys: given names, and parts of document numbers.

A search by a given name alone (명학, Myong Hak) or by four or more digits of a document or
serial number must work without a plaintext index. So each person also keeps, as
`LinkageKey` rows of the kinds below, the blind index of the coarse keys of his given names
(`names.keys.given_name_keys`, the same in every script) and of every run of four digits of
his document and serial numbers. A search computes the same values from the query and looks
them up; the few persons found are then opened and checked.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from safepassage.crypto.keyring import Keyring
from safepassage.names.keys import given_name_keys
from safepassage.registry.linkage_keys import token_digest

GIVEN = "search_given"
DOC_PART = "search_doc"
SEARCH_KINDS = (GIVEN, DOC_PART)
# The shortest part of a number a search accepts, and the length of the stored runs.
DOC_PART_LENGTH = 4


def number_digits(number: str) -> str:
    """The digits of a document or serial number, in order (any script's digits as ASCII)."""
    return "".join(str(unicodedata.digit(ch)) for ch in number if ch.isdigit())


def number_parts(number: str) -> set[str]:
    """Every run of DOC_PART_LENGTH consecutive digits of a number."""
    digits = number_digits(number)
    return {digits[i : i + DOC_PART_LENGTH] for i in range(len(digits) - DOC_PART_LENGTH + 1)}


def search_key_values(ring: Keyring, names: Iterable[str], numbers: Iterable[str]) -> set[tuple[str, str]]:
    """(kind, blind index) of the search keys of a person with these name forms and numbers."""
    givens = {code for name in names for code in given_name_keys(name)}
    parts = {part for number in numbers for part in number_parts(number)}
    return {(GIVEN, token_digest(ring, GIVEN, g)) for g in givens} | {
        (DOC_PART, token_digest(ring, DOC_PART, p)) for p in parts
    }


def searched_names_and_numbers(
    name_form: Any, document: Any, service_record: Any, scope: Any, ring: Keyring
) -> tuple[dict[Any, list[str]], dict[Any, list[str]]]:
    """Per person of `scope`: his name forms (not a false identity on papers), his numbers.

    Reads sealed columns with values_list and opens them by row, like
    `linkage_keys.compared_names_and_units`; the models are passed in so a data migration
    can use its historical ones.
    """
    names: dict[Any, list[str]] = {}
    text = name_form._meta.get_field("text")
    forms = name_form.objects.filter(person__in=scope).exclude(kind="document").order_by()
    for pk, person_id, sealed in forms.values_list("pk", "person_id", "text"):
        names.setdefault(person_id, []).append(text.open_raw(pk, sealed, ring))
    numbers: dict[Any, list[str]] = {}
    for model, field in ((document, "number"), (service_record, "serial_number")):
        opened = model._meta.get_field(field)
        rows = model.objects.filter(person__in=scope).order_by()
        for pk, person_id, sealed in rows.values_list("pk", "person_id", field):
            value = opened.open_raw(pk, sealed, ring)
            if value:
                numbers.setdefault(person_id, []).append(value)
    return names, numbers
