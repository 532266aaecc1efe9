"""Every code the legal engine can emit, and every record warning, as a phrase people read.

One table, by the part of the answer the code appears in: the same code can mean different
things in two parts (`not_pow` is a status and a reason not to exchange him). The raw code is
kept for tooltips and the JSON; pages and the case file show the phrase. A test holds the table
to the engine's vocabularies, so a code the engine learns cannot reach a page unread.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PHRASES: dict[str, dict[str, Promise]] = {
    "status": {
        "pow": _("Prisoner of war"),
        "pow_pending_tribunal": _("Prisoner of war until a competent tribunal decides"),
        "not_pow": _("Not a prisoner of war"),
        "not_pow_mercenary": _("Not a prisoner of war (mercenary)"),
        "not_pow_spy": _("Not a prisoner of war (espionage)"),
        "civilian": _("Civilian (GC IV)"),
        "civilian_dph": _(
            "Civilian who took part in hostilities: protected by GC IV, detention reviewed periodically"
        ),
        "undetermined": _("Undetermined: facts missing"),
    },
    "repatriation": {
        "hold_pending_protection_decision": _(
            "Hold: nobody is removed while his protection claim is undecided"
        ),
        "hold_pending_proceedings": _("Hold until criminal proceedings end"),
        "verify_wish": _("Verify his wish in a private interview"),
        "must_not_repatriate": _("Must not be repatriated against his will"),
        "assess_risk": _("Assess the risk on return"),
        "eligible_direct_repatriation": _("Eligible for direct repatriation"),
        "repatriate_without_delay": _("Repatriate without delay"),
        "repatriation_due_refusal_noted": _(
            "Repatriation due, his refusal noted: no force without a fresh interview at handover"
        ),
        "not_due": _("Not due during hostilities (only by agreement)"),
        "not_applicable": _("Not applicable"),
    },
    "exchange_reason": {
        "not_pow": _("he is not a prisoner of war"),
        "wish_not_return": _("he does not want to return"),
        "wish_not_ascertained": _("his wish is not ascertained"),
        "wish_not_verified": _("his wish to return is not verified in a private interview"),
        "protection_application_pending": _("a protection application is pending"),
        "criminal_proceedings_pending": _("criminal proceedings are pending"),
        "serving_sentence": _("he is serving a sentence"),
        "grave_breach_suspect": _("he is suspected of a grave breach and must be tried or handed over"),
        "international_crime_suspect": _(
            "he is suspected of an international crime, to be investigated first"
        ),
        "non_refoulement": _("non-refoulement applies"),
    },
    "non_refoulement": {
        "absolute": _("Applies, absolutely (no exception)"),
        "applies": _("Applies"),
        "not_assessed": _("Not known yet: the risk on return is not assessed"),
        "not_established": _("Not established"),
    },
    "refugee_claim": {
        "excluded": _("Excluded from refugee status"),
        "not_yet_asylum_seeker": _("Not yet an asylum-seeker (renunciation to verify)"),
        "other_nationality_available": _("Another nationality's protection is available"),
        "may_claim": _("May claim refugee status"),
    },
    "pathway": {
        "repatriation": _("Repatriation"),
        "third_state_transfer": _("Transfer to a third state"),
        "asylum_in_detaining_power": _("Asylum in the detaining state"),
        "neutral_internment": _("Internment in a neutral state"),
    },
    "pathway_state": {
        "open": _("open"),
        "conditional": _("conditional"),
        "blocked": _("blocked"),
    },
    "blocker": {
        "wish_not_return": _("he does not want to return"),
        "non_refoulement": _("non-refoulement applies"),
        "no_exchange_agreement": _("no exchange agreement"),
        "not_acknowledged": _("the deployment is not acknowledged"),
        "hostilities_ongoing": _("hostilities are ongoing"),
        "not_gc_party": _("not a party to the Geneva Conventions"),
        "detaining_power_consent": _("needs the detaining power's consent"),
        "agreement_required": _("needs an agreement between the states"),
        "excluded": _("excluded from refugee status"),
        "renunciation_required": _("renunciation of military activity must be verified"),
        "other_nationality_available": _("another nationality's protection is available"),
        "protection_may_be_refused": _("the receiving state may refuse protection"),
        "protection_decision_pending": _("a protection decision is pending"),
        "criminal_proceedings_pending": _("criminal proceedings are pending"),
        "serving_sentence": _("he is serving a sentence"),
        "risk_not_assessed": _("the risk on return is not assessed"),
        "suspected_international_crime": _("suspected of an international crime"),
    },
    "action": {
        "private_interview": _("Private interview with a neutral monitor"),
        "repeat_interview_at_handover": _("Check his will again at the point of handover"),
        "refer_to_tribunal": _("Refer to a competent tribunal"),
        "stop_public_exposure": _("Stop public exposure"),
        "risk_assessment": _("Assess the risk on return"),
        "withhold_from_power_of_origin": _("Withhold wishes and applications from the power of origin"),
        "verify_renunciation": _("Verify renunciation of military activity"),
        "notify_information_bureau": _("Notify the Information Bureau"),
        "request_icrc_access": _("Request ICRC access to him"),
        "child_protection": _("Protect him as a child: best interests first"),
        "prosecute_or_extradite": _("Try him or hand him over for trial (never to where he is at risk)"),
        "investigate_international_crime": _("Investigate the suspected international crime"),
        "resolve_inconsistent_facts": _("Resolve the facts that contradict each other"),
        "approve_risk_assessment": _("Review a risk assessment (second reviewer)"),
    },
    # The engine's warnings (facts in conflict, resolved in his favour) and the application's
    # own, from records that contradict each other. Record warnings take named details.
    "warning": {
        "mercenary_criterion_d_contradicted": _(
            "Mercenary criterion (d) contradicts his nationality: a national of a party to the "
            "conflict cannot be a mercenary; the criterion is treated as not met."
        ),
        "mercenary_criterion_e_contradicted": _(
            "Mercenary criterion (e) contradicts his membership of the armed forces; the "
            "criterion is treated as not met."
        ),
        "ap1_not_binding": _(
            "Additional Protocol I does not bind both states: the mercenary criteria are not applied."
        ),
        "refugee_law_protection_excluded": _(
            "Excluded from refugee law: his risk of persecution alone gives no Refugee Convention "
            "protection, but the limit on repatriation in humanitarian law still holds."
        ),
        "all_for_all_ignores_non_refoulement": _(
            "This position sets aside non-refoulement: shown for comparison only, never to act on."
        ),
        "birth_dates_differ": _(
            "Two birth dates: the record says {recorded}, the birth date as recorded says {stated}; "
            "the age at capture uses the later one, which protects him."
        ),
        "capture_before_birth": _(
            "The capture date ({captured}) is before his birth ({born}): one of the two is wrong; "
            "no age at capture is derived."
        ),
        "icrc_access_contradicted": _(
            "ICRC access was recorded as both granted and refused on {on}; it is read as refused."
        ),
        "icrc_access_before_capture": _(
            "ICRC access is recorded on {on}, before his capture on {captured}: check the dates."
        ),
        "wish_destination_contradicted": _(
            "The interview of {on} says he does not want to return, yet names his own country as "
            "the destination: ask him again."
        ),
    },
    "position": {
        "icrc_2020": _("ICRC 2020 commentary (default)"),
        "free_will": _("The prisoner's free will"),
        "all_for_all": _("All for all (comparison only)"),
    },
    # Values of the facts, as the explanation shows the facts a rule used.
    "value": {
        "armed_forces": _("member of the armed forces"),
        "militia_in_armed_forces": _("militia forming part of the armed forces"),
        "other_militia": _("other militia or volunteer corps"),
        "unrecognised_government_forces": _("forces of an unrecognised government"),
        "civilian": _("civilian"),
        "unknown": _("unknown"),
        "return": _("wants to return"),
        "not_return": _("does not want to return"),
        "undecided": _("undecided"),
        "substantial": _("substantial grounds for a real risk"),
        "none": _("no real risk found"),
        "not_assessed": _("not assessed"),
        "torture": _("torture"),
        "ill_treatment": _("ill-treatment"),
        "arbitrary_killing": _("arbitrary killing"),
        "death_penalty": _("death penalty"),
        "enforced_disappearance": _("enforced disappearance"),
        "flagrant_denial_of_justice": _("flagrant denial of justice"),
        "persecution": _("persecution"),
        "war_crimes": _("war crimes"),
        "crimes_against_humanity": _("crimes against humanity"),
        "serious_non_political_crime": _("serious non-political crime"),
        "contrary_to_un_purposes": _("acts contrary to the purposes of the UN"),
        "pow": _("prisoner of war"),
        "not_pow": _("not a prisoner of war"),
    },
}

# The case facts of the engine's contract, as named when a rule used one or one is missing.
FACT_LABELS: dict[str, Promise] = {
    "as_of": _("date of the determination"),
    "detaining_power": _("detaining power"),
    "nationality": _("nationality"),
    "other_nationalities": _("other nationalities"),
    "forces_of": _("armed forces of"),
    "conflict_parties": _("parties to the conflict"),
    "active_hostilities_ended": _("active hostilities have ended"),
    "deployment_acknowledged_by": _("states acknowledging the deployment"),
    "affiliation": _("affiliation"),
    "militia_conditions": _("conditions for militias (GC III Art. 4A(2))"),
    "belligerent_act": _("took a direct part in hostilities"),
    "claims_pow_status": _("POW status claimed for him"),
    "espionage_out_of_uniform": _("espionage out of uniform"),
    "rejoined_own_forces": _("rejoined his own forces before capture"),
    "mercenary_criteria": _("mercenary criteria (AP I Art. 47)"),
    "status_doubt": _("doubt about POW status"),
    "tribunal_decision": _("competent tribunal's decision"),
    "age_at_capture": _("age at capture"),
    "seriously_sick_or_wounded": _("seriously sick or wounded"),
    "wish": _("wish"),
    "wish_destination": _("wished destination"),
    "wish_verified_private_interview": _("wish verified in a private interview"),
    "icrc_access": _("ICRC access"),
    "risk_on_return": _("risk on return"),
    "risk_kinds": _("kinds of risk"),
    "criminal_proceedings_pending": _("criminal proceedings pending"),
    "convicted_serving_sentence": _("convicted and serving a sentence"),
    "grave_breach_suspect": _("suspected of a grave breach"),
    "exclusion_reasons": _("exclusion reasons (RC Art. 1F)"),
    "renounced_military_activity": _("genuine and permanent renunciation verified"),
    "protection_application_pending": _("protection application pending"),
    "media_exposure": _("exposed in the media"),
    "third_states": _("third states"),
}


def phrase(kind: str, code: Any, **detail: Any) -> str:
    """The phrase for `code` in part `kind`, in the active language; an unknown code reads as words."""
    text = PHRASES[kind].get(str(code))
    if text is None:
        return str(code).replace("_", " ")
    return str(text).format(**detail) if detail else str(text)


def fact_label(key: str) -> str:
    label = FACT_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ")
