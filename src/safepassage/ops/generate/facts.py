"""The legal engine's facts for a generated history, read from its rows in memory (as facts.derive_facts)."""

from __future__ import annotations

from typing import Any

from safepassage.ops.generate.history import History
from safepassage.protection.facts import CASE_FACT_BOOLS, OWN_NATIONALITY_BASES, DerivedFacts, age_at_capture
from safepassage.protection.models import Application, CaseFacts, Interview, RiskAssessment
from safepassage.registry.models import Capture, NationalityClaim, ServiceRecord

# Facts that do not depend on the person: taken from derive_facts on a stored person of the batch.
SHARED_FACTS = (
    "as_of",
    "conflict_parties",
    "active_hostilities_ended",
    "deployment_acknowledged_by",
    "third_states",
)
ERR_DIVERGED = (
    "The generator's facts for {case} differ from derive_facts on the stored records: {keys}. "
    "The generator must follow protection/facts.py."
)


def _nationality(h: History, facts: dict[str, Any]) -> str | None:
    claims: list[NationalityClaim] = h.of(NationalityClaim)
    own = sorted(
        (c for c in claims if c.basis in OWN_NATIONALITY_BASES),
        key=lambda c: OWN_NATIONALITY_BASES.index(c.basis),
    )
    nationality = own[0].state if own else None
    if nationality:
        facts["nationality"] = nationality
    others = sorted({c.state for c in claims if c.state != nationality})
    if others:
        facts["other_nationalities"] = others
    return nationality


def _service_and_capture(h: History, facts: dict[str, Any]) -> None:
    captures: list[Capture] = h.of(Capture)
    for capture in captures:
        facts["detaining_power"] = capture.detaining_power
    # The age at capture as derive_facts reads it (the first capture record, the youngest birth reading).
    aged = DerivedFacts()
    age_at_capture(h.person, captures[0] if captures else None, aged)
    if "age_at_capture" in aged.facts:
        facts["age_at_capture"] = aged.facts["age_at_capture"]
    services: list[ServiceRecord] = h.of(ServiceRecord)
    if services:
        facts["forces_of"] = services[-1].forces_of
        facts["affiliation"] = "armed_forces"


def _case_facts(h: History, facts: dict[str, Any]) -> None:
    for record in h.of(CaseFacts):
        for name in CASE_FACT_BOOLS:
            if getattr(record, name) is not None:
                facts[name] = getattr(record, name)


def _wish(h: History, facts: dict[str, Any]) -> None:
    interviews: list[Interview] = sorted(h.of(Interview), key=lambda i: (i.held_on, i.recorded_at))
    verified = [i for i in interviews if i.verified_private]
    governing = verified[-1] if verified else (interviews[-1] if interviews else None)
    if governing is None:
        return
    facts["wish"] = governing.wish
    facts["wish_verified_private_interview"] = governing.verified_private
    if governing.wish_destination:
        facts["wish_destination"] = governing.wish_destination


def _risk(h: History, nationality: str | None, facts: dict[str, Any]) -> None:
    approved: list[RiskAssessment] = [
        r
        for r in h.of(RiskAssessment)
        if r.status == "approved" and (not nationality or r.destination == nationality)
    ]
    if not approved:
        facts["risk_on_return"] = "not_assessed"
        return
    latest = max(approved, key=lambda r: r.reviewed_at)
    facts["risk_on_return"] = latest.conclusion
    if latest.risk_kinds:
        facts["risk_kinds"] = list(latest.risk_kinds)


def history_facts(h: History, shared: dict[str, Any]) -> dict[str, Any]:
    """The facts derive_facts would find for this history, the shared ones taken as given."""
    facts = {k: shared[k] for k in ("as_of", "conflict_parties", "active_hostilities_ended")}
    nationality = _nationality(h, facts)
    _service_and_capture(h, facts)
    _case_facts(h, facts)
    _wish(h, facts)
    _risk(h, nationality, facts)
    facts["protection_application_pending"] = any(a.status == "pending" for a in h.of(Application))
    for key in ("deployment_acknowledged_by", "third_states"):
        if key in shared:
            facts[key] = shared[key]
    return facts


def check_against_stored(h: History, facts: dict[str, Any], stored: dict[str, Any]) -> None:
    """Fail loudly when the in-memory facts drift from what derive_facts reads back."""
    if facts != stored:
        keys = sorted(k for k in set(facts) | set(stored) if facts.get(k) != stored.get(k))
        raise RuntimeError(ERR_DIVERGED.format(case=h.person.case_number, keys=", ".join(keys)))
