"""Handover pages: an officer asks, a second approves; a received dossier is uploaded, shown, imported."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from safepassage.audit.services import audit_record
from safepassage.core.mixins import PolicyRequiredMixin
from safepassage.core.policy import can
from safepassage.core.views import ServiceFormView
from safepassage.crypto.dossier import MAX_FILE_BYTES, DossierError, sha256_hex
from safepassage.handover import errors, forms, selectors, services
from safepassage.handover.models import ExportStatus, HandoverExport
from safepassage.handover.receive import HandoverRefused, dossier_check, dossier_import, preview, with_matches
from safepassage.registry.selectors import person_or_404

SESSION_KEY = "handover_inbox"
TOKEN = re.compile(r"^[0-9a-f]{64}$")


def _export_or_404(user: Any, pk: Any) -> HandoverExport:
    try:
        return selectors.export_get(user=user, pk=pk)
    except (HandoverExport.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None


class ExportRequestView(ServiceFormView):
    permission = "handover.export.request"
    form_class = forms.ExportRequestForm
    title = gettext_lazy("Hand the case over to another installation")

    def setup_objects(self) -> None:
        self.person = person_or_404(self.request.user, self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def crumb(self) -> tuple[str, str] | None:
        return reverse("registry:person_detail", args=[self.person.pk]), self.person.case_number

    def cancel_url(self) -> str:
        return reverse("registry:person_detail", args=[self.person.pk])

    def perform(self, form: Any) -> HandoverExport:
        return services.export_request(
            actor=self.request.user,
            person=self.person,
            recipient=form.cleaned_data["recipient"],
            reason=form.cleaned_data["reason"],
        )

    def success_url_for(self, result: HandoverExport) -> str:
        return reverse("handover:export", args=[result.pk])


class ExportListView(PolicyRequiredMixin, TemplateView):
    permission = "handover.view"
    template_name = "handover/exports.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            awaiting=selectors.awaiting_approval(user=self.request.user), **kwargs
        )


class ExportDetailView(PolicyRequiredMixin, TemplateView):
    permission = "handover.view"
    template_name = "handover/export.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        export = _export_or_404(user, kwargs["pk"])
        return super().get_context_data(
            export=export,
            manifest=selectors.manifest(export),
            completed=export.status == ExportStatus.COMPLETED,
            may_approve=(
                export.status == ExportStatus.REQUESTED
                and export.requested_by_id != user.pk
                and can(user, "handover.export.approve")
            ),
            **kwargs,
        )


class ExportApproveView(PolicyRequiredMixin, View):
    permission = "handover.export.approve"

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        export = _export_or_404(request.user, pk)
        try:
            services.export_approve(actor=request.user, export=export)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except HandoverRefused as exc:
            messages.error(request, str(exc))
        except DossierError as exc:
            messages.error(request, errors.dossier_error_text(exc))
        else:
            messages.success(
                request, _("Approved: the dossier is written and the transfer recorded in custody.")
            )
        return redirect("handover:export", pk=export.pk)


class ExportDownloadView(PolicyRequiredMixin, View):
    permission = "handover.view"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        export = _export_or_404(request.user, pk)
        if export.status != ExportStatus.COMPLETED or export.dossier is None:
            raise Http404
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="handover.export.download",
                obj=export,
                fields=["dossier"],
                person_id=export.person_id,
            )
        response = HttpResponse(bytes(export.dossier), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="dossier-{export.pk}.json"'
        return response


def _inbox() -> Path:
    path = Path(settings.HANDOVER_INBOX)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


class ImportUploadView(PolicyRequiredMixin, FormView):
    """Upload: every check runs at once, nothing is written; a good file waits for the preview."""

    permission = "handover.import"
    form_class = forms.DossierUploadForm
    template_name = "core/record_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {"title": _("Import a received dossier"), "cancel_url": reverse("handover:exports")}
        return super().get_context_data(**{**context, **kwargs})

    def form_valid(self, form: Any) -> HttpResponse:
        upload = form.cleaned_data["file"]
        raw = upload.read(MAX_FILE_BYTES + 1)
        try:
            dossier_check(raw, upload.name)
        except HandoverRefused as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        token = sha256_hex(raw)
        # The file is ciphertext only this installation opens; it waits here for the confirmation.
        (_inbox() / f"{token}.json").write_bytes(raw)
        waiting = dict(self.request.session.get(SESSION_KEY, {}))
        waiting[token] = upload.name
        self.request.session[SESSION_KEY] = waiting
        return redirect("handover:import_preview", token=token)


class ImportPreviewView(PolicyRequiredMixin, TemplateView):
    permission = "handover.import"
    template_name = "handover/import_preview.html"

    def _file(self, token: str) -> tuple[bytes, str]:
        name = self.request.session.get(SESSION_KEY, {}).get(token)
        path = _inbox() / f"{token}.json"
        if not TOKEN.match(token) or name is None or not path.exists():
            raise Http404
        return path.read_bytes(), name

    def _done(self, token: str) -> None:
        (_inbox() / f"{token}.json").unlink(missing_ok=True)
        waiting = dict(self.request.session.get(SESSION_KEY, {}))
        waiting.pop(token, None)
        self.request.session[SESSION_KEY] = waiting

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raw, name = self._file(kwargs["token"])
        try:
            checked = with_matches(dossier_check(raw, name))
        except HandoverRefused as exc:
            self._done(kwargs["token"])
            messages.error(request, str(exc))
            return redirect("handover:import")
        return self.render_to_response(self.get_context_data(shown=preview(checked), name=name, **kwargs))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raw, name = self._file(kwargs["token"])
        try:
            receipt = dossier_import(actor=request.user, raw=raw, name=name)
        except HandoverRefused as exc:
            self._done(kwargs["token"])
            messages.error(request, str(exc))
            return redirect("handover:import")
        self._done(kwargs["token"])
        messages.success(
            request,
            _("Imported as %(case)s: %(n)s records received from %(sender)s.")
            % {"case": receipt.person.case_number, "n": receipt.records, "sender": receipt.sender.name},
        )
        return redirect("registry:person_detail", pk=receipt.person.pk)
