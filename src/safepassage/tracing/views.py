"""Family tracing pages: the requests, recording one, and one request's candidates and reply."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Value
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from safepassage.audit.reads import audit_request_read
from safepassage.core.mixins import PolicyRequiredMixin
from safepassage.core.pagination import paginate
from safepassage.core.policy import can
from safepassage.core.views import ServiceFormView
from safepassage.registry.querysets import person_scope
from safepassage.tracing import errors, forms, services
from safepassage.tracing.models import TracingMatch, TracingRequest


def _scoped_count(user: Any, relation: str) -> Any:
    """Count the related rows whose person `user` may see (a count may not tell of others)."""
    condition = person_scope(user, f"{relation}__person")
    if condition is None:
        return Value(0)
    return Count(relation, filter=condition) if condition else Count(relation)


class TracingListView(PolicyRequiredMixin, TemplateView):
    permission = "tracing.manage"
    template_name = "tracing/requests.html"
    page_size = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # GROUP BY drops Meta.ordering: order explicitly, or the pages could overlap.
        found = (
            TracingRequest.objects.for_user(self.request.user)
            .annotate(match_count=_scoped_count(self.request.user, "matches"))
            .order_by("-received_on", "reference")
        )
        requests = paginate(self.request, found, self.page_size)
        audit_request_read(self.request, what="tracing", listing="tracing.tracingrequest")
        return super().get_context_data(requests=requests["page"], **requests, **kwargs)


class TracingCreateView(ServiceFormView):
    permission = "tracing.manage"
    form_class = forms.TracingForm
    title = gettext_lazy("Record a family tracing request")

    def cancel_url(self) -> str:
        return reverse("tracing:requests")

    def perform(self, form: Any) -> Any:
        request = services.tracing_request_create(actor=self.request.user, **form.cleaned_data)
        services.tracing_match(actor=self.request.user, request=request)
        return request

    def success_url_for(self, result: Any) -> str:
        return reverse("tracing:request", args=[result.pk])


class TracingDetailView(PolicyRequiredMixin, TemplateView):
    permission = "tracing.manage"
    template_name = "tracing/request.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request = TracingRequest.objects.for_user(self.request.user).filter(pk=kwargs["pk"]).first()
        if request is None:
            raise Http404
        matches = list(
            TracingMatch.objects.for_user(self.request.user).filter(request=request).select_related("person")
        )
        audit_request_read(self.request, what="tracing", obj=request, fields=["matches", "reply"])
        return super().get_context_data(
            tracing_request=request,
            matches=matches,
            reply_form=forms.ReplyForm(),
            can_withhold=can(self.request.user, "tracing.withhold"),
            **kwargs,
        )

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        found = TracingRequest.objects.for_user(request.user).filter(pk=pk).first()
        if found is None:
            raise Http404
        try:
            if "match" in request.POST:
                match = (
                    TracingMatch.objects.for_user(request.user)
                    .filter(request=found, pk=request.POST["match"])
                    .first()
                )
                if match is None:
                    raise Http404
                services.tracing_match_decide(
                    actor=request.user, match=match, accept=request.POST.get("decision") == "accept"
                )
            else:
                form = forms.ReplyForm(request.POST)
                form.is_valid()
                withhold = bool(form.cleaned_data.get("withhold"))
                if withhold and not can(request.user, "tracing.withhold"):
                    raise ValidationError(errors.ERR_WITHHOLD_ROLE)
                services.tracing_reply(
                    actor=request.user,
                    request=found,
                    withhold=withhold,
                    reason=form.cleaned_data.get("reason", ""),
                )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        return redirect("tracing:request", pk=pk)
