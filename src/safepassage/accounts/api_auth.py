"""API authentication: a browser session that completed the second factor, and nothing weaker.

Bearer tokens and HTTP Basic are not accepted: either would let a password or a copied secret alone
reach identities and wishes, bypassing the MFA every role must use (ASVS 6.3.3).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from safepassage.accounts.mfa import ERR_API, has_second_factor, session_used_mfa

REALM = 'Session realm="SafePassage", mfa="required"'


class MfaSessionAuthentication(SessionAuthentication):
    """Django's session, only when this session used a second factor the user still has."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        found = super().authenticate(request)
        if found is None:
            return None
        user = found[0]
        if not (session_used_mfa(request._request) and has_second_factor(user)):
            raise exceptions.AuthenticationFailed(ERR_API)
        return found

    def authenticate_header(self, request: Request) -> str:
        # A header makes DRF answer 401 (not 403) to a call that is not signed in.
        return REALM


class MfaSessionScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes it: the session cookie (of a session that used MFA)."""

    target_class = MfaSessionAuthentication
    name = "mfaSessionCookie"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "A session signed in with the password and a second factor.",
        }
