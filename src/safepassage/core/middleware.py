"""Middleware: no caching of personal data; each request's database context follows its user."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from safepassage.core.rls import context_for, database_context


class NoStoreMiddleware:
    """Every dynamic response gets `Cache-Control: no-store`; static assets keep their own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class DatabaseContextMiddleware:
    """On PostgreSQL, the request's queries run in the user's role context (core.rls), then it is reset.

    After authentication and MFA: a user who has not completed MFA never gets past those anyway.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if connection.vendor != "postgresql" or request.path.startswith("/static/"):
            return self.get_response(request)
        session = getattr(request, "session", None)
        key = (getattr(session, "session_key", None) or "") if session is not None else ""
        with database_context(context_for(request.user), user=request.user, session_key=key):
            return self.get_response(request)
