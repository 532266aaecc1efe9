"""`repatriation`: docs/assess.md rules 1-7 as named rules; the position decides how a refusal weighs."""

from __future__ import annotations

from typing import Any

from safepassage.law.instruments import gc3, refugee
from safepassage.law.instruments.human_rights import REPAT_4
from safepassage.law.scope import Clause, Run, first_applicable

UNSURE = frozenset({"unknown", "undecided"})
# Codes that send him home: under icrc_2020 a noted refusal turns them into
# `repatriation_due_refusal_noted` (a fresh interview at handover first, no force).
_RETURNING = frozenset({"eligible_direct_repatriation", "repatriate_without_delay"})


def _refusing(run: Run) -> bool:
    return run.facts.wish == "not_return" and not run.as_if_return


def _verified(run: Run) -> bool:
    return run.as_if_return or run.facts.wish_verified_private_interview


def _hostilities_on(run: Run) -> bool:
    f = run.facts
    f.need("active_hostilities_ended")
    return not f.active_hostilities_ended


# --- rule 1: a refusal to return, before anything else --------------------------------------

def _refusal_unverified(run: Run) -> str | None:
    if not _refusing(run):
        return None
    run.facts.need("wish_verified_private_interview")
    return None if run.facts.wish_verified_private_interview else "verify_wish"


def _refusal_wounded(run: Run) -> str | None:
    # GC III Art. 109(3): whatever the risk and whatever the position.
    if not _refusing(run) or not run.facts.seriously_sick_or_wounded:
        return None
    return "must_not_repatriate" if _hostilities_on(run) else None


def _go_on_as_return(run: Run, result: str) -> None:
    p = run.position
    run.as_if_return = True
    run.effective_wish = "return"
    run.note(REPAT_4, ("wish", "wish_verified_private_interview", "risk_on_return"),
             f"position {p.name} reads the wish as return: {result}", (p.citation, p.verified))


def _all_for_all(run: Run) -> str | None:
    if not _refusing(run) or run.position.honour_refusal:
        return None
    if run.refoulement["applies"]:
        run.warn("all_for_all_ignores_non_refoulement", ("wish", "risk_on_return"), (REPAT_4.id,))
    _go_on_as_return(run, "his verified refusal is set aside")
    return None


def _refusal_at_risk(run: Run) -> str | None:
    if not _refusing(run) or not run.refoulement["applies"]:
        return None
    run.note(gc3.APPLY_3, ("wish",), "honouring his refusal is not a renunciation of his rights")
    return "must_not_repatriate"


def _refusal_risk_unknown(run: Run) -> str | None:
    if not _refusing(run) or run.refoulement["assessed"]:
        return None
    run.facts.need("risk_on_return")
    return "assess_risk"


def _refusal_free_will(run: Run) -> str | None:
    if not _refusing(run) or run.position.refusal_without_risk != "must_not_repatriate":
        return None
    return "must_not_repatriate"


def _refusal_noted(run: Run) -> str | None:
    if _refusing(run):
        _go_on_as_return(run, "Art. 118 still applies, his refusal is noted and asked again "
                         "at handover; asylum, release or transfer stay open")
    return None


REFUSAL_UNVERIFIED = Clause("gc3.art_118_refusal_unverified", gc3.REPAT_5,
                            ("wish", "wish_verified_private_interview"), _refusal_unverified)
REFUSAL_WOUNDED = Clause("gc3.art_109_3_not_against_his_will", gc3.REPAT_1,
                         ("wish", "wish_verified_private_interview", "seriously_sick_or_wounded",
                          "active_hostilities_ended"), _refusal_wounded, ("GC III Art. 109(3)",))
REFUSAL_ALL_FOR_ALL = Clause("position.all_for_all_sets_refusal_aside", REPAT_4, ("wish",),
                             _all_for_all)
REFUSAL_AT_RISK = Clause("hr.non_refoulement_refusal_at_risk", REPAT_4,
                         ("wish", "wish_verified_private_interview", "risk_on_return"),
                         _refusal_at_risk)
REFUSAL_RISK_UNKNOWN = Clause("hr.non_refoulement_risk_unknown", REPAT_4,
                              ("wish", "wish_verified_private_interview", "risk_on_return"),
                              _refusal_risk_unknown)
REFUSAL_FREE_WILL = Clause("position.refusal_without_risk", REPAT_4,
                           ("wish", "wish_verified_private_interview", "risk_on_return"),
                           _refusal_free_will)
REFUSAL_NOTED = Clause("position.refusal_noted", REPAT_4, ("wish",), _refusal_noted)

REFUSAL: tuple[Clause, ...] = (
    REFUSAL_UNVERIFIED,     # 1 a refusal not yet verified in private
    REFUSAL_WOUNDED,        # 1 seriously sick or wounded during hostilities: Art. 109(3)
    REFUSAL_ALL_FOR_ALL,    # 1 all_for_all goes on as if he wished to return
    REFUSAL_AT_RISK,        # 1 non-refoulement applies
    REFUSAL_RISK_UNKNOWN,   # 1 the risk is not assessed
    REFUSAL_FREE_WILL,      # 1 free_will: his will governs
    REFUSAL_NOTED,          # 1 icrc_2020: goes on as if he wished to return, refusal noted
)


# --- rules 2-7 ---------------------------------------------------------------------------

def _claim_pending(run: Run) -> str | None:
    return "hold_pending_protection_decision" if run.facts.protection_application_pending else None


