"""Session limits: signed out after a spell of inactivity, and in any case some hours after sign-in."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

AUTH_AT, SEEN_AT = "sp_auth_at", "sp_seen_at"
MSG_IDLE = gettext_noop("You were signed out after {minutes} minutes without activity. Please sign in again.")
# The last-seen time is written back only when it has moved by this much: the idle limit is minutes
# long, and writing the session on every request would make every page view a database write (on
# SQLite, a turn at the single writer's lock for each click).
SEEN_RESOLUTION_SECONDS = 30
MSG_ABSOLUTE = gettext_noop("Your session reached its limit of {hours} hours. Please sign in again.")


class SessionTimeoutMiddleware:
    """Runs after authentication: an expired session is ended before any view sees the user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            auth_at = session.setdefault(AUTH_AT, now)
            seen_at = session.get(SEEN_AT, now)
            if now - auth_at > settings.SESSION_COOKIE_AGE:
                self._end(request, _(MSG_ABSOLUTE).format(hours=settings.SESSION_COOKIE_AGE // 3600))
            elif now - seen_at > settings.SAFEPASSAGE_IDLE_SECONDS:
                self._end(request, _(MSG_IDLE).format(minutes=settings.SAFEPASSAGE_IDLE_SECONDS // 60))
            elif now - seen_at >= SEEN_RESOLUTION_SECONDS or SEEN_AT not in session:
                session[SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def _end(request: HttpRequest, message: str) -> None:
        logout(request)
        messages.info(request, message)
