"""Forms of the exchange pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from safepassage.core.forms import BLANK_LABEL, DATE, CountrySelect
from safepassage.exchanges.models import Direction, ExchangeRound
from safepassage.protection.models import Interview

ENCODINGS = [("", _("Detect")), ("utf-8", "UTF-8"), ("cp949", "CP949 / EUC-KR"), ("cp1251", "Windows-1251")]


class RoundForm(forms.ModelForm):
    counterpart = forms.CharField(label=_("other party"), max_length=2, widget=CountrySelect())

    class Meta:
        model = ExchangeRound
        fields = ["name", "counterpart", "planned_on", "agreed_outgoing", "agreed_incoming"]
        widgets = {"planned_on": DATE}


class ImportForm(forms.Form):
    direction = forms.ChoiceField(label=_("side"), choices=Direction.choices)
    file = forms.FileField(label=_("list (CSV or XLSX)"))
    encoding = forms.ChoiceField(label=_("encoding"), choices=ENCODINGS, required=False)


class OverrideInterviewChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("Interview of %(date)s at %(place)s, by %(interviewer)s: wishes to return") % {
            "date": date_format(obj.held_on, "DATE_FORMAT"),
            "place": obj.place,
            "interviewer": obj.interviewer_name,
        }


class OverrideRequestForm(forms.Form):
    """The interview an override rests on (only the man's fresh consents) and why it is asked."""

    interview = OverrideInterviewChoice(
        label=_("verified private interview in which he consents to return"),
        queryset=Interview.objects.none(),
        empty_label=BLANK_LABEL,
    )
    reason = forms.CharField(
        label=_("why he should go on this manifest"), max_length=2000, widget=forms.Textarea
    )

    def __init__(self, *args: Any, interviews: list[Interview], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["interview"]
        field.queryset = Interview.objects.filter(pk__in=[i.pk for i in interviews]).order_by(  # type: ignore[attr-defined]
            "-held_on", "-recorded_at"
        )
