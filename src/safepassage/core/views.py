"""Health endpoint (200 when the database answers), the start page, and the base of every form page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import FormView, RedirectView, TemplateView

from safepassage.core.mixins import PolicyRequiredMixin
from safepassage.core.policy import can


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


healthz.permission = "public"  # type: ignore[attr-defined]


class HomeView(PolicyRequiredMixin, RedirectView):
    """Sends each role to the first page it may use."""

    permission = "home"

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        if can(self.request.user, "person.list"):
            return reverse("registry:person_list")
        return reverse("role_home")


class RoleHomeView(PolicyRequiredMixin, TemplateView):
    """The start page of roles that have no case list (negotiator, auditor, administrator)."""

    permission = "home"
    template_name = "core/role_home.html"


class ServiceFormView(PolicyRequiredMixin, FormView):
    """A form whose valid input goes to one service; its ValidationError lands on the form.

    Each subclass defines `perform(form)`, the one service call the form feeds, and
    `success_url_for(result)`, where the user goes once it succeeded.
    """

    template_name = "core/record_form.html"
    title: Any = ""
    perform: Any
    success_url_for: Any

    def setup_objects(self) -> None:
        """Load what the page is about (a subclass reads it from the URL, scoped to the user)."""

    def crumb(self) -> tuple[str, str] | None:
        """The (url, label) of the page this form belongs to, shown above its title."""
        return None

    def cancel_url(self) -> str:
        return reverse("home")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.request, self.kwargs = request, kwargs
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_objects()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_objects()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            result = self.perform(form)
        except ValidationError as exc:
            attach_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.success_url_for(result))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {"title": self.title, "crumb": self.crumb(), "cancel_url": self.cancel_url()}
        return super().get_context_data(**{**context, **kwargs})


def attach_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(exc, "error_dict"):
        for field, errs in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc)
