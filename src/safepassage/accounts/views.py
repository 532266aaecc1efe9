"""Sign-in and sign-out pages, each declaring its place in the policy table."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    permission = "public"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    permission = "public"
