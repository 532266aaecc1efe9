"""Possible duplicates for a legal officer: the list, the review side by side, merge, set apart, undo."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from safepassage.audit.services import audit_read
from safepassage.core.mixins import PolicyRequiredMixin
from safepassage.core.pagination import paginate
from safepassage.duplicates import selectors, services
from safepassage.duplicates.models import PairStatus
from safepassage.registry.selectors import primary_names

# What the review shows of both registrations; recorded as read for each.
REVIEW_SHOWN = ["names", "documents", "scans", "service_records", "nationality_claims", "capture", "custody"]
EVIDENCE_LABELS = {
    "name_evidence": gettext_lazy("Name"),
    "birth_date_evidence": gettext_lazy("Birth date"),
    "unit_evidence": gettext_lazy("Unit"),
    "name_similarity": gettext_lazy("Name similarity"),
}


def _messages_of(exc: ValidationError) -> str:
    return "; ".join(exc.messages)


class DuplicateListView(PolicyRequiredMixin, TemplateView):
    permission = "duplicates.review"
    template_name = "duplicates/list.html"
    page_size = 25

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        page = paginate(self.request, selectors.open_pairs(user=user), self.page_size)
        pairs = list(page["page"])
        persons = [p for pair in pairs for p in (pair.person_a, pair.person_b)]
        names = primary_names(persons, user)
        merges = selectors.recent_merges(user=user)
        with transaction.atomic():
            if persons:
                audit_read(actor=user, persons=persons, what="identity", fields=["names"])
        rows = [(pair, names.get(pair.person_a_id, []), names.get(pair.person_b_id, [])) for pair in pairs]
        return super().get_context_data(rows=rows, merges=merges, **page, **kwargs)


class PairReviewView(PolicyRequiredMixin, TemplateView):
    permission = "duplicates.review"
    template_name = "duplicates/review.html"

    def _pair(self) -> Any:
        pair = selectors.pair_or_none(user=self.request.user, pk=self.kwargs["pk"])
        if pair is None:
            raise Http404
        return pair

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        pair = self._pair()
        sides = [selectors.side(user=user, person=p) for p in (pair.person_a, pair.person_b)]
        with transaction.atomic():
            audit_read(
                actor=user, persons=[pair.person_a, pair.person_b], what="identity", fields=REVIEW_SHOWN
            )
        evidence = [(EVIDENCE_LABELS.get(k, k), v) for k, v in pair.reasons.items()]
        merge = pair.merges.filter(undone_at__isnull=True).select_related("survivor", "merged").first()
        return super().get_context_data(
            pair=pair,
            sides=sides,
            evidence=evidence,
            merge=merge,
            is_open=pair.status == PairStatus.OPEN,
            **kwargs,
        )

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        pair = self._pair()
        decision = request.POST.get("decision")
        try:
            if decision == "merge":
                merge = services.persons_merge(
                    actor=request.user, pair=pair, survivor_id=request.POST.get("survivor", "")
                )
                messages.success(
                    request,
                    _("%(old)s was merged into %(new)s.")
                    % {"old": merge.merged.case_number, "new": merge.survivor.case_number},
                )
                return redirect("registry:person_detail", merge.survivor_id)
            if decision == "not_same":
                services.pair_set_apart(actor=request.user, pair=pair)
                messages.success(
                    request, _("Marked as not the same man: this pair will not be proposed again.")
                )
                return redirect("duplicates:list")
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
        return redirect("duplicates:review", pk=pair.pk)


class MergeUndoView(PolicyRequiredMixin, View):
    permission = "duplicates.review"

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        merge = selectors.merge_or_none(user=request.user, pk=pk)
        if merge is None:
            raise Http404
        try:
            services.merge_undo(actor=request.user, merge=merge)
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
            return redirect("duplicates:list")
        messages.success(
            request,
            _("The merge of %(old)s into %(new)s was undone: both registrations are as they were.")
            % {"old": merge.merged.case_number, "new": merge.survivor.case_number},
        )
        return redirect("duplicates:review", pk=merge.pair_id)
