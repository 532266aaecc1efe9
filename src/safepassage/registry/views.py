"""Registry pages: list and search, a person's page with timeline, forms for every record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from safepassage.audit.reads import route_of
from safepassage.audit.services import PendingEvent, audit_read, audit_record_many, read_events
from safepassage.core.mixins import PolicyRequiredMixin
from safepassage.core.policy import can
from safepassage.core.views import ServiceFormView
from safepassage.registry import forms, registration, selectors, services
from safepassage.registry.choices import NameScript
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
        # The search and the names it showed, appended together (one turn at the audit head's lock).
        events = []
        if found.kind in SEARCHED_BY_IDENTITY:
            events.append(
                services.person_search_event(
                    actor=user,
                    kind=found.kind,
                    query_index=selectors.query_index(filters.q),
                    refused=found.refused,
                )
            )
        if show_names:
            events += read_events(actor=user, persons=list(page), what="identity", fields=["names"])
        if events:
            with transaction.atomic():
                audit_record_many(events)
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
        person = self.person = selectors.person_or_404(request.user, kwargs["pk"])
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
        person = self.person
        can_identity = can(user, "person.identity.read")
        parts = [(part, part.sections(user)) for part in person_page_parts()]
        # All read events of the page appended together: one turn at the audit head's lock, one
        # insert (on SQLite, one turn at the single writer's lock) instead of one for each part.
        route = route_of(self.request)
        events = (
            [PendingEvent(user, "identity.read", person, IDENTITY_SHOWN, person.pk)] if can_identity else []
        )
        events += [
            PendingEvent(user, f"{part.name}.read", person, sections, person.pk, route)
            for part, sections in parts
            if sections
        ]
        with transaction.atomic():
            audit_record_many(events)
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


class PersonRegisterView(PolicyRequiredMixin, TemplateView):
    """The person, his name forms, documents and capture in one save, checked for duplicates first.

    Works without JavaScript: "Suggest transliterations" re-renders the form with the usual
    spellings of every Hangul name, each added as a new row with one click; "Register" first shows
    the registered persons who may be the same man, then "Register anyway" saves. A small local
    script (registry/register.js) shows each name's script as it is typed.
    """

    permission = "person.create"
    template_name = "registry/person_register.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Names and documents are identities: registering them needs the identity write too.
        if request.user.is_authenticated and not can(request.user, "person.identity.write"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _forms(self, data: Any = None) -> dict[str, Any]:
        return {
            "person_form": forms.RegistrationPersonForm(data, prefix="person"),
            "names": forms.NameFormSet(data, prefix="names"),
            "documents": forms.DocumentFormSet(data, prefix="documents"),
            "capture_form": forms.RegistrationCaptureForm(data, prefix="capture"),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = self._forms() if "person_form" not in kwargs else {}
        if context:
            context["name_rows"] = _name_rows(context["names"])
        return super().get_context_data(title=_("Register a person"), **context, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action", "save")
        if "accept" in request.POST:
            return self._render(self._forms(_with_name_row(request.POST)), show_errors=False, suggest=True)
        built = self._forms(request.POST)
        if action == "suggest":
            return self._render(built, show_errors=False, suggest=True)
        if not all(f.is_valid() for f in built.values()):
            return self._render(built)
        # Blank rows are skipped; `rows` maps what the service numbers back to the page's rows.
        rows = {
            key: [i for i, f in enumerate(built[key]) if f.has_changed() and f.cleaned_data]
            for key in (registration.NAMES, registration.DOCUMENTS)
        }
        names = [built["names"][i].cleaned_data for i in rows["names"]]
        documents = [built["documents"][i].cleaned_data for i in rows["documents"]]
        capture = built["capture_form"].cleaned_data if built["capture_form"].has_changed() else None
        if action != "confirm":
            numbers = [d["number"] for d in documents if d.get("number")]
            with transaction.atomic():
                matches = registration.possible_matches(
                    user=request.user, names=[n["text"] for n in names], numbers=numbers
                )
                if matches:
                    audit_read(
                        actor=request.user,
                        persons=[p for p, _r in matches],
                        what="identity",
                        fields=["names"],
                    )
            if matches:
                shown = selectors.primary_names([p for p, _r in matches], request.user)
                rows = [(p, reason, shown.get(p.pk, [])) for p, reason in matches]
                return self._render(built, show_errors=False, matches=rows)
        person_values = {k: v for k, v in built["person_form"].cleaned_data.items() if k != "version"}
        try:
            person = registration.person_register(
                actor=request.user, person=person_values, names=names, documents=documents, capture=capture
            )
        except registration.RegistrationError as exc:
            _attach_registration_errors(built, exc, rows)
            return self._render(built)
        messages.success(request, _("Registered as %(case)s.") % {"case": person.case_number})
        return redirect("registry:person_detail", person.pk)

    def _render(self, built: dict[str, Any], *, show_errors: bool = True, **extra: Any) -> HttpResponse:
        suggested = []
        if extra.pop("suggest", False):
            for form in built["names"]:
                text = (form["text"].value() or "").strip()
                if text:
                    typed = {(f["text"].value() or "").strip() for f in built["names"]}
                    offered = [s for s in registration.suggestions(text) if s[0] not in typed]
                    if offered:
                        suggested.append((text, offered))
        context = self.get_context_data(
            **built,
            show_errors=show_errors,
            suggested=suggested,
            name_rows=_name_rows(built["names"]),
            **extra,
        )
        return self.render_to_response(context)


def _name_rows(names: Any) -> list[tuple[Any, str]]:
    """Each name row with the script of what was typed in it, as it will be recorded."""
    labels = dict(NameScript.choices)
    rows = []
    for form in names:
        text = (form["text"].value() or "").strip() if form.is_bound else ""
        rows.append((form, str(labels[services.script_of(text)]) if text else ""))
    return rows


def _with_name_row(data: Any) -> Any:
    """The posted form with one more name row holding the accepted suggestion ("text|kind|language")."""
    copy = data.copy()
    text, _sep, rest = data.get("accept", "").partition("|")
    kind, _sep, language = rest.partition("|")
    rows = int(copy.get("names-TOTAL_FORMS") or 0)
    # The first blank row takes it; otherwise a new row is added.
    blank = next((i for i in range(rows) if not (copy.get(f"names-{i}-text") or "").strip()), None)
    row = rows if blank is None else blank
    copy[f"names-{row}-text"] = text
    copy[f"names-{row}-kind"] = kind
    copy[f"names-{row}-recorder_language"] = language
    if blank is None:
        copy["names-TOTAL_FORMS"] = str(rows + 1)
    copy.pop("accept", None)
    return copy


def _attach_registration_errors(built: dict[str, Any], exc: Any, rows: dict[str, list[int]]) -> None:
    """Each message of a refused registration on the row and field it names."""
    for section, row, field, message in exc.where:
        if section in rows:
            form = built[section].forms[rows[section][row]]
        elif section == registration.CAPTURE:
            form = built["capture_form"]
        else:
            form = built["person_form"]
        form.add_error(field if field in form.fields else None, message)
