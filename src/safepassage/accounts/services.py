"""Account writes: users with exactly one role, their units and second factors, audited."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepassage.accounts.languages import validate_language
from safepassage.accounts.models import Membership, MfaReset, Preference, Unit
from safepassage.audit.services import audit_record
from safepassage.core.policy import ROLE_CACHE
from safepassage.core.roles import Role

ERR_ROLE = "Unknown role {role!r}: use one of {allowed}."
ERR_EXISTS = "A user named {username!r} already exists."
ERR_HAS_TOTP = "{username} already has an authenticator app; remove it on their MFA page first."
ERR_SELF = _("You cannot change your own account this way: ask another administrator.")
ERR_LAST_ADMIN = _("{username} is the last active administrator: make another administrator first.")
ERR_UNIT_EXISTS = _("A unit named {name} already exists.")
ERR_UNIT_NAME = _("Give the unit a name.")
ERR_RESET_PENDING = _("A second-factor reset of {username} is already waiting for approval.")
ERR_RESET_OWN = _("You asked for this reset: a second administrator must approve it.")
ERR_RESET_DONE = _("This second-factor reset was already approved.")
ERR_RESET_INACTIVE = _(
    "{username} is deactivated: reactivate the account before resetting its second factor."
)
# An initial password: 20 characters of an alphabet without look-alikes (about 99 bits).
INITIAL_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
INITIAL_GROUPS, INITIAL_GROUP_SIZE = 4, 5


def initial_password() -> str:
    """A random first password in groups of five (``abcde-fghjk-...``), read out or handed over once."""
    groups = (
        "".join(secrets.choice(INITIAL_ALPHABET) for _ in range(INITIAL_GROUP_SIZE))
        for _ in range(INITIAL_GROUPS)
    )
    return "-".join(groups)


@transaction.atomic
def user_create(
    *,
    actor: AbstractBaseUser | None,
    username: str,
    role: str,
    password: str,
    unit: Unit | None = None,
    check_password: bool = True,
) -> AbstractBaseUser:
    if role not in {r.value for r in Role}:
        raise ValidationError({"role": ERR_ROLE.format(role=role, allowed=", ".join(r.value for r in Role))})
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": ERR_EXISTS.format(username=username)})
    user = User(username=username)
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.set([Group.objects.get_or_create(name=role)[0]])
    if unit is not None:
        Membership.objects.create(user=user, unit=unit)
    audit_record(actor=actor, action="user.create", obj=user, fields=["username", "role", "password"])
    return user


@transaction.atomic
def user_create_initial(
    *, actor: AbstractBaseUser | None, username: str, role: str, unit: Unit | None = None
) -> tuple[AbstractBaseUser, str]:
    """`user_create` with a random initial password, returned once to be handed over; never stored."""
    password = initial_password()
    return user_create(actor=actor, username=username, role=role, password=password, unit=unit), password


def _role_name(user: AbstractBaseUser) -> str | None:
    names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
    return next((r.value for r in Role if r.value in names), None)


def _locked(user: AbstractBaseUser) -> AbstractBaseUser:
    return get_user_model().objects.select_for_update().get(pk=user.pk)


def _check_not_self(actor: AbstractBaseUser | None, user: AbstractBaseUser) -> None:
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(ERR_SELF)


def _check_other_admins(user: AbstractBaseUser) -> None:
    """Refuse to leave the installation without an active administrator."""
    if _role_name(user) != Role.ADMINISTRATOR or not user.is_active:
        return
    others = (
        get_user_model()
        .objects.select_for_update()
        .filter(is_active=True, groups__name=Role.ADMINISTRATOR)
        .exclude(pk=user.pk)
    )
    if not others.exists():
        raise ValidationError(ERR_LAST_ADMIN.format(username=user.get_username()))


@transaction.atomic
def user_role_set(*, actor: AbstractBaseUser | None, user: AbstractBaseUser, role: str) -> AbstractBaseUser:
    """Give `user` exactly one role instead of the one he had."""
    if role not in {r.value for r in Role}:
        raise ValidationError({"role": ERR_ROLE.format(role=role, allowed=", ".join(r.value for r in Role))})
    user = _locked(user)
    _check_not_self(actor, user)
    if role != Role.ADMINISTRATOR:
        _check_other_admins(user)
    user.groups.set([Group.objects.get_or_create(name=role)[0]])  # type: ignore[attr-defined]
    user.__dict__.pop(ROLE_CACHE, None)
    audit_record(actor=actor, action="user.role", obj=user, fields=["role"])
    return user


@transaction.atomic
def user_unit_set(
    *, actor: AbstractBaseUser | None, user: AbstractBaseUser, unit: Unit | None
) -> AbstractBaseUser:
    """Put `user` in `unit` (None: in none); a caseworker sees only his unit's persons."""
    user = _locked(user)
    Membership.objects.filter(user=user).delete()
    if unit is not None:
        Membership.objects.create(user=user, unit=unit)
    audit_record(actor=actor, action="user.unit", obj=user, fields=["unit"])
    return user


