"""The person page's parts added by the apps above the registry, registered at their start-up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from safepassage.registry.selectors import TimelineEntry


@dataclass(frozen=True)
class PersonPagePart:
    """What one app adds to a person's page.

    `name` is what its read is audited as; `sections(user)` the fields the user sees of it (none:
    the part is not shown and nothing is audited); `context(user=, person=, position=)` the
    template's values; `timeline(user=, person=, context=)` its entries of the person's timeline.
    """

    name: str
    sections: Callable[[Any], list[str]]
    context: Callable[..., dict[str, Any]]
    timeline: Callable[..., list[TimelineEntry]]


_PARTS: dict[str, PersonPagePart] = {}


def person_page_part_register(part: PersonPagePart) -> None:
    """Add (or, registered again under its name, replace) a part of the person page."""
    _PARTS[part.name] = part


def person_page_parts() -> list[PersonPagePart]:
    return list(_PARTS.values())
