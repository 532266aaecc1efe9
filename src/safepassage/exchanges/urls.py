"""Exchange and notification page URLs."""

from django.urls import path

from safepassage.exchanges import views

app_name = "exchanges"

urlpatterns = [
    path("exchanges/", views.RoundListView.as_view(), name="rounds"),
    path("exchanges/new/", views.RoundCreateView.as_view(), name="round_create"),
    path("exchanges/<uuid:pk>/", views.RoundDetailView.as_view(), name="round"),
    path("exchanges/<uuid:pk>/review/", views.ReviewView.as_view(), name="review"),
    path(
        "exchanges/<uuid:pk>/overrides/new/<uuid:person>/",
        views.OverrideRequestView.as_view(),
        name="override_request",
    ),
    path(
        "exchanges/<uuid:pk>/overrides/<uuid:override>/", views.OverrideDetailView.as_view(), name="override"
    ),
    path(
        "exchanges/<uuid:pk>/overrides/<uuid:override>/approve/",
        views.OverrideApproveView.as_view(),
        name="override_approve",
    ),
    path("exchanges/<uuid:pk>/manifest.<str:fmt>", views.ManifestView.as_view(), name="manifest"),
    path("exchanges/<uuid:pk>/<slug:action>/", views.RoundActionView.as_view(), name="round_action"),
    path("notifications/export.<str:fmt>", views.NotifyExportView.as_view(), name="notify_export"),
]
