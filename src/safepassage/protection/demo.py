"""The demo case's protection history and the state positions of LAW.md's timeline (sections 6 to 9)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model

from safepassage.protection import services
from safepassage.protection.models import Interview
from safepassage.registry.models import Person

# Public statements from LAW.md, each with its reference: (speaker, date, summary, reference, flags)
POSITIONS: list[tuple[str, date, str, str, dict[str, bool]]] = [
    (
        "UA",
        date(2025, 1, 12),
        "Ready to exchange the captives for Ukrainians held by Russia; other options "
        "for those who do not want to return.",
        "Zelensky, 12 Jan 2025 (LAW.md §7)",
        {},
    ),
    (
        "KR",
        date(2025, 2, 19),
        "The captives are ROK nationals; their consent is a prerequisite; all who wish "
        "to come will be accepted.",
        "ROK MOFA, 19 Feb 2025 (LAW.md §6)",
        {"willing_to_receive": True, "treats_as_national": True},
    ),
    (
        "OHCHR",
        date(2025, 2, 20),
        "Urges respect for non-refoulement.",
        "OHCHR, 20 Feb 2025 (LAW.md REPAT-4)",
        {},
    ),
    (
        "UA",
        date(2025, 2, 28),
        "Open to a transfer to a third country; would repatriate anyone who wants to go home.",
        "Ambassador Ponomarenko, 28 Feb 2025 (LAW.md §7)",
        {},
    ),
    (
        "RU",
        date(2025, 4, 26),
        "Acknowledges the North Korean deployment.",
        "26 Apr 2025 (LAW.md STATUS-9)",
        {"acknowledges_deployment": True},
    ),
    (
        "KP",
        date(2025, 4, 28),
        "Acknowledges the deployment.",
        "28 Apr 2025 (LAW.md STATUS-9)",
        {"acknowledges_deployment": True},
    ),
    (
        "KR",
        date(2025, 4, 29),
        "The captives can be regarded as prisoners of war.",
        "ROK Ministry of Unification, 29 Apr 2025 (LAW.md STATUS-9)",
        {},
    ),
    (
        "KR",
        date(2026, 2, 5),
        "Absolutely rejects forced return to Russia or North Korea; all who wish to come will be accepted.",
        "ROK MOFA, 5 Feb 2026 (LAW.md §6, §9)",
        {"willing_to_receive": True, "treats_as_national": True},
    ),
    (
        "UNSR",
        date(2026, 2, 6),
        "The decision is Ukraine's, bound by non-refoulement.",
        "UN Special Rapporteur, 6 Feb 2026 (LAW.md §9)",
        {},
    ),
]


# Every point of the voluntariness checklist, as a neutral monitor records it when all hold.
CHECKLIST = dict.fromkeys(services.VOLUNTARINESS, True)


def _user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def load_positions() -> None:
    legal = _user("demo-legal")
    for speaker, when, summary, reference, flags in POSITIONS:
        services.state_position_add(
            actor=legal,
            scope="caseload",
            speaker=speaker,
            stated_on=when,
            summary=summary,
            reference=reference,
            **flags,
        )


def load_demo_case(person: Person) -> None:
    """Capture is already recorded; now the interviews, the risk assessment and the application."""
    caseworker, monitor = _user("demo-caseworker"), _user("demo-monitor")
    legal, second = _user("demo-legal"), _user("demo-legal-2")
    services.case_facts_set(actor=legal, person=person, belligerent_act=True, media_exposure=True)
    services.interview_record(
        actor=caseworker,
        person=person,
        held_on=date(2025, 1, 20),
        place="Holding facility North-1",
        interviewer_name="Demo caseworker",
        interpreter="Demo interpreter (Korean)",
        language="ko",
        others_present="Two guards",
        consent=True,
        wish="undecided",
        statement="I do not know yet. I am afraid of what happens to my family.",
    )
    services.interview_record(
        actor=monitor,
        person=person,
        held_on=date(2025, 11, 3),
        place="Holding facility North-1, private room",
        interviewer_name="Demo neutral delegate",
        interpreter="Demo interpreter (Korean)",
        language="ko",
        consent=True,
        wish="not_return",
        wish_destination="KR",
        verified_private=True,
        statement="I do not want to go back. If I am sent back I will be killed. I want to go to the South.",
        **CHECKLIST,
    )
    assessment = services.risk_assessment_create(
        actor=legal,
        person=person,
        destination="KP",
        risk_kinds=["torture", "arbitrary_killing", "persecution"],
        conclusion="substantial",
        summary="Soldiers who surrendered or were captured, and whose wish to defect became known, face "
        "torture or execution on return; his statements were published by the media.",
    )
    services.evidence_add(
        actor=legal,
        assessment=assessment,
        kind="country_information",
        source="Report of the UN commission of inquiry on human rights in the DPRK (A/HRC/25/63), 2014",
        description="Torture, executions and persecution of those seen as disloyal.",
        dated=date(2014, 2, 7),
    )
    services.evidence_add(
        actor=legal,
        assessment=assessment,
        kind="media_exposure",
        source="Demo entry: interview footage published online (fictional)",
        description="His face and his wish not to return were shown publicly.",
    )
    services.risk_assessment_submit(actor=legal, assessment=assessment)
    services.risk_assessment_review(actor=second, assessment=assessment, approve=True, note="Agreed.")
    application = services.application_open(
        actor=legal,
        person=person,
        procedure="kr_nkra",
        kind="protection",
        filed_on=date(2026, 1, 5),
        reference="DEMO-NKRA-0001",
        note="Letter to the ROK mission asking for protection.",
    )
    services.application_step_record(
        actor=legal, application=application, step="applied", done_on=date(2026, 1, 5)
    )
    services.application_step_record(
        actor=legal, application=application, step="notified", done_on=date(2026, 1, 20)
    )


def load_willing_returnees(count: int = 12) -> None:
    """Verified private interviews of men who want to go home: they may be exchanged."""
    monitor = _user("demo-monitor")
    for number in range(2, 2 + count):
        person = Person.objects.get(case_number=f"SP-DEMO-{number:04d}")
        services.interview_record(
            actor=monitor,
            person=person,
            held_on=date(2025, 12, 1),
            place="Holding facility, private room",
            interviewer_name="Demo neutral delegate",
            interpreter="Demo interpreter (Korean)",
            language="ko",
            consent=True,
            wish="return",
            wish_destination="KP",
            verified_private=True,
            statement="I want to go home to my family.",
            **CHECKLIST,
        )


def load_protection_demo(demo_case: str) -> bool:
    """Idempotent: returns False when the demo history is already there."""
    person = Person.objects.get(case_number=demo_case)
    if Interview.objects.filter(person=person).exists():
        return False
    load_demo_case(person)
    load_willing_returnees()
    return True
