"""Exchange and notification pages; every refusal message follows the reader's role."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import TemplateView, View

from safepassage.audit.reads import audit_request_read
from safepassage.audit.services import audit_read
from safepassage.core.mixins import PolicyRequiredMixin
from safepassage.core.pagination import paginate
from safepassage.core.policy import can
from safepassage.core.redact import without_server_paths
from safepassage.core.views import ServiceFormView
from safepassage.exchanges import forms, imports, notify, services
from safepassage.exchanges.guard import GuardRefused
from safepassage.exchanges.manifest import manifest_csv, manifest_pdf, manifest_persons, manifest_rows
from safepassage.exchanges.models import ExchangeRound, ImportJob, ListEntry
from safepassage.registry.choices import MatchStatus
from safepassage.registry.models import NameForm, Person
from safepassage.registry.querysets import persons_scoped, unlinked_or_scoped

# While an import or reconciliation runs, the round page reloads itself (no script needed).
REFRESH_SECONDS = 3
# A job whose progress has not moved for this long has probably lost its process.
STALLED = timedelta(minutes=5)


def _round(user: Any, pk: Any) -> ExchangeRound:
    found = ExchangeRound.objects.for_user(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


class RoundListView(PolicyRequiredMixin, TemplateView):
    permission = "exchange.view"
    template_name = "exchanges/rounds.html"
    page_size = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        rounds = paginate(self.request, ExchangeRound.objects.for_user(self.request.user), self.page_size)
        audit_request_read(self.request, what="exchange", listing="exchanges.exchangeround")
        return super().get_context_data(
            rounds=rounds["page"], can_build=can(self.request.user, "exchange.build"), **rounds, **kwargs
        )


class RoundCreateView(ServiceFormView):
    permission = "exchange.build"
    form_class = forms.RoundForm
    title = gettext_lazy("Create an exchange round")

    def cancel_url(self) -> str:
        return reverse("exchanges:rounds")

    def perform(self, form: Any) -> Any:
        return services.round_create(actor=self.request.user, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return reverse("exchanges:round", args=[result.pk])


# Where the guard's last refusal waits for the round's page (RoundActionView -> RoundDetailView).
GUARD_REFUSAL_KEY = "sp_guard_refusal"


def _guard_refusal(request: HttpRequest, round_: ExchangeRound) -> dict[str, Any] | None:
    """The refusal of this round's last finalise or handover, shown once."""
    refusal = request.session.get(GUARD_REFUSAL_KEY)
    if not refusal or refusal.get("round") != str(round_.pk):
        return None
    del request.session[GUARD_REFUSAL_KEY]
    return refusal


class RoundDetailView(PolicyRequiredMixin, TemplateView):
    permission = "exchange.view"
    template_name = "exchanges/round.html"
    page_size = 100
    jobs_shown = 6

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        round_ = _round(self.request.user, kwargs["pk"])
        lists = {d: services.latest_list(round_, d) for d in ("outgoing", "incoming")}
        for direction, latest in lists.items():
            if latest is not None:
                # Entries matched to a person outside the reader's scope are not shown: the name
                # as listed is that person's name (registry.querysets.person_scope).
                entries = unlinked_or_scoped(
                    latest.entries.select_related("person"), self.request.user, "person", "exchange.view"
                )
                latest.entry_page = paginate(self.request, entries, self.page_size, f"{direction}_page")
        diffs = {}
        for direction, latest in lists.items():
            if latest is not None and latest.version > 1:
                previous = round_.lists.get(direction=direction, version=latest.version - 1)
                diffs[direction] = services.list_diff(previous, latest)
        shown = [f"{d}_list" for d, latest in lists.items() if latest is not None]
        audit_request_read(self.request, what="exchange", obj=round_, fields=shown)
        jobs = list(ImportJob.objects.for_user(self.request.user).filter(round=round_)[: self.jobs_shown])
        stalled_before = timezone.now() - STALLED
        for job in jobs:
            job.stalled = job.active and job.updated_at < stalled_before
        refusal = _guard_refusal(self.request, round_)
        return super().get_context_data(
            round=round_,
            refusal=refusal,
            refused_rows={row for row, _text in refusal["rows"]} if refusal else set(),
            jobs=jobs,
            jobs_active=any(job.active for job in jobs),
            refresh_seconds=REFRESH_SECONDS,
            lists=lists,
            diffs=diffs,
            import_form=forms.ImportForm(),
            can_build=can(self.request.user, "exchange.build"),
            can_review=can(self.request.user, "exchange.review"),
            can_see_persons=can(self.request.user, "person.view"),
            # The name and birth date as listed identify the person: identity roles only.
            can_see_names=can(self.request.user, "exchange.names"),
            **kwargs,
        )


