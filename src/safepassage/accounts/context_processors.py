"""Template context: the signed-in user's role and what the navigation may offer."""

from __future__ import annotations

from django.http import HttpRequest

from safepassage.core.policy import can, role_of
from safepassage.core.roles import ROLE_LABELS


def role(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    current = role_of(user)
    return {
        "sp_role": current,
        "sp_role_label": ROLE_LABELS.get(current, "") if current else "",
        "sp_can_list_persons": bool(user) and can(user, "person.list"),
        "sp_can_create_person": bool(user) and can(user, "person.create"),
        "sp_can_worklist": bool(user) and can(user, "worklist"),
        "sp_can_duplicates": bool(user) and can(user, "duplicates.review"),
        "sp_can_exchanges": bool(user) and can(user, "exchange.view"),
        "sp_can_tracing": bool(user) and can(user, "tracing.manage"),
        "sp_can_handover": bool(user) and can(user, "handover.view"),
        "sp_can_notify": bool(user) and can(user, "notify.export"),
        "sp_can_positions": bool(user) and can(user, "protection.positions"),
        "sp_can_dashboard": bool(user) and can(user, "dashboard.view"),
        "sp_can_view_audit": bool(user) and can(user, "audit.view"),
        "sp_can_verify_audit": bool(user) and can(user, "audit.verify"),
        "sp_can_sign_checkpoint": bool(user) and can(user, "audit.checkpoint"),
        "sp_can_manage_accounts": bool(user) and can(user, "accounts.manage"),
    }