@transaction.atomic
def user_deactivate(*, actor: AbstractBaseUser | None, user: AbstractBaseUser) -> AbstractBaseUser:
    """Close an account: it can no longer sign in, and its open sessions stop at their next request."""
    user = _locked(user)
    _check_not_self(actor, user)
    _check_other_admins(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, action="user.deactivate", obj=user, fields=["is_active"])
    return user


@transaction.atomic
def user_reactivate(*, actor: AbstractBaseUser | None, user: AbstractBaseUser) -> AbstractBaseUser:
    user = _locked(user)
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, action="user.reactivate", obj=user, fields=["is_active"])
    return user


@transaction.atomic
def unit_create(*, actor: AbstractBaseUser | None, name: str) -> Unit:
    unit = Unit(name=_unit_name(name))
    unit.save()
    audit_record(actor=actor, action="unit.create", obj=unit, fields=["name"])
    return unit


@transaction.atomic
def unit_rename(*, actor: AbstractBaseUser | None, unit: Unit, name: str) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    unit.name = _unit_name(name, exclude=unit.pk)
    unit.save(update_fields=["name"])
    audit_record(actor=actor, action="unit.rename", obj=unit, fields=["name"])
    return unit


def _unit_name(name: str, exclude: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": ERR_UNIT_NAME})
    if len(name) > Unit._meta.get_field("name").max_length:
        Unit(name=name).full_clean()
    if Unit.objects.filter(name__iexact=name).exclude(pk=exclude).exists():
        raise ValidationError({"name": ERR_UNIT_EXISTS.format(name=name)})
    return name


@transaction.atomic
def mfa_reset_request(*, actor: AbstractBaseUser, user: AbstractBaseUser) -> MfaReset:
    """Ask for `user`'s second factors to go; nothing happens until a second administrator approves."""
    user = _locked(user)
    if not user.is_active:
        raise ValidationError(ERR_RESET_INACTIVE.format(username=user.get_username()))
    if MfaReset.objects.select_for_update().filter(user=user, approved_at__isnull=True).exists():
        raise ValidationError(ERR_RESET_PENDING.format(username=user.get_username()))
    reset = MfaReset.objects.create(user=user, requested_by=actor, requested_at=timezone.now())
    audit_record(actor=actor, action="user.mfa_reset.request", obj=user, fields=["mfa"])
    return reset


@transaction.atomic
def mfa_reset_approve(*, actor: AbstractBaseUser, reset: MfaReset) -> MfaReset:
    """The second administrator's approval: every factor and recovery code of the user is removed."""
    from allauth.mfa.models import Authenticator

    reset = MfaReset.objects.select_for_update().select_related("user").get(pk=reset.pk)
    if reset.approved_at is not None:
        raise ValidationError(ERR_RESET_DONE)
    if reset.requested_by_id == actor.pk:
        raise ValidationError(ERR_RESET_OWN)
    if not reset.user.is_active:
        raise ValidationError(ERR_RESET_INACTIVE.format(username=reset.user.get_username()))
    removed = Authenticator.objects.filter(user=reset.user)
    kinds = sorted(set(removed.values_list("type", flat=True)))
    removed.delete()
    reset.approved_by, reset.approved_at = actor, timezone.now()
    reset.save(update_fields=["approved_by", "approved_at"])
    audit_record(actor=actor, action="user.mfa_reset", obj=reset.user, fields=["mfa", *kinds])
    return reset


@transaction.atomic
def mfa_totp_enrol(*, actor: AbstractBaseUser | None, user: AbstractBaseUser) -> str:
    """Give `user` a TOTP factor and recovery codes (for scripted set-ups); returns the otpauth URI."""
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        raise ValidationError({"user": ERR_HAS_TOTP.format(username=user.get_username())})
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    audit_record(actor=actor, action="user.mfa_enrol", obj=user, fields=["totp", "recovery_codes"])
    return get_adapter().build_totp_url(user, secret)


@transaction.atomic
def user_language_set(*, actor: AbstractBaseUser, user: AbstractBaseUser, language: str) -> Preference:
    """Store the interface language `user` chose (one of settings.LANGUAGES), audited."""
    validate_language(language)
    preference, _created = Preference.objects.select_for_update().get_or_create(user=user)
    preference.language = language
    preference.full_clean()
    preference.save()
    audit_record(actor=actor, action="user.language", obj=preference, fields=["language"])
    return preference
