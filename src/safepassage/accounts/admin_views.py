"""The administrator's pages: accounts, their role, unit and second factor, and units.

Each write calls the service the command line uses (accounts.services) and is audited there. The
pages show who may do what, never case data.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from safepassage.accounts import selectors, services
from safepassage.accounts.forms import (
    AccountCreateForm,
    AccountFilterForm,
    AccountRoleForm,
    AccountUnitForm,
    UnitForm,
)
from safepassage.accounts.models import MfaReset, Unit
from safepassage.core.mixins import PolicyRequiredMixin
from safepassage.core.pagination import paginate
from safepassage.core.roles import ROLE_LABELS, Role
from safepassage.core.views import ServiceFormView, attach_errors

MANAGE = "accounts.manage"


def _account(pk: int) -> Any:
    return get_object_or_404(get_user_model(), pk=pk)


class AccountListView(PolicyRequiredMixin, TemplateView):
    """Every account, filtered by role, unit and status; the resets waiting for a second approval."""

    permission = MANAGE
    template_name = "accounts/admin/account_list.html"
    page_size = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = AccountFilterForm(self.request.GET or None)
        chosen = form.cleaned_data if form.is_valid() else {}
        active = {"yes": True, "no": False}.get(chosen.get("active") or "")
        users = selectors.accounts(role=chosen.get("role") or "", unit=chosen.get("unit"), active=active)
        listing = paginate(self.request, users, self.page_size)
        rows = selectors.account_rows(listing["page"].object_list)
        return super().get_context_data(
            form=form,
            rows=rows,
            role_labels={r.value: ROLE_LABELS[r] for r in Role},
            resets=selectors.pending_resets(),
            **listing,
            **kwargs,
        )


class AccountCreateView(PolicyRequiredMixin, View):
    """A new account with a random initial password, shown on the next page once and never again."""

    permission = MANAGE
    template_name = "accounts/admin/account_create.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": AccountCreateForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = AccountCreateForm(request.POST)
        if form.is_valid():
            try:
                user, password = services.user_create_initial(
                    actor=request.user,
                    username=form.cleaned_data["username"],
                    role=form.cleaned_data["role"],
                    unit=form.cleaned_data["unit"],
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                context = {"account": user, "password": password}
                return render(request, "accounts/admin/account_created.html", context)
        return render(request, self.template_name, {"form": form}, status=400)


class AccountDetailView(PolicyRequiredMixin, TemplateView):
    permission = MANAGE
    template_name = "accounts/admin/account_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        account = _account(kwargs["pk"])
        row = selectors.account_rows([account])[0]
        return super().get_context_data(
            account=account,
            row=row,
            role_label=ROLE_LABELS.get(Role(row.role)) if row.role else "",
            is_self=account.pk == self.request.user.pk,
            **kwargs,
        )


class _AccountFormView(ServiceFormView):
    permission = MANAGE

    def setup_objects(self) -> None:
        self.account = _account(self.kwargs["pk"])

    def crumb(self) -> tuple[str, str]:
        return reverse("admin_account", args=[self.account.pk]), self.account.get_username()

    def cancel_url(self) -> str:
        return reverse("admin_account", args=[self.account.pk])

    def success_url_for(self, result: Any) -> str:
        return self.cancel_url()


class AccountRoleView(_AccountFormView):
    form_class = AccountRoleForm
    title = gettext_lazy("Change the role")

    def get_initial(self) -> dict[str, Any]:
        return {"role": selectors.account_rows([self.account])[0].role}

    def perform(self, form: Any) -> Any:
        return services.user_role_set(
            actor=self.request.user, user=self.account, role=form.cleaned_data["role"]
        )


class AccountUnitView(_AccountFormView):
    form_class = AccountUnitForm
    title = gettext_lazy("Change the unit")

    def get_initial(self) -> dict[str, Any]:
        return {"unit": selectors.account_rows([self.account])[0].unit}

    def perform(self, form: Any) -> Any:
        return services.user_unit_set(
            actor=self.request.user, user=self.account, unit=form.cleaned_data["unit"]
        )


class _AccountActionView(PolicyRequiredMixin, View):
    """A button on the account's page: one service call, then back to the page with what happened."""

    permission = MANAGE
    http_method_names = ["post"]
    done: Any = ""
    # The service the button calls, as service(actor=..., user=...): each page names its own.
    service: Any = None

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        account = _account(pk)
        try:
            self.service(actor=request.user, user=account)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, str(self.done).format(username=account.get_username()))
        return redirect("admin_account", pk=account.pk)


class AccountDeactivateView(_AccountActionView):
    done = gettext_lazy("{username} is deactivated: the account can no longer sign in.")

    service = staticmethod(services.user_deactivate)


class AccountReactivateView(_AccountActionView):
    done = gettext_lazy("{username} is active again.")

    service = staticmethod(services.user_reactivate)


class MfaResetRequestView(_AccountActionView):
    done = gettext_lazy(
        "The reset of {username}'s second factor is requested: a second administrator must approve it."
    )

    service = staticmethod(services.mfa_reset_request)


class MfaResetApproveView(PolicyRequiredMixin, View):
    permission = MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        reset = get_object_or_404(MfaReset.objects.select_related("user"), pk=pk)
        try:
            services.mfa_reset_approve(actor=request.user, reset=reset)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "{username}'s second factors and recovery codes are removed: at the next sign-in "
                    "he sets up a new authenticator app."
                ).format(username=reset.user.get_username()),
            )
        return redirect("admin_account", pk=reset.user_id)


class UnitListView(PolicyRequiredMixin, TemplateView):
    permission = MANAGE
    template_name = "accounts/admin/unit_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(units=selectors.units_with_counts(), **kwargs)


class UnitCreateView(ServiceFormView):
    permission = MANAGE
    form_class = UnitForm
    title = gettext_lazy("New unit")

    def crumb(self) -> tuple[str, str]:
        return reverse("admin_units"), _("Units")

    def cancel_url(self) -> str:
        return reverse("admin_units")

    def success_url_for(self, result: Any) -> str:
        return self.cancel_url()

    def perform(self, form: Any) -> Any:
        return services.unit_create(actor=self.request.user, name=form.cleaned_data["name"])


class UnitRenameView(UnitCreateView):
    title = gettext_lazy("Rename the unit")

    def setup_objects(self) -> None:
        self.unit = get_object_or_404(Unit, pk=self.kwargs["pk"])

    def get_initial(self) -> dict[str, Any]:
        return {"name": self.unit.name}

    def perform(self, form: Any) -> Any:
        return services.unit_rename(actor=self.request.user, unit=self.unit, name=form.cleaned_data["name"])
