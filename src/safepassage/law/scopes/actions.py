"""`actions`: what must be done next, each with the rule and the articles that require it."""

from __future__ import annotations

from typing import Any

from safepassage.law.instruments import api, gc3, refugee
from safepassage.law.instruments.human_rights import REPAT_4
from safepassage.law.rules import Rule
from safepassage.law.scope import Run
from safepassage.law.scopes.exchange import INTERNATIONAL_CRIMES

_HANDOVER = frozenset({"repatriation", "third_state_transfer"})
CHILD = ("AP I Art. 77(3)", "AP I Art. 77(4)", "AP I Art. 77(5)", "CRC Art. 3", "CRC Art. 37",
         "CRC Art. 38", "CRC Art. 39", "OPAC Art. 6(3)")
# What Art. 17 lets him give and his capture still go to the Power he depends on (Art. 122(4)),
# by the Central Agency's route (Art. 123); his wishes do not (CAPT-3).
WITHHOLD = ("GC III Art. 17", "GC III Art. 122(4)", "GC III Art. 123")


def _act(run: Run, actions: list[dict[str, Any]], code: str, rule: Rule,
         citations: tuple[str, ...] | list[str], keys: tuple[str, ...]) -> None:
    actions.append({"code": code, "citations": list(citations)})
    run.note(rule, keys, f"action: {code}", (citations[0], True))


def decide_actions(run: Run, pathways: list[dict[str, Any]]) -> list[dict[str, Any]]:
    f = run.facts
    actions: list[dict[str, Any]] = []
    wish, verified = f.wish, f.wish_verified_private_interview
    if not verified and not (wish == "return" and f.risk_on_return == "none"):
        _act(run, actions, "private_interview", gc3.CAPT_4, ("GC III Art. 126",),
             ("wish", "wish_verified_private_interview", "risk_on_return"))
    if wish == "not_return" and verified and any(
            p["code"] in _HANDOVER and p["state"] != "blocked" for p in pathways):
        _act(run, actions, "repeat_interview_at_handover", gc3.REPAT_5, gc3.REPAT_5.citations,
             ("wish", "wish_verified_private_interview"))
    if run.status == "pow_pending_tribunal":
        cited = ("GC III Art. 5(2)", "AP I Art. 45(1)") if run.ap1 else ("GC III Art. 5(2)",)
        _act(run, actions, "refer_to_tribunal", gc3.STATUS_5, cited,
             ("status_doubt", "affiliation"))
    if f.media_exposure:
        _act(run, actions, "stop_public_exposure", gc3.CAPT_1, ("GC III Art. 13",),
             ("media_exposure",))
    if not run.refoulement["assessed"] and not (wish == "return" and verified):
        _act(run, actions, "risk_assessment", REPAT_4, ("CAT Art. 3",), ("wish", "risk_on_return"))
    if wish == "not_return" or f.protection_application_pending:
        extra = run.refoulement["citations"] if run.refoulement["applies"] else []
        _act(run, actions, "withhold_from_power_of_origin", gc3.CAPT_3,
             list(dict.fromkeys([*WITHHOLD, *extra])), ("wish", "protection_application_pending"))
    if run.status in gc3.POW_CODES and not f.renounced_military_activity and wish == "not_return":
        _act(run, actions, "verify_renunciation", refugee.RC_3, ("UNHCR ExCom Conclusion 94",),
             ("renounced_military_activity", "wish"))
    if run.status in gc3.POW_CODES:
        # POWs pending a tribunal have POW protection (STATUS-5), so they are registered too.
        _act(run, actions, "notify_information_bureau", gc3.CAPT_3, ("GC III Art. 122",), ())
    if f.icrc_access is False:
        _act(run, actions, "request_icrc_access", gc3.CAPT_4,
             ("GC III Art. 9", "GC III Art. 126(4)", "Customary IHL Rule 124"), ("icrc_access",))
    if f.age_at_capture is not None and f.age_at_capture < 18:
        cited = (*CHILD, "AP I Art. 77(2)") if f.age_at_capture < 15 else CHILD
        _act(run, actions, "child_protection", api.REPAT_9, cited, ("age_at_capture",))
    if f.grave_breach_suspect:
        # Hand over only to a Party with a prima facie case, never to a state in
        # non_refoulement.destinations; tried, he stays a POW (Art. 85).
        _act(run, actions, "prosecute_or_extradite", gc3.REPAT_6,
             ("GC III Art. 129", "GC III Art. 130", "AP I Art. 88"), ("grave_breach_suspect",))
    if INTERNATIONAL_CRIMES.intersection(f.exclusion_reasons):
        _act(run, actions, "investigate_international_crime", refugee.RC_2,
             ("Customary IHL Rule 158",), ("exclusion_reasons",))
    contradicted = [w for w in run.warnings if w["code"].endswith("_contradicted")]
    if contradicted:
        _act(run, actions, "resolve_inconsistent_facts", api.STATUS_6, ("AP I Art. 47(2)",),
             tuple(dict.fromkeys(fact.split(".")[0] for w in contradicted for fact in w["facts"])))
    return actions
