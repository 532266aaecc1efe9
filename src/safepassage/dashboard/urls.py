"""Dashboard URLs."""

from django.urls import path

from safepassage.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="overview"),
    path("figures.<str:fmt>", views.FiguresExportView.as_view(), name="figures"),
]
