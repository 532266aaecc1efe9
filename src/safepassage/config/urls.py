"""URL map: pages, the REST API under /api/v1/, health."""

from django.urls import include, path

from safepassage.core import errors
from safepassage.core.api import SchemaDocsView, SchemaView
from safepassage.core.views import HomeView, RoleHomeView, healthz

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("start/", RoleHomeView.as_view(), name="role_home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("safepassage.accounts.urls")),
    path("persons/", include("safepassage.registry.urls")),
    path("", include("safepassage.protection.urls")),
    path("", include("safepassage.exchanges.urls")),
    path("tracing/", include("safepassage.tracing.urls")),
    path("", include("safepassage.reports.urls")),
    path("", include("safepassage.handover.urls")),
    path("dashboard/", include("safepassage.dashboard.urls")),
    path("duplicates/", include("safepassage.duplicates.urls")),
    path("audit/", include("safepassage.audit.urls")),
    path("api/v1/", include("safepassage.registry.api_urls")),
    path("api/v1/", include("safepassage.protection.api_urls")),
    path("api/v1/schema/", SchemaView.as_view(), name="schema"),
    path("api/v1/docs/", SchemaDocsView.as_view(url_name="schema"), name="api-docs"),
]

# The error pages keep the site's layout, navigation and language switch (core.errors).
handler403 = errors.forbidden
handler404 = errors.not_found
handler500 = errors.server_error
