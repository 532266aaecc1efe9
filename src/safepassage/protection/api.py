"""Protection REST API: interviews, risk assessments, applications, positions, the determination."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from safepassage import law
from safepassage.audit.reads import audit_request_read
from safepassage.core.api import PolicyApiView, call_service
from safepassage.protection import selectors, services
from safepassage.protection import serializers as s
from safepassage.protection.facts import derive_facts
from safepassage.protection.models import Application, Interview, RiskAssessment, StatePosition
from safepassage.registry.selectors import person_or_404


class InterviewListApi(PolicyApiView):
    """List a person's interviews, or record one (only a neutral monitor may mark it verified)."""

    permission_read = "protection.interviews"
    permission_write = "protection.interview.record"
    serializer_class = s.InterviewOut

    @extend_schema(responses=s.InterviewOut(many=True))
    def get(self, request: Request, pk: Any) -> Response:
        person = person_or_404(request.user, pk)
        page = self.paginate_queryset(Interview.objects.for_user(request.user).filter(person=person))
        audit_request_read(request, what="protection", obj=person, person=person, fields=["interviews"])
        return self.get_paginated_response(s.InterviewOut(page, many=True).data)

    @extend_schema(request=s.InterviewIn, responses={201: s.InterviewOut})
    def post(self, request: Request, pk: Any) -> Response:
        person = person_or_404(request.user, pk)
        data = s.InterviewIn(data=request.data)
        data.is_valid(raise_exception=True)
        interview = call_service(
            services.interview_record, actor=request.user, person=person, **data.validated_data
        )
        return Response(s.InterviewOut(interview).data, status=status.HTTP_201_CREATED)


class RiskListApi(PolicyApiView):
    """List a person's risk assessments, or start one as a draft."""

    permission_read = "protection.risk"
    permission_write = "protection.risk"
    serializer_class = s.RiskAssessmentOut

    @extend_schema(responses=s.RiskAssessmentOut(many=True))
    def get(self, request: Request, pk: Any) -> Response:
        person = person_or_404(request.user, pk)
        page = self.paginate_queryset(selectors.risk_assessments(user=request.user, person=person))
        audit_request_read(request, what="protection", obj=person, person=person, fields=["risk_assessments"])
        return self.get_paginated_response(s.RiskAssessmentOut(page, many=True).data)

    @extend_schema(request=s.RiskAssessmentIn, responses={201: s.RiskAssessmentOut})
    def post(self, request: Request, pk: Any) -> Response:
        person = person_or_404(request.user, pk)
        data = s.RiskAssessmentIn(data=request.data)
        data.is_valid(raise_exception=True)
        made = call_service(
            services.risk_assessment_create, actor=request.user, person=person, **data.validated_data
        )
        return Response(s.RiskAssessmentOut(made).data, status=status.HTTP_201_CREATED)


class _RiskActionApi(PolicyApiView):
    permission_read = "protection.risk"
    permission_write = "protection.risk"
    serializer_class = s.RiskAssessmentOut

    def assessment(self, request: Request, pk: Any, record: Any) -> RiskAssessment:
        person = person_or_404(request.user, pk)
        found = RiskAssessment.objects.for_user(request.user).filter(person=person, pk=record).first()
        if found is None:
            raise Http404
        return found


class RiskEvidenceApi(_RiskActionApi):
    """Add a piece of evidence to a draft risk assessment."""

    @extend_schema(request=s.EvidenceIn, responses={201: s.EvidenceOut})
    def post(self, request: Request, pk: Any, record: Any) -> Response:
        assessment = self.assessment(request, pk, record)
        data = s.EvidenceIn(data=request.data)
        data.is_valid(raise_exception=True)
        item = call_service(
            services.evidence_add, actor=request.user, assessment=assessment, **data.validated_data
        )
        return Response(s.EvidenceOut(item).data, status=status.HTTP_201_CREATED)


class RiskSubmitApi(_RiskActionApi):
    """Submit a risk assessment for review by a second legal officer."""

    @extend_schema(request=None, responses=s.RiskAssessmentOut)
    def post(self, request: Request, pk: Any, record: Any) -> Response:
        assessment = self.assessment(request, pk, record)
        done = call_service(services.risk_assessment_submit, actor=request.user, assessment=assessment)
        return Response(s.RiskAssessmentOut(done).data)


class RiskReviewApi(_RiskActionApi):
    """Approve a submitted risk assessment or return it to its author (a different legal officer)."""

    @extend_schema(request=s.ReviewIn, responses=s.RiskAssessmentOut)
    def post(self, request: Request, pk: Any, record: Any) -> Response:
        assessment = self.assessment(request, pk, record)
        data = s.ReviewIn(data=request.data)
        data.is_valid(raise_exception=True)
        done = call_service(
            services.risk_assessment_review, actor=request.user, assessment=assessment, **data.validated_data
        )
        return Response(s.RiskAssessmentOut(done).data)