class RoundActionView(PolicyRequiredMixin, View):
    """POST-only actions on a round: import, reconcile, finalize, execute, review decisions."""

    permission = "exchange.build"

    def post(self, request: HttpRequest, pk: Any, action: str) -> HttpResponse:
        round_ = _round(request.user, pk)
        try:
            text = getattr(self, f"do_{action}")(request, round_)
            messages.success(request, text)
        except AttributeError:
            raise Http404 from None
        except GuardRefused as refused:
            # The round's page shows it as an error listing each refused row, and marks the rows.
            request.session[GUARD_REFUSAL_KEY] = {
                "round": str(round_.pk),
                "headline": refused.headline(),
                "rows": refused.rows_for(request.user),
            }
        except ValidationError as exc:
            messages.error(request, without_server_paths("; ".join(exc.messages)))
        return redirect("exchanges:round", pk=round_.pk)

    def do_import(self, request: HttpRequest, round_: ExchangeRound) -> str:
        form = forms.ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError([f"{k}: {', '.join(v)}" for k, v in form.errors.items()])
        upload = form.cleaned_data["file"]
        # The upload is on disk or in memory; the caps are checked before it is read (imports).
        imports.import_job_start(
            actor=request.user,
            round_=round_,
            direction=form.cleaned_data["direction"],
            stream=upload,
            source_name=upload.name,
            encoding=form.cleaned_data["encoding"] or None,
        )
        return gettext("The list is being imported and reconciled: its progress is shown below.")

    def do_reconcile(self, request: HttpRequest, round_: ExchangeRound) -> str:
        started = 0
        for direction in ("outgoing", "incoming"):
            lst = services.latest_list(round_, direction)
            if lst is not None:
                imports.reconcile_job_start(actor=request.user, exchange_list=lst)
                started += 1
        if not started:
            return gettext("Nothing to reconcile.")
        return gettext("The lists are being reconciled: the progress is shown below.")

    def do_finalize(self, request: HttpRequest, round_: ExchangeRound) -> str:
        services.round_finalize(actor=request.user, round_=round_)
        return gettext("The round is finalised: the outgoing manifest can be downloaded.")

    def do_execute(self, request: HttpRequest, round_: ExchangeRound) -> str:
        services.round_execute(actor=request.user, round_=round_)
        return gettext("The handover is recorded: the round is executed.")


class ReviewView(PolicyRequiredMixin, TemplateView):
    """Uncertain matches side by side, with the evidence, for a person to accept or reject."""

    permission = "exchange.review"
    template_name = "exchanges/review.html"
    page_size = 25

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        round_ = _round(self.request.user, kwargs["pk"])
        entries = persons_scoped(
            ListEntry.objects.for_user(self.request.user).filter(
                exchange_list__round=round_,
                exchange_list__version__isnull=False,
                match_status=MatchStatus.REVIEW,
            ),
            self.request.user,
            "person",
        )
        page = paginate(self.request, entries.select_related("person"), self.page_size)
        entries = list(page["page"])
        forms: dict[Any, list[Any]] = {}
        for form in NameForm.objects.for_user(self.request.user).filter(
            person__in=[e.person_id for e in entries]
        ):
            forms.setdefault(form.person_id, []).append(form)
        rows = [
            (e, json.loads(e.evidence) if e.evidence else {}, forms.get(e.person_id, [])) for e in entries
        ]
        audit_request_read(self.request, what="exchange", obj=round_, fields=["review", "names"])
        return super().get_context_data(round=round_, rows=rows, **page, **kwargs)

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        entry = (
            persons_scoped(ListEntry.objects.for_user(request.user), request.user, "person")
            .filter(exchange_list__round_id=pk, pk=request.POST.get("entry"))
            .exclude(exchange_list__version__isnull=True)
            .first()
        )
        if entry is None:
            raise Http404
        try:
            services.entry_decide(
                actor=request.user, entry=entry, accept=request.POST.get("decision") == "accept"
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        return redirect("exchanges:review", pk=pk)


class ManifestView(PolicyRequiredMixin, View):
    permission = "exchange.view"

    def get(self, request: HttpRequest, pk: Any, fmt: str) -> HttpResponse:
        round_ = _round(request.user, pk)
        lst = round_.finalised_list or services.latest_list(round_, "outgoing")
        if lst is None or fmt not in ("csv", "pdf"):
            raise Http404
        names = can(request.user, "exchange.names")
        rows = manifest_rows(round_, lst, names=names, reader=request.user)
        fields = ["manifest", *(["names"] if names else [])]
        disclosed = manifest_persons(rows)
        # The download, and one event per person it discloses (by id, never by name).
        with transaction.atomic():
            audit_request_read(request, what="exchange", obj=lst, fields=fields)
            audit_read(actor=request.user, persons=disclosed, what="exchange", fields=fields, obj=lst)
        if fmt == "csv":
            response = HttpResponse(manifest_csv(rows, names=names), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                manifest_pdf(round_, lst, rows, names=names), content_type="application/pdf"
            )
        response["Content-Disposition"] = f'attachment; filename="manifest-{round_.pk}.{fmt}"'
        return response


class NotifyExportView(PolicyRequiredMixin, View):
    permission = "notify.export"

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if fmt not in ("csv", "json"):
            raise Http404
        kind = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
        persons = list(Person.objects.for_user(request.user).order_by("case_number"))
        body = notify.export(persons, fmt)
        # Audited and recorded together: each person sent counts as notified (GC III Art. 122).
        with transaction.atomic():
            event = audit_request_read(
                request, what="identity", listing=notify.EXPORT_REF, fields=["notification"]
            )
            audit_read(actor=request.user, persons=persons, what="identity", fields=["notification"])
            notify.export_record(actor=request.user, persons=persons, event=event)
        response = HttpResponse(body, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="notification.{fmt}"'
        return response
