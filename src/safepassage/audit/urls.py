"""Audit pages for auditors (and the verification page for administrators too)."""

from django.urls import path

from safepassage.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("export/<str:fmt>/", views.ExportView.as_view(), name="export"),
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("checkpoint/", views.CheckpointView.as_view(), name="checkpoint"),
]