class ApplicationListApi(PolicyApiView):
    """List a person's protection and asylum applications, or open one."""

    permission_read = "protection.applications"
    permission_write = "protection.applications"
    serializer_class = s.ApplicationOut

    @extend_schema(responses=s.ApplicationOut(many=True))
    def get(self, request: Request, pk: Any) -> Response:
        person = person_or_404(request.user, pk)
        rows = selectors.application_rows(user=request.user, person=person)
        audit_request_read(request, what="protection", obj=person, person=person, fields=["applications"])
        context = {"next": {row.application.pk: row.next for row in rows}}
        return Response(s.ApplicationOut([r.application for r in rows], many=True, context=context).data)

    @extend_schema(request=s.ApplicationIn, responses={201: s.ApplicationOut})
    def post(self, request: Request, pk: Any) -> Response:
        person = person_or_404(request.user, pk)
        data = s.ApplicationIn(data=request.data)
        data.is_valid(raise_exception=True)
        made = call_service(
            services.application_open, actor=request.user, person=person, **data.validated_data
        )
        return Response(s.ApplicationOut(made).data, status=status.HTTP_201_CREATED)


class _ApplicationActionApi(PolicyApiView):
    permission_read = "protection.applications"
    permission_write = "protection.applications"
    serializer_class = s.ApplicationOut

    def application(self, request: Request, pk: Any, record: Any) -> Application:
        person = person_or_404(request.user, pk)
        found = Application.objects.for_user(request.user).filter(person=person, pk=record).first()
        if found is None:
            raise Http404
        return found


class ApplicationStepApi(_ApplicationActionApi):
    """Record the next procedural step of an application; its deadline follows from the rules."""

    @extend_schema(request=s.StepIn, responses={201: s.ApplicationOut})
    def post(self, request: Request, pk: Any, record: Any) -> Response:
        application = self.application(request, pk, record)
        data = s.StepIn(data=request.data)
        data.is_valid(raise_exception=True)
        call_service(
            services.application_step_record,
            actor=request.user,
            application=application,
            **data.validated_data,
        )
        return Response(s.ApplicationOut(application).data, status=status.HTTP_201_CREATED)


class ApplicationDecideApi(_ApplicationActionApi):
    """Record the decision on an application."""

    @extend_schema(request=s.DecideIn, responses=s.ApplicationOut)
    def post(self, request: Request, pk: Any, record: Any) -> Response:
        application = self.application(request, pk, record)
        data = s.DecideIn(data=request.data)
        data.is_valid(raise_exception=True)
        done = call_service(
            services.application_decide, actor=request.user, application=application, **data.validated_data
        )
        return Response(s.ApplicationOut(done).data)


class DeterminationApi(PolicyApiView):
    """The determination on the recorded facts: the same JSON as `safepassage assess`."""

    permission_read = "protection.determination"

    @extend_schema(
        parameters=[OpenApiParameter("position", str, enum=list(law.POSITIONS), required=False)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, pk: Any) -> Response:
        person = person_or_404(request.user, pk)
        position = request.query_params.get("position", "icrc_2020")
        if position not in law.POSITIONS:
            return Response({"position": [f"Use one of {', '.join(law.POSITIONS)}."]}, status=400)
        facts = derive_facts(person, timezone.localdate()).facts
        audit_request_read(request, what="protection", obj=person, person=person, fields=["determination"])
        return Response(law.assess(facts, position=position))


class StatePositionListApi(PolicyApiView):
    """List what states and bodies said, dated, or record a statement (on the caseload or one person)."""

    permission_read = "protection.positions"
    permission_write = "protection.positions.write"
    serializer_class = s.StatePositionOut

    def get_queryset(self) -> Any:
        return StatePosition.objects.for_user(self.request.user).order_by("-stated_on")

    @extend_schema(responses=s.StatePositionOut(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        audit_request_read(request, what="protection", listing="protection.stateposition")
        return self.get_paginated_response(s.StatePositionOut(page, many=True).data)

    @extend_schema(request=s.StatePositionIn, responses={201: s.StatePositionOut})
    def post(self, request: Request) -> Response:
        data = s.StatePositionIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = values.pop("person", None)
        if person is not None:
            person = person_or_404(request.user, person.pk)
        made = call_service(services.state_position_add, actor=request.user, person=person, **values)
        return Response(s.StatePositionOut(made).data, status=status.HTTP_201_CREATED)
