"""Audit pages for auditors."""

from django.urls import path

from safepassage.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("verify/", views.VerifyView.as_view(), name="verify"),
]
