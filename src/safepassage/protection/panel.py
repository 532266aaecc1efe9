"""The protection part of a person's page, as template context, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from safepassage import law
from safepassage.core.policy import can
from safepassage.protection import selectors
from safepassage.protection.models import CaseloadRefresh
from safepassage.protection.phrases import phrase
from safepassage.protection.reading import Phrase
from safepassage.protection.refresh import open_refresh
from safepassage.registry.models import Person
from safepassage.registry.selectors import TimelineEntry

# The protection parts of a person's page and the permission that shows each: what a view records.
PANEL_SECTIONS = (
    ("interviews", "protection.interviews"),
    ("risk_assessments", "protection.risk"),
    ("applications", "protection.applications"),
    ("determination", "protection.determination"),
    ("positions", "protection.positions"),
)


def protection_sections(user: Any) -> list[str]:
    """The protection sections `user` sees on a person's page (empty: none, nothing to record)."""
    return [section for section, permission in PANEL_SECTIONS if can(user, permission)]


def _refresh_pending(determination: Any) -> CaseloadRefresh | None:
    """The caseload refresh under way that this stored determination predates, if any."""
    if determination is None or determination.stored is None:
        return None
    job = open_refresh()
    if job is None:
        return None
    if job.engine_version:
        return job if determination.stored.engine_version != job.engine_version else None
    return job if determination.stored.recorded_at < job.started_at else None


def protection_panel(*, user: Any, person: Person, position: str | None = None) -> dict[str, Any]:
    if position not in law.POSITIONS:
        position = None
    see_interviews = can(user, "protection.interviews")
    # Read once for the panel and the timeline (which shows when each was stored).
    stored = selectors.stored_determinations(user=user, person=person)
    determination = selectors.determination_for(
        user=user, person=person, position=position, stored_rows=stored
    )
    interviews = selectors.wish_history(user=user, person=person) if see_interviews else []
    return {
        "positions": [Phrase(p, phrase("position", p)) for p in law.POSITIONS],
        "determination": determination,
        "stored_determinations": stored,
        "caseload_refresh": _refresh_pending(determination),
        "can_see_interviews": see_interviews,
        "can_record_interview": can(user, "protection.interview.record"),
        "interviews": interviews,
        "governing": selectors.governing_wish(user=user, person=person, interviews=interviews),
        "can_see_risk": can(user, "protection.risk"),
        "risk_assessments": selectors.risk_assessments(user=user, person=person),
        "can_see_applications": can(user, "protection.applications"),
        "applications": selectors.application_rows(user=user, person=person),
        "case_positions": selectors.state_positions(user=user, person=person),
        "can_write_positions": can(user, "protection.positions.write"),
        "can_edit_facts": can(user, "protection.facts.edit"),
    }


def protection_timeline(
    *, user: Any, person: Person, context: dict[str, Any] | None = None
) -> list[TimelineEntry]:
    """Interviews, risk assessments, applications and determinations the user may see.

    Pass the page's `protection_panel` as `context` so the records it read are not read again.
    """
    panel = context if context is not None else protection_panel(user=user, person=person)
    verified = _("verified in private")
    entries = [
        TimelineEntry(
            i.held_on,
            "interview",
            _("Interview"),
            f"{i.get_wish_display()} — {verified}" if i.verified_private else str(i.get_wish_display()),
        )
        for i in panel["interviews"]
    ]
    for a in panel["risk_assessments"]:
        entries.append(
            TimelineEntry(
                a.recorded_at,
                "risk",
                _("Risk assessment"),
                f"{a.destination}: {a.get_conclusion_display()} ({a.get_status_display()})",
            )
        )
    for row in panel["applications"]:
        app = row.application
        entries.append(
            TimelineEntry(
                app.filed_on,
                "application",
                _("Application filed"),
                f"{app.procedure} ({app.get_status_display()})",
            )
        )
    # Only when and by which engine: the sealed facts and result are not read for the timeline.
    for row in panel["stored_determinations"]:
        entries.append(
            TimelineEntry(row.recorded_at, "determination", _("Determination stored"), row.engine_version)
        )
    return entries
