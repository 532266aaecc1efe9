"""A second legal officer (for four-eyes review) and a verified-interview helper."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from safepassage.protection import services

CHECKLIST = dict.fromkeys(services.VOLUNTARINESS, True)


@pytest.fixture
def verified_refusal(users: dict[str, Any]) -> Any:
    def record(person: Any, held_on: date = date(2025, 11, 3), wish: str = "not_return") -> Any:
        return services.interview_record(
            actor=users["mona"],
            person=person,
            held_on=held_on,
            place="Private room",
            interviewer_name="Mona",
            language="ko",
            consent=True,
            wish=wish,
            wish_destination="KR" if wish == "not_return" else "",
            verified_private=True,
            statement="I do not want to go back.",
            **CHECKLIST,
        )

    return record


@pytest.fixture
def approved_risk(users: dict[str, Any], lena: Any) -> Any:
    def make(person: Any, conclusion: str = "substantial") -> Any:
        kinds = ["torture", "persecution"] if conclusion == "substantial" else []
        assessment = services.risk_assessment_create(
            actor=users["lev"],
            person=person,
            destination="KP",
            risk_kinds=kinds,
            conclusion=conclusion,
            summary="Reasoning.",
        )
        services.evidence_add(
            actor=users["lev"],
            assessment=assessment,
            kind="country_information",
            source="COI report",
            description="Torture of returnees.",
        )
        services.risk_assessment_submit(actor=users["lev"], assessment=assessment)
        return services.risk_assessment_review(actor=lena, assessment=assessment, approve=True)

    return make
