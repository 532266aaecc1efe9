"""Forms of the protection pages; they collect input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from safepassage.core.forms import DATE, CountrySelect
from safepassage.core.policy import can
from safepassage.protection import choices
from safepassage.protection.facts import CASE_FACT_BOOLS
from safepassage.protection.models import (
    CASE_FACT_FIELDS,
    INTERVIEW_FIELDS,
    POSITION_FIELDS,
    POSITION_SET_BY_PAGE,
    CaseFacts,
    Interview,
    RiskAssessment,
    StatePosition,
)
from safepassage.protection.phrases import PHRASES
from safepassage.protection.procedures import procedures
from safepassage.protection.services import EXCLUSIONS

NULL_BOOL = forms.Select(choices=[("", _("Not known")), ("true", _("Yes")), ("false", _("No"))])


class InterviewForm(forms.ModelForm):
    wish_destination = forms.CharField(
        label=_("wished destination"), required=False, max_length=2, widget=CountrySelect()
    )

    class Meta:
        model = Interview
        fields = INTERVIEW_FIELDS
        widgets = {
            "held_on": DATE,
            "place": forms.TextInput(),
            "interviewer_name": forms.TextInput(),
            "interpreter": forms.TextInput(),
            "others_present": forms.TextInput(),
            "statement": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, user: Any, person: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can(user, "protection.interview.verify"):
            del self.fields["verified_private"]
        self.fields["withdraws"].queryset = Interview.objects.filter(person=person)
        self.fields["withdraws"].label_from_instance = lambda i: (
            f"{i.held_on:%Y-%m-%d} {i.get_wish_display()}"
        )


class RiskAssessmentForm(forms.ModelForm):
    destination = forms.CharField(label=_("destination state"), max_length=2, widget=CountrySelect())
    risk_kinds = forms.MultipleChoiceField(
        label=_("kinds of risk"),
        choices=choices.RiskKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RiskAssessment
        fields = ["destination", "risk_kinds", "conclusion", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=choices.EvidenceKind.choices)
    source = forms.CharField(label=_("source"), max_length=1000)
    description = forms.CharField(
        label=_("what it shows"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    dated = forms.DateField(label=_("date of the source"), required=False, widget=DATE)


class ReviewForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("decision"),
        coerce=lambda v: v == "approve",
        choices=[("approve", _("Approve: it counts from now on")), ("return", _("Return to the author"))],
    )
    note = forms.CharField(
        label=_("note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApplicationForm(forms.Form):
    procedure = forms.ChoiceField(label=_("procedure"))
    kind = forms.ChoiceField(label=_("kind"), choices=choices.ApplicationKind.choices)
    filed_on = forms.DateField(label=_("filed on"), widget=DATE)
    reference = forms.CharField(label=_("reference"), required=False, max_length=200)
    note = forms.CharField(
        label=_("note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = [(p.id, gettext(p.name)) for p in procedures().values()]


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("step"))
    done_on = forms.DateField(label=_("done on"), widget=DATE)
    note = forms.CharField(label=_("note"), required=False, max_length=5000)

    def __init__(self, *args: Any, steps: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = steps


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=[(c, label) for c, label in choices.ApplicationStatus.choices if c != "pending"],
    )
    decided_on = forms.DateField(label=_("decided on"), widget=DATE)
    note = forms.CharField(label=_("note"), required=False, max_length=5000)


class StatePositionForm(forms.ModelForm):
    class Meta:
        model = StatePosition
        fields = [name for name in POSITION_FIELDS if name not in POSITION_SET_BY_PAGE]
        widgets = {
            "stated_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "acknowledges_deployment": NULL_BOOL,
            "willing_to_receive": NULL_BOOL,
            "treats_as_national": NULL_BOOL,
            "onward_removal_risk": NULL_BOOL,
        }
        help_texts = {"speaker": _("An ISO country code (KR, UA, RU, KP...) or a body (ICRC, OHCHR, UNSR).")}


class CaseFactsForm(forms.ModelForm):
    exclusion_reasons = forms.MultipleChoiceField(
        label=_("exclusion reasons (RC Art. 1F)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(e, PHRASES["value"][e]) for e in EXCLUSIONS],
    )

    class Meta:
        model = CaseFacts
        fields = CASE_FACT_FIELDS
        widgets = dict.fromkeys(CASE_FACT_BOOLS, NULL_BOOL)
