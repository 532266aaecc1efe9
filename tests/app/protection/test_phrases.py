"""Every code the legal engine can emit reads as a phrase, in every language of the interface."""

from __future__ import annotations

import pytest
from django.utils import translation

from safepassage import law
from safepassage.law import schema
from safepassage.protection.facts import RECORD_WARNING_CODES
from safepassage.protection.phrases import FACT_LABELS, PHRASES

# Each part of the answer, and the engine's vocabulary for it.
ENGINE_CODES = {
    "status": schema.STATUS_CODES,
    "repatriation": schema.REPATRIATION_CODES,
    "exchange_reason": schema.EXCHANGE_REASONS,
    "refugee_claim": schema.REFUGEE_CODES,
    "pathway": schema.PATHWAY_CODES,
    "pathway_state": schema.PATHWAY_STATES,
    "blocker": schema.BLOCKERS,
    "action": schema.ACTION_CODES,
    "warning": (*schema.WARNING_CODES, *RECORD_WARNING_CODES),
    "position": tuple(law.POSITIONS),
    "value": (
        *schema.AFFILIATIONS,
        *schema.WISHES,
        *schema.RISKS,
        *schema.RISK_KINDS,
        *schema.EXCLUSION_REASONS,
        *schema.TRIBUNAL_DECISIONS,
    ),
}


@pytest.mark.parametrize("kind", sorted(ENGINE_CODES))
def test_every_code_the_engine_can_emit_has_a_phrase(kind: str) -> None:
    assert [] == [code for code in ENGINE_CODES[kind] if code not in PHRASES[kind]]


def test_every_fact_of_the_contract_has_a_label() -> None:
    assert [] == [key for key in schema.FACTS if key not in FACT_LABELS]


@pytest.mark.parametrize("language", ["uk", "ko", "ru"])
def test_every_phrase_is_translated(language: str) -> None:
    texts = [text for table in PHRASES.values() for text in table.values()] + list(FACT_LABELS.values())
    with translation.override("en"):
        english = [str(text) for text in texts]
    with translation.override(language):
        translated = [str(text) for text in texts]
    assert [] == [e for e, t in zip(english, translated, strict=True) if e == t]


def test_the_phrases_name_no_code() -> None:
    codes = {code for table in ENGINE_CODES.values() for code in table if "_" in code}
    with translation.override("en"):
        shown = [str(text) for table in PHRASES.values() for text in table.values()]
    assert [] == [text for text in shown if any(code in text for code in codes)]
