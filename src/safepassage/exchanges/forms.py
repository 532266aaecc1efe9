"""Forms of the exchange pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safepassage.core.forms import DATE, CountrySelect
from safepassage.exchanges.models import Direction, ExchangeRound

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
