"""Handover page URLs: ask for and approve a handover, download its dossier, import one received."""

from django.urls import path

from safepassage.handover import views

app_name = "handover"

urlpatterns = [
    path("persons/<uuid:pk>/handover/", views.ExportRequestView.as_view(), name="export_request"),
    path("handovers/", views.ExportListView.as_view(), name="exports"),
    path("handovers/<uuid:pk>/", views.ExportDetailView.as_view(), name="export"),
    path("handovers/<uuid:pk>/approve/", views.ExportApproveView.as_view(), name="export_approve"),
    path("handovers/<uuid:pk>/dossier.json", views.ExportDownloadView.as_view(), name="export_download"),
    path("handovers/import/", views.ImportUploadView.as_view(), name="import"),
    path("handovers/import/<str:token>/", views.ImportPreviewView.as_view(), name="import_preview"),
]
