"""Human labels for the legal engine's codes (ASSESS.md); unknown codes read as words."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

LABELS = {
    "pow": _("Prisoner of war"),
    "pow_pending_tribunal": _("Prisoner of war until a competent tribunal decides"),
    "not_pow": _("Not a prisoner of war"),
    "not_pow_mercenary": _("Not a prisoner of war (mercenary)"),
    "not_pow_spy": _("Not a prisoner of war (espionage)"),
    "civilian": _("Civilian (GC IV)"),
    "undetermined": _("Undetermined: facts missing"),
    "hold_pending_proceedings": _("Hold until criminal proceedings end"),
    "verify_wish": _("Verify his wish in a private interview"),
    "must_not_repatriate": _("Must not be repatriated against his will"),
    "assess_risk": _("Assess the risk on return"),
    "eligible_direct_repatriation": _("Eligible for direct repatriation"),
    "repatriate_without_delay": _("Repatriate without delay"),
    "not_due": _("Not due during hostilities (only by agreement)"),
    "not_applicable": _("Not applicable"),
    "excluded": _("Excluded from refugee status"),
    "not_yet_asylum_seeker": _("Not yet an asylum-seeker (renunciation to verify)"),
    "other_nationality_available": _("Another nationality's protection is available"),
    "may_claim": _("May claim refugee status"),
    "open": _("open"),
    "conditional": _("conditional"),
    "blocked": _("blocked"),
    "repatriation": _("Repatriation"),
    "third_state_transfer": _("Transfer to a third state"),
    "asylum_in_detaining_power": _("Asylum in the detaining state"),
    "neutral_internment": _("Internment in a neutral state"),
    "private_interview": _("Private interview with a neutral monitor"),
    "refer_to_tribunal": _("Refer to a competent tribunal"),
    "stop_public_exposure": _("Stop public exposure"),
    "risk_assessment": _("Assess the risk on return"),
    "withhold_from_power_of_origin": _("Withhold wishes and applications from the power of origin"),
    "verify_renunciation": _("Verify renunciation of military activity"),
    "notify_information_bureau": _("Notify the Information Bureau"),
    "approve_risk_assessment": _("Review a risk assessment (second reviewer)"),
    # Why he is not eligible for exchange, and what blocks a pathway (EXCHANGE_REASONS, BLOCKERS).
    "wish_not_return": _("he does not want to return"),
    "wish_not_ascertained": _("his wish is not ascertained"),
    "protection_application_pending": _("a protection application is pending"),
    "criminal_proceedings_pending": _("criminal proceedings are pending"),
    "non_refoulement": _("non-refoulement applies"),
    "no_exchange_agreement": _("no exchange agreement"),
    "not_acknowledged": _("the deployment is not acknowledged"),
    "hostilities_ongoing": _("hostilities are ongoing"),
    "not_gc_party": _("not a party to the Geneva Conventions"),
    "detaining_power_consent": _("needs the detaining power's consent"),
    "renunciation_required": _("renunciation of military activity must be verified"),
    "agreement_required": _("needs an agreement between the states"),
}

# The case facts of ASSESS.md, as named when the engine reports one missing.
FACT_LABELS = {
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
    "espionage_out_of_uniform": _("espionage out of uniform"),
    "mercenary_criteria": _("mercenary criteria (AP I Art. 47)"),
    "status_doubt": _("doubt about POW status"),
    "tribunal_decision": _("competent tribunal's decision"),
    "seriously_sick_or_wounded": _("seriously sick or wounded"),
    "wish": _("wish"),
    "wish_destination": _("wished destination"),
    "wish_verified_private_interview": _("wish verified in a private interview"),
    "risk_on_return": _("risk on return"),
    "risk_kinds": _("kinds of risk"),
    "criminal_proceedings_pending": _("criminal proceedings pending"),
    "exclusion_reasons": _("exclusion reasons (RC Art. 1F)"),
    "renounced_military_activity": _("genuine and permanent renunciation verified"),
    "protection_application_pending": _("protection application pending"),
    "media_exposure": _("exposed in the media"),
    "third_states": _("third states"),
}


@register.filter
def code_label(code: object) -> str:
    text = str(code)
    return str(LABELS.get(text, text.replace("_", " ")))


@register.filter
def code_labels(codes: object) -> str:
    """A list of reason or blocker codes as one comma-separated phrase; empty for none."""
    return ", ".join(code_label(code) for code in codes or ())  # type: ignore[attr-defined]


@register.filter
def fact_labels(keys: object) -> str:
    """Missing fact keys by name; an indexed key (third_states[0].willing) keeps its detail."""
    names = []
    for key in map(str, keys or ()):  # type: ignore[call-overload]
        base = re.split(r"[\[.]", key, maxsplit=1)[0]
        label = FACT_LABELS.get(base)
        names.append(key if label is None else str(label) if key == base else f"{label} ({key})")
    return ", ".join(names)