def _proceedings(run: Run) -> str | None:
    f = run.facts
    held = f.criminal_proceedings_pending or f.convicted_serving_sentence
    return "hold_pending_proceedings" if held else None


def _return_unverified(run: Run) -> str | None:
    f = run.facts
    if run.effective_wish != "return" or _verified(run):
        return None
    f.need("wish_verified_private_interview")
    f.need("risk_on_return")
    return "verify_wish" if f.risk_on_return != "none" else None


def _sick(run: Run) -> str | None:
    f = run.facts
    if not f.seriously_sick_or_wounded or not _hostilities_on(run):
        return None
    # He must be asked: none is repatriated against his will during hostilities (Art. 109(3)).
    return "eligible_direct_repatriation" if run.effective_wish == "return" else "verify_wish"


def _ended_return(run: Run) -> str | None:
    f = run.facts
    if _hostilities_on(run):
        return None
    if run.effective_wish == "return":
        return "repatriate_without_delay"
    f.need("risk_on_return")
    return "repatriate_without_delay" if f.risk_on_return == "none" else None


def _ended_unsure(run: Run) -> str | None:
    return "verify_wish" if run.facts.active_hostilities_ended else None


def _not_due(run: Run) -> str | None:
    return "not_due"


ART_33_CLAIM = Clause("rc.art_33_claim_pending", refugee.REPAT_8,
                      ("protection_application_pending",), _claim_pending)
ART_119_5 = Clause("gc3.art_119_5_proceedings", gc3.REPAT_6,
                   ("criminal_proceedings_pending", "convicted_serving_sentence"), _proceedings,
                   ("GC III Art. 119(5)",))
RETURN_UNVERIFIED = Clause("gc3.art_118_return_into_danger_unverified", gc3.REPAT_5,
                           ("wish", "wish_verified_private_interview", "risk_on_return"),
                           _return_unverified)
ART_109_SICK = Clause("gc3.art_109_1_seriously_sick", gc3.REPAT_1,
                      ("seriously_sick_or_wounded", "active_hostilities_ended", "wish"), _sick,
                      ("GC III Art. 109(1)", "GC III Art. 110"))
ART_118_RELEASE = Clause("gc3.art_118_release", gc3.REPAT_3,
                         ("active_hostilities_ended", "wish", "risk_on_return"), _ended_return)
ART_118_VERIFY = Clause("gc3.art_118_wish_unascertained", gc3.REPAT_5,
                        ("active_hostilities_ended", "wish", "risk_on_return"), _ended_unsure)
NOT_DUE = Clause("gc3.art_6_by_agreement", gc3.REPAT_2, ("active_hostilities_ended",),
                 _not_due, ("GC III Art. 6",))

PRECEDENCE: tuple[Clause, ...] = (
    ART_33_CLAIM,           # 2 a protection claim is pending
    ART_119_5,              # 3 criminal proceedings or a sentence being served
    RETURN_UNVERIFIED,      # 4 a return into danger, not verified
    ART_109_SICK,           # 5 seriously sick or wounded during hostilities
    ART_118_RELEASE,        # 6 hostilities ended: return, or no risk
    ART_118_VERIFY,         # 6 hostilities ended, wish unascertained, risk not excluded
    NOT_DUE,                # 7 otherwise: during hostilities only by agreement
)


def _citations(run: Run, code: str, clause: Clause) -> list[str]:
    f = run.facts
    if clause is REFUSAL_AT_RISK:
        return list(dict.fromkeys([*run.refoulement["citations"], *clause.citations]))
    if clause is REFUSAL_FREE_WILL:
        return [run.position.citation]
    if clause is ART_119_5 and f.seriously_sick_or_wounded:
        return ["GC III Art. 119(5)", "GC III Art. 115"]
    if clause is ART_109_SICK and code == "verify_wish":
        return ["GC III Art. 109(3)"]
    return list(clause.citations)


def decide_repatriation(run: Run) -> dict[str, Any]:
    if run.status not in gc3.POW_CODES:
        run.note(gc3.APPLY_2, (), f"not_applicable: GC III repatriation concerns POWs, status is "
                 f"{run.status}")
        run.repatriation = "not_applicable"
        return {"code": "not_applicable", "rules": [gc3.APPLY_2.id],
                "citations": [gc3.APPLY_2.citation]}
    run.facts.need("wish")
    decided: tuple[str, Clause] | None = None
    for clause in REFUSAL:
        code = clause.decide(run)
        if code is not None:
            # The trace cites what the clause itself cites (Art. 109(3), not REPAT-1's 109(1)).
            marks = dict(clause.rule.sources)
            run.note(clause.rule, clause.uses, code,
                     (clause.citations[0], marks.get(clause.citations[0], clause.rule.verified)))
            decided = code, clause
            break
    code, clause = decided or first_applicable(run, PRECEDENCE)
    result = {"code": code, "rules": [clause.rule.id], "citations": _citations(run, code, clause)}
    if code in _RETURNING and run.as_if_return and run.position.honour_refusal:
        p = run.position
        run.note(REPAT_4, ("wish",), "repatriation_due_refusal_noted: a fresh interview at "
                 "handover first, and no force", (p.citation, p.verified))
        result = {"code": "repatriation_due_refusal_noted",
                  "rules": [clause.rule.id, gc3.REPAT_5.id],
                  "citations": [*result["citations"], p.citation]}
    run.repatriation = result["code"]
    return result
