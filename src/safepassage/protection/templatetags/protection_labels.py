"""Human labels for the legal engine's codes (ASSESS.md); unknown codes read as words."""

from __future__ import annotations

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
}


@register.filter
def code_label(code: object) -> str:
    text = str(code)
    return str(LABELS.get(text, text.replace("_", " ")))
