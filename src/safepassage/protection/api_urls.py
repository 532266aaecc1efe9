"""Protection API URLs, under /api/v1/."""

from django.urls import path

from safepassage.protection import api

P = "persons/<uuid:pk>/"
R = P + "risk-assessments/<uuid:record>/"
A = P + "applications/<uuid:record>/"

urlpatterns = [
    path(P + "interviews/", api.InterviewListApi.as_view(), name="api-interviews"),
    path(P + "risk-assessments/", api.RiskListApi.as_view(), name="api-risk-assessments"),
    path(R + "evidence/", api.RiskEvidenceApi.as_view(), name="api-risk-evidence"),
    path(R + "submit/", api.RiskSubmitApi.as_view(), name="api-risk-submit"),
    path(R + "review/", api.RiskReviewApi.as_view(), name="api-risk-review"),
    path(P + "applications/", api.ApplicationListApi.as_view(), name="api-applications"),
    path(A + "steps/", api.ApplicationStepApi.as_view(), name="api-application-steps"),
    path(A + "decide/", api.ApplicationDecideApi.as_view(), name="api-application-decide"),
    path(P + "determination/", api.DeterminationApi.as_view(), name="api-determination"),
    path("state-positions/", api.StatePositionListApi.as_view(), name="api-state-positions"),
]
