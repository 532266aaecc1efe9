"""Every scenario under scenarios/ as one test, named by its sentence."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from safepassage.law import POSITIONS, RULES, assess, schema
from tests.unit.law.matching import mismatches, present

HERE = Path(__file__).parent
ROOT = next(parent for parent in HERE.parents if (parent / "pyproject.toml").exists())
LAW_MD = ROOT / "docs" / "law.md"
SCENARIO_KEYS = {"name", "facts", "expect", "expect_not", "position", "as_of"}


def as_json(value: Any) -> Any:
    """YAML reads 2025-01-09 as a date; JSON facts carry it as a string."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


def load_scenarios() -> list[dict[str, Any]]:
    scenarios = []
    for path in sorted((HERE / "scenarios").glob("*.yaml")):
        for scenario in yaml.safe_load(path.read_text("utf-8")):
            scenario["file"] = path.name
            scenarios.append(scenario)
    return scenarios


SCENARIOS = load_scenarios()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario(scenario: dict[str, Any]) -> None:
    options: dict[str, Any] = {"position": scenario.get("position", "icrc_2020")}
    if "as_of" in scenario:
        options["as_of"] = date.fromisoformat(str(scenario["as_of"]))
    result = assess(as_json(scenario["facts"] or {}), **options)
    problems = mismatches(scenario["expect"], result)
    problems += present(scenario.get("expect_not", {}), result)
    assert problems == [], "\n".join(problems)


def test_there_are_at_least_eighty_scenarios_with_unique_sentence_names() -> None:
    names = [s["name"] for s in SCENARIOS]
    assert len(names) >= 120
    assert len(set(names)) == len(names)
    for scenario in SCENARIOS:
        assert set(scenario) - {"file"} <= SCENARIO_KEYS, scenario["name"]
        assert scenario["name"][0].isupper() and " " in scenario["name"], scenario["name"]


def _rules_named(expected: Any) -> set[str]:
    text = yaml.safe_dump(expected)
    return set(re.findall(r"\b(?:APPLY|STATUS|CAPT|REPAT|RC|ROK|UA)-\d+\b", text))


def test_every_engine_rule_is_expected_by_some_scenario() -> None:
    named: set[str] = set()
    for scenario in SCENARIOS:
        named |= _rules_named(scenario["expect"])
    assert set(RULES) - named == set()


def test_docs_law_md_lists_exactly_the_engine_rules() -> None:
    ids = re.findall(r"\*\*((?:APPLY|STATUS|CAPT|REPAT|RC|ROK|UA)-\d+)\*\*", LAW_MD.read_text("utf-8"))
    assert sorted(RULES) == sorted(ids)


def test_docs_law_md_gives_each_rule_the_engines_statement_and_marked_sources() -> None:
    text = LAW_MD.read_text("utf-8")
    for rule_id, rule in RULES.items():
        entry = " ".join(text[text.index(f"**{rule_id}**") :].split("\n- ", 1)[0].split())
        assert rule.statement in entry, rule_id
        assert f"Sources: {rule.marked_citations()}." in entry, rule_id


def test_rules_marked_only_unverified_in_law_md_are_unverified_in_the_engine() -> None:
    text = LAW_MD.read_text("utf-8")
    for rule_id in ("STATUS-4",):
        paragraph = text[text.index(f"**{rule_id}**"):].split("\n- ", 1)[0]
        assert "[U" in paragraph and "[V]" not in paragraph
        assert RULES[rule_id].verified is False
    # Version 2 of the legal basis confirms these: their primary citation is verified now.
    for rule_id in ("STATUS-1", "STATUS-7", "STATUS-10", "CAPT-5"):
        assert RULES[rule_id].verified is True


def test_every_output_code_of_the_contract_is_expected_by_some_scenario() -> None:
    expected = " ".join(yaml.safe_dump(s["expect"]) for s in SCENARIOS)
    codes = (*schema.STATUS_CODES, *schema.REPATRIATION_CODES, *schema.EXCHANGE_REASONS,
             *schema.REFUGEE_CODES, *schema.PATHWAY_CODES, *schema.PATHWAY_STATES,
             *schema.BLOCKERS, *schema.ACTION_CODES, *schema.WARNING_CODES, *POSITIONS)
    assert [code for code in codes if not re.search(rf"\b{code}\b", expected)] == []


# The numbered corrections of version 2 of the contract (its list "Changes from version 1").
CHANGES_FROM_VERSION_1 = range(1, 14)


def test_every_change_from_version_1_has_a_scenario_named_after_it() -> None:
    named = {int(match.group(1)) for s in SCENARIOS
             if (match := re.match(r"Change (\d+)\b", s["name"]))}
    assert set(CHANGES_FROM_VERSION_1) - named == set()


def test_the_wounded_refuser_of_issue_13_is_never_repatriated_under_any_position() -> None:
    wounded = [s for s in SCENARIOS if "seriously wounded refuser of issue 13" in s["name"]]
    assert sorted(s.get("position", "icrc_2020") for s in wounded) == sorted(POSITIONS)
    for scenario in wounded:
        result = assess(as_json(scenario["facts"]), position=scenario.get("position", "icrc_2020"))
        assert result["repatriation"]["code"] == "must_not_repatriate"
        assert result["repatriation"]["citations"] == ["GC III Art. 109(3)"]
