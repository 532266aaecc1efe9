"""The signed-in user's chosen language, applied to every request after LocaleMiddleware's guess."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from safepassage.accounts.selectors import user_language

# Session key: [user id, language code or ""]; read from the database once per signed-in session.
LANGUAGE_SESSION_KEY = "sp_language"


def remember_language(request: HttpRequest, code: str) -> None:
    """Keep the signed-in user's choice in the session so later requests need no query."""
    request.session[LANGUAGE_SESSION_KEY] = [str(request.user.pk), code]


class UserLanguageMiddleware:
    """After authentication: a user who chose a language sees it, whatever the browser asks for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            stored = request.session.get(LANGUAGE_SESSION_KEY)
            if not stored or stored[0] != str(user.pk):
                stored = [str(user.pk), user_language(user)]
                request.session[LANGUAGE_SESSION_KEY] = stored
            if stored[1]:
                translation.activate(stored[1])
                request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
