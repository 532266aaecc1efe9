"""The six roles of docs/security.md, each a Django group of the same name."""

from __future__ import annotations

import enum

from django.utils.translation import gettext_lazy as _


class Role(enum.StrEnum):
    CASEWORKER = "caseworker"
    LEGAL_OFFICER = "legal_officer"
    NEUTRAL_MONITOR = "neutral_monitor"
    NEGOTIATOR = "negotiator"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"


ROLE_LABELS = {
    Role.CASEWORKER: _("Caseworker"),
    Role.LEGAL_OFFICER: _("Legal officer"),
    Role.NEUTRAL_MONITOR: _("Neutral monitor"),
    Role.NEGOTIATOR: _("Negotiator"),
    Role.AUDITOR: _("Auditor"),
    Role.ADMINISTRATOR: _("Administrator"),
}
