"""The duplicates app's hooks in the registry, connected at start-up: a registration or a change of
a person's names, documents, service or birth facts starts a duplicate check once it has committed;
the person page warns of open possible duplicates."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from safepassage.core.policy import can
from safepassage.duplicates import selectors
from safepassage.duplicates.scan import check_after_commit
from safepassage.registry import signals
from safepassage.registry.pages import PersonPagePart, person_page_part_register


class _Check:
    """The duplicate check a transaction starts once it commits, for every person it touched."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.ids: set[str] = set()

    def __call__(self) -> None:
        with transaction.atomic():
            check_after_commit(actor=self.actor, person_ids=sorted(self.ids))


def on_identity_recorded(sender: Any, *, actor: Any, person: Any, **kwargs: Any) -> None:
    """One check for all the persons a transaction registered or changed, after it commits.

    A one-form registration adds the person, his names and documents in one transaction: they are
    checked once, together. The check waits among the transaction's on-commit callbacks, so a
    rolled-back transaction (which discards them) starts nothing.
    """
    connection = transaction.get_connection()
    pending = next((c[1] for c in connection.run_on_commit if isinstance(c[1], _Check)), None)
    if pending is not None:
        pending.ids.add(str(person.pk))
        return
    pending = _Check(actor)
    pending.ids.add(str(person.pk))
    # Outside a transaction this runs at once: the id is in before.
    transaction.on_commit(pending)


def duplicate_sections(user: Any) -> list[str]:
    """Nothing to audit: the warning shows case numbers only, as the person list does unaudited."""
    return []


def duplicate_panel(*, user: Any, person: Any, position: str | None = None) -> dict[str, Any]:
    return {
        "possible_duplicates": selectors.open_pairs_for_person(user=user, person=person),
        "can_review_duplicates": can(user, "duplicates.review"),
    }


def duplicate_timeline(*, user: Any, person: Any, context: dict[str, Any] | None = None) -> list[Any]:
    return []


def connect() -> None:
    signals.identity_recorded.connect(on_identity_recorded, dispatch_uid="duplicates-identity-recorded")
    person_page_part_register(
        PersonPagePart(
            name="duplicates",
            sections=duplicate_sections,
            context=duplicate_panel,
            timeline=duplicate_timeline,
        )
    )
