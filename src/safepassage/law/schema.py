"""The input contract of docs/assess.md as data: every fact key, its kind and its allowed values."""

from __future__ import annotations

from typing import Final

AFFILIATIONS: Final = ("armed_forces", "militia_in_armed_forces", "other_militia",
                       "unrecognised_government_forces", "civilian", "unknown")
WISHES: Final = ("return", "not_return", "undecided", "unknown")
RISKS: Final = ("substantial", "none", "not_assessed")
RISK_KINDS: Final = ("torture", "ill_treatment", "arbitrary_killing", "death_penalty",
                     "enforced_disappearance", "flagrant_denial_of_justice", "persecution")
EXCLUSION_REASONS: Final = ("war_crimes", "crimes_against_humanity",
                            "serious_non_political_crime", "contrary_to_un_purposes")
TRIBUNAL_DECISIONS: Final = ("pow", "not_pow")
MILITIA_CONDITIONS: Final = ("responsible_command", "fixed_sign", "arms_openly", "laws_of_war")
MERCENARY_CRITERIA: Final = ("a", "b", "c", "d", "e", "f")
THIRD_STATE_FIELDS: Final = ("state", "willing", "treats_as_national", "gc_party",
                               "onward_removal_risk")
# Ages a person can have had at capture; anything else is a typing error, not a fact.
AGE_RANGE: Final = (0, 120)

# Kinds: date, country, countries, bool, int (years), enum, enums, bools (object of bools),
# third_states.
FACTS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "as_of": ("date", ()),
    "detaining_power": ("country", ()),
    "nationality": ("country", ()),
    "other_nationalities": ("countries", ()),
    "forces_of": ("country", ()),
    "conflict_parties": ("countries", ()),
    "active_hostilities_ended": ("bool", ()),
    "deployment_acknowledged_by": ("countries", ()),
    "affiliation": ("enum", AFFILIATIONS),
    "militia_conditions": ("bools", MILITIA_CONDITIONS),
    "belligerent_act": ("bool", ()),
    "claims_pow_status": ("bool", ()),
    "espionage_out_of_uniform": ("bool", ()),
    "rejoined_own_forces": ("bool", ()),
    "mercenary_criteria": ("bools", MERCENARY_CRITERIA),
    "status_doubt": ("bool", ()),
    "tribunal_decision": ("enum", TRIBUNAL_DECISIONS),
    "age_at_capture": ("int", ()),
    "seriously_sick_or_wounded": ("bool", ()),
    "wish": ("enum", WISHES),
    "wish_destination": ("country", ()),
    "wish_verified_private_interview": ("bool", ()),
    "icrc_access": ("bool", ()),
    "risk_on_return": ("enum", RISKS),
    "risk_kinds": ("enums", RISK_KINDS),
    "criminal_proceedings_pending": ("bool", ()),
    "convicted_serving_sentence": ("bool", ()),
    "grave_breach_suspect": ("bool", ()),
    "exclusion_reasons": ("enums", EXCLUSION_REASONS),
    "renounced_military_activity": ("bool", ()),
    "protection_application_pending": ("bool", ()),
    "media_exposure": ("bool", ()),
    "third_states": ("third_states", THIRD_STATE_FIELDS),
}

# Output vocabularies, used by property tests and by consumers that check enums.
STATUS_CODES: Final = ("pow", "not_pow", "pow_pending_tribunal", "civilian", "civilian_dph",
                       "not_pow_mercenary", "not_pow_spy", "undetermined")
REPATRIATION_CODES: Final = ("hold_pending_protection_decision", "hold_pending_proceedings",
                             "verify_wish", "must_not_repatriate", "assess_risk",
                             "eligible_direct_repatriation", "repatriate_without_delay",
                             "repatriation_due_refusal_noted", "not_due", "not_applicable")
EXCHANGE_REASONS: Final = ("not_pow", "wish_not_return", "wish_not_ascertained",
                           "wish_not_verified", "protection_application_pending",
                           "criminal_proceedings_pending", "serving_sentence",
                           "grave_breach_suspect", "international_crime_suspect",
                           "non_refoulement")
REFUGEE_CODES: Final = ("excluded", "not_yet_asylum_seeker", "other_nationality_available",
                        "may_claim")
PATHWAY_CODES: Final = ("repatriation", "third_state_transfer", "asylum_in_detaining_power",
                        "neutral_internment")
PATHWAY_STATES: Final = ("open", "conditional", "blocked")
BLOCKERS: Final = ("wish_not_return", "non_refoulement", "no_exchange_agreement",
                   "not_acknowledged", "hostilities_ongoing", "not_gc_party",
                   "detaining_power_consent", "agreement_required", "excluded",
                   "renunciation_required", "other_nationality_available",
                   "protection_may_be_refused", "protection_decision_pending",
                   "criminal_proceedings_pending", "serving_sentence", "risk_not_assessed",
                   "suspected_international_crime")
ACTION_CODES: Final = ("private_interview", "repeat_interview_at_handover", "refer_to_tribunal",
                       "stop_public_exposure", "risk_assessment", "withhold_from_power_of_origin",
                       "verify_renunciation", "notify_information_bureau", "request_icrc_access",
                       "child_protection", "prosecute_or_extradite",
                       "investigate_international_crime", "resolve_inconsistent_facts")
WARNING_CODES: Final = ("mercenary_criterion_d_contradicted", "mercenary_criterion_e_contradicted",
                        "ap1_not_binding", "refugee_law_protection_excluded",
                        "all_for_all_ignores_non_refoulement")
