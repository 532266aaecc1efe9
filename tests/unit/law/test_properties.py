"""Properties that hold for every valid facts object, checked with Hypothesis."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from safepassage.law import POSITIONS, assess, validate_facts
from safepassage.law.positions import position as get_position
from safepassage.law.schema import (
    ACTION_CODES,
    BLOCKERS,
    EXCHANGE_REASONS,
    FACTS,
    PATHWAY_CODES,
    PATHWAY_STATES,
    REFUGEE_CODES,
    REPATRIATION_CODES,
    STATUS_CODES,
    WARNING_CODES,
)
from safepassage.law.serialise import assessment_json

COUNTRIES = st.sampled_from(["UA", "RU", "KP", "KR", "SE", "CH", "US", "XX", "BY"])
DATES = st.dates().map(lambda d: d.isoformat())


def _strategy(kind: str, allowed: tuple[str, ...]) -> st.SearchStrategy[Any]:
    if kind == "date":
        return DATES
    if kind == "country":
        return COUNTRIES
    if kind == "countries":
        return st.lists(COUNTRIES, max_size=3)
    if kind == "bool":
        return st.booleans()
    if kind == "int":
        return st.integers(min_value=0, max_value=120)
    if kind == "enum":
        return st.sampled_from(allowed)
    if kind == "enums":
        return st.lists(st.sampled_from(allowed), max_size=3)
    if kind == "bools":
        return st.fixed_dictionaries({}, optional={k: st.booleans() | st.none() for k in allowed})
    row = st.fixed_dictionaries({"state": COUNTRIES}, optional={
        "willing": st.booleans(), "treats_as_national": st.booleans(), "gc_party": st.booleans(),
        "onward_removal_risk": st.booleans()})
    return st.lists(row, max_size=3)


FACTS_OBJECTS = st.fixed_dictionaries(
    {}, optional={key: _strategy(kind, allowed) | st.none() for key, (kind, allowed)
                  in FACTS.items()})


def assert_valid_output(result: dict[str, Any]) -> None:
    assert result["status"]["code"] in STATUS_CODES
    assert all(isinstance(c, str) for c in result["status"]["fallback"])
    assert (result["status"]["fallback"] == []) == (result["status"]["code"] == "pow")
    assert result["repatriation"]["code"] in REPATRIATION_CODES
    assert result["refugee_claim"]["code"] in REFUGEE_CODES
    for part in ("status", "repatriation", "refugee_claim"):
        assert result[part]["rules"] and all(isinstance(c, str) for c in result[part]["citations"])
    assert isinstance(result["exchange"]["eligible"], bool)
    assert set(result["exchange"]["reasons"]) <= set(EXCHANGE_REASONS)
    assert result["exchange"]["eligible"] == (result["exchange"]["reasons"] == [])
    refoulement = result["non_refoulement"]
    assert isinstance(refoulement["applies"], bool) and isinstance(refoulement["absolute"], bool)
    assert refoulement["applies"] or not refoulement["absolute"]
    assert refoulement["assessed"] or not refoulement["applies"]
    assert (refoulement["destinations"] == []) or refoulement["applies"] or not refoulement["assessed"]
    codes = [p["code"] for p in result["pathways"]]
    for warning in result["warnings"]:
        assert warning["code"] in WARNING_CODES and warning["facts"] and warning["rules"]
    if any(w["code"].endswith("_contradicted") for w in result["warnings"]):
        assert "resolve_inconsistent_facts" in [a["code"] for a in result["actions"]]
    assert codes[0] == "repatriation" and codes[-2:] == ["asylum_in_detaining_power",
                                                         "neutral_internment"]
    for pathway in result["pathways"]:
        assert pathway["code"] in PATHWAY_CODES and pathway["state"] in PATHWAY_STATES
        assert set(pathway["blockers"]) <= set(BLOCKERS)
        assert (pathway["state"] == "open") == (pathway["blockers"] == [])
    assert all(a["code"] in ACTION_CODES and a["citations"] for a in result["actions"])
    assert all(isinstance(m, str) for m in result["missing_facts"])
    assert result["position"] in POSITIONS
    for entry in result["trace"]:
        assert set(entry) == {"rule", "citation", "verified", "facts", "result"}
    assert json.loads(json.dumps(result)) == result


@settings(max_examples=400, deadline=None)
@given(FACTS_OBJECTS, st.sampled_from(POSITIONS))
def test_any_valid_facts_object_gives_a_valid_output(facts: dict[str, Any], position: str) -> None:
    assert_valid_output(assess(facts, position=position))


@settings(max_examples=300, deadline=None)
@given(FACTS_OBJECTS, st.sampled_from(POSITIONS))
def test_a_verified_refusal_at_substantial_risk_never_makes_anyone_exchange_eligible(
        facts: dict[str, Any], position: str) -> None:
    refusing = {**facts, "wish": "not_return", "wish_verified_private_interview": True,
                "risk_on_return": "substantial"}
    assert assess(refusing, position=position)["exchange"]["eligible"] is False


@settings(max_examples=300, deadline=None)
@given(FACTS_OBJECTS, st.sampled_from(POSITIONS))
def test_nobody_is_exchange_eligible_without_a_wish_to_return_that_is_verified_or_risk_free(
        facts: dict[str, Any], position: str) -> None:
    result = assess(facts, position=position)
    if result["exchange"]["eligible"]:
        clean = validate_facts(facts)
        assert clean.get("wish") == "return"
        assert clean.get("wish_verified_private_interview") is True or clean.get(
            "risk_on_return") == "none"


@settings(max_examples=300, deadline=None)
@given(FACTS_OBJECTS, st.sampled_from(POSITIONS))
def test_a_wounded_refuser_is_never_repatriated_during_hostilities_under_any_position(
        facts: dict[str, Any], position: str) -> None:
    wounded = {**facts, "seriously_sick_or_wounded": True, "active_hostilities_ended": False,
               "wish": "not_return", "wish_verified_private_interview": True}
    result = assess(wounded, position=position)
    code = result["repatriation"]["code"]
    assert code not in ("eligible_direct_repatriation", "repatriate_without_delay",
                        "repatriation_due_refusal_noted")
    if code == "must_not_repatriate":
        assert result["repatriation"]["citations"] == ["GC III Art. 109(3)"]
    else:  # not a POW, so GC III repatriation does not apply at all
        assert code == "not_applicable"


@settings(max_examples=300, deadline=None)
@given(FACTS_OBJECTS, st.sampled_from(POSITIONS))
def test_non_refoulement_destinations_always_hold_the_nationality_when_it_applies(
        facts: dict[str, Any], position: str) -> None:
    result = assess(facts, position=position)
    refoulement = result["non_refoulement"]
    nationality = validate_facts(facts).get("nationality")
    if (refoulement["applies"] or not refoulement["assessed"]) and nationality is not None:
        assert nationality in refoulement["destinations"]


@settings(max_examples=200, deadline=None)
@given(FACTS_OBJECTS)
def test_the_all_for_all_position_warns_exactly_when_it_sets_a_non_refoulement_bar_aside(
        facts: dict[str, Any]) -> None:
    result = assess(facts, position="all_for_all")
    codes = [w["code"] for w in result["warnings"]]
    clean = validate_facts(facts)
    sets_aside = (result["status"]["code"] in ("pow", "pow_pending_tribunal")
                  and clean.get("wish") == "not_return"
                  and clean.get("wish_verified_private_interview") is True
                  and result["non_refoulement"]["applies"]
                  and not (clean.get("seriously_sick_or_wounded")
                           and not clean.get("active_hostilities_ended")))
    assert ("all_for_all_ignores_non_refoulement" in codes) == sets_aside
    if sets_aside:
        assert assess(facts)["warnings"] == [w for w in result["warnings"]
                                             if w["code"] != "all_for_all_ignores_non_refoulement"]


@settings(max_examples=200, deadline=None)
@given(FACTS_OBJECTS, st.lists(COUNTRIES, max_size=3))
def test_acknowledgement_of_the_deployment_never_changes_status(
        facts: dict[str, Any], acknowledged: list[str]) -> None:
    without = assess({**facts, "deployment_acknowledged_by": []})["status"]
    with_ack = assess({**facts, "deployment_acknowledged_by": acknowledged})["status"]
    assert without == with_ack


@settings(max_examples=200, deadline=None)
@given(FACTS_OBJECTS)
def test_validating_facts_twice_changes_nothing(facts: dict[str, Any]) -> None:
    once = validate_facts(facts)
    assert validate_facts(once) == once
    assert None not in once.values()


@settings(max_examples=200, deadline=None)
@given(FACTS_OBJECTS, st.sampled_from(POSITIONS), st.dates())
def test_the_jsonl_serialiser_writes_exactly_the_api_result(
        facts: dict[str, Any], position: str, as_of: Any) -> None:
    clean = validate_facts(facts)
    api = assess(facts, position=position, as_of=as_of)
    line = assessment_json(clean, get_position(position), as_of)
    assert json.loads(line) == api
    assert line == json.dumps(api, ensure_ascii=False, separators=(",", ":"))
