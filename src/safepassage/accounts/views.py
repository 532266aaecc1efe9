"""Sign-in (django-allauth), sign-out and the monitor's step-up, each declaring its policy entry."""

from __future__ import annotations

import time
from typing import Any

from allauth.account import views as allauth_views
from allauth.account.decorators import reauthentication_required
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView

from safepassage.accounts.mfa import STEP_UP_AT
from safepassage.accounts.mixins import PolicyRequiredMixin
from safepassage.audit.services import audit_record


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
        from django.conf import settings

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
