"""The one policy table: which role may do what. Everything not listed here is denied."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from safepassage.core.roles import Role

C, L, M = Role.CASEWORKER, Role.LEGAL_OFFICER, Role.NEUTRAL_MONITOR
N, A, D = Role.NEGOTIATOR, Role.AUDITOR, Role.ADMINISTRATOR

# Permission name -> roles that hold it. Views and API endpoints name one of these.
POLICY: dict[str, frozenset[Role]] = {
    # Anyone, signed in or not: health and the API description.
    "public": frozenset(Role),
    # Any signed-in user with a role: their own start page.
    "home": frozenset(Role),
    "person.list": frozenset({C, L, M}),
    "person.view": frozenset({C, L, M}),
    # Names, documents and scans identify a person. Monitors get them only after step-up
    # re-authentication (STEP_UP below), for a few minutes, audited. Search by name or document
    # number is a read of identities too.
    "person.identity.read": frozenset({C, L}),
    # Adding or correcting a name, document, scan, nationality claim or service record. Never
    # granted by a step-up: seeing an identity and changing one are different permissions.
    "person.identity.write": frozenset({C, L}),
    # Asking for that step-up: re-enter the password, then identities show for this session.
    "identity.step_up": frozenset({M}),
    "person.create": frozenset({C, L}),
    "person.edit": frozenset({C, L}),
    "audit.verify": frozenset({A, D}),
    # Protection data: never the negotiator, the auditor or the administrator.
    "protection.interviews": frozenset({C, L, M}),
    "protection.interview.record": frozenset({C, M}),
    # Only a neutral monitor can mark an interview as a verified private interview (REPAT-5).
    "protection.interview.verify": frozenset({M}),
    "protection.risk": frozenset({L}),
    "protection.applications": frozenset({L}),
    "protection.positions": frozenset({C, L, M}),
    "protection.positions.write": frozenset({L}),
    "protection.determination": frozenset({L, M}),
    "protection.facts.edit": frozenset({L}),
    "worklist": frozenset({C, L, M}),
    # Exchanges: the negotiator builds and reconciles lists and finalises rounds; the guard's
    # reasons are told only to roles that may know protection data.
    "exchange.view": frozenset({C, L, M, N}),
    "exchange.build": frozenset({N}),
    "exchange.guard.details": frozenset({C, L, M}),
    "exchange.override.request": frozenset({L, M}),
    "exchange.override.approve": frozenset({L}),
    "exchange.names": frozenset({C, L}),
    # Deciding an uncertain match means comparing identities side by side: identity roles only.
    "exchange.review": frozenset({C, L}),
    "notify.export": frozenset({C, L}),
    "tracing.manage": frozenset({C, L}),
    "tracing.withhold": frozenset({L}),
    # The dashboard shows aggregates only, and each figure only to roles that may see what it
    # counts: wishes to those who may read interviews, status and pathways to those who may read
    # determinations, deadlines to those who may read applications. The auditor sees counts
    # (above), the negotiator the size of the caseload; the administrator no case data at all.
    "dashboard.view": frozenset({C, L, M, N, A}),
    "dashboard.caseload": frozenset({C, L, M, N, A}),
    "dashboard.wishes": frozenset({C, L, M}),
    "dashboard.determinations": frozenset({L, M}),
    "dashboard.deadlines": frozenset({L}),
    # Exact counts below the small-cell threshold (dashboard.figures.SMALL_CELL): the protection
    # circle only; other roles see "fewer than 5".
    "dashboard.small_cells": frozenset({C, L, M}),
    # Handing a case to another installation (docs/handover.md): a legal officer asks, a second one
    # approves; importing a received dossier and seeing what was sent and received are theirs too.
    "handover.view": frozenset({L}),
    "handover.export.request": frozenset({L}),
    "handover.export.approve": frozenset({L}),
    "handover.import": frozenset({L}),
    # Possible duplicates (the same man registered twice): a legal officer reviews the pairs side
    # by side and merges them, sets them apart or undoes a merge; a caseworker is warned on the
    # page of a person of his unit when the other registration is his unit's too (for_user).
    "duplicates.review": frozenset({L}),
    "duplicates.warning": frozenset({C, L}),
    # The audit trail's pages: events hold field names and pseudonymous ids, never values; its
    # filtered export likewise.
    "audit.view": frozenset({A}),
    "audit.export": frozenset({A}),
    # Signing a checkpoint of the chain as it stands (the command `audit checkpoint` does the same).
    "audit.checkpoint": frozenset({A, D}),
    # Accounts, units and second-factor resets: the administrator's pages (no case data on them).
    "accounts.manage": frozenset({D}),
}
# Permissions a role holds only while its session is stepped up (re-authenticated recently).
# Reads only, by construction: STEP_UP_READ_ONLY below is checked when the module loads.
STEP_UP: dict[str, frozenset[Role]] = {"person.identity.read": frozenset({M})}
ERR_STEP_UP_WRITES = "A step-up grants reads only; {names} are not read permissions (core/policy.py)."
if any(not name.endswith(".read") for name in STEP_UP):
    raise ValueError(ERR_STEP_UP_WRITES.format(names=sorted(n for n in STEP_UP if not n.endswith(".read"))))
PUBLIC = "public"
ERR_UNKNOWN = "Permission {name!r} is not in the policy table (core/policy.py)."
# Where a user object keeps his role once read (accounts.backends reads it with the user).
ROLE_CACHE = "_safepassage_role"


def role_of(user: AbstractBaseUser | AnonymousUser | None) -> Role | None:
    """The user's one role, from group membership; None for anonymous or role-less users."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    cached = getattr(user, ROLE_CACHE, "unset")
    if cached != "unset":
        return cached  # type: ignore[return-value]
    names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
    role = next((r for r in Role if r.value in names), None)
    setattr(user, ROLE_CACHE, role)
    return role


def can(user: AbstractBaseUser | AnonymousUser | None, permission: str) -> bool:
    if permission not in POLICY:
        raise KeyError(ERR_UNKNOWN.format(name=permission))
    if permission == PUBLIC:
        return True
    role = role_of(user)
    if role is None:
        return False
    if role in POLICY[permission]:
        return True
    # Set per request by accounts.mfa.MfaRequiredMiddleware from the session's step-up time.
    return role in STEP_UP.get(permission, frozenset()) and getattr(user, "_safepassage_stepped_up", False)


def can_write(user: AbstractBaseUser | AnonymousUser | None, permission: str) -> bool:
    """`can` for a write (POST, PUT, PATCH, DELETE): a step-up never counts, whatever is declared.

    The second lock on step-up being read-only: even a write route that by mistake declared a
    permission STEP_UP lends is refused to a role that holds it only through a step-up.
    """
    if permission not in POLICY:
        raise KeyError(ERR_UNKNOWN.format(name=permission))
    if permission == PUBLIC:
        return True
    role = role_of(user)
    return role is not None and role in POLICY[permission]
