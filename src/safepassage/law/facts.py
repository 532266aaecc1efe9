"""Validated facts with protective defaults, and a record of the essential facts found missing."""

from __future__ import annotations

from datetime import date
from typing import Any

_NO_CONDITIONS: dict[str, bool] = {}


class Facts:
    """One person's facts. Absent facts take the most protective default; reading an essential
    fact that was not given (through `need`) lists it in `missing` in the order it was needed."""

    __slots__ = (
        "given", "missing", "derived", "as_of", "detaining_power", "nationality",
        "other_nationalities", "forces_of", "conflict_parties", "active_hostilities_ended",
        "deployment_acknowledged_by", "affiliation", "militia_conditions", "belligerent_act",
        "claims_pow_status", "espionage_out_of_uniform", "rejoined_own_forces",
        "mercenary_criteria", "status_doubt", "tribunal_decision", "age_at_capture",
        "seriously_sick_or_wounded", "wish", "wish_destination", "wish_verified_private_interview",
        "icrc_access", "risk_on_return", "risk_kinds", "criminal_proceedings_pending",
        "convicted_serving_sentence", "grave_breach_suspect", "exclusion_reasons",
        "renounced_military_activity", "protection_application_pending", "media_exposure",
        "third_states",
    )

    def __init__(self, given: dict[str, Any], as_of: date) -> None:
        g = given.get
        self.given = given
        self.missing: dict[str, None] = {}
        # Facts the engine filled in from data; each key maps to a trace note.
        self.derived: dict[str, str] = {}
        self.as_of = as_of
        self.detaining_power: str | None = g("detaining_power")
        self.nationality: str | None = g("nationality")
        self.other_nationalities: list[str] = g("other_nationalities") or []
        self.forces_of: str | None = g("forces_of")
        self.conflict_parties: list[str] = g("conflict_parties") or []
        # Unknown is treated as "not ended": nobody is released on an assumption.
        self.active_hostilities_ended: bool = g("active_hostilities_ended", False)
        self.deployment_acknowledged_by: list[str] | None = g("deployment_acknowledged_by")
        self.affiliation: str = g("affiliation", "unknown")
        self.militia_conditions: dict[str, bool] = g("militia_conditions", _NO_CONDITIONS)
        self.belligerent_act: bool | None = g("belligerent_act")
        self.claims_pow_status: bool = g("claims_pow_status", False)
        self.espionage_out_of_uniform: bool = g("espionage_out_of_uniform", False)
        self.rejoined_own_forces: bool = g("rejoined_own_forces", False)
        self.mercenary_criteria: dict[str, bool] = g("mercenary_criteria", _NO_CONDITIONS)
        self.status_doubt: bool = g("status_doubt", False)
        self.tribunal_decision: str | None = g("tribunal_decision")
        # Unknown age: no child protection is assumed; the records give the protective reading.
        self.age_at_capture: int | None = g("age_at_capture")
        self.seriously_sick_or_wounded: bool = g("seriously_sick_or_wounded", False)
        self.wish: str = g("wish", "unknown")
        self.wish_destination: str | None = g("wish_destination")
        self.wish_verified_private_interview: bool = g("wish_verified_private_interview", False)
        # None: not known whether the ICRC can visit him (only a known refusal calls for action).
        self.icrc_access: bool | None = g("icrc_access")
        # Unknown risk is "not assessed": it can never clear anyone for return.
        self.risk_on_return: str = g("risk_on_return", "not_assessed")
        self.risk_kinds: list[str] = g("risk_kinds") or []
        self.criminal_proceedings_pending: bool = g("criminal_proceedings_pending", False)
        self.convicted_serving_sentence: bool = g("convicted_serving_sentence", False)
        self.grave_breach_suspect: bool = g("grave_breach_suspect", False)
        self.exclusion_reasons: list[str] = g("exclusion_reasons") or []
        self.renounced_military_activity: bool = g("renounced_military_activity", False)
        self.protection_application_pending: bool = g("protection_application_pending", False)
        self.media_exposure: bool = g("media_exposure", False)
        self.third_states: list[dict[str, Any]] = g("third_states") or []

    @property
    def power_served(self) -> str | None:
        """The Power on which he depends: `forces_of`, by default his nationality."""
        return self.forces_of or self.nationality

    def need(self, key: str) -> bool:
        """True when `key` was given; otherwise list it as missing and return False."""
        if key in self.given or key in self.derived:
            return True
        self.missing[key] = None
        return False

    def need_path(self, path: str, present: bool) -> bool:
        """Like `need`, for a nested fact such as `militia_conditions.fixed_sign`."""
        if not present:
            self.missing[path] = None
        return present

    def used(self, keys: tuple[str, ...]) -> dict[str, Any]:
        """The given or derived values of `keys`, for a trace entry."""
        given, derived = self.given, self.derived
        return {key: getattr(self, key) for key in keys if key in given or key in derived}
