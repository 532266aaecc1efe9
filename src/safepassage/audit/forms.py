"""The trail's filter: who, what, which person, from and until which day."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safepassage.audit.persons import person_id_for
from safepassage.audit.selectors import TrailFilter
from safepassage.core.forms import DATE

ERR_NO_PERSON = _("No person has the case number {case}: check it against the case file.")
ERR_DATES = _("The first day comes after the last: swap them.")


class TrailFilterForm(forms.Form):
    actor = forms.CharField(label=_("who (user name)"), required=False, max_length=150)
    action = forms.CharField(
        label=_("action"),
        required=False,
        max_length=64,
        help_text=_("Exact, e.g. user.create; end with a dot for a family of actions, e.g. user."),
    )
    person = forms.CharField(
        label=_("person (case number)"),
        required=False,
        max_length=64,
        help_text=_("A case number, or the person id the events show."),
    )
    since = forms.DateField(label=_("from (day)"), required=False, widget=DATE)
    until = forms.DateField(label=_("until (day)"), required=False, widget=DATE)

    def clean_person(self) -> str:
        text = self.cleaned_data["person"].strip()
        if not text:
            return ""
        found = person_id_for(text)
        if found is not None:
            return found
        if _looks_like_id(text):
            return text.lower()
        raise forms.ValidationError(ERR_NO_PERSON.format(case=text))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", ERR_DATES)
        return data

    def trail_filter(self) -> TrailFilter:
        """The filter of valid input (call after is_valid)."""
        data = self.cleaned_data
        return TrailFilter(
            actor=data.get("actor", "").strip(),
            action=data.get("action", "").strip(),
            person_id=data.get("person", ""),
            since=data.get("since"),
            until=data.get("until"),
        )


def _looks_like_id(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
