"""System checks with stable ids for misconfiguration that Django's own checks miss."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import models

from safepassage.core.fields import EncryptedMixin, row_key_of
from safepassage.crypto import KeyringError


@register(Tags.security)
def check_field_keyring(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from safepassage.core.keys import keyring

    try:
        keyring()
    except KeyringError as exc:
        return [Error(str(exc), hint="Run `safepassage init`.", id="safepassage.E001")]
    return []


@register(Tags.security)
def check_secret_key_strength(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if len(settings.SECRET_KEY) < 50 or len(set(settings.SECRET_KEY)) < 5:
        return [
            Error(
                "SECRET_KEY is shorter than 50 characters or too repetitive.",
                hint="Remove it and run `safepassage init`, or set a long random SAFEPASSAGE_SECRET_KEY.",
                id="safepassage.E002",
            )
        ]
    return []


@register(Tags.database)
def check_sqlite_durability(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("sqlite3"):
        return []
    init = db.get("OPTIONS", {}).get("init_command", "")
    if "journal_mode=WAL" not in init or "synchronous=FULL" not in init:
        return [
            Error(
                "SQLite must run in WAL mode with synchronous=FULL so committed records survive a crash.",
                id="safepassage.E003",
            )
        ]
    return []


@register(Tags.models)
def check_encrypted_fields_have_uuid_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Associated data binds ciphertext to its row id, which must exist before the first save."""
    errors: list[CheckMessage] = []
    for model in apps.get_models():
        sealed = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]
        key = row_key_of(model)
        field = model._meta.pk if key == "pk" else model._meta.get_field(key)
        # A one-to-one key (an index row of one interview) is the UUID of the row it points to.
        target = field.target_field if isinstance(field, models.OneToOneField) else field
        if sealed and not isinstance(target, models.UUIDField):
            errors.append(
                Error(
                    f"{model._meta.label} has encrypted fields but the key they are bound to "
                    "(its primary key, or its sealed_row_key) is not a UUID.",
                    obj=model,
                    id="safepassage.E004",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def check_production_mode(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.SAFEPASSAGE_ENV == "production" and settings.DEBUG:
        return [Error("SAFEPASSAGE_DEBUG is on in production.", id="safepassage.E005")]
    if settings.SAFEPASSAGE_ENV == "production" and not settings.SESSION_COOKIE_SECURE:
        return [Warning("Session cookies are not marked Secure in production.", id="safepassage.W001")]
    return []
