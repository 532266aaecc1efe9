"""Template filters for the legal engine's codes: the phrase table (protection.phrases) in pages."""

from __future__ import annotations

import re

from django import template
from django.utils.functional import Promise

from safepassage.protection.phrases import FACT_LABELS, PHRASES, fact_label, phrase

register = template.Library()

# One flat table for pages that show a code without saying which part of the answer it is from
# (the work list, the dashboard): the first part that knows a code gives its phrase.
LABELS: dict[str, Promise] = {}
for _kind in (
    "status",
    "repatriation",
    "refugee_claim",
    "pathway",
    "pathway_state",
    "action",
    "exchange_reason",
    "blocker",
):
    for _code, _text in PHRASES[_kind].items():
        LABELS.setdefault(_code, _text)

__all__ = ["FACT_LABELS", "LABELS", "register"]


@register.filter
def code_label(code: object) -> str:
    text = str(code)
    return str(LABELS.get(text, text.replace("_", " ")))


@register.filter
def code_labels(codes: object) -> str:
    """A list of reason or blocker codes as one comma-separated phrase; empty for none."""
    return ", ".join(code_label(code) for code in codes or ())  # type: ignore[attr-defined]


@register.filter
def exchange_reasons(codes: object) -> str:
    return ", ".join(phrase("exchange_reason", code) for code in codes or ())  # type: ignore[attr-defined]


@register.filter
def position_label(name: object) -> str:
    return phrase("position", name)


@register.filter
def value_labels(values: object) -> str:
    """Fact values (risk kinds, exclusion reasons) as phrases."""
    return ", ".join(phrase("value", value) for value in values or ())  # type: ignore[attr-defined]


@register.filter
def fact_labels(keys: object) -> str:
    """Missing fact keys by name; an indexed key (third_states[0].willing) keeps its detail."""
    names = []
    for key in map(str, keys or ()):  # type: ignore[call-overload]
        base = re.split(r"[\[.]", key, maxsplit=1)[0]
        label = FACT_LABELS.get(base)
        names.append(key if label is None else fact_label(base) if key == base else f"{label} ({key})")
    return ", ".join(names)
