"""The explanation passes every sentence through the caller's translation and is unchanged without one."""

from __future__ import annotations

from safepassage import law
from safepassage.law.rules import REGISTRY

FACTS = {"as_of": "2025-03-01", "detaining_power": "UA", "nationality": "KP", "forces_of": "RU",
         "conflict_parties": ["UA", "RU"], "affiliation": "armed_forces", "wish": "not_return"}


def test_without_a_translation_the_explanation_is_the_english_of_assess_md() -> None:
    result = law.assess(FACTS)
    assert law.explain(result, FACTS) == law.explain(result, FACTS, translate=lambda message: message)


def test_every_rule_statement_and_sentence_frame_goes_through_the_translation() -> None:
    result = law.assess(FACTS)
    asked: list[str] = []

    def spy(message: str) -> str:
        asked.append(message)
        return message.replace("Status:", "Статус:")

    lines = law.explain(result, FACTS, translate=spy)
    fired = {REGISTRY[entry["rule"]].statement for entry in result["trace"] if entry["rule"] in REGISTRY}
    assert fired and fired <= set(asked)
    assert "Status: {code} ({citations})." in asked
    assert lines[0].startswith("1. Статус: pow (")
