"""Which person a case number names, for the trail's filter: answered by the registry, above this app.

The audit app sits below the registry and cannot read persons itself; the registry registers its
lookup at start-up (registry.apps), as the architecture's hooks do.
"""

from __future__ import annotations

from collections.abc import Callable

_LOOKUPS: dict[str, Callable[[str], str | None]] = {}


def person_lookup_register(name: str, lookup: Callable[[str], str | None]) -> None:
    """`lookup(case_number)` gives the person's id as the trail records it, or None when none has it."""
    _LOOKUPS[name] = lookup


def person_id_for(case_number: str) -> str | None:
    for lookup in _LOOKUPS.values():
        found = lookup(case_number)
        if found is not None:
            return found
    return None
