"""Auditor pages: the trail filtered and exported, the state of the chain, and signing a checkpoint."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from safepassage.audit import export
from safepassage.audit.checkpoints import checkpoint_sign, verify_checkpoints
from safepassage.audit.forms import TrailFilterForm
from safepassage.audit.models import AuditCheckpoint
from safepassage.audit.selectors import TrailFilter, trail
from safepassage.audit.services import audit_record
from safepassage.audit.verify import verify_chain
from safepassage.audit.witness import export_to_witness, verify_against_witness, witness_dir
from safepassage.core.mixins import PolicyRequiredMixin
from safepassage.core.pagination import paginate
from safepassage.core.rls import context_for, database_context
from safepassage.crypto.signing import SigningKeyError

EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


class EventListView(PolicyRequiredMixin, TemplateView):
    """Newest first, filtered; events hold field names and pseudonymous ids, never values."""

    permission = "audit.view"
    template_name = "audit/event_list.html"
    page_size = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = TrailFilterForm(self.request.GET or None)
        if form.is_bound and not form.is_valid():
            # A filter that cannot be applied shows nothing rather than the whole trail.
            return super().get_context_data(form=form, page=None, **kwargs)
        chosen = form.trail_filter() if form.is_bound else TrailFilter()
        listing = paginate(self.request, trail(chosen), self.page_size)
        return super().get_context_data(form=form, filtered=bool(chosen.as_fields()), **listing, **kwargs)


class ExportView(PolicyRequiredMixin, View):
    """The filtered events as CSV or JSON; the export is an event itself, recorded before the file."""

    permission = "audit.export"

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if fmt not in EXPORT_TYPES:
            raise Http404
        form = TrailFilterForm(request.GET)
        if not form.is_valid():
            return render(request, "audit/event_list.html", {"form": form, "page": None}, status=400)
        chosen = form.trail_filter()
        with transaction.atomic():
            event = audit_record(
                actor=request.user,
                action="audit.export",
                object_ref=("audit.auditevent", "*"),
                fields=[*chosen.as_fields(), fmt],
            )
        # Everything up to the export's own event: a file of one cut of the chain, however it grows.
        events = trail(chosen, up_to=event.seq - 1)
        if fmt == "csv":
            chunks = export.csv_lines(events)
        else:
            filters = {k: str(v) for k, v in chosen.__dict__.items() if v}
            chunks = export.json_chunks(events, filters=filters, up_to=event.seq - 1)
        response = StreamingHttpResponse(_in_context(request.user, chunks), content_type=EXPORT_TYPES[fmt])
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="audit-events-{stamp}.{fmt}"'
        return response


def _in_context(user: Any, chunks: Iterator[str]) -> Iterator[str]:
    """The file is written after the view returns: its reads keep the user's database context."""
    with database_context(context_for(user), user=user):
        yield from chunks


class VerifyView(PolicyRequiredMixin, TemplateView):
    """The state of the chain and its checkpoints: no event's content, so administrators may see it."""

    permission = "audit.verify"
    template_name = "audit/verify.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        try:
            checkpoints = verify_checkpoints()
        except SigningKeyError as exc:
            checkpoints = None
            key_error = str(exc)
        else:
            key_error = ""
        witness, witness_error, directory = None, "", witness_dir()
        if directory is not None and not key_error:
            try:
                witness = verify_against_witness(directory)
            except FileNotFoundError as exc:
                witness_error = str(exc)
        return super().get_context_data(
            chain=verify_chain(),
            checkpoints=checkpoints,
            key_error=key_error,
            witness=witness,
            witness_error=witness_error,
            latest=AuditCheckpoint.objects.order_by("-size").first(),
            **kwargs,
        )


class CheckpointView(PolicyRequiredMixin, View):
    """Sign the chain as it stands, as `safepassage audit checkpoint` does, and show what was signed.

    A GET (the page opened again, or in another language from the language switch) shows the
    latest signed checkpoint and signs nothing.
    """

    permission = "audit.checkpoint"
    http_method_names = ["get", "post"]

    def get(self, request: HttpRequest) -> HttpResponse:
        latest = AuditCheckpoint.objects.order_by("-size").first()
        return render(request, "audit/checkpoint.html", {"checkpoint": latest, "latest_only": True})

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            checkpoint = checkpoint_sign(actor=request.user)
        except SigningKeyError as exc:
            return render(request, "audit/checkpoint.html", {"key_error": str(exc)}, status=503)
        copied = export_to_witness()
        context = {"checkpoint": checkpoint, "copied": copied, "witness_dir": witness_dir()}
        return render(request, "audit/checkpoint.html", context)
