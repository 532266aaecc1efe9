"""Report URLs."""

from django.urls import path

from safepassage.reports import views

app_name = "reports"

urlpatterns = [
    path("persons/<uuid:pk>/case-file.pdf", views.CaseFileView.as_view(), name="case_file"),
]
