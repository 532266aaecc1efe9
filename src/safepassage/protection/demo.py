"""The demo case's protection history and the states' positions on the timeline of docs/law.md."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model

from safepassage.protection import services
from safepassage.protection.models import Interview
from safepassage.registry.models import Person

# Public statements of the motivating case's timeline, each with its reference: (speaker, date,
# summary, reference, flags). `unverified` marks what is reported but not confirmed in a primary or
# reputable source; the engine reads only the acknowledgement and offer flags.
POSITIONS: list[tuple[str, date, str, str, dict[str, bool]]] = [
    (
        "UA",
        date(2025, 1, 12),
        "Ready to exchange the captives for Ukrainians held by Russia; other options "
        "for those who do not want to return.",
        "Zelensky, 12 Jan 2025",
        {},
    ),
    (
        "KR",
        date(2025, 1, 13),
        "Intelligence service: no wish to defect has been expressed yet; Ministry of Unification: "
        "no legal basis yet for bringing them to the South.",
        "ROK NIS and Ministry of Unification, 13 Jan 2025",
        {},
    ),
    (
        "KR",
        date(2025, 2, 19),
        "The captives are ROK nationals; their consent is a prerequisite; all who wish "
        "to come will be accepted.",
        "ROK MOFA, 19 Feb 2025",
        {"willing_to_receive": True, "treats_as_national": True},
    ),
    (
        "OHCHR",
        date(2025, 2, 20),
        "Urges respect for non-refoulement.",
        "OHCHR, 20 Feb 2025",
        {},
    ),
    (
        "UA",
        date(2025, 2, 28),
        "Open to a transfer to a third country; would repatriate anyone who wants to go home.",
        "Ambassador Ponomarenko, 28 Feb 2025",
        {},
    ),
    (
        "KR",
        date(2025, 3, 17),
        "Foreign ministers of the Republic of Korea and Ukraine discuss a transfer.",
        "ROK and Ukrainian foreign ministers, 17 Mar 2025",
        {},
    ),
    (
        "RU",
        date(2025, 4, 26),
        "Acknowledges the North Korean deployment.",
        "26 Apr 2025",
        {"acknowledges_deployment": True},
    ),
    (
        "KP",
        date(2025, 4, 28),
        "Acknowledges the deployment.",
        "28 Apr 2025",
        {"acknowledges_deployment": True},
    ),
    (
        "KR",
        date(2025, 4, 29),
        "The captives can be regarded as prisoners of war.",
        "ROK Ministry of Unification, 29 Apr 2025",
        {},
    ),
    (
        "UA",
        date(2025, 5, 25),
        "The two North Korean captives are left out of the 1,000-for-1,000 exchange of 23-25 May "
        "(reportedly at Seoul's request).",
        "Exchange of 23-25 May 2025",
        {},
    ),
    (
        "UA+RU",
        date(2025, 6, 2),
        "Istanbul: all-for-all exchanges agreed of the seriously wounded and sick and of soldiers "
        "aged 18-25. Both captives fall within these categories and are still not exchanged; an "
        "agreed category never overrides GC III Art. 109(3) or non-refoulement.",
        "Russia-Ukraine talks in Istanbul, 2 Jun 2025",
        {},
    ),
    (
        "KR",
        date(2025, 9, 25),
        "Ukraine is reluctant to send the captives to the Republic of Korea.",
        "ROK government, 25 Sep 2025",
        {},
    ),
    (
        "UA",
        date(2026, 1, 3),
        "A petition asks the Coordination Headquarters for the Treatment of POWs to let the captives "
        "go to the Republic of Korea.",
        "Petition to the Coordination Headquarters, 3 Jan 2026",
        {},
    ),
    (
        "KR",
        date(2026, 1, 20),
        "A broadcaster airs an October 2025 interview that names both captives.",
        "ROK broadcaster, 20 Jan 2026",
        {"unverified": True},
    ),
    (
        "UA",
        date(2026, 2, 5),
        "Both captives are left out of the 314-person exchange of 5 Feb 2026.",
        "Exchange of 5 Feb 2026",
        {},
    ),
    (
        "KR",
        date(2026, 2, 5),
        "Absolutely rejects forced return to Russia or North Korea; all who wish to come will be accepted.",
        "ROK MOFA, 5 Feb 2026",
        {"willing_to_receive": True, "treats_as_national": True},
    ),
    (
        "UNSR",
        date(2026, 2, 6),
        "The decision is Ukraine's, bound by non-refoulement.",
        "UN Special Rapporteur, 6 Feb 2026",
        {},
    ),
    (
        "OHCHR",
        date(2026, 5, 13),
        "The UN High Commissioner for Human Rights, in Seoul, says non-refoulement applies to them.",
        "UN High Commissioner for Human Rights, Seoul, 13 May 2026",
        {"unverified": True},
    ),
    (
        "KR",
        date(2026, 6, 30),
        "No transfer of the captives to the Republic of Korea is reported as of mid-2026.",
        "Press reports, mid-2026",
        {"unverified": True},
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
    # Captured wounded, treated in hospital: a seriously wounded prisoner of war who refuses to go
    # home may not be repatriated against his will during hostilities (GC III Art. 109(3)).
    services.case_facts_set(
        actor=legal,
        person=person,
        belligerent_act=True,
        media_exposure=True,
        seriously_sick_or_wounded=True,
        criminal_proceedings_pending=False,
        convicted_serving_sentence=False,
        grave_breach_suspect=False,
    )
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
        actor=caseworker,
        person=person,
        held_on=date(2025, 2, 25),
        place="Holding facility North-1",
        interviewer_name="Demo caseworker (visit of a legislator, fictional)",
        interpreter="Demo interpreter (Korean)",
        language="ko",
        others_present="A visiting legislator, two guards",
        consent=True,
        wish="not_return",
        wish_destination="KR",
        statement="I want to go to the South. I have not decided how.",
    )
    services.interview_record(
        actor=monitor,
        person=person,
        held_on=date(2025, 10, 28),
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
        source="Demo entry: an October 2025 interview aired on 20 Jan 2026 (fictional; unverified)",
        description="His face and his wish not to return were shown publicly.",
        dated=date(2026, 1, 20),
    )
    services.risk_assessment_submit(actor=legal, assessment=assessment)
    services.risk_assessment_review(actor=second, assessment=assessment, approve=True, note="Agreed.")
    application = services.application_open(
        actor=legal,
        person=person,
        procedure="kr_nkra",
        kind="protection",
        filed_on=date(2025, 12, 15),
        reference="DEMO-NKRA-0001",
        note="His letter asking to be taken to the South reached Seoul in December 2025.",
    )
    services.application_step_record(
        actor=legal, application=application, step="applied", done_on=date(2025, 12, 15)
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
