"""Forms of the exchange and tracing pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safepassage.core.forms import DATE, CountrySelect
from safepassage.exchanges.models import Direction, ExchangeRound, TracingRequest

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


class TracingForm(forms.ModelForm):
    class Meta:
        model = TracingRequest
        fields = ["reference", "received_on", "requester", "sought_names", "birth_date", "other_facts"]
        widgets = {
            "received_on": DATE,
            "requester": forms.TextInput(),
            "sought_names": forms.Textarea(attrs={"rows": 3}),
            "other_facts": forms.Textarea(attrs={"rows": 3}),
        }


class ReplyForm(forms.Form):
    withhold = forms.BooleanField(
        label=_("withhold the reply: telling the family would endanger him"), required=False
    )
    reason = forms.CharField(
        label=_("reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
