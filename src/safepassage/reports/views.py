"""The case-file download, for any role that may see the person; its content follows the role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views import View

from safepassage.audit.reads import audit_request_read
from safepassage.core.mixins import PolicyRequiredMixin
from safepassage.core.policy import can
from safepassage.protection.panel import protection_sections
from safepassage.registry.selectors import person_or_404
from safepassage.reports.case_file import case_file_pdf


class CaseFileView(PolicyRequiredMixin, View):
    permission = "person.view"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        person = person_or_404(request.user, pk)
        if can(request.user, "person.identity.read"):
            audit_request_read(request, what="identity", obj=person, person=person, fields=["case_file"])
        sections = protection_sections(request.user)
        if sections:
            audit_request_read(request, what="protection", obj=person, person=person, fields=sections)
        response = HttpResponse(
            case_file_pdf(user=request.user, person=person), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="case-file-{person.case_number}.pdf"'
        return response
