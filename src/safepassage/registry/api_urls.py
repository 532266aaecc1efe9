"""Registry API URLs, under /api/v1/."""

from django.urls import path

from safepassage.registry import api

P = "persons/<uuid:pk>/"

urlpatterns = [
    path("persons/", api.PersonListApi.as_view(), name="api-persons"),
    path(P, api.PersonDetailApi.as_view(), name="api-person"),
    path(P + "names/", api.NameListApi.as_view(), name="api-names"),
    path(P + "names/<uuid:record>/", api.NameDetailApi.as_view(), name="api-name"),
    path(P + "nationality-claims/", api.NationalityListApi.as_view(), name="api-nationality-claims"),
    path(
        P + "nationality-claims/<uuid:record>/",
        api.NationalityDetailApi.as_view(),
        name="api-nationality-claim",
    ),
    path(P + "documents/", api.DocumentListApi.as_view(), name="api-documents"),
    path(P + "documents/<uuid:record>/", api.DocumentDetailApi.as_view(), name="api-document"),
    path(P + "documents/<uuid:record>/scans/", api.ScanListApi.as_view(), name="api-scans"),
    path(P + "service-records/", api.ServiceRecordListApi.as_view(), name="api-service-records"),
    path(
        P + "service-records/<uuid:record>/", api.ServiceRecordDetailApi.as_view(), name="api-service-record"
    ),
    path(P + "capture/", api.CaptureApi.as_view(), name="api-capture"),
    path(P + "custody-events/", api.CustodyListApi.as_view(), name="api-custody-events"),
    path(P + "custody-events/<uuid:record>/", api.CustodyDetailApi.as_view(), name="api-custody-event"),
]
