"""The exchange guard: who may not be on a finalised outgoing manifest, and why (docs/security.md)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safepassage import law
from safepassage.core.policy import can
from safepassage.core.rls import SYSTEM, database_context
from safepassage.exchanges.models import ExchangeRound, GuardOverride, ListEntry
from safepassage.protection.facts import derive_facts
from safepassage.protection.models import Interview
from safepassage.protection.phrases import phrase
from safepassage.registry.choices import MatchStatus
from safepassage.registry.models import Person
from safepassage.registry.selectors import person_current

# The engine's exchange reasons that keep a person off an outgoing manifest.
GUARD_REASONS = frozenset(
    {
        "wish_not_return",
        "wish_not_ascertained",
        "protection_application_pending",
        "criminal_proceedings_pending",
        "non_refoulement",
    }
)
IDENTITY_UNCONFIRMED = "identity_not_confirmed"
# What a reader without the guard's details is told of every blocked entry, whatever the reason.
ERR_CANNOT_GO = gettext_lazy("row %(row)s (%(id)s): cannot go on this manifest")
# An override rests on a consent to return given at most this long before the round is finalised.
FRESH_CONSENT = timedelta(days=14)


@dataclass(frozen=True)
class Blocked:
    row: int
    external_id: str
    case_number: str | None
    reasons: tuple[str, ...]


@dataclass
class GuardRefused(Exception):
    blocked: list[Blocked] = field(default_factory=list)

    def message_for(self, user: Any | None) -> str:
        """Which person and why, to roles allowed to know; one wording for every entry, to others.

        A reader without `exchange.guard.details` (the negotiator) must not tell a protected
        person from an entry not matched to the registry: both read ERR_CANNOT_GO.
        """
        detailed = user is None or can(user, "exchange.guard.details")
        lines = []
        for b in self.blocked:
            if not detailed:
                lines.append(ERR_CANNOT_GO % {"row": b.row, "id": b.external_id})
            elif IDENTITY_UNCONFIRMED in b.reasons:
                lines.append(
                    _("row %(row)s (%(id)s): identity not confirmed against the registry")
                    % {"row": b.row, "id": b.external_id}
                )
            else:
                lines.append(f"row {b.row} ({b.external_id}) {b.case_number}: {', '.join(b.reasons)}")
        head = _("%(n)s entries cannot be on the outgoing manifest") % {"n": len(self.blocked)}
        return head + ":\n" + "\n".join(lines)

    def rows_for(self, user: Any | None) -> list[tuple[int, str]]:
        """Each refused row and why, in words (codes as phrases), for a page to list and mark.

        The same rule as message_for: a reader without `exchange.guard.details` reads one wording
        for every row.
        """
        detailed = user is None or can(user, "exchange.guard.details")
        rows = []
        for b in self.blocked:
            if not detailed:
                text = str(ERR_CANNOT_GO % {"row": b.row, "id": b.external_id})
            elif IDENTITY_UNCONFIRMED in b.reasons:
                text = _("row %(row)s (%(id)s): identity not confirmed against the registry") % {
                    "row": b.row,
                    "id": b.external_id,
                }
            else:
                text = _("row %(row)s (%(id)s) %(case)s: %(why)s") % {
                    "row": b.row,
                    "id": b.external_id,
                    "case": b.case_number,
                    "why": ", ".join(phrase("exchange_reason", reason) for reason in b.reasons),
                }
            rows.append((b.row, text))
        return rows

    def headline(self) -> str:
        return _("%(n)s entries cannot be on the outgoing manifest") % {"n": len(self.blocked)}

    def __str__(self) -> str:
        return self.message_for(None)


def consent_to_return_is_fresh(interview: Interview, today: date | None = None) -> bool:
    """A verified private interview recording a wish to return, held within FRESH_CONSENT of today.

    `held_on` is a date on the local calendar (an interview may not be later than the local
    today), so the window is counted from the local date too: counted from UTC's, it was a day
    off between local midnight and UTC midnight.
    """
    cutoff = (today or timezone.localdate()) - FRESH_CONSENT
    return bool(interview.verified_private) and interview.wish == "return" and interview.held_on >= cutoff


def valid_override(round_: ExchangeRound, person: Person) -> bool:
    today = timezone.localdate()
    approved = GuardOverride.objects.filter(round=round_, person=person, approved_by__isnull=False)
    return any(consent_to_return_is_fresh(override.interview, today) for override in approved)


def guard_reasons(person: Person) -> tuple[str, ...]:
    result = law.assess(derive_facts(person, timezone.localdate()).facts)
    return tuple(sorted(set(result["exchange"]["reasons"]) & GUARD_REASONS))


def check(round_: ExchangeRound, entries: list[ListEntry]) -> list[Blocked]:
    # The guard must see every wish and application whoever finalises (a negotiator's own database
    # context sees no protection row, core.rls): it reads them, and tells him only the outcome.
    with database_context(SYSTEM):
        return _check(round_, entries)


def refused(round_: ExchangeRound, entries: Iterable[ListEntry]) -> dict[int, Person | None]:
    """The rows of `entries` the guard would refuse now, each with the man it refuses (None when the
    entry's identity is not confirmed): what a page marks, and offers an override for."""
    with database_context(SYSTEM):
        return {entry.row: person for entry, person, _reasons in _refusals(round_, entries)}


def _refusals(
    round_: ExchangeRound, entries: Iterable[ListEntry]
) -> Iterator[tuple[ListEntry, Person | None, tuple[str, ...]]]:
    for entry in entries:
        confirmed = entry.person_id and entry.match_status in (MatchStatus.MATCHED, MatchStatus.ACCEPTED)
        if not confirmed:
            yield entry, None, (IDENTITY_UNCONFIRMED,)
            continue
        # A registration merged into another is that man: his records are the survivor's now.
        person = person_current(entry.person)
        reasons = guard_reasons(person)
        if reasons and not valid_override(round_, person):
            yield entry, person, reasons


def _check(round_: ExchangeRound, entries: list[ListEntry]) -> list[Blocked]:
    return [
        Blocked(entry.row, entry.external_id, person.case_number if person else None, reasons)
        for entry, person, reasons in _refusals(round_, entries)
    ]
