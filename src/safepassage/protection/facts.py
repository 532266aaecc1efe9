"""The legal engine's facts, derived from the records: nothing is typed twice."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from safepassage.law.data import party_since
from safepassage.protection.models import (
    CASE_FACT_CHOICES,
    CASE_FACT_FIELDS,
    Application,
    CaseFacts,
    Interview,
    RiskAssessment,
    StatePosition,
)
from safepassage.registry.models import Capture, CustodyEvent, NationalityClaim, Person, ServiceRecord

# Which nationality claim speaks for the person's own nationality, strongest first; a state's
# claim over him ("state_claim") is another nationality, not his own statement.
OWN_NATIONALITY_BASES = ("self_declared", "document", "assessment")
CASE_FACT_BOOLS = tuple(name for name in CASE_FACT_FIELDS if name not in CASE_FACT_CHOICES)
# What the records can contradict each other about; each has a phrase (protection.phrases).
RECORD_WARNING_CODES = (
    "birth_dates_differ",
    "capture_before_birth",
    "icrc_access_contradicted",
    "icrc_access_before_capture",
    "wish_destination_contradicted",
)
# A year written in "birth date as recorded" (12.03.2003, "2003 (stated)"): a second birth date.
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


@cache
def caseload() -> dict[str, Any]:
    text = resources.files("safepassage.protection").joinpath("caseload.yaml").read_text("utf-8")
    return yaml.safe_load(text)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class RecordWarning:
    """Two records that contradict each other; the facts took the reading that protects him."""

    code: str
    facts: tuple[str, ...]
    detail: dict[str, str] = field(default_factory=dict)


@dataclass
class DerivedFacts:
    facts: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[RecordWarning] = field(default_factory=list)

    def set(self, key: str, value: Any, source: str) -> None:
        self.facts[key] = value
        self.sources[key] = source

    def warn(self, code: str, *facts: str, **detail: str) -> None:
        self.warnings.append(RecordWarning(code, facts, detail))


def governing_interview(person: Person) -> Interview | None:
    """The latest verified interview governs; without one, the latest interview at all."""
    return governing_of(list(Interview.objects.filter(person=person).order_by("held_on", "recorded_at")))


def governing_of(interviews: list[Interview]) -> Interview | None:
    """`governing_interview` of interviews already read, oldest first (held on, then recorded at)."""
    verified = [i for i in interviews if i.verified_private]
    if verified:
        return verified[-1]
    return interviews[-1] if interviews else None


def _nationality(person: Person, out: DerivedFacts) -> str | None:
    claims = list(NationalityClaim.objects.filter(person=person))
    own = sorted(
        (c for c in claims if c.basis in OWN_NATIONALITY_BASES),
        key=lambda c: OWN_NATIONALITY_BASES.index(c.basis),
    )
    nationality = own[0].state if own else None
    if nationality:
        out.set("nationality", nationality, f"nationality claim ({own[0].get_basis_display()})")
    others = sorted({c.state for c in claims if c.state != nationality})
    if others:
        out.set("other_nationalities", others, "other nationality claims")
    return nationality


def youngest_birthday(person: Person, out: DerivedFacts | None = None) -> tuple[date | None, str]:
    """The latest birth date the records allow, and where it comes from.

    A year alone could be any day of it: the 31st of December is the reading that makes him
    youngest, and so the one that protects him (child protection turns on age). Birth dates that
    disagree are a contradiction: warned of, and the later one taken.
    """
    readings: list[tuple[date, str]] = []
    if person.birth_date is not None:
        readings.append((person.birth_date, "birth date"))
    elif person.birth_year is not None:
        readings.append((date(person.birth_year, 12, 31), "birth year only: the youngest reading"))
    stated = sorted({int(y) for y in _YEAR_IN_TEXT.findall(person.birth_date_text or "")})
    recorded_year = person.birth_date.year if person.birth_date is not None else person.birth_year
    other = [y for y in stated if y != recorded_year]
    if other:
        readings.extend((date(y, 12, 31), "birth date as recorded: the youngest reading") for y in other)
        if out is not None and recorded_year is not None:
            out.warn(
                "birth_dates_differ",
                "age_at_capture",
                recorded=str(recorded_year),
                stated=", ".join(map(str, other)),
            )
    if not readings:
        return None, ""
    return max(readings)


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_at_capture(person: Person, capture: Capture | None, out: DerivedFacts) -> None:
    """His age on the capture date from the youngest birth reading; a capture before birth is warned of."""
    born, how = youngest_birthday(person, out)
    if born is None or capture is None or capture.captured_on is None:
        return
    captured = capture.captured_on
    earliest_birth = person.birth_date or date(person.birth_year or born.year, 1, 1)
    if captured < earliest_birth:
        out.warn(
            "capture_before_birth",
            "age_at_capture",
            captured=captured.isoformat(),
            born=earliest_birth.isoformat() if person.birth_date else str(earliest_birth.year),
        )
        return
    # A birth year's youngest reading may fall after a capture in that same year: age 0 then.
    out.set("age_at_capture", max(0, age_on(min(born, captured), captured)), f"capture date and {how}")


def _icrc_access(person: Person, capture: Capture | None, out: DerivedFacts) -> None:
    """The latest custody record of ICRC access decides; a grant and a refusal on one day conflict."""
    events = [
        e for e in CustodyEvent.objects.filter(person=person).exclude(icrc_access="") if e.icrc_access_on
    ]
    if not events:
        return
    events.sort(key=lambda e: (e.icrc_access_on, e.recorded_at))
    latest = events[-1]
    same_day = {e.icrc_access for e in events if e.icrc_access_on == latest.icrc_access_on}
    on = latest.icrc_access_on.isoformat()  # type: ignore[union-attr]
    if len(same_day) > 1:
        # Both on one day: the refusal is the reading that protects him (the ICRC is asked again).
        out.warn("icrc_access_contradicted", "icrc_access", on=on)
        out.set("icrc_access", False, f"custody records of {on}: granted and refused")
        return
    out.set("icrc_access", latest.icrc_access == "granted", f"custody record of {on} (ICRC access)")
    if capture is not None and capture.captured_on and latest.icrc_access_on < capture.captured_on:  # type: ignore[operator]
        out.warn("icrc_access_before_capture", "icrc_access", on=on, captured=capture.captured_on.isoformat())


def _service_and_capture(person: Person, out: DerivedFacts) -> None:
    capture = Capture.objects.filter(person=person).first()
    if capture is not None:
        out.set("detaining_power", capture.detaining_power, "capture record")
    age_at_capture(person, capture, out)
    _icrc_access(person, capture, out)
    service = ServiceRecord.objects.filter(person=person).order_by("recorded_at").last()
    if service is not None:
        out.set("forces_of", service.forces_of, "service facts (GC III Art. 17)")
        out.set("affiliation", "armed_forces", "service facts: member of a state's armed forces")


def _case_facts(person: Person, out: DerivedFacts) -> None:
    record = CaseFacts.objects.filter(person=person).first()
    if record is None:
        return
    for name in CASE_FACT_BOOLS:
        value = getattr(record, name)
        if value is not None:
            out.set(name, value, "legal facts recorded by a legal officer")
    if record.tribunal_decision:
        out.set("tribunal_decision", record.tribunal_decision, "competent tribunal's decision")
    if record.exclusion_reasons:
        out.set(
            "exclusion_reasons", list(record.exclusion_reasons), "legal facts recorded by a legal officer"
        )


def _wish(person: Person, out: DerivedFacts) -> None:
    interview = governing_interview(person)
    if interview is None:
        return
    source = f"interview of {interview.held_on.isoformat()}"
    out.set("wish", interview.wish, source)
    nationality = out.facts.get("nationality")
    if interview.wish == "not_return" and nationality and interview.wish_destination == nationality:
        # "Does not want to return" to the very state he would return to: ask him again.
        out.warn(
            "wish_destination_contradicted", "wish", "wish_destination", on=interview.held_on.isoformat()
        )
    out.set("wish_verified_private_interview", interview.verified_private, source)
    if interview.wish_destination:
        out.set("wish_destination", interview.wish_destination, source)


def _risk(person: Person, destination: str | None, out: DerivedFacts) -> None:
    # The destination is sealed: the person's few approved assessments are opened and chosen here.
    approved = list(RiskAssessment.objects.filter(person=person, status="approved").order_by("reviewed_at"))
    if destination:
        approved = [a for a in approved if a.destination == destination]
    latest = approved[-1] if approved else None
    if latest is None:
        out.set("risk_on_return", "not_assessed", "no approved risk assessment")
        return
    source = f"risk assessment approved {latest.reviewed_at.date().isoformat()}"
    out.set("risk_on_return", latest.conclusion, source)
    if latest.risk_kinds:
        out.set("risk_kinds", list(latest.risk_kinds), source)


def _positions(person: Person, as_of: date, out: DerivedFacts) -> None:
    positions = StatePosition.objects.filter(stated_on__lte=as_of).filter(
        person__isnull=True
    ) | StatePosition.objects.filter(stated_on__lte=as_of, person=person)
    latest_ack: dict[str, bool] = {}
    latest_offer: dict[str, StatePosition] = {}
    onward: dict[str, bool] = {}
    for position in positions.order_by("stated_on", "recorded_at"):
        if position.acknowledges_deployment is not None:
            latest_ack[position.speaker] = position.acknowledges_deployment
        if position.willing_to_receive is not None and len(position.speaker) == 2:
            latest_offer[position.speaker] = position
        if position.onward_removal_risk is not None:
            onward[position.speaker] = position.onward_removal_risk
    # Once the records hold any acknowledgement they speak for the case, also before its date;
    # otherwise the engine falls back on its own dated data.
    if latest_ack or StatePosition.objects.filter(acknowledges_deployment__isnull=False).exists():
        acknowledged = sorted(state for state, yes in latest_ack.items() if yes)
        out.set("deployment_acknowledged_by", acknowledged, "state positions recorded")
    if latest_offer:
        third = []
        for state, p in sorted(latest_offer.items()):
            row = {
                "state": state,
                "willing": bool(p.willing_to_receive),
                "treats_as_national": bool(p.treats_as_national),
                "gc_party": party_since("gc", state) is not None,
            }
            if state in onward:
                # Only a recorded statement: a risk of onward removal is never guessed.
                row["onward_removal_risk"] = onward[state]
            third.append(row)
        out.set("third_states", third, "state positions recorded")


def derive_facts(person: Person, as_of: date) -> DerivedFacts:
    out = DerivedFacts()
    out.set("as_of", as_of.isoformat(), "date of the determination")
    load = caseload()
    out.set(
        "conflict_parties", list(load["conflict_parties"]["value"]), load["conflict_parties"]["reference"]
    )
    ended = load["active_hostilities_ended"]
    out.set("active_hostilities_ended", ended["value"], ended["reference"])
    nationality = _nationality(person, out)
    _service_and_capture(person, out)
    _case_facts(person, out)
    _wish(person, out)
    _risk(person, nationality, out)
    # The status is sealed: his applications are opened here (a person has a handful at most).
    applications = Application.objects.filter(person=person).only("pk", "status")
    pending = any(a.status == "pending" for a in applications)
    out.set("protection_application_pending", pending, "applications recorded")
    _positions(person, as_of, out)
    return out
