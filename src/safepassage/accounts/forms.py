"""The administrator's forms: an account, its role and unit, a unit's name, the account list's filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from safepassage.accounts.models import Unit
from safepassage.core.roles import ROLE_LABELS, Role

ERR_UNIT_NEEDED = _("A caseworker sees only the persons of his unit: choose one.")


def role_choices(blank: str | None = None) -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = [(r.value, ROLE_LABELS[r]) for r in Role]
    return [("", blank), *choices] if blank is not None else [("", "—"), *choices]


def _unit_field(required: bool = False) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("unit"), queryset=Unit.objects.order_by("name"), required=required, empty_label="—"
    )


class AccountCreateForm(forms.Form):
    username = forms.CharField(label=_("user name"), max_length=150)
    role = forms.ChoiceField(label=_("role"), choices=role_choices)
    unit = _unit_field()

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        field = get_user_model()._meta.get_field("username")
        for validator in field.validators:
            validator(username)
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("role") == Role.CASEWORKER and not data.get("unit"):
            self.add_error("unit", ERR_UNIT_NEEDED)
        return data


class AccountRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=role_choices)


class AccountUnitForm(forms.Form):
    unit = _unit_field()


class UnitForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)


class AccountFilterForm(forms.Form):
    """GET filters of the account list; every field optional."""

    ACTIVE = (("", _("all")), ("yes", _("active")), ("no", _("deactivated")))
    role = forms.ChoiceField(label=_("role"), required=False)
    unit = forms.ModelChoiceField(
        label=_("unit"), queryset=Unit.objects.order_by("name"), required=False, empty_label=_("all")
    )
    active = forms.ChoiceField(label=_("status"), choices=ACTIVE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(blank=_("all"))
