"""Registry page URLs."""

from django.urls import path

from safepassage.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("new/", views.PersonCreateView.as_view(), name="person_create"),
    path("register/", views.PersonRegisterView.as_view(), name="person_register"),
    path("<uuid:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("<uuid:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("<uuid:pk>/names/new/", views.NameAddView.as_view(), name="name_add"),
    path("<uuid:pk>/names/<uuid:record>/edit/", views.NameEditView.as_view(), name="name_edit"),
    path("<uuid:pk>/nationality/new/", views.NationalityAddView.as_view(), name="nationality_add"),
    path(
        "<uuid:pk>/nationality/<uuid:record>/edit/",
        views.NationalityEditView.as_view(),
        name="nationality_edit",
    ),
    path("<uuid:pk>/documents/new/", views.DocumentAddView.as_view(), name="document_add"),
    path("<uuid:pk>/documents/<uuid:record>/edit/", views.DocumentEditView.as_view(), name="document_edit"),
    path("<uuid:pk>/documents/<uuid:record>/scans/new/", views.ScanAddView.as_view(), name="scan_add"),
    path("<uuid:pk>/scans/<uuid:record>/", views.ScanDownloadView.as_view(), name="scan_download"),
    path("<uuid:pk>/service/new/", views.ServiceRecordAddView.as_view(), name="service_add"),
    path("<uuid:pk>/service/<uuid:record>/edit/", views.ServiceRecordEditView.as_view(), name="service_edit"),
    path("<uuid:pk>/capture/", views.CaptureView.as_view(), name="capture"),
    path("<uuid:pk>/custody/new/", views.CustodyAddView.as_view(), name="custody_add"),
    path("<uuid:pk>/custody/<uuid:record>/edit/", views.CustodyEditView.as_view(), name="custody_edit"),
]
