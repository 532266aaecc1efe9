"""MFA for every role: a signed-in user without a second factor can reach only the MFA set-up pages."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext, gettext_noop

# Pages a user may reach before the second factor is set up and used in this session.
OPEN_WITHOUT_MFA = frozenset(
    {
        "logout",
        "account_logout",
        "account_reauthenticate",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "healthz",
    }
)
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# Where a user object loaded for a request keeps whether he has a second factor (accounts.backends).
SECOND_FACTOR_CACHE = "_safepassage_second_factor"
STEP_UP_AT = "sp_step_up_at"
ERR_API = gettext_noop(
    "Multi-factor authentication is required: set it up and sign in with it in the browser."
)


def has_second_factor(user: Any) -> bool:
    """Whether the user has a TOTP or WebAuthn factor: as loaded with him for this request, if so."""
    cached = getattr(user, SECOND_FACTOR_CACHE, None)
    if cached is not None:
        return bool(cached)
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def session_used_mfa(request: HttpRequest) -> bool:
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, request.user))


def stepped_up(request: HttpRequest) -> bool:
    at = request.session.get(STEP_UP_AT)
    return at is not None and time.time() - float(at) <= settings.SAFEPASSAGE_STEP_UP_SECONDS


def factor_setup(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Activating a factor proves it (a valid code or a signed challenge): this session used MFA."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        before = set(_factor_ids(request.user))
        response = view(request, *args, **kwargs)
        added = [pk for pk in _factor_ids(request.user) if pk not in before]
        if added and request.method == "POST":
            record_authentication(request, request.user, "mfa", id=added[-1])
        return response

    return wrapper


def _factor_ids(user: Any) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).values_list("pk", flat=True))


class MfaRequiredMiddleware:
    """After authentication: no second factor, or a session that did not use it, reaches nothing else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.path.startswith("/static/"):
            if not (session_used_mfa(request) and has_second_factor(user)) and not self._open(request):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": gettext(ERR_API)}, status=403)
                if has_second_factor(user):
                    # A session that skipped the factor the user has: sign in again, properly.
                    logout(request)
                    return redirect_to_login(request.get_full_path())
                return redirect("mfa_activate_totp")
            user._safepassage_stepped_up = stepped_up(request)  # type: ignore[union-attr]
        return self.get_response(request)

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        try:
            return resolve(request.path_info).url_name in OPEN_WITHOUT_MFA
        except Resolver404:
            return False
