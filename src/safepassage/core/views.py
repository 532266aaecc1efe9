"""Health endpoint (200 when the database answers) and the start page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView, TemplateView

from safepassage.accounts.mixins import PolicyRequiredMixin
from safepassage.accounts.policy import can


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
        from django.urls import reverse

        if can(self.request.user, "person.list"):
            return reverse("registry:person_list")
        return reverse("role_home")


class RoleHomeView(PolicyRequiredMixin, TemplateView):
    """The start page of roles that have no case list (negotiator, auditor, administrator)."""

    permission = "home"
    template_name = "core/role_home.html"
