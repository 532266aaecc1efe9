"""`repatriation`: ASSESS.md steps 1-5 as named rules; the position decides how a refusal weighs."""

from __future__ import annotations

from typing import Any

from safepassage.law.instruments import gc3
from safepassage.law.instruments.human_rights import REPAT_4
from safepassage.law.scope import Clause, Run, determination, first_applicable

UNSURE = frozenset({"unknown", "undecided"})


def _effective_wish(run: Run) -> str:
    """The wish as the position reads it: all_for_all ignores it; icrc_2020 reads a verified
    refusal without risk as a wish to return."""
    f, p = run.facts, run.position
    if not p.honour_refusal:
        return "return"
    if (f.wish == "not_return" and f.wish_verified_private_interview
            and f.risk_on_return == "none" and p.refusal_without_risk == "as_return"):
        return "return"
    return f.wish


def _proceedings(run: Run) -> str | None:
    return "hold_pending_proceedings" if run.facts.criminal_proceedings_pending else None


def _refusal_unverified(run: Run) -> str | None:
    if run.effective_wish != "not_return":
        return None
    run.facts.need("wish_verified_private_interview")
    return None if run.facts.wish_verified_private_interview else "verify_wish"


def _refusal_at_risk(run: Run) -> str | None:
    if run.effective_wish != "not_return" or run.facts.risk_on_return != "substantial":
        return None
    run.note(gc3.APPLY_3, ("wish",), "honouring his refusal is not a renunciation of his rights")
    return "must_not_repatriate"


def _refusal_risk_unknown(run: Run) -> str | None:
    if run.effective_wish != "not_return" or run.facts.risk_on_return != "not_assessed":
        return None
    run.facts.need("risk_on_return")
    return "assess_risk"


def _refusal_without_risk(run: Run) -> str | None:
    # Reached only when the position honours a verified refusal without risk (free_will).
    return "must_not_repatriate" if run.effective_wish == "not_return" else None


def _sick(run: Run) -> str | None:
    f = run.facts
    if not f.seriously_sick_or_wounded:
        return None
    f.need("active_hostilities_ended")
    return None if f.active_hostilities_ended else "eligible_direct_repatriation"


def _ended_return(run: Run) -> str | None:
    f = run.facts
    f.need("active_hostilities_ended")
    if not f.active_hostilities_ended:
        return None
    if run.effective_wish == "return":
        return "repatriate_without_delay"
    f.need("risk_on_return")
    return "repatriate_without_delay" if f.risk_on_return == "none" else None


def _ended_unsure(run: Run) -> str | None:
    return "verify_wish" if run.facts.active_hostilities_ended else None


def _not_due(run: Run) -> str | None:
    return "not_due"


ART_119_5 = Clause("gc3.art_119_5_proceedings", gc3.REPAT_6, ("criminal_proceedings_pending",),
                   _proceedings)
REFUSAL_UNVERIFIED = Clause("gc3.art_118_refusal_unverified", gc3.REPAT_5,
                            ("wish", "wish_verified_private_interview"), _refusal_unverified)
REFUSAL_AT_RISK = Clause("hr.non_refoulement_refusal_at_risk", REPAT_4,
                         ("wish", "wish_verified_private_interview", "risk_on_return"),
                         _refusal_at_risk)
REFUSAL_RISK_UNKNOWN = Clause("hr.non_refoulement_risk_unknown", REPAT_4,
                              ("wish", "wish_verified_private_interview", "risk_on_return"),
                              _refusal_risk_unknown)
REFUSAL_WITHOUT_RISK = Clause("position.refusal_without_risk", REPAT_4,
                              ("wish", "wish_verified_private_interview", "risk_on_return"),
                              _refusal_without_risk)
ART_109_SICK = Clause("gc3.art_109_1_seriously_sick", gc3.REPAT_1,
                      ("seriously_sick_or_wounded", "active_hostilities_ended"), _sick,
                      ("GC III Art. 109(1)", "GC III Art. 110"))
ART_118_RELEASE = Clause("gc3.art_118_release", gc3.REPAT_3,
                         ("active_hostilities_ended", "wish", "risk_on_return"), _ended_return)
ART_118_VERIFY = Clause("gc3.art_118_wish_unascertained", gc3.REPAT_5,
                        ("active_hostilities_ended", "wish", "risk_on_return"), _ended_unsure)
NOT_DUE = Clause("gc3.art_109_2_by_agreement", gc3.REPAT_2, ("active_hostilities_ended",),
                 _not_due, ("GC III Art. 109(2)",))
NOT_APPLICABLE = Clause("gc3.art_5_1_pow_only", gc3.APPLY_2, (), _not_due)

PRECEDENCE: tuple[Clause, ...] = (
    ART_119_5,              # 1 criminal proceedings
    REFUSAL_UNVERIFIED,     # 2 refusal not verified
    REFUSAL_AT_RISK,        # 2 verified refusal, substantial risk
    REFUSAL_RISK_UNKNOWN,   # 2 verified refusal, risk not assessed
    REFUSAL_WITHOUT_RISK,   # 2 verified refusal, no risk: as the position says
    ART_109_SICK,           # 3 seriously sick or wounded during hostilities
    ART_118_RELEASE,        # 4 hostilities ended: return, or no risk
    ART_118_VERIFY,         # 4 hostilities ended, wish unascertained, risk not excluded
    NOT_DUE,                # 5 otherwise: during hostilities only by agreement
)


def decide_repatriation(run: Run) -> dict[str, Any]:
    if run.status not in gc3.POW_CODES:
        run.note(gc3.APPLY_2, (), f"not_applicable: GC III repatriation concerns POWs, status is "
                 f"{run.status}")
        return {"code": "not_applicable", "rules": [gc3.APPLY_2.id],
                "citations": [gc3.APPLY_2.citation]}
    run.facts.need("wish")
    run.effective_wish = _effective_wish(run)
    if run.effective_wish != run.facts.wish:
        p = run.position
        run.note(REPAT_4, ("wish",), f"position {p.name} reads the wish as return",
                 (p.citation, p.verified))
    code, clause = first_applicable(run, PRECEDENCE)
    result = determination(code, clause)
    if clause is REFUSAL_WITHOUT_RISK:
        result["citations"] = [run.position.citation]
    return result
