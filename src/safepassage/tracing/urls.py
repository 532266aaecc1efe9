"""Family tracing page URLs, mounted at /tracing/ (the paths they always had)."""

from django.urls import path

from safepassage.tracing import views

app_name = "tracing"

urlpatterns = [
    path("", views.TracingListView.as_view(), name="requests"),
    path("new/", views.TracingCreateView.as_view(), name="request_create"),
    path("<uuid:pk>/", views.TracingDetailView.as_view(), name="request"),
]
