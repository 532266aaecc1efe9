"""Sign in, sign out, step-up, and the MFA pages of django-allauth, each with its policy entry."""

from __future__ import annotations

from typing import Any

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from allauth.mfa.webauthn import views as webauthn_views
from django.core.exceptions import PermissionDenied
from django.urls import path

from safepassage.accounts import admin_views, views
from safepassage.accounts.mfa import factor_setup
from safepassage.core.policy import can

ANY_ROLE, PUBLIC = "home", "public"


def declared(view: Any, permission: str) -> Any:
    """An allauth view behind our policy entry (deny unless held), then allauth's own checks."""

    def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
        if permission != PUBLIC and not can(request.user, permission):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.permission = permission  # type: ignore[attr-defined]
    # Only public pages skip LoginRequiredMiddleware, whatever allauth declares.
    public = permission == PUBLIC
    wrapper.login_required = getattr(view, "login_required", True) if public else True  # type: ignore[attr-defined]
    wrapper.csrf_exempt = getattr(view, "csrf_exempt", False)  # type: ignore[attr-defined]
    return wrapper


urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/", views.LoginView.as_view(), name="account_login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("logout/", views.LogoutView.as_view(), name="account_logout"),
    # Where allauth sends a deactivated account that signs in with the right password.
    path("inactive/", declared(account_views.account_inactive, PUBLIC), name="account_inactive"),
    path("step-up/", views.StepUpView.as_view(), name="step_up"),
    path("language/", views.LanguageView.as_view(), name="language"),
    path("admin/", admin_views.AccountListView.as_view(), name="admin_accounts"),
    path("admin/new/", admin_views.AccountCreateView.as_view(), name="admin_account_create"),
    path("admin/<int:pk>/", admin_views.AccountDetailView.as_view(), name="admin_account"),
    path("admin/<int:pk>/role/", admin_views.AccountRoleView.as_view(), name="admin_account_role"),
    path("admin/<int:pk>/unit/", admin_views.AccountUnitView.as_view(), name="admin_account_unit"),
    path(
        "admin/<int:pk>/deactivate/",
        admin_views.AccountDeactivateView.as_view(),
        name="admin_account_deactivate",
    ),
    path(
        "admin/<int:pk>/reactivate/",
        admin_views.AccountReactivateView.as_view(),
        name="admin_account_reactivate",
    ),
    path("admin/<int:pk>/mfa-reset/", admin_views.MfaResetRequestView.as_view(), name="admin_mfa_reset"),
    path(
        "admin/mfa-resets/<int:pk>/approve/",
        admin_views.MfaResetApproveView.as_view(),
        name="admin_mfa_reset_approve",
    ),
    path("admin/units/", admin_views.UnitListView.as_view(), name="admin_units"),
    path("admin/units/new/", admin_views.UnitCreateView.as_view(), name="admin_unit_create"),
    path("admin/units/<int:pk>/", admin_views.UnitRenameView.as_view(), name="admin_unit_rename"),
    path("reauthenticate/", declared(account_views.reauthenticate, ANY_ROLE), name="account_reauthenticate"),
    path("mfa/", declared(mfa_views.index, ANY_ROLE), name="mfa_index"),
    path("mfa/authenticate/", declared(mfa_views.authenticate, PUBLIC), name="mfa_authenticate"),
    path("mfa/reauthenticate/", declared(mfa_views.reauthenticate, ANY_ROLE), name="mfa_reauthenticate"),
    path(
        "mfa/totp/activate/",
        declared(factor_setup(totp_views.activate_totp), ANY_ROLE),
        name="mfa_activate_totp",
    ),
    path("mfa/totp/deactivate/", declared(totp_views.deactivate_totp, ANY_ROLE), name="mfa_deactivate_totp"),
    path(
        "mfa/recovery-codes/",
        declared(recovery_views.view_recovery_codes, ANY_ROLE),
        name="mfa_view_recovery_codes",
    ),
    path(
        "mfa/recovery-codes/generate/",
        declared(recovery_views.generate_recovery_codes, ANY_ROLE),
        name="mfa_generate_recovery_codes",
    ),
    path(
        "mfa/recovery-codes/download/",
        declared(recovery_views.download_recovery_codes, ANY_ROLE),
        name="mfa_download_recovery_codes",
    ),
    path("mfa/webauthn/", declared(webauthn_views.list_webauthn, ANY_ROLE), name="mfa_list_webauthn"),
    path(
        "mfa/webauthn/add/",
        declared(factor_setup(webauthn_views.add_webauthn), ANY_ROLE),
        name="mfa_add_webauthn",
    ),
    path(
        "mfa/webauthn/reauthenticate/",
        declared(webauthn_views.reauthenticate_webauthn, ANY_ROLE),
        name="mfa_reauthenticate_webauthn",
    ),
    path(
        "mfa/webauthn/keys/<int:pk>/remove/",
        declared(webauthn_views.remove_webauthn, ANY_ROLE),
        name="mfa_remove_webauthn",
    ),
    path(
        "mfa/webauthn/keys/<int:pk>/",
        declared(webauthn_views.edit_webauthn, ANY_ROLE),
        name="mfa_edit_webauthn",
    ),
]
