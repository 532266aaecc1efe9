"""The explanation passes every sentence through the caller's translation and is unchanged without one."""

from __future__ import annotations

import gettext

from safepassage import law
from safepassage.i18n import LOCALE_DIR
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


V2_CASES = [
    # A refusal at risk set aside by all_for_all: warning, destinations, REPAT-8 (claim pending).
    ({"as_of": "2025-06-01", "detaining_power": "UA", "nationality": "KP", "forces_of": "RU",
      "affiliation": "armed_forces", "wish": "not_return", "wish_verified_private_interview": True,
      "risk_on_return": "substantial", "risk_kinds": ["torture"], "age_at_capture": 16,
      "protection_application_pending": True}, "all_for_all"),
    # A militia under AP I without command (STATUS-11, fallback) and an unassessed risk.
    ({"detaining_power": "UA", "nationality": "RU", "affiliation": "other_militia",
      "militia_conditions": {"responsible_command": False}, "wish": "not_return"}, "icrc_2020"),
]
V2_FRAMES = ("Must not be sent to:", "Risk on return not yet assessed:", "Warning: ",
             "he keeps:", "Disputed view")


def test_the_sentences_and_rules_of_version_2_read_in_every_language() -> None:
    for language in ("uk", "ko", "ru"):
        catalogue = gettext.translation("django", localedir=LOCALE_DIR, languages=[language])
        for facts, position in V2_CASES:
            result = law.assess(facts, position=position)
            english = "\n".join(law.explain(result, facts))
            text = "\n".join(law.explain(result, facts, translate=catalogue.gettext))
            fired = {REGISTRY[e["rule"]].statement for e in result["trace"] if e["rule"] in REGISTRY}
            assert [frame for frame in V2_FRAMES if frame in text] == [], language
            assert [s for s in fired if s in text] == [], language
            assert any(frame in english for frame in V2_FRAMES)
