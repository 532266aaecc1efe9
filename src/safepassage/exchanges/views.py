"""Exchange and notification pages; every refusal message follows the reader's role."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import TemplateView, View

from safepassage.audit.reads import audit_request_read, route_of
from safepassage.audit.services import audit_read
from safepassage.core.mixins import PolicyRequiredMixin
from safepassage.core.pagination import paginate
from safepassage.core.policy import can
from safepassage.core.redact import without_server_paths
from safepassage.core.views import ServiceFormView
from safepassage.exchanges import forms, guard, imports, notify, selectors, services
from safepassage.exchanges.guard import GuardRefused
from safepassage.exchanges.manifest import manifest_csv, manifest_pdf, manifest_persons, manifest_rows
from safepassage.exchanges.models import ExchangeRound, GuardOverride, ImportJob, ListEntry, RoundStatus
from safepassage.registry.choices import MatchStatus
from safepassage.registry.models import NameForm, Person
from safepassage.registry.querysets import persons_scoped, unlinked_or_scoped
from safepassage.registry.selectors import person_or_404

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
        refused_rows = {row for row, _text in refusal["rows"]} if refusal else set()
        overrides = selectors.round_overrides(user=self.request.user, round_=round_)
        offers = _override_offers(self.request, round_, lists["outgoing"], overrides)
        refused_rows |= set(offers)
        user = self.request.user
        for override in overrides:
            override.may_approve = (
                override.approved_by_id is None
                and override.requested_by_id != user.pk
                and can(user, "exchange.override.approve")
            )
        return super().get_context_data(
            round=round_,
            refusal=refusal,
            refused_rows=refused_rows,
            offers=offers,
            overrides=overrides,
            can_request=can(user, "exchange.override.request"),
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


@dataclass(frozen=True)
class OverrideOffer:
    """What the round page offers for one refused row: the man, and whether a request can succeed."""

    person: Person
    eligible: bool
    pending: bool


def _override_offers(
    request: HttpRequest, round_: ExchangeRound, outgoing: Any, overrides: list[GuardOverride]
) -> dict[int, OverrideOffer]:
    """For a reader who may request overrides: each refused row shown, the man it refuses, and whether
    he has a fresh verified consent to return (guard.consent_to_return_is_fresh) an override can rest
    on. The interviews read to know it are audited, one event per man."""
    user = request.user
    if (
        outgoing is None
        or round_.status == RoundStatus.EXECUTED
        or not can(user, "exchange.override.request")
    ):
        return {}
    shown = list(outgoing.entry_page["page"])
    pending = {o.person_id for o in overrides if o.approved_by_id is None}
    offers, read = {}, []
    for row, person in guard.refused(round_, shown).items():
        if person is None:
            continue
        visible = Person.objects.for_user(user).filter(pk=person.pk).exists()
        if not visible:
            continue
        eligible = bool(selectors.consent_interviews(user=user, person=person))
        read.append(person)
        offers[row] = OverrideOffer(person, eligible, person.pk in pending)
    for entry in shown:
        # The page's entries are the Page's own list (Page caches it): the row reads its offer.
        entry.offer = offers.get(entry.row)
    if read:
        audit_read(
            actor=user,
            persons=read,
            what="protection",
            fields=["interviews"],
            obj=round_,
            purpose=route_of(request),
        )
    return offers


def _person_on_round(user: Any, round_: ExchangeRound, pk: Any) -> Person:
    """A man on the round's latest outgoing list whom the user may see (the one a row names)."""
    person = person_or_404(user, pk)
    outgoing = services.latest_list(round_, "outgoing")
    # The row names him, or a registration merged into his (guard: person_current).
    named = Q(person=person) | Q(person__merged_into=person)
    if outgoing is None or not outgoing.entries.filter(named).exists():
        raise Http404
    return person


class OverrideRequestView(ServiceFormView):
    """A monitor or legal officer asks to let one refused man through, on his fresh consent to return."""

    permission = "exchange.override.request"
    form_class = forms.OverrideRequestForm
    title = gettext_lazy("Request an override of the exchange guard")

    def setup_objects(self) -> None:
        self.round = _round(self.request.user, self.kwargs["pk"])
        if self.round.status == RoundStatus.EXECUTED:
            raise Http404
        self.person = _person_on_round(self.request.user, self.round, self.kwargs["person"])
        self.interviews = selectors.consent_interviews(user=self.request.user, person=self.person)
        audit_request_read(
            self.request, what="protection", obj=self.person, person=self.person, fields=["interviews"]
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "interviews": self.interviews}

    def crumb(self) -> tuple[str, str] | None:
        return reverse("exchanges:round", args=[self.round.pk]), self.round.name

    def cancel_url(self) -> str:
        return reverse("exchanges:round", args=[self.round.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        title = gettext("Request an override for %(case)s in %(round)s") % {
            "case": self.person.case_number,
            "round": self.round.name,
        }
        return super().get_context_data(**{"title": title, **kwargs})

    def perform(self, form: Any) -> GuardOverride:
        return services.override_request(
            actor=self.request.user,
            round_=self.round,
            person=self.person,
            interview=form.cleaned_data["interview"],
            reason=form.cleaned_data["reason"],
        )

    def success_url_for(self, result: GuardOverride) -> str:
        return reverse("exchanges:override", args=[self.round.pk, result.pk])


def _override_or_404(user: Any, round_: ExchangeRound, pk: Any) -> GuardOverride:
    try:
        return selectors.override_get(user=user, round_=round_, pk=pk)
    except (GuardOverride.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None


class OverrideDetailView(PolicyRequiredMixin, TemplateView):
    """One override: what it rests on, who asked and who approved; the approval itself, for a second
    legal officer (never its requester), as a confirmation of what he approves."""

    permission = "exchange.guard.details"
    template_name = "exchanges/override.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        round_ = _round(user, kwargs["pk"])
        override = _override_or_404(user, round_, kwargs.pop("override"))
        audit_request_read(
            self.request,
            what="protection",
            obj=override,
            person=override.person,
            fields=["interview", "reason"],
        )
        return super().get_context_data(
            round=round_,
            override=override,
            requester=override.requested_by_id == user.pk,
            may_approve=(
                override.approved_by_id is None
                and override.requested_by_id != user.pk
                and can(user, "exchange.override.approve")
            ),
            **kwargs,
        )


class OverrideApproveView(PolicyRequiredMixin, View):
    permission = "exchange.override.approve"

    def post(self, request: HttpRequest, pk: Any, override: Any) -> HttpResponse:
        round_ = _round(request.user, pk)
        found = _override_or_404(request.user, round_, override)
        try:
            services.override_approve(actor=request.user, override=found)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                gettext("Override approved: %(case)s can go on this round's manifest.")
                % {"case": found.person.case_number},
            )
        return redirect("exchanges:override", pk=round_.pk, override=found.pk)


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
