"""Sign-in, sign-out, the monitor's step-up and the language switch, each with its policy entry."""

from __future__ import annotations

import time
from typing import Any

from allauth.account import views as allauth_views
from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from safepassage.accounts.languages import validate_language
from safepassage.accounts.locale import remember_language
from safepassage.accounts.mfa import STEP_UP_AT
from safepassage.accounts.services import user_language_set
from safepassage.audit.services import audit_record
from safepassage.core.mixins import PolicyRequiredMixin


@method_decorator(login_not_required, name="dispatch")
class LoginView(allauth_views.LoginView):
    permission = "public"
    template_name = "account/login.html"


@method_decorator(login_not_required, name="dispatch")
class LogoutView(allauth_views.LogoutView):
    permission = "public"


@method_decorator(reauthentication_required(allow_get=True), name="dispatch")
class StepUpView(PolicyRequiredMixin, TemplateView):
    """A monitor re-enters the password, then sees identities for a few minutes; both are audited."""

    permission = "identity.step_up"
    template_name = "accounts/step_up.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        minutes = settings.SAFEPASSAGE_STEP_UP_SECONDS // 60
        return super().get_context_data(minutes=minutes, next=self._next(), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with transaction.atomic():
            audit_record(actor=request.user, action="identity.step_up", obj=request.user)
        request.session[STEP_UP_AT] = time.time()
        return redirect(self._next())

    def _next(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or "/"
        safe = url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure())
        return target if safe else "/"


@method_decorator(login_not_required, name="dispatch")
class LanguageView(View):
    """POST a language: signed in, it is stored on the user; always kept in the language cookie."""

    permission = "public"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        code = request.POST.get("language", "")
        try:
            if request.user.is_authenticated:
                user_language_set(actor=request.user, user=request.user, language=code)
                remember_language(request, code)
            else:
                validate_language(code)
        except ValidationError as exc:
            context = {"errors": exc.messages, "next": _safe_next(request)}
            return render(request, "accounts/language_error.html", context, status=400)
        translation.activate(code)
        response = redirect(_safe_next(request))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response


def _safe_next(request: HttpRequest) -> str:
    """The page to return to: `next` from the form when it is on this site, else the start page."""
    target = request.POST.get("next") or "/"
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if safe else "/"
