"""The protection workflow's rules: who may verify, four-eyes review, procedures and the determination."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from safepassage.protection import determinations, selectors, services
from safepassage.protection.facts import derive_facts, governing_interview
from safepassage.protection.models import Determination

from .conftest import CHECKLIST

pytestmark = pytest.mark.django_db


def latest(person: Any) -> dict[str, Any]:
    return json.loads(Determination.objects.filter(person=person).order_by("recorded_at").last().result)


def interview(actor: Any, person: Any, **extra: Any) -> Any:
    values = {
        "held_on": date(2025, 3, 1),
        "place": "Camp",
        "interviewer_name": "X",
        "language": "ko",
        "consent": True,
        "wish": "not_return",
    }
    return services.interview_record(actor=actor, person=person, **{**values, **extra})


def test_a_caseworker_cannot_mark_an_interview_verified(person: Any, users: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        interview(users["carla"], person, verified_private=True, **CHECKLIST)
    assert "verified_private" in caught.value.message_dict


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"others_present": "A guard"}, "others_present"),
        ({"consent": False}, "consent"),
        ({"no_coercion_observed": False}, "no_coercion_observed"),
    ],
)
def test_a_verified_interview_must_be_private_consented_and_voluntary(
    person: Any, users: Any, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        interview(users["mona"], person, verified_private=True, **{**CHECKLIST, **change})
    assert field in caught.value.message_dict


def test_the_latest_verified_wish_governs_over_a_later_unverified_one(
    person: Any, users: Any, verified_refusal: Any
) -> None:
    refusal = verified_refusal(person, held_on=date(2025, 5, 1))
    interview(users["carla"], person, held_on=date(2025, 6, 1), wish="return")
    assert refusal == governing_interview(person)
    facts = derive_facts(person, date(2026, 1, 1)).facts
    assert ("not_return", True) == (facts["wish"], facts["wish_verified_private_interview"])


def test_a_withdrawal_is_a_new_record_and_nothing_is_overwritten(
    person: Any, users: Any, verified_refusal: Any
) -> None:
    first = verified_refusal(person, held_on=date(2025, 5, 1))
    second = services.interview_record(
        actor=users["mona"],
        person=person,
        held_on=date(2025, 7, 1),
        place="Room",
        interviewer_name="Mona",
        language="ko",
        consent=True,
        wish="return",
        verified_private=True,
        withdraws=first,
        **CHECKLIST,
    )
    first.refresh_from_db()
    assert "not_return" == first.wish
    assert second == governing_interview(person)
    assert [first, second] == selectors.wish_history(user=users["mona"], person=person)


def test_an_interview_cannot_withdraw_another_persons_interview(
    person: Any, other_person: Any, users: Any, verified_refusal: Any
) -> None:
    theirs = verified_refusal(other_person)
    with pytest.raises(ValidationError) as caught:
        interview(users["carla"], person, wish="return", withdraws=theirs)
    assert "withdraws" in caught.value.message_dict


def test_a_risk_assessment_counts_only_after_a_second_officer_approves(
    person: Any, users: Any, lena: Any, verified_refusal: Any
) -> None:
    verified_refusal(person)
    assert "assess_risk" == latest(person)["repatriation"]["code"]
    lev = users["lev"]
    assessment = services.risk_assessment_create(
        actor=lev,
        person=person,
        destination="KP",
        risk_kinds=["torture"],
        conclusion="substantial",
        summary="R",
    )
    with pytest.raises(ValidationError, match="at least one evidence item"):
        services.risk_assessment_submit(actor=lev, assessment=assessment)
    services.evidence_add(
        actor=lev, assessment=assessment, kind="statement", source="Interview", description="Fear"
    )
    services.risk_assessment_submit(actor=lev, assessment=assessment)
    assert "assess_risk" == latest(person)["repatriation"]["code"]
    with pytest.raises(ValidationError, match="its author cannot approve it"):
        services.risk_assessment_review(actor=lev, assessment=assessment, approve=True)
    services.risk_assessment_review(actor=lena, assessment=assessment, approve=True)
    result = latest(person)
    assert ("must_not_repatriate", False) == (result["repatriation"]["code"], result["exchange"]["eligible"])


def test_a_returned_assessment_goes_back_to_its_author_and_a_monitor_cannot_review(
    person: Any, users: Any, lena: Any
) -> None:
    lev = users["lev"]
    assessment = services.risk_assessment_create(
        actor=lev, person=person, destination="KP", risk_kinds=[], conclusion="none", summary="R"
    )
    services.evidence_add(actor=lev, assessment=assessment, kind="other", source="S", description="D")
    services.risk_assessment_submit(actor=lev, assessment=assessment)
    with pytest.raises(ValidationError, match="Only a legal officer"):
        services.risk_assessment_review(actor=users["mona"], assessment=assessment, approve=True)
    returned = services.risk_assessment_review(
        actor=lena, assessment=assessment, approve=False, note="More evidence"
    )
    assert "returned" == returned.status
    with pytest.raises(ValidationError, match="Only the author"):
        services.evidence_add(actor=lena, assessment=returned, kind="other", source="S", description="D")


def test_substantial_risk_needs_a_kind_and_kinds_come_from_the_vocabulary(person: Any, users: Any) -> None:
    for kinds, message in (([], "at least one kind"), (["bad_food"], "Unknown kind of risk bad_food")):
        with pytest.raises(ValidationError, match=message):
            services.risk_assessment_create(
                actor=users["lev"],
                person=person,
                destination="KP",
                risk_kinds=kinds,
                conclusion="substantial",
                summary="R",
            )


def test_determinations_are_stored_only_when_the_facts_change(person: Any, users: Any) -> None:
    before = Determination.objects.filter(person=person).count()
    assert before >= 1
    determinations.determination_refresh(actor=users["lev"], person=person)
    assert before == Determination.objects.filter(person=person).count()
    services.case_facts_set(actor=users["lev"], person=person, criminal_proceedings_pending=True)
    assert before + 1 == Determination.objects.filter(person=person).count()
    assert "hold_pending_proceedings" == latest(person)["repatriation"]["code"]
    stored = Determination.objects.filter(person=person).last()
    assert stored.engine_version and json.loads(stored.facts)["criminal_proceedings_pending"] is True


def test_an_open_application_blocks_exchange_and_a_decision_lifts_it(
    person: Any, users: Any, verified_refusal: Any
) -> None:
    verified_refusal(person, wish="return")
    assert latest(person)["exchange"]["eligible"] is True
    application = services.application_open(
        actor=users["lev"], person=person, procedure="ua_refugee", kind="asylum", filed_on=date(2026, 1, 5)
    )
    assert "protection_application_pending" in latest(person)["exchange"]["reasons"]
    services.application_decide(
        actor=users["lev"], application=application, outcome="withdrawn", decided_on=date(2026, 2, 1)
    )
    assert latest(person)["exchange"]["eligible"] is True


def test_application_input_is_checked_against_its_procedure(person: Any, users: Any) -> None:
    lev = users["lev"]
    with pytest.raises(ValidationError) as caught:
        services.application_open(
            actor=lev, person=person, procedure="mars", kind="asylum", filed_on=date(2026, 1, 5)
        )
    assert "procedure" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.application_open(
            actor=lev, person=person, procedure="ua_refugee", kind="transfer", filed_on=date(2026, 1, 5)
        )
    assert "kind" in caught.value.message_dict
    app = services.application_open(
        actor=lev, person=person, procedure="ua_refugee", kind="asylum", filed_on=date(2026, 1, 5)
    )
    for step, done_on, field in (
        ("fly", date(2026, 1, 6), "step"),
        ("registered", date(2026, 1, 1), "done_on"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.application_step_record(actor=lev, application=app, step=step, done_on=done_on)
        assert field in caught.value.message_dict
    services.application_step_record(actor=lev, application=app, step="lodged", done_on=date(2026, 1, 5))
    with pytest.raises(ValidationError, match="already recorded"):
        services.application_step_record(actor=lev, application=app, step="lodged", done_on=date(2026, 1, 5))


def test_the_next_deadline_follows_the_procedure_and_an_appeal_follows_a_refusal(
    person: Any, users: Any
) -> None:
    lev = users["lev"]
    app = services.application_open(
        actor=lev, person=person, procedure="ua_refugee", kind="asylum", filed_on=date(2026, 1, 5)
    )
    services.application_step_record(actor=lev, application=app, step="lodged", done_on=date(2026, 1, 5))
    services.application_step_record(actor=lev, application=app, step="registered", done_on=date(2026, 1, 7))
    (row,) = selectors.application_rows(user=lev, person=person)
    # 15 working days from Monday 5 January 2026: Monday 26 January.
    assert ("preliminary_examination", date(2026, 1, 26), True) == (
        row.next.step.key,
        row.next.due,
        row.next.binding,
    )
    services.application_decide(actor=lev, application=app, outcome="refused", decided_on=date(2026, 3, 6))
    (row,) = selectors.application_rows(user=lev, person=person)
    # 5 working days from Friday 6 March 2026: Friday 13 March.
    assert ("appeal", date(2026, 3, 13)) == (row.next.step.key, row.next.due)
    assert row.next.overdue(date(2026, 3, 14)) and not row.next.overdue(date(2026, 3, 13))


def test_the_worklist_shows_overdue_deadlines_first_and_approvals_to_another_officer(
    person: Any, users: Any, lena: Any
) -> None:
    lev = users["lev"]
    app = services.application_open(
        actor=lev, person=person, procedure="kr_nkra", kind="protection", filed_on=date(2025, 1, 6)
    )
    services.application_decide(actor=lev, application=app, outcome="refused", decided_on=date(2025, 2, 3))
    assessment = services.risk_assessment_create(
        actor=lev, person=person, destination="KP", risk_kinds=[], conclusion="none", summary="R"
    )
    services.evidence_add(actor=lev, assessment=assessment, kind="other", source="S", description="D")
    services.risk_assessment_submit(actor=lev, assessment=assessment)
    items = selectors.worklist(user=lena, today=date(2026, 1, 1))
    assert (True, date(2025, 5, 4)) == (items[0].overdue, items[0].due)
    assert any(i.code == "approval" for i in items)
    assert not any(i.code == "approval" for i in selectors.worklist(user=lev, today=date(2026, 1, 1)))
    monitor_codes = {i.code for i in selectors.worklist(user=users["mona"])}
    assert "private_interview" in monitor_codes and "approval" not in monitor_codes


def test_recorded_acknowledgements_and_offers_become_facts(person: Any, users: Any) -> None:
    lev = users["lev"]
    services.state_position_add(
        actor=lev,
        scope="caseload",
        speaker="RU",
        stated_on=date(2025, 4, 26),
        summary="Acknowledges",
        reference="R",
        acknowledges_deployment=True,
    )
    services.state_position_add(
        actor=lev,
        scope="case",
        person=person,
        speaker="KR",
        stated_on=date(2025, 2, 19),
        summary="Will receive",
        reference="R",
        willing_to_receive=True,
        treats_as_national=True,
    )
    facts = derive_facts(person, date(2025, 4, 27)).facts
    assert ["RU"] == facts["deployment_acknowledged_by"]
    assert [{"state": "KR", "willing": True, "treats_as_national": True, "gc_party": True}] == facts[
        "third_states"
    ]
    assert [] == derive_facts(person, date(2025, 4, 1)).facts["deployment_acknowledged_by"]


def test_a_statement_scope_must_match_whether_a_person_is_named(person: Any, users: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.state_position_add(
            actor=users["lev"],
            scope="case",
            speaker="KR",
            stated_on=date(2025, 1, 1),
            summary="S",
            reference="R",
        )
    assert "person" in caught.value.message_dict


def test_unknown_exclusion_reasons_are_refused(person: Any, users: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.case_facts_set(actor=users["lev"], person=person, exclusion_reasons=["jaywalking"])
    assert "exclusion_reasons" in caught.value.message_dict


def test_the_facts_come_from_the_registry_records(person: Any) -> None:
    facts = derive_facts(person, date(2026, 1, 1)).facts
    expected = {
        "detaining_power": "UA",
        "forces_of": "KP",
        "nationality": "KP",
        "affiliation": "armed_forces",
        "protection_application_pending": False,
        "risk_on_return": "not_assessed",
    }
    assert expected == {k: facts[k] for k in expected}
