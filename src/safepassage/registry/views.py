"""Registry pages: list and search, a person's page with timeline, forms for every record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from safepassage.audit.reads import audit_request_read
from safepassage.audit.services import audit_read
from safepassage.core.mixins import PolicyRequiredMixin
from safepassage.core.policy import can
from safepassage.core.views import ServiceFormView
from safepassage.registry import forms, selectors, services
from safepassage.registry.models import (
    CustodyEvent,
    DocumentScan,
    IdentityDocument,
    NameForm,
    NationalityClaim,
    Person,
    ServiceRecord,
)
from safepassage.registry.pages import person_page_parts

# Searches that tell who is registered under a name or number: audited, identity roles only.
SEARCHED_BY_IDENTITY = (selectors.QueryKind.NAME, selectors.QueryKind.DOCUMENT)
# What the person page shows to a role holding `person.identity.read`; recorded on every view.
IDENTITY_SHOWN = ["names", "documents", "scans", "service_records", "nationality_claims"]


class PersonListView(PolicyRequiredMixin, TemplateView):
    permission = "person.list"
    template_name = "registry/person_list.html"
    page_size = 25

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = forms.PersonFilterForm(self.request.GET or None)
        filters = selectors.PersonFilters()
        if form.is_valid():
            filters = selectors.PersonFilters(**form.cleaned_data)
        user = self.request.user
        found = selectors.person_find(user=user, filters=filters)
        page = Paginator(found.people, self.page_size).get_page(self.request.GET.get("page"))
        show_names = can(user, "person.identity.read")
        names = selectors.primary_names(list(page), user) if show_names else {}
        with transaction.atomic():
            if found.kind in SEARCHED_BY_IDENTITY:
                services.person_search_record(
                    actor=user,
                    kind=found.kind,
                    query_index=selectors.query_index(filters.q),
                    refused=found.refused,
                )
            if show_names:
                audit_read(actor=user, persons=list(page), what="identity", fields=["names"])
        rows = [(person, names.get(person.pk, []), found.reasons.get(person.pk, "")) for person in page]
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form,
            page=page,
            rows=rows,
            show_names=show_names,
            show_reasons=bool(found.reasons),
            refused=found.refused,
            can_step_up=can(user, "identity.step_up"),
            query=query.urlencode(),
            **kwargs,
        )


class PersonDetailView(PolicyRequiredMixin, TemplateView):
    permission = "person.view"
    template_name = "registry/person_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person = selectors.person_or_404(request.user, kwargs["pk"])
        if person.merged_into_id is not None:
            # The old registration's page (its case number, a bookmark) leads to the survivor.
            survivor = selectors.person_or_404(request.user, selectors.person_current(person).pk)
            messages.info(
                request,
                _("%(old)s was merged into %(new)s: this is his page now.")
                % {"old": person.case_number, "new": survivor.case_number},
            )
            return redirect("registry:person_detail", survivor.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        person = selectors.person_or_404(user, kwargs["pk"])
        can_identity = can(user, "person.identity.read")
        parts = [(part, part.sections(user)) for part in person_page_parts()]
        # All read events in one transaction: one turn at the audit head's lock per page view
        # (on SQLite, at the single writer's lock) instead of one for each.
        with transaction.atomic():
            if can_identity:
                audit_read(actor=user, persons=[person], what="identity", fields=IDENTITY_SHOWN)
            for part, sections in parts:
                if sections:
                    audit_request_read(
                        self.request, what=part.name, obj=person, person=person, fields=sections
                    )
        position = self.request.GET.get("position") or None
        records = selectors.person_records(user=user, person=person)
        timeline = selectors.person_timeline(user=user, person=person, records=records)
        extra: dict[str, Any] = {}
        for part, _sections in parts:
            context = part.context(user=user, person=person, position=position)
            timeline += part.timeline(user=user, person=person, context=context)
            extra.update(context)
        return super().get_context_data(
            person=person,
            **extra,
            timeline=selectors.sort_timeline(timeline),
            can_identity=can_identity,
            can_identity_write=can(user, "person.identity.write"),
            can_step_up=can(user, "identity.step_up"),
            can_edit=can(user, "person.edit"),
            **records,
            **kwargs,
        )


class PersonFormView(ServiceFormView):
    """A service form on one person's page: the person comes from the URL, scoped to the user."""

    person: Person | None

    def setup_objects(self) -> None:
        self.person = selectors.person_or_404(self.request.user, self.kwargs["pk"])

    def success_url_for(self, result: Any) -> str:
        return reverse("registry:person_detail", args=[self.person.pk])

    def crumb(self) -> tuple[str, str] | None:
        if self.person is None:
            return None
        return reverse("registry:person_detail", args=[self.person.pk]), self.person.case_number

    def cancel_url(self) -> str:
        if self.person is None:
            return reverse("registry:person_list")
        return reverse("registry:person_detail", args=[self.person.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(person=self.person, **kwargs)


class PersonCreateView(PersonFormView):
    permission = "person.create"
    form_class = forms.PersonForm
    title = gettext_lazy("Register a person")

    def setup_objects(self) -> None:
        self.person = None

    def perform(self, form: Any) -> Person:
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        return services.person_create(actor=self.request.user, **data)

    def success_url_for(self, result: Any) -> str:
        return reverse("registry:person_detail", args=[result.pk])


class PersonEditView(PersonFormView):
    permission = "person.edit"
    form_class = forms.PersonForm
    title = gettext_lazy("Edit person")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Person.objects.for_user(self.request.user).get(pk=self.person.pk)
        kwargs["initial"] = {"version": self.person.version}
        return kwargs

    def perform(self, form: Any) -> Person:
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        return services.person_update(
            actor=self.request.user, person=self.person, expected_version=version, **data
        )


class NameAddView(PersonFormView):
    permission = "person.identity.write"
    form_class = forms.NameFormForm
    title = gettext_lazy("Add a name form")

    def perform(self, form: Any) -> Any:
        return services.name_form_add(actor=self.request.user, person=self.person, **form.cleaned_data)


class _EditView(PersonFormView):
    """Corrects one record of the person through `service`, passing it as `target`."""

    # A form page exists to change the record: it needs the write permission even to open it
    # (a stepped-up monitor, who may read identities, gets 403 here).
    permission = "person.identity.write"
    model: Any = None
    service: Any = None
    target = ""

    def setup_objects(self) -> None:
        super().setup_objects()
        scoped = self.model.objects.for_user(self.request.user).filter(person=self.person)
        self.record = scoped.filter(pk=self.kwargs["record"]).first()
        if self.record is None:
            raise Http404

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if self.permission == "person.identity.write":
            fields = [self.model._meta.label_lower]
            audit_read(
                actor=request.user, persons=[self.person], what="identity", fields=fields, obj=self.record
            )
        return response

    def get_form_kwargs(self) -> dict[str, Any]:
        # A separate copy: the form writes into its instance while validating.
        fresh = self.model.objects.for_user(self.request.user).get(pk=self.record.pk)
        return {**super().get_form_kwargs(), "instance": fresh}

    def perform(self, form: Any) -> Any:
        service = type(self).service
        return service(actor=self.request.user, **{self.target: self.record}, **form.cleaned_data)


class NameEditView(_EditView):
    form_class = forms.NameFormForm
    title = gettext_lazy("Edit a name form")
    model, service, target = NameForm, services.name_form_update, "name_form"


class NationalityEditView(_EditView):
    form_class = forms.NationalityClaimForm
    title = gettext_lazy("Edit a nationality claim")
    model, service, target = NationalityClaim, services.nationality_claim_update, "claim"


class ServiceRecordEditView(_EditView):
    form_class = forms.ServiceRecordForm
    title = gettext_lazy("Edit service facts")
    model, service, target = ServiceRecord, services.service_record_update, "record"


class CustodyEditView(_EditView):
    permission = "person.edit"
    form_class = forms.CustodyEventForm
    title = gettext_lazy("Edit a custody event")
    model, service, target = CustodyEvent, services.custody_event_update, "event"


class DocumentEditView(_EditView):
    form_class = forms.IdentityDocumentForm
    title = gettext_lazy("Edit an identity document")
    model, service, target = IdentityDocument, services.identity_document_update, "document"


class _AddView(PersonFormView):
    """Adds one record to the person through `service`."""

    permission = "person.identity.write"
    service: Any = None

    def perform(self, form: Any) -> Any:
        return type(self).service(actor=self.request.user, person=self.person, **form.cleaned_data)


class NationalityAddView(_AddView):
    form_class = forms.NationalityClaimForm
    title = gettext_lazy("Add a nationality claim")
    service = services.nationality_claim_add


class DocumentAddView(_AddView):
    form_class = forms.IdentityDocumentForm
    title = gettext_lazy("Add an identity document")
    service = services.identity_document_add


class ServiceRecordAddView(_AddView):
    form_class = forms.ServiceRecordForm
    title = gettext_lazy("Record service facts (GC III Art. 17)")
    service = services.service_record_add


class CustodyAddView(_AddView):
    permission = "person.edit"
    form_class = forms.CustodyEventForm
    title = gettext_lazy("Record a custody event")
    service = services.custody_event_add


class CaptureView(_AddView):
    permission = "person.edit"
    form_class = forms.CaptureForm
    title = gettext_lazy("Record the capture")
    service = services.capture_set

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        existing = type(self.person).objects.for_user(self.request.user).get(pk=self.person.pk)
        kwargs["instance"] = getattr(existing, "capture", None)
        return kwargs


class ScanAddView(DocumentEditView):
    form_class = forms.ScanForm
    title = gettext_lazy("Attach a scan")

    def get_form_kwargs(self) -> dict[str, Any]:
        return PersonFormView.get_form_kwargs(self)

    def perform(self, form: Any) -> Any:
        upload = form.cleaned_data["file"]
        data = upload.read(self._limit() + 1)
        return services.document_scan_add(
            actor=self.request.user,
            document=self.record,
            filename=upload.name,
            data=data,
            source=form.cleaned_data["source"],
        )

    @staticmethod
    def _limit() -> int:
        from django.conf import settings

        return int(settings.SCAN_MAX_BYTES)


class ScanDownloadView(PolicyRequiredMixin, View):
    permission = "person.identity.read"

    def get(self, request: HttpRequest, pk: Any, record: Any) -> HttpResponse:
        scan = DocumentScan.objects.for_user(request.user).filter(pk=record, document__person_id=pk).first()
        if scan is None:
            raise Http404
        audit_read(actor=request.user, persons=[scan.document.person], what="scan", fields=["data"], obj=scan)
        response = HttpResponse(scan.data, content_type=scan.content_type)
        response["Content-Disposition"] = "attachment"
        response["X-Content-Type-Options"] = "nosniff"
        return response

