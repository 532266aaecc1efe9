"""Application procedures as data: well formed, and their time limits agree with the law's data."""

from __future__ import annotations

from datetime import date

import pytest

from safepassage.law.data import procedure as law_procedure
from safepassage.protection.procedures import add_months, add_working_days, next_step, procedure, procedures


def test_the_three_procedures_are_loaded() -> None:
    assert {"ua_refugee", "kr_nkra", "generic"} == set(procedures())


@pytest.mark.parametrize("name", ["ua_refugee", "kr_nkra", "generic"])
def test_every_step_anchors_on_the_filing_or_an_earlier_step(name: str) -> None:
    seen = {"filed"}
    for step in procedure(name).steps:
        assert step.anchor in seen, step.key
        assert step.reference
        seen.add(step.key)


def test_each_time_limit_matches_the_value_in_the_law_data() -> None:
    for proc in procedures().values():
        for step in proc.steps:
            if step.law_value is None:
                continue
            table, key = step.law_value.split(".")
            expected = law_procedure(table)[key]["value"]
            assert expected in (step.limit or step.expected or {}).values(), step.key


def test_working_days_skip_weekends() -> None:
    assert date(2026, 1, 12) == add_working_days(date(2026, 1, 9), 1)  # Friday -> Monday
    assert date(2026, 1, 26) == add_working_days(date(2026, 1, 5), 15)


def test_months_end_on_the_last_day_when_the_month_is_shorter() -> None:
    assert date(2026, 2, 28) == add_months(date(2025, 8, 31), 6)


def test_an_unknown_procedure_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="generic, kr_nkra, ua_refugee"):
        procedure("atlantis")


def test_no_next_step_once_granted() -> None:
    done = {"applied": date(2026, 1, 5)}
    assert next_step(procedure("kr_nkra"), filed_on=date(2026, 1, 5), status="granted", done=done) is None


def test_the_nkra_objection_period_is_ninety_days_after_a_refusal() -> None:
    done = {"applied": date(2026, 1, 5), "decision": date(2026, 3, 2)}
    upcoming = next_step(procedure("kr_nkra"), filed_on=date(2026, 1, 5), status="refused", done=done)
    assert ("objection", date(2026, 5, 31), True) == (upcoming.step.key, upcoming.due, upcoming.binding)
