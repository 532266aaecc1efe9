"""Protection page URLs."""

from django.urls import path

from safepassage.protection import views

app_name = "protection"
P = "persons/<uuid:pk>/"

urlpatterns = [
    path("work/", views.WorklistView.as_view(), name="worklist"),
    path("positions/", views.PositionListView.as_view(), name="positions"),
    path("positions/new/", views.CaseloadPositionAddView.as_view(), name="position_add"),
    path(P + "positions/new/", views.CasePositionAddView.as_view(), name="case_position_add"),
    path(P + "interviews/new/", views.InterviewAddView.as_view(), name="interview_add"),
    path(P + "risk/new/", views.RiskAddView.as_view(), name="risk_add"),
    path(P + "risk/<uuid:record>/", views.RiskDetailView.as_view(), name="risk_detail"),
    path(P + "risk/<uuid:record>/submit/", views.RiskSubmitView.as_view(), name="risk_submit"),
    path(P + "risk/<uuid:record>/review/", views.RiskReviewView.as_view(), name="risk_review"),
    path(P + "applications/new/", views.ApplicationAddView.as_view(), name="application_add"),
    path(
        P + "applications/<uuid:record>/step/", views.ApplicationStepView.as_view(), name="application_step"
    ),
    path(
        P + "applications/<uuid:record>/decide/",
        views.ApplicationDecideView.as_view(),
        name="application_decide",
    ),
    path(P + "facts/", views.CaseFactsView.as_view(), name="case_facts"),
    path(P + "determinations/", views.DeterminationHistoryView.as_view(), name="determination_history"),
]
