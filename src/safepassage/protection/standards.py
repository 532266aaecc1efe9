"""When a work-list item is due: the law's time limit where the law sets one, else a service standard.

An application's next step carries its procedure's own limit (binding, in law) or expected date
(procedures/*.yaml). The engine's actions and the approvals of risk assessments have none: the
articles the actions cite set no number of days ("without delay", "within the shortest possible
period", or nothing at all), so each is due a set number of days after the determination that
first asked for it, a service standard of SafePassage's own (docs/guide/README.md lists them).
A step whose procedure sets neither a limit nor an expected date is looked at again STEP_DAYS
after the date it runs from. Changing a number changes the rows written from then on only.
"""

from __future__ import annotations

from datetime import date, timedelta

# Days from the determination that first asked for the action, and why that many.
ACTION_DAYS: dict[str, int] = {
    # His wish decides every exchange list; a consent counts for an override only 14 days.
    "private_interview": 14,
    "repeat_interview_at_handover": 14,
    # Status in doubt: the tribunal (GC III Art. 5(2)) decides; the referral is paperwork.
    "refer_to_tribunal": 30,
    # Exposure to public curiosity (GC III Art. 13) goes on while it is not stopped.
    "stop_public_exposure": 2,
    "risk_assessment": 30,
    "verify_renunciation": 30,
    # GC III Art. 122: "within the shortest possible period"; one week, as Art. 70's capture card.
    "notify_information_bureau": 7,
    # GC III Art. 126: visits barred only exceptionally and temporarily.
    "request_icrc_access": 7,
    # A child (AP I Art. 77, CRC Art. 3: his best interests first) is seen to at once.
    "child_protection": 2,
    "prosecute_or_extradite": 30,
    "investigate_international_crime": 30,
    "resolve_inconsistent_facts": 14,
}
# A risk assessment waits at most this long for a second legal officer's review.
APPROVAL_DAYS = 5
# A procedure step without a limit or an expected date is looked at again after this long.
STEP_DAYS = 30
# An action the table does not know (a newer engine's) gets the shortest standard, never none.
DEFAULT_ACTION_DAYS = min(ACTION_DAYS.values())


def action_days(code: str) -> int:
    return ACTION_DAYS.get(code, DEFAULT_ACTION_DAYS)


def action_due(code: str, since: date) -> date:
    return since + timedelta(days=action_days(code))


def approval_due(submitted: date) -> date:
    return submitted + timedelta(days=APPROVAL_DAYS)


def step_due(anchor: date) -> date:
    return anchor + timedelta(days=STEP_DAYS)
