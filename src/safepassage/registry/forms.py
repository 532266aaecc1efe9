"""Forms of the registry pages. They only collect and check input; services do the writing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safepassage.core.forms import DATE, CountrySelect
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


def _country(label: str, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=2, widget=CountrySelect()
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
        label=_("nationality claimed"), required=False, widget=CountrySelect()
    )
    forces_of = forms.CharField(label=_("armed forces of"), required=False, widget=CountrySelect())
    false_document = forms.BooleanField(label=_("carries a false document"), required=False)
    captured_from = forms.DateField(label=_("captured from"), required=False, widget=DATE)
    captured_to = forms.DateField(label=_("captured to"), required=False, widget=DATE)


class RegistrationNameForm(NameFormForm):
    """A name form row of the one-form registration: the script is shown as detected while typing."""

    class Meta(NameFormForm.Meta):
        widgets = {
            "text": forms.TextInput(attrs={"autocomplete": "off", "data-script-detect": "1"}),
            "source": forms.TextInput(),
        }


class RegistrationCaptureForm(CaptureForm):
    """The capture in the one-form registration: left blank, none is recorded."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("empty_permitted", True)
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class RegistrationPersonForm(PersonForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        del self.fields["version"]


# The one-form registration's rows: names and documents, as many as needed (a blank row is skipped).
NameFormSet = forms.formset_factory(RegistrationNameForm, extra=2, max_num=20, validate_max=True)
DocumentFormSet = forms.formset_factory(IdentityDocumentForm, extra=1, max_num=10, validate_max=True)
