"""Account writes: creating users with exactly one role, audited."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from safepassage.accounts.languages import validate_language
from safepassage.accounts.models import Membership, Preference, Unit
from safepassage.audit.services import audit_record
from safepassage.core.roles import Role

ERR_ROLE = "Unknown role {role!r}: use one of {allowed}."
ERR_EXISTS = "A user named {username!r} already exists."
ERR_HAS_TOTP = "{username} already has an authenticator app; remove it on their MFA page first."


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
