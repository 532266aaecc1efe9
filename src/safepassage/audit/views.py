"""Auditor pages: the most recent events and the state of the chain and its checkpoints."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from safepassage.audit.checkpoints import verify_checkpoints
from safepassage.audit.models import AuditCheckpoint, AuditEvent
from safepassage.audit.verify import verify_chain
from safepassage.audit.witness import verify_against_witness, witness_dir
from safepassage.core.mixins import PolicyRequiredMixin
from safepassage.crypto.signing import SigningKeyError


class EventListView(PolicyRequiredMixin, TemplateView):
    """Newest first; events hold field names and pseudonymous ids, never values."""

    permission = "audit.view"
    template_name = "audit/event_list.html"
    page_size = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        events = AuditEvent.objects.order_by("-seq")
        page = Paginator(events, self.page_size).get_page(self.request.GET.get("page"))
        return super().get_context_data(page=page, **kwargs)


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
