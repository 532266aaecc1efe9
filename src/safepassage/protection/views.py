"""Protection pages: interviews, risk assessments with review, applications, positions, work list."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import TemplateView

from safepassage.audit.reads import audit_request_read
from safepassage.core.mixins import PolicyRequiredMixin
from safepassage.core.pagination import paginate
from safepassage.core.policy import can
from safepassage.protection import forms, selectors, services
from safepassage.protection.models import Application, RiskAssessment
from safepassage.protection.procedures import procedure
from safepassage.registry.selectors import person_or_404
from safepassage.registry.views import PersonFormView


class InterviewAddView(PersonFormView):
    permission = "protection.interview.record"
    form_class = forms.InterviewForm
    title = gettext_lazy("Record an interview")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user, "person": self.person}

    def perform(self, form: Any) -> Any:
        return services.interview_record(actor=self.request.user, person=self.person, **form.cleaned_data)


class RiskAddView(PersonFormView):
    permission = "protection.risk"
    form_class = forms.RiskAssessmentForm
    title = gettext_lazy("Start a risk assessment")

    def perform(self, form: Any) -> Any:
        return services.risk_assessment_create(
            actor=self.request.user, person=self.person, **form.cleaned_data
        )

    def success_url_for(self, result: Any) -> str:
        return reverse("protection:risk_detail", args=[self.person.pk, result.pk])


class _RiskView(PersonFormView):
    permission = "protection.risk"

    def setup_objects(self) -> None:
        super().setup_objects()
        found = RiskAssessment.objects.for_user(self.request.user).filter(person=self.person)
        self.assessment = found.filter(pk=self.kwargs["record"]).first()
        if self.assessment is None:
            raise Http404

    def success_url_for(self, result: Any) -> str:
        return reverse("protection:risk_detail", args=[self.person.pk, self.assessment.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        audit_request_read(
            self.request,
            what="protection",
            obj=self.assessment,
            person=self.person,
            fields=["risk_assessment"],
        )
        return super().get_context_data(assessment=self.assessment, **kwargs)


class RiskDetailView(_RiskView):
    """The assessment with its evidence; the form adds evidence while it is a draft."""

    template_name = "protection/risk_detail.html"
    form_class = forms.EvidenceForm
    title = gettext_lazy("Risk assessment")

    def perform(self, form: Any) -> Any:
        return services.evidence_add(actor=self.request.user, assessment=self.assessment, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        review = forms.ReviewForm() if self.assessment.status == "submitted" else None
        author = self.assessment.recorded_by_id == self.request.user.pk
        return super().get_context_data(review_form=review, is_author=author, **kwargs)


class RiskSubmitView(_RiskView):
    form_class = forms.forms.Form
    title = gettext_lazy("Submit for a second review")

    def perform(self, form: Any) -> Any:
        return services.risk_assessment_submit(actor=self.request.user, assessment=self.assessment)


class RiskReviewView(_RiskView):
    form_class = forms.ReviewForm
    title = gettext_lazy("Review a risk assessment")

    def perform(self, form: Any) -> Any:
        return services.risk_assessment_review(
            actor=self.request.user, assessment=self.assessment, **form.cleaned_data
        )


class ApplicationAddView(PersonFormView):
    permission = "protection.applications"
    form_class = forms.ApplicationForm
    title = gettext_lazy("Open an application")

    def perform(self, form: Any) -> Any:
        return services.application_open(actor=self.request.user, person=self.person, **form.cleaned_data)


class _ApplicationView(PersonFormView):
    permission = "protection.applications"

    def setup_objects(self) -> None:
        super().setup_objects()
        found = Application.objects.for_user(self.request.user).filter(person=self.person)
        self.application = found.filter(pk=self.kwargs["record"]).first()
        if self.application is None:
            raise Http404

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        audit_request_read(
            self.request, what="protection", obj=self.application, person=self.person, fields=["application"]
        )
        return super().get_context_data(**kwargs)


class ApplicationStepView(_ApplicationView):
    form_class = forms.StepForm
    title = gettext_lazy("Record a step of the procedure")

    def get_form_kwargs(self) -> dict[str, Any]:
        steps = [(s.key, gettext(s.label)) for s in procedure(self.application.procedure).steps]
        return {**super().get_form_kwargs(), "steps": steps}

    def perform(self, form: Any) -> Any:
        return services.application_step_record(
            actor=self.request.user, application=self.application, **form.cleaned_data
        )


class ApplicationDecideView(_ApplicationView):
    form_class = forms.DecideForm
    title = gettext_lazy("Record the decision")

    def perform(self, form: Any) -> Any:
        return services.application_decide(
            actor=self.request.user, application=self.application, **form.cleaned_data
        )


class CaseFactsView(PersonFormView):
    permission = "protection.facts.edit"
    form_class = forms.CaseFactsForm
    title = gettext_lazy("Legal facts")

    def get_form_kwargs(self) -> dict[str, Any]:
        from safepassage.protection.models import CaseFacts

        existing = CaseFacts.objects.for_user(self.request.user).filter(person=self.person).first()
        return {**super().get_form_kwargs(), "instance": existing}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        audit_request_read(
            self.request, what="protection", obj=self.person, person=self.person, fields=["case_facts"]
        )
        return super().get_context_data(**kwargs)

    def perform(self, form: Any) -> Any:
        return services.case_facts_set(actor=self.request.user, person=self.person, **form.cleaned_data)


class CasePositionAddView(PersonFormView):
    permission = "protection.positions.write"
    form_class = forms.StatePositionForm
    title = gettext_lazy("Record what a state or body said about this case")

    def perform(self, form: Any) -> Any:
        return services.state_position_add(
            actor=self.request.user, scope="case", person=self.person, **form.cleaned_data
        )


class CaseloadPositionAddView(PersonFormView):
    permission = "protection.positions.write"
    form_class = forms.StatePositionForm
    title = gettext_lazy("Record what a state or body said about the caseload")

    def setup_objects(self) -> None:
        self.person = None

    def perform(self, form: Any) -> Any:
        return services.state_position_add(actor=self.request.user, scope="caseload", **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return reverse("protection:positions")


class PositionListView(PolicyRequiredMixin, TemplateView):
    permission = "protection.positions"
    template_name = "protection/positions.html"
    page_size = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        positions = paginate(self.request, selectors.state_positions(user=self.request.user), self.page_size)
        audit_request_read(self.request, what="protection", listing="protection.stateposition")
        return super().get_context_data(
            positions=positions["page"],
            can_write_positions=can(self.request.user, "protection.positions.write"),
            **positions,
            **kwargs,
        )


class WorklistView(PolicyRequiredMixin, TemplateView):
    permission = "worklist"
    template_name = "protection/worklist.html"
    page_size = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        order = self.request.GET.get("sort", "due")
        order = order if order in selectors.WORKLIST_ORDERS else "due"
        rows = selectors.worklist(user=self.request.user, order=order)
        items = paginate(self.request, rows, self.page_size)
        audit_request_read(self.request, what="protection", listing="protection.worklist")
        return super().get_context_data(items=items["page"], order=order, **items, **kwargs)


class DeterminationHistoryView(PolicyRequiredMixin, TemplateView):
    permission = "protection.determination"
    template_name = "protection/determination_history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        person = person_or_404(self.request.user, kwargs["pk"])
        history = selectors.determination_history(user=self.request.user, person=person)
        audit_request_read(
            self.request, what="protection", obj=person, person=person, fields=["determination"]
        )
        return super().get_context_data(person=person, history=history, **kwargs)
