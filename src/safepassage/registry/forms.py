"""Forms of the registry pages. They only collect and check input; services do the writing."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from safepassage.core.countries import COUNTRY_CODES, country_choices
from safepassage.registry import choices
from safepassage.registry.models import (
    CAPTURE_FIELDS,
    CUSTODY_FIELDS,
    DOCUMENT_FIELDS,
    NAME_FIELDS,
    NATIONALITY_FIELDS,
    PERSON_FIELDS,
    SERVICE_FIELDS,
    Capture,
    CustodyEvent,
    IdentityDocument,
    NameForm,
    NationalityClaim,
    Person,
    ServiceRecord,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CountrySelect(forms.Select):
    """A country list in the user's language, built when rendered.

    About 250 options: rendered through Django's option templates they cost some 25 ms a list
    (two lists doubled the search page's time), so the options are written here, escaped by
    format_html, with the same markup the templates give.
    """

    def __init__(self, *args: Any, blank: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.blank = blank

    def _all_choices(self) -> list[tuple[str, str]]:
        return ([("", "—")] if self.blank else []) + country_choices()

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        self.choices = self._all_choices()
        return super().get_context(name, value, attrs)

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        options = _country_options(get_language() or "en", self.blank)
        # The blank option is chosen when nothing is, as Django's own Select renders it.
        for code in {str(v) for v in self.format_value(value)} & (COUNTRY_CODES | {""}):
            mark = f'<option value="{code}">'
            options = options.replace(mark, mark[:-1] + " selected>", 1)
        # Escaped when built, and a chosen code is "" or one of COUNTRY_CODES (two capital letters).
        safe_options = mark_safe(options)  # noqa: S308  # nosec B308 B703
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>\n{}\n</select>', name, flatatt(final_attrs), safe_options)


@lru_cache(maxsize=16)
def _country_options(language: str, blank: bool) -> str:
    """The escaped <option> list of one language, built once per worker (the names never change)."""
    with override(language):
        choices = ([("", "—")] if blank else []) + country_choices()
    return str(format_html_join("\n", '<option value="{}">{}</option>', choices))


def _country(label: str, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=2, widget=CountrySelect(blank=not required)
    )


class PersonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {"birth_date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}


class NameFormForm(forms.ModelForm):
    class Meta:
        model = NameForm
        fields = NAME_FIELDS
        widgets = {"text": forms.TextInput(attrs={"autocomplete": "off"}), "source": forms.TextInput()}


class NationalityClaimForm(forms.ModelForm):
    state = _country(_("state"))

    class Meta:
        model = NationalityClaim
        fields = NATIONALITY_FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 2}), "source": forms.TextInput()}


class IdentityDocumentForm(forms.ModelForm):
    issuing_state = _country(_("issuing state"), required=False)

    class Meta:
        model = IdentityDocument
        fields = DOCUMENT_FIELDS
        widgets = {
            "number": forms.TextInput(),
            "holder_name": forms.TextInput(),
            "assessment_note": forms.Textarea(attrs={"rows": 2}),
            "source": forms.TextInput(),
        }


class ScanForm(forms.Form):
    file = forms.FileField(label=_("scan (PDF, PNG, JPEG or TIFF)"))
    source = forms.CharField(label=_("source"), max_length=500, required=False)


class ServiceRecordForm(forms.ModelForm):
    forces_of = _country(_("armed forces of"))

    class Meta:
        model = ServiceRecord
        fields = SERVICE_FIELDS
        widgets = {
            "unit_designation": forms.TextInput(),
            "rank": forms.TextInput(),
            "serial_number": forms.TextInput(),
            "source": forms.TextInput(),
        }


class CaptureForm(forms.ModelForm):
    detaining_power = _country(_("detaining power"))

    class Meta:
        model = Capture
        fields = CAPTURE_FIELDS
        widgets = {
            "captured_on": DATE,
            "date_text": forms.TextInput(),
            "place": forms.TextInput(),
            "capturing_unit": forms.TextInput(),
            "circumstances": forms.Textarea(attrs={"rows": 3}),
            "source": forms.TextInput(),
        }


class CustodyEventForm(forms.ModelForm):
    class Meta:
        model = CustodyEvent
        fields = CUSTODY_FIELDS
        widgets = {
            "occurred_on": DATE,
            "icrc_access_on": DATE,
            "facility": forms.TextInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
            "source": forms.TextInput(),
        }


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search names, case or document numbers"), required=False)
    sex = forms.ChoiceField(
        label=_("sex"), required=False, choices=[("", _("any"))] + list(choices.Sex.choices)
    )
    nationality = forms.CharField(
        label=_("nationality claimed"), required=False, widget=CountrySelect(blank=True)
    )
    forces_of = forms.CharField(label=_("armed forces of"), required=False, widget=CountrySelect(blank=True))
    false_document = forms.BooleanField(label=_("carries a false document"), required=False)
    captured_from = forms.DateField(label=_("captured from"), required=False, widget=DATE)
    captured_to = forms.DateField(label=_("captured to"), required=False, widget=DATE)
