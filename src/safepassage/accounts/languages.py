"""Interface languages: which codes are offered, and the check that a chosen one is among them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ERR_LANGUAGE = _("Unknown language %(code)s: choose one of %(allowed)s.")


def language_codes() -> list[str]:
    """The codes of settings.LANGUAGES, in the order the selector shows them."""
    return [code for code, _name in settings.LANGUAGES]


def validate_language(code: str) -> str:
    """`code` if it is an offered language; otherwise a ValidationError naming it and the choices."""
    if code not in language_codes():
        params = {"code": repr(code)[:40], "allowed": ", ".join(language_codes())}
        raise ValidationError({"language": ValidationError(ERR_LANGUAGE, params=params)})
    return code
