"""ISO 3166-1 alpha-2 codes and their names in the user's language, from CLDR via Babel."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# CLDR territory codes that are groupings or pseudo-regions, not states.
_NOT_STATES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
ERR_COUNTRY = _("%(value)s is not an ISO 3166 alpha-2 country code (for example UA, KP, KR, RU).")


@lru_cache(maxsize=8)
def country_names(language: str = "en") -> dict[str, str]:
    locale = Locale.parse((language or "en").replace("-", "_"))
    return {
        code: name
        for code, name in sorted(locale.territories.items())
        if len(code) == 2 and code.isalpha() and code not in _NOT_STATES
    }


COUNTRY_CODES = frozenset(country_names("en"))


def country_name(code: str) -> str:
    return country_names(get_language() or "en").get(code, code)


def country_choices() -> list[tuple[str, str]]:
    names = country_names(get_language() or "en")
    return sorted(names.items(), key=lambda item: item[1])


def validate_country(value: str) -> None:
    if value not in COUNTRY_CODES:
        raise ValidationError(ERR_COUNTRY, code="country", params={"value": value})
