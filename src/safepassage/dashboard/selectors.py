"""Dashboard reads: a fixed few grouped queries per figure over the whole series, never one per person."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, DateField, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepassage.core.fields import opened_rows
from safepassage.core.policy import can
from safepassage.core.rls import SYSTEM, database_context
from safepassage.dashboard.figures import Figure, from_counts, suppress_small_cells
from safepassage.dashboard.models import DailyCount
from safepassage.dashboard.periods import Point, points
from safepassage.dashboard.summary import PATHWAY_KINDS
from safepassage.protection.choices import ApplicationStatus, Wish
from safepassage.protection.models import Application, ApplicationStep
from safepassage.protection.procedures import next_step, procedure
from safepassage.protection.templatetags.protection_labels import LABELS
from safepassage.registry.models import Person
from safepassage.registry.querysets import persons_scoped

STATUS_CODES = ("pow", "pow_pending_tribunal", "civilian", "not_pow", "not_pow_mercenary", "not_pow_spy")
WISH_CATEGORIES = [
    (Wish.NOT_RETURN.value, _("Verified: does not want to return")),
    (Wish.RETURN.value, _("Verified: wants to return")),
    (Wish.UNDECIDED.value, _("Verified: undecided")),
    ("unverified", _("Interviewed, no verified wish yet")),
    ("none", _("Not interviewed yet")),
]
DEADLINE_CATEGORIES = [
    ("overdue", _("Overdue")),
    ("due_7", _("Due within 7 days")),
    ("due_30", _("Due in 8 to 30 days")),
    ("later", _("Due later")),
]


def _persons(user: Any) -> QuerySet[Person]:
    """The persons counted for this user: his own scope, or the whole caseload for count-only roles."""
    if can(user, "person.view"):
        return Person.objects.for_user(user)
    if can(user, "dashboard.caseload"):
        # Count-only roles (docs/security.md: the auditor sees counts) never get rows, only totals.
        return Person.objects.all()
    return Person.objects.none()


def _counted[QS: QuerySet](queryset: QS, user: Any, path: str) -> QS:
    """Index rows of the persons `_persons` counts for this user, limited by a join (persons_scoped)."""
    if can(user, "person.view"):
        return persons_scoped(queryset, user, path)
    return queryset if can(user, "dashboard.caseload") else queryset.none()


def _daily_counts(user: Any, pts: list[Point]) -> dict[str, list[int]]:
    """Persons under each status and pathway state at each point: {"s:pow": [n per point], ...}.

    Summed from the per-unit, per-day changes (models.DailyCount), which hold no person:
    the rows of the user's scope (his unit, or all) up to the last point, opened in one batch.
    """
    rows = _counted(DailyCount.objects.all(), user, "").filter(day__lte=pts[-1].as_of)
    found: dict[str, list[int]] = defaultdict(lambda: [0] * len(pts))
    for _pk, day, counts in opened_rows(
        DailyCount, rows.order_by().values_list("pk", "day", "counts"), "", "counts"
    ):
        for i, p in enumerate(pts):
            if day <= p.as_of:
                for key, change in counts.items():
                    found[key][i] += int(change)
    return found


def _caseload_counts(user: Any, pts: list[Point]) -> list[int]:
    """Persons in the caseload at each point: from capture, or from registration if capture is unknown.

    Persons are grouped by the day they entered (one pass over the registry, the day worked out
    once per person), and the days are summed up to each point here.
    """
    persons = _persons(user).annotate(
        entered=Coalesce("capture__captured_on", TruncDate("created_at"), output_field=DateField())
    )
    # Count-only roles (negotiator, auditor) may see this total but not the rows behind it, which
    # PostgreSQL's row-level security hides from their context: the count itself is read as system.
    with database_context(SYSTEM):
        by_day = list(
            persons.filter(entered__lte=pts[-1].as_of)
            .order_by()
            .values("entered")
            .annotate(n=Count("pk"))
            .values_list("entered", "n")
        )
    return [sum(n for day, n in by_day if day <= p.as_of) for p in pts]


def caseload_figure(user: Any, pts: list[Point]) -> Figure:
    """Persons in the caseload at each point."""
    counts = {"persons": _caseload_counts(user, pts)}
    return from_counts(
        "caseload",
        str(_("Caseload")),
        str(
            _("Persons registered, counted from the date of capture (or of registration when it is unknown).")
        ),
        [("persons", str(_("Persons")))],
        pts,
        counts,
    )


def status_figure(user: Any, pts: list[Point], daily: dict[str, list[int]] | None = None) -> Figure:
    """Persons by the status of their latest stored determination at each point."""
    found = _daily_counts(user, pts) if daily is None else daily
    counts = {key[2:]: series for key, series in found.items() if key.startswith("s:")}
    # Statuses that no person held at any point of the series are left out of the figure.
    held = {code for code, series in counts.items() if any(series)}
    codes = [c for c in STATUS_CODES if c in held] + sorted(held - set(STATUS_CODES)) or ["pow"]
    categories = [(c, str(LABELS.get(c, c.replace("_", " ")))) for c in codes]
    return from_counts(
        "status",
        str(_("Status")),
        str(
            _(
                "Persons by the status in their latest stored determination; "
                "persons without one are not counted."
            )
        ),
        categories,
        pts,
        counts,
    )


def pathway_figures(user: Any, pts: list[Point], daily: dict[str, list[int]] | None = None) -> list[Figure]:
    """Persons for whom each pathway is open, and for whom it is conditional, at each point."""
    found = _daily_counts(user, pts) if daily is None else daily
    counts = {
        tuple(key[2:].split(":", 1)): series
        for key, series in found.items()
        if key.startswith("p:") and key.rsplit(":", 1)[1] in ("open", "conditional")
    }
    categories = [(k, str(LABELS[k])) for k in PATHWAY_KINDS]
    figures = []
    for state, title, note in (
        (
            "open",
            _("Pathways open"),
            _("Persons for whom each pathway is open now, by their latest determination."),
        ),
        (
            "conditional",
            _("Pathways conditional"),
            _("Persons for whom each pathway is open only on a condition (an agreement, a consent)."),
        ),
    ):
        by_kind = {k: v for (k, s), v in counts.items() if s == state}
        figures.append(
            from_counts(
                f"pathways_{state}", str(title), str(note), categories, pts, by_kind, overlapping=True
            )
        )
    return figures


def wish_figure(
    user: Any, pts: list[Point], caseload: list[int] | None = None, daily: dict[str, list[int]] | None = None
) -> Figure:
    """Persons by their latest verified wish at each point; the rest as interviewed or not.

    Read from the daily counts (models.DailyCount, kept from the interview index): a verified
    interview counts for its wish from the day it was held until the person's next verified one;
    a person counts as interviewed from his first interview and as verified from his first
    verified one. One query, whatever the caseload: a row per unit and day, opened in batch.
    """
    # Whose interviews count: those the user's role may read (protection.querysets), as before.
    found: dict[str, list[int]] = {}
    if can(user, "protection.interviews"):
        found = _daily_counts(user, pts) if daily is None else daily
    zero = [0] * len(pts)
    counts: dict[str, list[int]] = {wish: list(found.get(f"w:{wish}", zero)) for wish in Wish.values}
    totals = {f"i{i}": n for i, n in enumerate(found.get("interviewed", zero))}
    totals.update({f"v{i}": n for i, n in enumerate(found.get("verified", zero))})
    caseload = _caseload_counts(user, pts) if caseload is None else caseload
    # Interviewed but not yet verified: the first verified interview is never before the first one.
    counts["unverified"] = [int(totals[f"i{i}"]) - int(totals[f"v{i}"]) for i in range(len(pts))]
    # Everyone in the caseload then who had not yet been interviewed (an interview dated before
    # the capture, a data error, counts as interviewed: never below zero).
    counts["none"] = [max(0, caseload[i] - int(totals[f"i{i}"])) for i in range(len(pts))]
    return from_counts(
        "wish",
        str(_("Wish")),
        str(_("The wish of the latest verified private interview governs; interviews are dated as held.")),
        [(c, str(label)) for c, label in WISH_CATEGORIES],
        pts,
        counts,
    )


def _deadline_bucket(days: int) -> str:
    if days < 0:
        return "overdue"
    if days <= 7:
        return "due_7"
    return "due_30" if days <= 30 else "later"


def deadline_figure(user: Any, pts: list[Point]) -> Figure:
    """Pending applications by their next binding deadline, as the steps stood at each point.

    Deadlines follow the procedures' own rules (working days, months), which SQL cannot count,
    so this figure reads two flat queries and buckets them here, never a query per application.
    """
    # The procedure and status are sealed: opened in batch, one keyring for all.
    applications = opened_rows(
        Application,
        Application.objects.for_user(user)
        .filter(filed_on__lte=pts[-1].as_of)
        .values_list("pk", "procedure", "filed_on", "status", "decided_on"),
        "procedure",
        "",
        "status",
        "",
    )
    steps: dict[Any, list[tuple[str, date]]] = defaultdict(list)
    for app_id, step, done_on in ApplicationStep.objects.for_user(user).values_list(
        "application_id", "step", "done_on"
    ):
        steps[app_id].append((step, done_on))
    counts = {code: [0] * len(pts) for code, _ in DEADLINE_CATEGORIES}
    for app_id, name, filed_on, status, decided_on in applications:
        proc, seen, upcoming = procedure(name), None, None
        for i, p in enumerate(pts):
            if filed_on > p.as_of:
                continue
            decided = decided_on is None or decided_on <= p.as_of
            status_then = status if (status != ApplicationStatus.PENDING and decided) else "pending"
            done = {step: on for step, on in steps[app_id] if on <= p.as_of}
            # The next step changes only when a step or the decision falls between two points.
            if (status_then, done.keys()) != seen:
                seen = (status_then, done.keys())
                upcoming = next_step(proc, filed_on=filed_on, status=status_then, done=done)
            if upcoming is None or not upcoming.binding or upcoming.due is None:
                continue
            counts[_deadline_bucket((upcoming.due - p.as_of).days)][i] += 1
    return from_counts(
        "deadlines",
        str(_("Deadlines")),
        str(_("Binding deadlines of the next step of each application, as its steps stood on each date.")),
        [(c, str(label)) for c, label in DEADLINE_CATEGORIES],
        pts,
        counts,
    )


@dataclass(frozen=True)
class Dashboard:
    every: str
    points: list[Point]
    figures: list[Figure]
    suppressed: bool


def dashboard_for(*, user: Any, every: str = "month", today: date | None = None) -> Dashboard:
    """The figures this user's role may see; small counts withheld outside the protection circle."""
    pts = points(every, today or timezone.localdate())
    figures: list[Figure] = []
    caseload = None
    if can(user, "dashboard.caseload"):
        figures.append(caseload_figure(user, pts))
        caseload = [n or 0 for n in figures[-1].series("persons")]
    # The daily counts of the user's scope, read once for the status, wish and pathway figures.
    daily = _daily_counts(user, pts) if can(user, "dashboard.determinations") else None
    if can(user, "dashboard.determinations"):
        figures.append(status_figure(user, pts, daily))
    if can(user, "dashboard.wishes"):
        figures.append(wish_figure(user, pts, caseload, daily))
    if can(user, "dashboard.determinations"):
        figures.extend(pathway_figures(user, pts, daily))
    if can(user, "dashboard.deadlines"):
        figures.append(deadline_figure(user, pts))
    exact = can(user, "dashboard.small_cells")
    if not exact:
        figures = [suppress_small_cells(f) for f in figures]
    return Dashboard(every, pts, figures, not exact)
