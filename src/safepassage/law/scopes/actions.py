"""`actions`: what must be done next, each with the rule and article that requires it."""

from __future__ import annotations

from typing import Any

from safepassage.law.instruments import gc3, refugee
from safepassage.law.instruments.human_rights import REPAT_4
from safepassage.law.rules import Rule
from safepassage.law.scope import Run


def _act(run: Run, actions: list[dict[str, Any]], code: str, rule: Rule, citation: str,
         keys: tuple[str, ...]) -> None:
    actions.append({"code": code, "citations": [citation]})
    run.note(rule, keys, f"action: {code}", (citation, True))


def decide_actions(run: Run) -> list[dict[str, Any]]:
    f = run.facts
    actions: list[dict[str, Any]] = []
    wish = f.wish
    if wish != "return" or not f.wish_verified_private_interview:
        _act(run, actions, "private_interview", gc3.CAPT_4, "GC III Art. 126",
             ("wish", "wish_verified_private_interview"))
    if run.status == "pow_pending_tribunal":
        _act(run, actions, "refer_to_tribunal", gc3.STATUS_5, "GC III Art. 5(2)",
             ("status_doubt", "affiliation"))
    if f.media_exposure:
        _act(run, actions, "stop_public_exposure", gc3.CAPT_1, "GC III Art. 13",
             ("media_exposure",))
    if wish == "not_return" and f.risk_on_return == "not_assessed":
        _act(run, actions, "risk_assessment", REPAT_4, "CAT Art. 3", ("wish", "risk_on_return"))
    if wish == "not_return" or f.protection_application_pending:
        _act(run, actions, "withhold_from_power_of_origin", gc3.CAPT_3, "GC III Art. 123",
             ("wish", "protection_application_pending"))
    if run.refugee == "not_yet_asylum_seeker" and wish == "not_return":
        _act(run, actions, "verify_renunciation", refugee.RC_3, "UNHCR ExCom Conclusion 94",
             ("renounced_military_activity", "wish"))
    if run.status in gc3.POW_CODES:
        # POWs pending a tribunal have POW protection (STATUS-5), so they are registered too.
        _act(run, actions, "notify_information_bureau", gc3.CAPT_3, "GC III Art. 122", ())
    return actions
